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

const workDir = mkdtempSync(join(tmpdir(), "regua-debtor-update-cli-"));
after(() => rmSync(workDir, { recursive: true, force: true }));
writeFileSync(join(workDir, "carteira.csv"), ["documento;nome;email;uf;titulo;valor;vencimento", "52998224725;Ana Consumidora;ana@exemplo.com.br;SP;T-1;1.000,00;10/05/2025"].join("\n") + "\n");

for (const dialect of testDialects()) {
  describe(`regua debtor update --representative / --risk-band on ${dialect}`, () => {
    let env: Record<string, string>;
    let drop: () => Promise<void>;
    let creditorId: string;

    async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
      let out = "";
      let err = "";
      const ctx: CliContext = { io: { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false }, clock: fixedClock("2025-06-02T13:00:00Z"), env, cwd: workDir };
      const code = await runCli(argv, ctx);
      return { code, out, err };
    }
    const ok = (out: string) => ({ code: 0, out, err: "" });

    before(async () => {
      const db = await freshDatabaseUrl(dialect);
      drop = db.drop;
      env = { DATABASE_URL: db.url };
      const added = await run(["creditor", "add", "--name", "Loja Representantes", "--cnpj", "11222333000181", "--state", "SP", "--json"]);
      assert.equal(added.code, 0, added.err);
      creditorId = (JSON.parse(added.out) as { id: string }).id;
      const imported = await run(["import", "debts", "carteira.csv", "--creditor", creditorId, "--json"]);
      assert.equal(imported.code, 0, imported.err);
    });
    after(async () => drop());

    it("sets, repeats, clears: Portuguese lines", async () => {
      const c = ["--creditor", creditorId];
      assert.deepEqual(
        await run(["debtor", "update", "529.982.247-25", ...c, "--representative", "Gerente.Conta@Credor.com.br"]),
        ok("Representante da conta do devedor 529.982.247-25: gerente.conta@credor.com.br. Ele recebe cópia dos e-mails de cobrança enviados ao devedor.\n"),
      );
      assert.deepEqual(
        await run(["debtor", "update", "52998224725", ...c, "--representative", "gerente.conta@credor.com.br"]),
        ok("O representante da conta do devedor 529.982.247-25 já era gerente.conta@credor.com.br; nada mudou.\n"),
      );
      assert.deepEqual(
        await run(["debtor", "update", "52998224725", ...c, "--no-representative"]),
        ok("Representante da conta do devedor 529.982.247-25 removido: os e-mails de cobrança deixam de ir com cópia para ele.\n"),
      );
      assert.deepEqual(await run(["debtor", "update", "52998224725", ...c, "--no-representative"]), ok("O devedor 529.982.247-25 não tinha representante da conta; nada mudou.\n"));
    });

    it("--json prints {document, representativeEmail, riskBand}", async () => {
      const set = await run(["debtor", "update", "52998224725", "--creditor", creditorId, "--representative", "rep@credor.com.br", "--json"]);
      assert.deepEqual(set, ok('{"document":"52998224725","representativeEmail":"rep@credor.com.br","riskBand":null}\n'));
      const cleared = await run(["debtor", "update", "52998224725", "--creditor", creditorId, "--no-representative", "--json"]);
      assert.deepEqual(cleared, ok('{"document":"52998224725","representativeEmail":null,"riskBand":null}\n'));
    });

    it("--risk-band sets the band upper-cased, repeats, clears; combined with --representative, one line per field", async () => {
      const c = ["--creditor", creditorId];
      assert.deepEqual(
        await run(["debtor", "update", "529.982.247-25", ...c, "--risk-band", " c+ "]),
        ok("Faixa de risco do devedor 529.982.247-25: C+. As etapas da régua com condição de faixa de risco passam a considerá-la.\n"),
      );
      assert.deepEqual(await run(["debtor", "update", "52998224725", ...c, "--risk-band", "c+"]), ok("A faixa de risco do devedor 529.982.247-25 já era C+; nada mudou.\n"));
      assert.deepEqual(
        await run(["debtor", "update", "52998224725", ...c, "--representative", "Rep@Credor.com.br", "--risk-band", "c+"]),
        ok(
          "Representante da conta do devedor 529.982.247-25: rep@credor.com.br. Ele recebe cópia dos e-mails de cobrança enviados ao devedor.\n" +
            "A faixa de risco do devedor 529.982.247-25 já era C+; nada mudou.\n",
        ),
      );
      assert.deepEqual(
        await run(["debtor", "update", "52998224725", ...c, "--no-risk-band", "--json"]),
        ok('{"document":"52998224725","representativeEmail":"rep@credor.com.br","riskBand":null}\n'),
      );
      assert.deepEqual(
        await run(["debtor", "update", "52998224725", ...c, "--no-risk-band", "--no-representative"]),
        ok("Representante da conta do devedor 529.982.247-25 removido: os e-mails de cobrança deixam de ir com cópia para ele.\nO devedor 529.982.247-25 não tinha faixa de risco; nada mudou.\n"),
      );
      assert.deepEqual(
        await run(["debtor", "update", "52998224725", ...c, "--risk-band", "alto risco"]),
        ok("Faixa de risco do devedor 529.982.247-25: ALTO RISCO. As etapas da régua com condição de faixa de risco passam a considerá-la.\n"),
      );
      assert.deepEqual(
        await run(["debtor", "update", "52998224725", ...c, "--no-risk-band"]),
        ok("Faixa de risco do devedor 529.982.247-25 removida: as etapas da régua que exigem uma faixa de risco deixam de se aplicar a ele.\n"),
      );
    });

    it("refuses a malformed or empty band naming the option", async () => {
      const c = ["--creditor", creditorId];
      assert.deepEqual(await run(["debtor", "update", "52998224725", ...c, "--risk-band", "A/B"]), {
        code: 2, out: "", err: 'erro: --risk-band: faixa de risco "A/B" com caractere não aceito ("/"): use letras, números, espaço, +, - ou _\n',
      });
      assert.deepEqual(await run(["debtor", "update", "52998224725", ...c, "--risk-band", " "]), { code: 2, out: "", err: "erro: --risk-band: faixa de risco vazia; para remover use --no-risk-band\n" });
    });

    it("refuses a malformed address naming the option, a missing choice, and an unknown debtor", async () => {
      assert.deepEqual(await run(["debtor", "update", "52998224725", "--creditor", creditorId, "--representative", "gerente@gmial.com"]), {
        code: 2, out: "", err: "erro: --representative: e-mail do representante inválido: domínio provavelmente digitado errado (gmial.com → gmail.com?)\n",
      });
      assert.deepEqual(await run(["debtor", "update", "52998224725", "--creditor", creditorId]), {
        code: 2, out: "", err: "erro: informe o que alterar: --representative EMAIL, --no-representative, --risk-band FAIXA ou --no-risk-band\n",
      });
      assert.deepEqual(await run(["debtor", "update", "39053344705", "--creditor", creditorId, "--representative", "rep@credor.com.br"]), { code: 4, out: "", err: "erro: Devedor não encontrado.\n" });
    });

    it("as a real process: the JSON contract", async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(REPO_ROOT, "bin/regua.mjs"), "debtor", "update", "529.982.247-25", "--creditor", creditorId, "--representative", "Processo@Credor.com.br", "--risk-band", "b", "--json"],
        { cwd: workDir, env: { ...process.env, ...env } },
      );
      assert.deepEqual(JSON.parse(stdout), { document: "52998224725", representativeEmail: "processo@credor.com.br", riskBand: "B" });
    });
  });
}
