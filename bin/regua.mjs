#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so `npx regua` works without a build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/entry.ts");
await main();
