// Bootstrap of a render worker (RenderPool): the TypeScript loader, then the worker, as bin/regua.mjs does for the CLI.
import { register } from "tsx/esm/api";

register();
await import("./render-worker.ts");
