import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { REPO_ROOT } from "../test/support/vectors.ts";

export const BENCH_DIR = join(REPO_ROOT, "bench", ".data");

export function benchDir(name: string): string {
  const dir = join(BENCH_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A new empty PostgreSQL database on the bench server; returns its URL. */
export async function freshPgUrl(): Promise<string> {
  const admin = process.env.REGUA_BENCH_PG_URL;
  if (!admin) throw new Error("REGUA_BENCH_PG_URL ausente: rode com `npm run bench`.");
  const name = `regua_b_${randomBytes(4).toString("hex")}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return admin.replace(/\/[^/]*$/, `/${name}`);
}

export function seconds(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}

export function report(title: string, rows: number, secs: number, floorSecs: number, floorName: string): void {
  const rate = Math.round(rows / secs);
  console.log(`${title}: ${rows.toLocaleString("pt-BR")} linhas em ${secs.toFixed(2)} s = ${rate.toLocaleString("pt-BR")} linhas/s`);
  console.log(`  piso (${floorName}): ${floorSecs.toFixed(2)} s; razão ${(secs / floorSecs).toFixed(2)}x do piso`);
}
