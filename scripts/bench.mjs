// `npm run bench`: every benchmark in bench/, with a throwaway PostgreSQL for the PostgreSQL figures.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { startTempPostgres } from "./pg-temp.mjs";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv.slice(2);
const benches = only.length ? only : readdirSync(new URL("../bench", import.meta.url)).filter((f) => f.endsWith(".bench.ts")).map((f) => `bench/${f}`);
const pgServer = await startTempPostgres();
process.on("exit", () => pgServer.stop());
let failed = false;
for (const bench of benches) {
  console.log(`\n== ${bench}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", "--max-old-space-size=8192", bench], { cwd: root, stdio: "inherit", env: { ...process.env, REGUA_BENCH_PG_URL: pgServer.url } });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
