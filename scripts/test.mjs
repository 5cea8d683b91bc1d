// `npm test`: lint, type-check, then the whole suite on SQLite and on a throwaway
// PostgreSQL, then the browser tests in Chromium (installed when missing).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { startTempPostgres } from "./pg-temp.mjs";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv.slice(2);

function run(cmd, args, env = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith(".test.ts")) out.push(relative(root, path));
  }
  return out.sort();
}

const step = (title) => console.log(`\n== ${title}`);
let failed = false;

if (only.length === 0) {
  step("lint");
  if (run("npx", ["eslint", "."]) !== 0) process.exit(1);
  step("type-check");
  if (run("npx", ["tsc", "-p", "tsconfig.json", "--noEmit"]) !== 0) process.exit(1);
  if (run("npx", ["tsc", "-p", "web/tsconfig.json", "--noEmit"]) !== 0) process.exit(1);
  step("build web");
  if (run("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"]) !== 0) process.exit(1);
  step("chromium, openssl");
  if (run("node", ["scripts/ensure-system-tools.mjs"]) !== 0) process.exit(1);
}

const all = only.length ? only : [...findTests(join(root, "src")), ...findTests(join(root, "web", "src")), ...findTests(join(root, "test"))];

step("postgresql");
const pgServer = await startTempPostgres();
console.log(`PostgreSQL temporário em ${pgServer.url}`);
process.on("exit", () => pgServer.stop());
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

step(`testes (${all.length} arquivos)`);
const status = run(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...all], {
  REGUA_TEST_PG_URL: pgServer.url,
  REGUA_TEST_REQUIRE_PG: "1",
});
if (status !== 0) failed = true;
process.exit(failed ? 1 : 0);
