#!/usr/bin/env node
// Makes sure a Chromium binary is available for the browser tests.
// - REGUA_CHROMIUM (or /usr/bin/chromium) exists: nothing to do.
// - Running as root: installs Debian's "chromium" package with apt-get.
// - Otherwise: prints the command to run and exits 1.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromiumPath = process.env.REGUA_CHROMIUM ?? "/usr/bin/chromium";
const MANUAL_COMMAND = "sudo apt-get update && sudo apt-get install -y chromium";

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

if (existsSync(chromiumPath)) {
  console.log(`Chromium encontrado / found: ${chromiumPath}`);
  process.exit(0);
}

if (process.env.REGUA_CHROMIUM) {
  fail(
    `REGUA_CHROMIUM aponta para um arquivo que não existe: ${chromiumPath}\n` +
      `  REGUA_CHROMIUM points to a missing file: ${chromiumPath}`,
  );
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot) {
  console.error(
    `Chromium não encontrado em ${chromiumPath}. Instale com:\n` +
      `Chromium not found at ${chromiumPath}. Install it with:\n\n` +
      `  ${MANUAL_COMMAND}\n`,
  );
  process.exit(1);
}

console.log("Chromium não encontrado; instalando com apt-get… / Chromium not found; installing with apt-get…");
const updateError = run("apt-get", ["update"]);
if (updateError) {
  fail(`Falha ao atualizar a lista de pacotes (apt-get update).\n  Could not update the package lists.\n  ${updateError}`);
}
const installError = run("apt-get", ["install", "-y", "chromium"]);
if (installError) {
  fail(`Falha ao instalar o Chromium (apt-get install chromium).\n  Could not install Chromium.\n  ${installError}`);
}
if (!existsSync(chromiumPath)) {
  fail(
    `O pacote foi instalado, mas ${chromiumPath} não existe. Defina REGUA_CHROMIUM com o caminho do binário.\n` +
      `  The package installed but ${chromiumPath} is missing. Set REGUA_CHROMIUM to the binary's path.`,
  );
}
console.log(`Chromium instalado / installed: ${chromiumPath}`);
