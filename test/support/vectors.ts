import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is test/support/vectors.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The shared vectors live beside the repository: ../shared/vectors. */
export const VECTORS_DIR = resolve(REPO_ROOT, "../shared/vectors");

export function vectorPath(name: string): string {
  return resolve(VECTORS_DIR, name);
}

export function readVectorJson<T>(name: string): T {
  return JSON.parse(readFileSync(vectorPath(name), "utf8")) as T;
}
