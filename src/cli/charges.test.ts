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
import { formatChargesTable } from "./charges.ts";
import { runCli } from "./main.ts";

const workDir = mkdtempSync(join(tmpdir(), "regua-charges-cli-"));
after(() => rmSync(workDir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  writeFileSync(join(workDir, name), content);
  return name;
}

const PORTFOLIO = file(
  "carteira.csv",
  ["documento;nome;uf;titulo;valor;vencimento", "52998224725;Ana Consumidora;SP;T-1;1.000,00;10/01/2025", "11444777000161;Empresa Devedora Ltda;RJ;T-2;1.000,00;10/01/2025"].join("\n") + "\n",
);
const IPCA = file("ipca.csv", "mes;variacao\n01/2025;1,00\n02/2025;2,00\n");
const IPCA_BAD = file("ipca-ruim.csv", "mes;variacao\n01/2025;1,00\n02/2025;dois\n2025-13;0,1\n");

describe("formatChargesTable", () => {
  it("aligns the R$ values in a Portuguese table", () => {
    assert.equal(
      formatChargesTable("T-1", "2025-03-11", { principalCents: 100_000, fineCents: 2000, interestCents: 2000, correctionCents: 0, totalCents: 104_000, daysLate: 60 }),
      [
        "Título T-1 em 11/03/2025 (60 dias de atraso)",
        "  Principal           R$ 1.000,00",
        "  Multa                  R$ 20,00",
        "  Juros de mora          R$ 20,00",
        "  Correção monetária      R$ 0,00",
        "  Total               R$ 1.040,00",
        "",
      ].join("\n"),
    );
    assert.match(formatChargesTable("T-9", undefined, { principalCents: 1, fineCents: 0, interestCents: 0, correctionCents: 0, totalCents: 1, daysLate: 0 }), /^Título T-9 hoje \(em dia\)\n/);
  });
});

for (const dialect of testDialects()) {
  describe(`regua charges / index / creditor update on ${dialect}`, () => {
    let env: Record<string, string>;
    let drop: () => Promise<void>;
    let creditorId: string;

    async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
      let out = "";
      let err = "";
      const ctx: CliContext = {
        io: { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false },
        clock: fixedClock("2025-06-02T13:00:00Z"),
        env,
        cwd: workDir,
      };
      const code = await runCli(argv, ctx);
      return { code, out, err };
    }

    before(async () => {
      const db = await freshDatabaseUrl(dialect);
      drop = db.drop;
      env = { DATABASE_URL: db.url };
      const added = await run(["creditor", "add", "--name", "Loja Encargos", "--cnpj", "11222333000181", "--state", "SP", "--json"]);
      assert.equal(added.code, 0, added.err);
      creditorId = (JSON.parse(added.out) as { id: string }).id;
      const imported = await run(["import", "debts", PORTFOLIO, "--creditor", creditorId, "--json"]);
      assert.equal(imported.code, 0, imported.err);
    });
    after(async () => drop());

    it("charges --json prints exactly the six fields", async () => {
      assert.deepEqual(await run(["charges", "--debt", "T-1", "--creditor", creditorId, "--at", "2025-03-11", "--json"]), {
        code: 0,
        out: '{"principalCents":100000,"fineCents":2000,"interestCents":2000,"correctionCents":0,"totalCents":104000,"daysLate":60}\n',
        err: "",
      });
      // without --at: today (2025-06-02) in the debtor's zone
      assert.equal((await run(["charges", "--debt", "T-1", "--creditor", creditorId, "--json"])).out, '{"principalCents":100000,"fineCents":2000,"interestCents":4767,"correctionCents":0,"totalCents":106767,"daysLate":143}\n');
    });

    it("charges without --json prints the table; errors in Portuguese", async () => {
      const text = await run(["charges", "--debt", "T-1", "--creditor", creditorId, "--at", "2025-03-11"]);
      assert.equal(text.code, 0);
      assert.equal(text.out, formatChargesTable("T-1", "2025-03-11", { principalCents: 100_000, fineCents: 2000, interestCents: 2000, correctionCents: 0, totalCents: 104_000, daysLate: 60 }));
      assert.deepEqual(await run(["charges", "--debt", "NAO-EXISTE", "--creditor", creditorId, "--at", "2025-03-11", "--json"]), { code: 4, out: "", err: "erro: Título não encontrado.\n" });
      const badDate = await run(["charges", "--debt", "T-1", "--creditor", creditorId, "--at", "11/03/2025"]);
      assert.equal(badDate.code, 2);
      assert.match(badDate.err, /^erro: at: data inválida \(use AAAA-MM-DD\): 11\/03\/2025\n/);
    });

    it("creditor update refuses a consumer fine above 2 % and sets the company fine", async () => {
      const refused = await run(["creditor", "update", creditorId, "--fine-percent", "2,5"]);
      assert.equal(refused.code, 2);
      assert.equal(refused.out, "");
      assert.match(refused.err, /^erro: finePercent: a multa de consumidores não pode passar de 2 % \(CDC art\. 52 §1\)\n/);
      const tooHigh = await run(["creditor", "update", creditorId, "--business-fine-percent", "12"]);
      assert.equal(tooHigh.code, 2);
      assert.match(tooHigh.err, /businessFinePercent: a multa de empresas não pode passar de 10 % \(Decreto 22\.626\/33 art\. 9\)/);

      const ok = await run(["creditor", "update", creditorId, "--fine-percent", "2", "--interest-monthly-percent", "1", "--business-fine-percent", "5", "--correction-index", "none"]);
      assert.deepEqual(ok, { code: 0, out: "Credor atualizado: Loja Encargos — multa 2 % (empresas 5 %), juros 1 % ao mês, sem correção monetária\n", err: "" });
      assert.equal((await run(["charges", "--debt", "T-2", "--creditor", creditorId, "--at", "2025-03-11", "--json"])).out, '{"principalCents":100000,"fineCents":5000,"interestCents":2000,"correctionCents":0,"totalCents":107000,"daysLate":60}\n');
      const cleared = await run(["creditor", "update", creditorId, "--business-fine-percent", "none", "--json"]);
      assert.equal((JSON.parse(cleared.out) as { businessFinePercent: number | null }).businessFinePercent, null);
    });

    it("index import: all or nothing with line/field/why, idempotent, then correction applies", async () => {
      const bad = await run(["index", "import", IPCA_BAD, "--index", "IPCA", "--json"]);
      assert.deepEqual(bad, {
        code: 1,
        out: "",
        err:
          "erro: arquivo do índice IPCA recusado (2 erros); nada foi gravado\n" +
          '  linha 3, variacao: variação inválida (percentual como 0,56, até 4 casas, acima de -100): "dois"\n' +
          '  linha 4, mes: mês inválido (use MM/AAAA ou AAAA-MM): "2025-13"\n',
      });
      assert.deepEqual(await run(["index", "list", "--index", "IPCA"]), { code: 0, out: "Nenhum valor importado para o índice IPCA.\n", err: "" });
      assert.equal((await run(["index", "import", "nao-existe.csv", "--index", "IPCA"])).err, "erro: arquivo não encontrado: nao-existe.csv\n");

      assert.deepEqual(await run(["index", "import", IPCA, "--index", "ipca", "--json"]), { code: 0, out: '{"index":"IPCA","imported":2,"updated":0,"unchanged":0,"firstMonth":"2025-01","lastMonth":"2025-02"}\n', err: "" });
      assert.deepEqual(await run(["index", "import", IPCA, "--index", "IPCA"]), { code: 0, out: "Índice IPCA (01/2025 a 02/2025): 0 meses novos, 0 atualizados, 2 sem alteração.\n", err: "" });
      assert.deepEqual(await run(["index", "list", "--index", "IPCA"]), { code: 0, out: "Índice IPCA: 2 meses\n  01/2025      1,00 %\n  02/2025      2,00 %\n", err: "" });
      assert.equal(
        (await run(["index", "list", "--index", "IPCA", "--json"])).out,
        '{"index":"IPCA","items":[{"month":"2025-01","variationPpm":10000,"variationPercent":"1,00"},{"month":"2025-02","variationPpm":20000,"variationPercent":"2,00"}]}\n',
      );

      const withIndex = await run(["creditor", "update", creditorId, "--correction-index", "IPCA", "--business-fine-percent", "5"]);
      assert.equal(withIndex.out, "Credor atualizado: Loja Encargos — multa 2 % (empresas 5 %), juros 1 % ao mês, correção IPCA\n");
      assert.equal((await run(["charges", "--debt", "T-1", "--creditor", creditorId, "--at", "2025-03-11", "--json"])).out, '{"principalCents":100000,"fineCents":2054,"interestCents":2054,"correctionCents":2691,"totalCents":106799,"daysLate":60}\n');
    });

    it("the JSON contract through bin/regua.mjs (a real subprocess)", async () => {
      const { stdout } = await promisify(execFile)(process.execPath, ["bin/regua.mjs", "charges", "--debt", "T-2", "--creditor", creditorId, "--at", "2025-02-10", "--json"], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
      });
      const parsed = JSON.parse(stdout) as Record<string, number>;
      assert.deepEqual(Object.keys(parsed), ["principalCents", "fineCents", "interestCents", "correctionCents", "totalCents", "daysLate"]);
      // RJ company debtor, 31 days, 5 % fine, IPCA 1 % × 21/31 of January + 2 % × 10/28 of February
      assert.equal(stdout, '{"principalCents":100000,"fineCents":5070,"interestCents":1048,"correctionCents":1397,"totalCents":107515,"daysLate":31}\n');
    });
  });
}
