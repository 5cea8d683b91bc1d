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

const workDir = mkdtempSync(join(tmpdir(), "regua-negotiate-cli-"));
after(() => rmSync(workDir, { recursive: true, force: true }));
writeFileSync(
  join(workDir, "carteira.csv"),
  [
    "documento;nome;email;telefone;uf;titulo;valor;vencimento",
    "52998224725;Ana Consumidora;ana@exemplo.com.br;(11) 99876-5432;SP;T-1;1.000,00;10/03/2025",
    "52998224725;Ana Consumidora;;;SP;T-2;200,00;10/04/2025",
    "39053344705;Bruno Pagador;bruno@exemplo.com.br;;SP;B-1;300,00;10/05/2025",
  ].join("\n") + "\n",
);
writeFileSync(join(workDir, "politica.json"), JSON.stringify({ breakAfterDays: 5, affordabilityPercent: 25 }));
writeFileSync(join(workDir, "ruim.json"), JSON.stringify({ buckets: [{ fromDays: 1 }] }));

const NOW = "2025-06-02T13:00:00Z";

for (const dialect of testDialects()) {
  describe(`regua negotiate on ${dialect}`, () => {
    let env: Record<string, string>;
    let drop: () => Promise<void>;
    let creditorId: string;

    async function run(argv: string[], at = NOW): Promise<{ code: number; out: string; err: string }> {
      let out = "";
      let err = "";
      const ctx: CliContext = { io: { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false }, clock: fixedClock(at), env, cwd: workDir };
      const code = await runCli(argv, ctx);
      return { code, out, err };
    }

    before(async () => {
      const db = await freshDatabaseUrl(dialect);
      drop = db.drop;
      env = { DATABASE_URL: db.url };
      const added = await run(["creditor", "add", "--name", "Loja Acordos", "--cnpj", "11222333000181", "--state", "SP", "--json"]);
      assert.equal(added.code, 0, added.err);
      creditorId = (JSON.parse(added.out) as { id: string }).id;
      const imported = await run(["import", "debts", "carteira.csv", "--creditor", creditorId, "--json"]);
      assert.equal(imported.code, 0, imported.err);
    });
    after(async () => drop());

    it("policy show / set: the defaults, a new version, errors naming the path", async () => {
      const shown = await run(["negotiate", "policy", "show", "--creditor", creditorId]);
      assert.equal(shown.code, 0, shown.err);
      assert.equal(shown.out.split("\n")[0], "Política de negociação padrão (nunca alterada)");
      assert.equal(shown.out.split("\n")[2], "  31–90 dias: à vista até 80 % dos encargos e 0 % do principal; parcelado até 30 % e 0 %; até 6 pagamentos, parcela mínima R$ 50,00, entrada mínima 15 % (e R$ 50,00), juros 1,99 % a.m. (Price), 1º vencimento em até 7 dias");
      const bad = await run(["negotiate", "policy", "set", "ruim.json", "--creditor", creditorId]);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /^erro: Política de negociação inválida\n {2}buckets\[0\]\.toDays: obrigatório: último dia de atraso da faixa/);
      assert.match(bad.err, /\n {2}buckets\[0\]\.single: use \{"chargesPercent": …, "principalPercent": …\} \(campo ausente\)\n/);
      assert.deepEqual(await run(["negotiate", "policy", "set", "politica.json", "--creditor", creditorId]), { code: 0, out: "Política de negociação gravada: versão 1.\n", err: "" });
      assert.deepEqual(await run(["negotiate", "policy", "set", "politica.json", "--creditor", creditorId]), { code: 0, out: "A política já era esta (versão 1); nada mudou.\n", err: "" });
      const json = JSON.parse((await run(["negotiate", "policy", "show", "--creditor", creditorId, "--json"])).out) as { version: number; policy: { breakAfterDays: number } };
      assert.deepEqual([json.version, json.policy.breakAfterDays], [1, 5]);
    });

    it("options: the people's text and the exact JSON", async () => {
      const text = await run(["negotiate", "options", "--debtor", "529.982.247-25", "--creditor", creditorId, "--at", "2025-06-02"]);
      assert.equal(text.code, 0, text.err);
      const lines = text.out.split("\n");
      // T-1: 1.000,00 due 10/03/2025, 84 days: fine 20,00 + interest 28,00; T-2: 200,00 due 10/04/2025, 53 days: 4,00 + 3,53.
      assert.deepEqual(lines.slice(0, 5), [
        "Devedor 529.982.247-25 — Ana Consumidora",
        "Dívida vencida em 02/06/2025: R$ 1.255,53 (2 títulos; maior atraso 84 dias, faixa 31–90 dias; política versão 1)",
        "  T-1: vencido em 10/03/2025, 84 dias — principal R$ 1.000,00 + encargos R$ 48,00 = R$ 1.048,00",
        "  T-2: vencido em 10/04/2025, 53 dias — principal R$ 200,00 + encargos R$ 7,53 = R$ 207,53",
        "Opções (use o número de pagamentos em `regua negotiate accept --option N`):",
      ]);
      // À vista: 80 % of 55,53 = 44,42 off.
      assert.equal(lines[5], "   1: à vista: R$ 1.211,11, desconto de R$ 44,42, vencimento 09/06/2025");
      const json = await run(["negotiate", "options", "--debtor", "52998224725", "--creditor", creditorId, "--at", "2025-06-02", "--income", "3.500,00", "--json"]);
      assert.equal(json.code, 0, json.err);
      const body = JSON.parse(json.out) as { debtCents: number; options: Record<string, unknown>[]; affordability: { maxInstalmentCents: number } };
      assert.deepEqual(Object.keys(body), ["debtCents", "options", "affordability"]);
      assert.equal(body.debtCents, 125_553);
      assert.deepEqual(body.options[0], { instalments: 1, downPaymentCents: 121_111, instalmentCents: 0, totalCents: 121_111, discountCents: 4442, firstDueDate: "2025-06-09" });
      assert.equal(body.affordability.maxInstalmentCents, 87_500);
      const badIncome = await run(["negotiate", "options", "--debtor", "52998224725", "--creditor", creditorId, "--income", "muito"]);
      assert.equal(badIncome.code, 2);
      assert.match(badIncome.err, /^erro: --income: renda mensal inválida/);
    });

    it("accept, show, pay, promise and the daily check", async () => {
      const refused = await run(["negotiate", "accept", "--debtor", "39053344705", "--creditor", creditorId, "--option", "9"]);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /^erro: Não há opção com 9 pagamento\(s\) hoje: as opções são 1, 2, 3\./);
      const accepted = await run(["negotiate", "accept", "--debtor", "39053344705", "--creditor", creditorId, "--option", "1", "--at", "2025-06-02"]);
      assert.equal(accepted.code, 0, accepted.err);
      // B-1: 300,00 due Saturday 10/05/2025, 23 days late: 6,00 + 2,30; à vista 50 % of 8,30 off → 304,15.
      assert.deepEqual(accepted.out.split("\n").slice(0, 5), [
        "Acordo nº 1 — devedor 390.533.447-05, vigente",
        "Dívida de R$ 308,30 em 02/06/2025 (faixa 1–30 dias), desconto de R$ 4,15; total do acordo R$ 304,15",
        "Títulos incluídos: B-1",
        "Parcelas:",
        "   1. 06/06/2025     R$ 304,15  em aberto  (título ACORDO-1-1)",
      ]);
      const paid = await run(["negotiate", "pay", "--creditor", creditorId, "--agreement", "1", "--instalment", "1", "--amount", "304,15", "--paid-date", "2025-06-05", "--method", "cash", "--note", "pago na loja", "--json"], "2025-06-05T15:00:00Z");
      assert.equal(paid.code, 0, paid.err);
      const r = JSON.parse(paid.out) as { payment: { status: string }; agreement: { status: string; debts: { status: string }[] } };
      assert.deepEqual([r.payment.status, r.agreement.status, r.agreement.debts[0]!.status], ["applied", "settled", "settled"]);

      const promise = await run(["negotiate", "promise", "--debtor", "52998224725", "--creditor", creditorId, "--amount", "500,00", "--date", "2025-06-10", "--channel", "phone", "--collector", "Carla"]);
      assert.equal(promise.code, 0, promise.err);
      assert.equal(promise.out, "Promessa nº 1 (em aberto): R$ 500,00 até 10/06/2025, por phone, com Carla; régua pausada até a data; lembrete por email em 2025-06-09T13:00:00.000Z\n");
      const check = await run(["negotiate", "check", "--creditor", creditorId, "--at", "2025-06-11", "--json"], "2025-06-11T09:00:00Z");
      assert.equal(check.code, 0, check.err);
      assert.deepEqual(JSON.parse(check.out), { at: "2025-06-11", agreements: { checked: 0, settled: [], broken: [] }, promises: { checked: 1, kept: [], broken: ["1"] } });
      const listed = await run(["negotiate", "promises", "--creditor", creditorId, "--status", "broken"]);
      assert.match(listed.out, /^Promessa nº 1 \(quebrada\)/);
    });

    if (dialect === "sqlite") {
      it("as a real subprocess: `negotiate options --json` prints the same JSON document", async () => {
        const inProcess = await run(["negotiate", "options", "--debtor", "52998224725", "--creditor", creditorId, "--at", "2025-06-02", "--json"]);
        const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, "bin/regua.mjs"), "negotiate", "options", "--debtor", "52998224725", "--creditor", creditorId, "--at", "2025-06-02", "--json"], {
          cwd: workDir, env: { ...process.env, ...env, REGUA_NOW: NOW },
        });
        assert.equal(stdout, inProcess.out);
        const body = JSON.parse(stdout) as { debtCents: number; options: { instalments: number; totalCents: number; downPaymentCents: number; instalmentCents: number }[] };
        assert.deepEqual(Object.keys(body), ["debtCents", "options"]);
        for (const o of body.options) assert.equal(o.totalCents, o.downPaymentCents + (o.instalments - 1) * o.instalmentCents);
      });
    }
  });
}
