import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { freshDatabaseUrl, testDialects } from "../../test/support/db.ts";
import { REPO_ROOT } from "../../test/support/vectors.ts";
import { fixedClock } from "../shared/clock.ts";
import type { CliContext } from "./context.ts";
import { runCli } from "./main.ts";

const NOW = "2025-06-02T13:00:00Z";
const workDir = mkdtempSync(join(tmpdir(), "regua-boleto-issue-cli-"));
after(() => rmSync(workDir, { recursive: true, force: true }));
writeFileSync(
  join(workDir, "carteira.csv"),
  [
    "documento;nome;uf;cidade;endereco;cep;titulo;valor;vencimento",
    "52998224725;Ana Consumidora;SP;Campinas;Rua A, 10;13000-000;T-1;1.000,00;10/05/2025",
    "52998224725;Ana Consumidora;SP;Campinas;Rua A, 10;13000-000;T-2;250,00;20/06/2025",
    "52998224725;Ana Consumidora;SP;Campinas;Rua A, 10;13000-000;T-3;99,90;20/06/2025",
  ].join("\n") + "\n",
);

type Issued = { id: string; debtId: string; externalId: string; ourNumber: string; ourNumberFormatted: string; barcode: string; line: string; amountCents: number; dueDate: string; bank: string; pdf: string | null };

for (const dialect of testDialects()) {
  describe(`regua billing account / boleto issue on ${dialect}`, () => {
    let env: Record<string, string>;
    let drop: () => Promise<void>;
    let creditorId: string;

    async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
      let out = "";
      let err = "";
      const ctx: CliContext = { io: { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false }, clock: fixedClock(NOW), env, cwd: workDir };
      const code = await runCli(argv, ctx);
      return { code, out, err };
    }

    before(async () => {
      const db = await freshDatabaseUrl(dialect);
      drop = db.drop;
      env = { DATABASE_URL: db.url };
      const added = await run(["creditor", "add", "--name", "Loja Boletos Ltda", "--cnpj", "11222333000181", "--state", "SP", "--json"]);
      assert.equal(added.code, 0, added.err);
      creditorId = (JSON.parse(added.out) as { id: string }).id;
      const imported = await run(["import", "debts", "carteira.csv", "--creditor", creditorId, "--json"]);
      assert.equal(imported.code, 0, imported.err);
    });
    after(async () => drop());

    it("billing account add/list: Portuguese output, validation errors exit 2 naming the fields", async () => {
      const none = await run(["boleto", "issue", "--creditor", creditorId, "--debt", "T-1"]);
      assert.equal(none.code, 1);
      assert.equal(none.err, "erro: O credor não tem carteira de cobrança padrão: cadastre uma (regua billing account add) antes de emitir boletos.\n  accountId: nenhuma carteira\n");
      const added = await run(["billing", "account", "add", "--creditor", creditorId, "--bank", "341", "--agency", "1234", "--account", "12345", "--wallet", "109", "--instruction", "Não receber após 30 dias do vencimento"]);
      assert.deepEqual(added, {
        code: 0,
        out: "Carteira 1 cadastrada (padrão): Itaú Unibanco ag. 1234 carteira 109 — banco 341, agência 1234, conta 12345, carteira 109; próximo nosso número 1 (até 99999999); vencimento em 3 dias\n",
        err: "",
      });
      const json = await run(["billing", "account", "add", "--creditor", creditorId, "--bank", "001", "--agency", "1234", "--agency-digit", "3", "--wallet", "17", "--convenio", "1234567", "--days-to-pay", "5", "--next-our-number", "1000", "--json"]);
      assert.equal(json.code, 0, json.err);
      assert.deepEqual(JSON.parse(json.out), {
        id: "2", name: "Banco do Brasil ag. 1234 carteira 17", bank: "001", bankName: "Banco do Brasil", agency: "1234", agencyDigit: "3", account: null, accountDigit: null,
        wallet: "17", convenio: "1234567", beneficiaryCode: null, modality: null, beneficiary: null, instructions: [], daysToPay: 5, nextOurNumber: 1000,
        maxOurNumber: 9_999_999_999, isDefault: false, createdAt: "2025-06-02T13:00:00.000Z",
      });
      const bad = await run(["billing", "account", "add", "--creditor", creditorId, "--bank", "237", "--agency", "1234", "--wallet", "9", "--convenio", "1", "--days-to-pay", "três"]);
      assert.equal(bad.code, 2);
      assert.equal(bad.err, "erro: --days-to-pay: número inteiro inválido 'três'\n");
      const bad2 = await run(["billing", "account", "add", "--creditor", creditorId, "--bank", "237", "--agency", "1234", "--wallet", "9", "--convenio", "1"]);
      assert.equal(bad2.code, 2);
      assert.equal(bad2.err, "erro: dados da carteira de cobrança inválidos (2 erros)\n  convenio: convênio só se aplica ao Banco do Brasil (001)\n  account: informe a conta\n");
      const list = await run(["billing", "account", "list", "--creditor", creditorId]);
      assert.equal(
        list.out,
        "* 1  Itaú Unibanco ag. 1234 carteira 109 — banco 341, agência 1234, conta 12345, carteira 109; próximo nosso número 1 (até 99999999); vencimento em 3 dias\n" +
          "  2  Banco do Brasil ag. 1234 carteira 17 — banco 001, agência 1234-3, carteira 17, convênio 1234567; próximo nosso número 1000 (até 9999999999); vencimento em 5 dias\n",
      );
    });

    it("boleto issue: what it prints, boleto parse reads back (line and barcode); --pdf writes the slip", async () => {
      const res = await run(["boleto", "issue", "--creditor", creditorId, "--debt", "T-1", "--pdf", "t1.pdf", "--json"]);
      assert.equal(res.code, 0, res.err);
      const issued = JSON.parse(res.out) as Issued;
      assert.deepEqual(Object.keys(issued), ["id", "debtId", "externalId", "ourNumber", "ourNumberFormatted", "barcode", "line", "amountCents", "dueDate", "bank", "pdf"]);
      // 1.000,00 due 10/05/2025, slip due Thursday 05/06/2025 (today + 3): fine 20,00 and 26 days of interest 8,67
      assert.deepEqual([issued.ourNumber, issued.ourNumberFormatted, issued.amountCents, issued.dueDate, issued.bank, issued.pdf], ["1", "109/00000001-0", 102_867, "2025-06-05", "341", join(workDir, "t1.pdf")]);
      assert.equal(readFileSync(join(workDir, "t1.pdf")).subarray(0, 5).toString("latin1"), "%PDF-");
      for (const code of [issued.line, issued.barcode]) {
        const parsed = await run(["boleto", "parse", code, "--reference-date", "2025-06-02", "--json"]);
        assert.equal(parsed.code, 0, parsed.err);
        assert.deepEqual(JSON.parse(parsed.out), { kind: "bank", barcode: issued.barcode, line: issued.line, amountCents: 102_867, bank: "341", dueDate: "2025-06-05" });
      }

      const human = await run(["boleto", "issue", "--creditor", creditorId, "--debt", "T-2", "--account", "2"]);
      assert.equal(human.code, 0, human.err);
      const lines = human.out.split("\n");
      assert.deepEqual(lines.slice(0, 5), [
        "Boleto 2 emitido — 001 Banco do Brasil",
        "Título: T-2",
        "Nosso número: 12345670000001000",
        "Valor: R$ 250,00",
        "Vencimento: 20/06/2025",
      ]);
      // Convênio of 7: six zeros, convênio + 10-digit nosso número, carteira; factor 1118 = 20/06/2025 (1000 = 22/02/2025).
      assert.equal(lines[5], "Linha digitável: 00190.00009 01234.567004 00001.000173 8 11180000025000");

      const past = await run(["boleto", "issue", "--creditor", creditorId, "--debt", "T-2", "--due", "2025-06-01"]);
      assert.deepEqual([past.code, past.err.split("\n")[0]], [2, "erro: dueDate: o vencimento 01/06/2025 já passou (hoje é 02/06/2025 no fuso do devedor)"]);
      const wrongDate = await run(["boleto", "issue", "--creditor", creditorId, "--debt", "T-2", "--due", "20/06/2025"]);
      assert.deepEqual([wrongDate.code, wrongDate.err.split("\n")[0]], [2, "erro: --due: data inválida '20/06/2025' (use AAAA-MM-DD)"]);
      const missing = await run(["boleto", "issue", "--creditor", creditorId, "--debt", "NAO-EXISTE"]);
      assert.deepEqual([missing.code, missing.err], [4, "erro: Título não encontrado.\n"]);
    });

    it("as a real subprocess: boleto issue --json prints the contract, which parse reads back", async () => {
      const { stdout } = await promisify(execFile)(process.execPath, ["bin/regua.mjs", "boleto", "issue", "--creditor", creditorId, "--debt", "T-3", "--due", "2025-06-10", "--json"], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env, REGUA_NOW: NOW },
      });
      const issued = JSON.parse(stdout) as Issued;
      assert.deepEqual([issued.externalId, issued.ourNumber, issued.amountCents, issued.dueDate, issued.bank, issued.pdf], ["T-3", "2", 9990, "2025-06-10", "341", null]);
      const parsed = await promisify(execFile)(process.execPath, ["bin/regua.mjs", "boleto", "parse", issued.line, "--reference-date", "2025-06-02", "--json"], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
      assert.deepEqual(JSON.parse(parsed.stdout), { kind: "bank", barcode: issued.barcode, line: issued.line, amountCents: 9990, bank: "341", dueDate: "2025-06-10" });
    });
  });
}
