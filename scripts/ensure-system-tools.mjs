#!/usr/bin/env node
// Makes sure the programs the test suite drives are installed:
// - Chromium (REGUA_CHROMIUM or /usr/bin/chromium) for the browser tests;
// - the openssl command, which makes the certificates of the PSP mutual-TLS tests.
// Missing ones are installed from Debian's packages with apt-get when running as root;
// otherwise the script prints the command to run and exits 1.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromiumPath = process.env.REGUA_CHROMIUM ?? "/usr/bin/chromium";

/** What the suite needs: where it must be, and the Debian package that puts it there. */
const TOOLS = [
  { name: "Chromium", path: chromiumPath, pkg: "chromium" },
  { name: "openssl", path: "/usr/bin/openssl", pkg: "openssl" },
];

function run(command, args) {
  console.log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.error) return `${command}: ${result.error.message}`;
  if (result.status !== 0) return `${command} ${args[0]} terminou com código ${result.status} / exited with code ${result.status}`;
  return null;
}

function fail(message) {
  console.error(`\n✖ ${message}`);
  process.exit(1);
}

if (process.env.REGUA_CHROMIUM && !existsSync(chromiumPath)) {
  fail(
    `REGUA_CHROMIUM aponta para um arquivo que não existe: ${chromiumPath}\n` +
      `  REGUA_CHROMIUM points to a missing file: ${chromiumPath}`,
  );
}

const missing = TOOLS.filter((t) => !existsSync(t.path));
for (const t of TOOLS) if (!missing.includes(t)) console.log(`${t.name} encontrado / found: ${t.path}`);
if (missing.length === 0) process.exit(0);

const packages = missing.map((t) => t.pkg);
const names = missing.map((t) => t.name).join(", ");
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot) {
  console.error(
    `Não encontrado(s): ${names}. Instale com:\n` +
      `Not found: ${names}. Install with:\n\n` +
      `  sudo apt-get update && sudo apt-get install -y ${packages.join(" ")}\n`,
  );
  process.exit(1);
}

console.log(`Não encontrado(s): ${names}; instalando com apt-get… / Not found; installing with apt-get…`);
const updateError = run("apt-get", ["update"]);
if (updateError) {
  fail(`Falha ao atualizar a lista de pacotes (apt-get update).\n  Could not update the package lists.\n  ${updateError}`);
}
const installError = run("apt-get", ["install", "-y", ...packages]);
if (installError) {
  fail(`Falha ao instalar ${packages.join(", ")} (apt-get install).\n  Could not install them.\n  ${installError}`);
}
for (const t of missing) {
  if (!existsSync(t.path)) {
    fail(
      `O pacote ${t.pkg} foi instalado, mas ${t.path} não existe.${t.pkg === "chromium" ? " Defina REGUA_CHROMIUM com o caminho do binário." : ""}\n` +
        `  The package ${t.pkg} installed but ${t.path} is missing.`,
    );
  }
  console.log(`${t.name} instalado / installed: ${t.path}`);
}
