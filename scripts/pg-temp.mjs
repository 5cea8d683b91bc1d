// Starts a throwaway PostgreSQL server on loopback from the machine's PostgreSQL binaries.
// initdb refuses to run as root, so as root the server runs as the `postgres` user.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function findBinDir() {
  if (process.env.REGUA_PG_BIN) return process.env.REGUA_PG_BIN;
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], "bin") : null;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Returns `{ url, stop }`: url is the admin connection string (user postgres, trust auth). */
export async function startTempPostgres() {
  const bin = findBinDir();
  if (!bin) throw new Error("PostgreSQL não encontrado em /usr/lib/postgresql/*/bin (instale postgresql-15 ou defina REGUA_PG_BIN).");
  const isRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "regua-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const port = await freePort();
  const asPg = (cmd, args) => (isRoot ? ["runuser", ["-u", "postgres", "--", join(bin, cmd), ...args]] : [join(bin, cmd), args]);

  const [initCmd, initArgs] = asPg("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C"]);
  const init = spawnSync(initCmd, initArgs, { encoding: "utf8" });
  if (init.status !== 0) throw new Error(`initdb falhou:\n${init.stdout}\n${init.stderr}`);

  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const [ctlCmd, ctlArgs] = asPg("pg_ctl", ["-D", data, "-o", opts, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
  execFileSync(ctlCmd, ctlArgs, { stdio: "ignore" });

  const stop = () => {
    const [stopCmd, stopArgs] = asPg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    spawnSync(stopCmd, stopArgs, { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}
