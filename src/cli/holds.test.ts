import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { freshDatabaseUrl, testDialects } from "../../test/support/db.ts";
import { REPO_ROOT } from "../../test/support/vectors.ts";
import { fixedClock } from "../shared/clock.ts";
import type { CliContext } from "./context.ts";
import { runCli } from "./main.ts";

const workDir = mkdtempSync(join(tmpdir(), "regua-holds-cli-"));
after(() => rmSync(workDir, { recursive: true, force: true }));
writeFileSync(
  join(workDir, "carteira.csv"),
  ["documento;nome;email;telefone;uf;titulo;valor;vencimento", "52998224725;Ana Consumidora;ana@exemplo.com.br;(11) 99876-5432;SP;T-1;1.000,00;10/05/2025", "52998224725;Ana Consumidora;;;SP;T-2;200,00;10/04/2025"].join("\n") + "\n",
);

for (const dialect of testDialects()) {
  describe(`regua debtor / debt / contact / creditor windows|caps on ${dialect}`, () => {
    let env: Record<string, string>;
    let drop: () => Promise<void>;
    let creditorId: string;

    async function run(argv: string[], at = "2025-06-02T13:00:00Z"): Promise<{ code: number; out: string; err: string }> {
      let out = "";
      let err = "";
      const ctx: CliContext = { io: { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false }, clock: fixedClock(at), env, cwd: workDir };
      const code = await runCli(argv, ctx);
      return { code, out, err };
    }
    const ok = (out: string) => ({ code: 0, out, err: "" });

    before(async () => {
      const db = await freshDatabaseUrl(dialect);
      drop = db.drop;
      env = { DATABASE_URL: db.url };
      const added = await run(["creditor", "add", "--name", "Loja Pausas", "--cnpj", "11222333000181", "--state", "SP", "--json"]);
      assert.equal(added.code, 0, added.err);
      creditorId = (JSON.parse(added.out) as { id: string }).id;
      const imported = await run(["import", "debts", "carteira.csv", "--creditor", creditorId, "--json"]);
      assert.equal(imported.code, 0, imported.err);
    });
    after(async () => drop());

    it("debtor pause / resume: Portuguese lines, repeats say nothing changed", async () => {
      const c = ["--creditor", creditorId, "--reason", "pedido do credor"];
      assert.deepEqual(await run(["debtor", "pause", "529.982.247-25", ...c]), ok("Devedor 529.982.247-25 pausado até ser retomado. Nenhum acionamento pendente a cancelar.\n"));
      assert.deepEqual(await run(["debtor", "pause", "52998224725", ...c], "2025-06-03T13:00:00Z"), ok("O devedor 529.982.247-25 já estava pausado desde 02/06/2025 10:00 até ser retomado; nada mudou.\n"));
      assert.deepEqual(await run(["debtor", "resume", "52998224725", ...c]), ok("Devedor 529.982.247-25 retomado: a régua volta a agir na próxima execução.\n"));
      assert.deepEqual(await run(["debtor", "resume", "52998224725", ...c]), ok("O devedor 529.982.247-25 não estava pausado; nada mudou.\n"));
      assert.deepEqual(await run(["debtor", "pause", "52998224725", ...c, "--until", "2025-06-20"]), ok("Devedor 529.982.247-25 pausado até 20/06/2025 (inclusive). Nenhum acionamento pendente a cancelar.\n"));
      const json = await run(["debtor", "resume", "52998224725", ...c, "--json"]);
      assert.equal(json.code, 0);
      assert.deepEqual(JSON.parse(json.out), { changed: true, debtor: { debtorId: "1", document: "52998224725", paused: false, pausedAt: null, pausedUntil: null }, cancelledActions: 0 });
    });

    it("debt pause / resume / dispute / undispute", async () => {
      const c = ["--creditor", creditorId, "--reason", "conferência"];
      assert.deepEqual(await run(["debt", "pause", "T-1", ...c, "--until", "2025-06-10"]), ok("Título T-1 pausado até 10/06/2025 (inclusive). Nenhum acionamento pendente a cancelar.\n"));
      assert.deepEqual(await run(["debt", "resume", "T-1", ...c]), ok("Título T-1 retomado: a régua volta a agir na próxima execução.\n"));
      assert.deepEqual(await run(["debt", "dispute", "T-2", ...c]), ok("Título T-2 contestado: fica retido até a contestação ser resolvida. Nenhum acionamento pendente a cancelar.\n"));
      assert.deepEqual(await run(["debt", "dispute", "T-2", ...c]), ok("O título T-2 já estava contestado; nada mudou.\n"));
      assert.deepEqual(await run(["debt", "undispute", "T-2", ...c]), ok("Contestação do título T-2 encerrada: o título volta a ficar em aberto.\n"));
      assert.deepEqual(await run(["debt", "undispute", "T-2", ...c]), ok("O título T-2 não está contestado (está em aberto); nada mudou.\n"));
    });

    it("contact opt-out / opt-in, and the holds summary", async () => {
      const c = ["--debtor", "529.982.247-25", "--creditor", creditorId];
      assert.deepEqual(await run(["contact", "opt-out", ...c, "--channel", "sms", "--reason", "respondeu SAIR"]), ok("Descadastro do canal sms registrado para o devedor 529.982.247-25, em vigor imediatamente. Nenhum acionamento pendente a cancelar.\n"));
      assert.deepEqual(await run(["contact", "opt-out", ...c, "--channel", "sms"]), ok("O devedor 529.982.247-25 já estava descadastrado do canal sms desde 02/06/2025 10:00; nada mudou.\n"));
      await run(["debt", "dispute", "T-2", "--creditor", creditorId, "--reason", "não reconhece"]);
      assert.deepEqual(await run(["debtor", "holds", "52998224725", "--creditor", creditorId]), ok([
        "Devedor 529.982.247-25: não está pausado.",
        "Títulos retidos:",
        "  T-2: contestado",
        "Descadastros: sms (desde 02/06/2025 10:00, origem manual)",
        "Histórico de pausas e contestações:",
        "  02/06/2025 10:00  pausa (devedor) por system:cli: pedido do credor",
        "  02/06/2025 10:00  retomada (devedor) por system:cli: pedido do credor",
        "  02/06/2025 10:00  pausa (devedor) até 20/06/2025 por system:cli: pedido do credor",
        "  02/06/2025 10:00  retomada (devedor) por system:cli: pedido do credor",
        "  02/06/2025 10:00  pausa (título T-1) até 10/06/2025 por system:cli: conferência",
        "  02/06/2025 10:00  retomada (título T-1) por system:cli: conferência",
        "  02/06/2025 10:00  contestação (título T-2) por system:cli: conferência",
        "  02/06/2025 10:00  fim da contestação (título T-2) por system:cli: conferência",
        "  02/06/2025 10:00  contestação (título T-2) por system:cli: não reconhece",
        "",
      ].join("\n")));
      assert.deepEqual(await run(["contact", "opt-in", ...c, "--channel", "sms"]), ok("O devedor 529.982.247-25 volta a aceitar contato pelo canal sms.\n"));
      assert.deepEqual(await run(["contact", "opt-in", ...c, "--channel", "sms"]), ok("O devedor 529.982.247-25 não estava descadastrado do canal sms; nada mudou.\n"));
    });

    it("creditor windows and caps: show, change, reset", async () => {
      const c = ["--creditor", creditorId];
      assert.deepEqual(await run(["creditor", "windows", ...c]), ok([
        "Janelas de contato (horário local do devedor) — padrão do sistema:",
        "  padrão: dias úteis 08:00–20:00 · sábado 08:00–14:00 · domingo nenhum · feriados nenhum",
        "",
      ].join("\n")));
      assert.deepEqual(await run(["creditor", "windows", ...c, "--channel", "sms", "--weekdays", "09:00-18:00", "--saturday", "nenhum", "--sunday", "nenhum"]), ok([
        "Janelas de contato (horário local do devedor):",
        "  padrão: dias úteis 08:00–20:00 · sábado 08:00–14:00 · domingo nenhum · feriados nenhum",
        "  sms: dias úteis 09:00–18:00 · sábado nenhum · domingo nenhum · feriados nenhum",
        "",
      ].join("\n")));
      const json = await run(["creditor", "windows", ...c, "--saturday", "09:00-13:00", "--json"]);
      assert.equal(json.code, 0, json.err);
      const policy = JSON.parse(json.out) as { windows: Record<string, { saturday: unknown }>; customized: unknown };
      assert.deepEqual(policy.windows.default!.saturday, { from: "09:00", to: "13:00" });
      assert.deepEqual(policy.customized, { windows: true, caps: false });
      assert.deepEqual(await run(["creditor", "windows", ...c, "--saturday", "14:00-09:00"]), { code: 2, out: "", err: "erro: --saturday: o início (14:00) deve ser antes do fim (09:00)\n" });
      assert.equal((await run(["creditor", "windows", ...c, "--reset"])).code, 0);

      assert.deepEqual(await run(["creditor", "caps", ...c, "--channel", "phone", "--per-week", "2"]), ok([
        "Limites de frequência por devedor (semana = 7 dias corridos):",
        "  por canal por dia: padrão 1",
        "  por canal por semana: padrão sem limite · phone 2",
        "  todos os canais por dia: sem limite · por semana: sem limite",
        "",
      ].join("\n")));
      assert.equal((await run(["creditor", "caps", ...c, "--total-per-day", "3", "--per-day", "nenhum"])).code, 0);
      assert.match((await run(["creditor", "caps", ...c])).out, /por canal por dia: padrão sem limite\n.*\n {2}todos os canais por dia: 3 · por semana: sem limite\n/);
      const bad = await run(["creditor", "caps", ...c, "--per-day", "muitos"]);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /^erro: --per-day: use um número inteiro de 0 a 1000 ou "nenhum" \(sem limite\) \(recebido "muitos"\)\n/);
      assert.match((await run(["creditor", "caps", ...c, "--reset"])).out, /— padrão do sistema:/);
    });

    it("errors: unknown debtor and debt (exit 4), missing reason (exit 2), channel without opt-out", async () => {
      assert.deepEqual(await run(["debtor", "pause", "11144477735", "--creditor", creditorId, "--reason", "x"]), { code: 4, out: "", err: "erro: Devedor não encontrado.\n" });
      assert.deepEqual(await run(["debt", "dispute", "NAO-EXISTE", "--creditor", creditorId, "--reason", "x"]), { code: 4, out: "", err: "erro: Título não encontrado.\n" });
      const noReason = await run(["debt", "pause", "T-1", "--creditor", creditorId]);
      assert.equal(noReason.code, 2);
      assert.match(noReason.err, /erro: a opção obrigatória '--reason <motivo>' não foi informada/);
      const channel = await run(["contact", "opt-out", "--debtor", "52998224725", "--channel", "protest", "--creditor", creditorId]);
      assert.equal(channel.code, 2);
      assert.match(channel.err, /^erro: channel: canal sem descadastro: protest \(use email, sms, phone, whatsapp, letter\)\n/);
    });

    it("the JSON contract through bin/regua.mjs (a real subprocess)", async () => {
      const exec = promisify(execFile);
      const options = { cwd: REPO_ROOT, env: { ...process.env, ...env } };
      const { stdout } = await exec(process.execPath, ["bin/regua.mjs", "debt", "pause", "T-1", "--creditor", creditorId, "--reason", "subprocesso", "--json"], options);
      const parsed = JSON.parse(stdout) as { changed: boolean; debt: Record<string, unknown>; cancelledActions: number };
      assert.deepEqual(Object.keys(parsed), ["changed", "debt", "cancelledActions"]);
      assert.deepEqual(Object.keys(parsed.debt), ["debtId", "externalId", "debtorId", "document", "status", "paused", "pausedAt", "pausedUntil"]);
      assert.deepEqual({ ...parsed.debt, pausedAt: null }, { debtId: "1", externalId: "T-1", debtorId: "1", document: "52998224725", status: "open", paused: true, pausedAt: null, pausedUntil: null });
      assert.match(String(parsed.debt.pausedAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const optOut = await exec(process.execPath, ["bin/regua.mjs", "contact", "opt-out", "--debtor", "52998224725", "--channel", "email", "--creditor", creditorId, "--json"], options);
      const o = JSON.parse(optOut.stdout) as { changed: boolean; optOut: Record<string, unknown> };
      assert.equal(o.changed, true);
      assert.deepEqual(Object.keys(o.optOut), ["debtorId", "document", "channel", "optedOut", "optedOutAt", "source"]);
    });
  });
}
