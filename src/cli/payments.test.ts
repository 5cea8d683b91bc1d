import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { freshDatabaseUrl, testDialects } from "../../test/support/db.ts";
import { REPO_ROOT, vectorPath } from "../../test/support/vectors.ts";
import { KIT_NOW, kitCreditor, kitDebt, kitDebtor, kitDebtState } from "../app/payments/payments-test-kit.ts";
import { openDatabase, type Database } from "../db/database.ts";
import type { CnabRecordInput } from "../domain/cnab/cnab-types.ts";
import { writeCnab240Return } from "../domain/cnab/write-cnab240-return.ts";
import { fixedClock } from "../shared/clock.ts";
import type { CliContext } from "./context.ts";
import { runCli } from "./main.ts";

const settle = (ourNumber: string, paidCents: number, over: Partial<CnabRecordInput> = {}): CnabRecordInput => ({
  ourNumber, movement: "06", faceValueCents: paidCents, paidCents, interestCents: 0, discountCents: 0, feeCents: 0, creditedCents: paidCents,
  dueDate: "2026-03-10", paidDate: "2026-03-11", creditDate: "2026-03-12", ...over,
});

for (const dialect of testDialects()) {
  describe(`regua cnab import / payments (${dialect})`, () => {
    const workDir = mkdtempSync(join(tmpdir(), "regua-payments-cli-"));
    let url: string;
    let drop: () => Promise<void>;
    let database: Database;
    let creditorId: string;
    let debtor: number;

    before(async () => {
      ({ url, drop } = await freshDatabaseUrl(dialect));
      database = await openDatabase(url);
      const deps = { database, clock: fixedClock(KIT_NOW) };
      creditorId = await kitCreditor(deps, { fineBp: 0, interestBp: 0 });
      debtor = await kitDebtor(database.db, creditorId, "52998224725", { name: "Ana Souza" });
    });
    after(async () => {
      if (database?.dialect === "postgres") database.pool.on("error", () => {});
      await database?.close();
      await drop?.();
      rmSync(workDir, { recursive: true, force: true });
    });

    async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
      let out = "";
      let err = "";
      const ctx: CliContext = {
        io: { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false },
        clock: fixedClock(KIT_NOW),
        env: { DATABASE_URL: url },
        cwd: workDir,
      };
      const code = await runCli(argv, ctx);
      return { code, out, err };
    }

    it("the shared vector goes through import end to end; the second import applies nothing", async () => {
      const debt = await kitDebt(database.db, creditorId, debtor, "VET-1", 15000, "2026-03-10", { ourNumber: "1" });
      const first = await run(["cnab", "import", vectorPath("cnab240-one-payment.ret"), "--creditor", creditorId, "--sem-envelope", "--json"]);
      assert.deepEqual(first, { code: 0, out: '{"applied":1,"unmatched":[],"alreadyApplied":0}\n', err: "" });
      assert.equal((await kitDebtState(database.db, debt)).status, "settled");
      const second = await run(["cnab", "import", vectorPath("cnab240-one-payment.ret"), "--creditor", creditorId, "--sem-envelope", "--json"]);
      assert.deepEqual(second, { code: 0, out: '{"applied":0,"unmatched":[],"alreadyApplied":1}\n', err: "" });
      // Without --sem-envelope the fragment is refused, exit 1, naming the line and the check.
      const strict = await run(["cnab", "import", vectorPath("cnab240-one-payment.ret"), "--creditor", creditorId, "--json"]);
      assert.equal(strict.code, 1);
      assert.equal(strict.out, "");
      assert.equal(
        strict.err,
        'erro: arquivo CNAB inválido (1 erro), nada foi aplicado; linha 1: o arquivo deve começar pelo header de arquivo (registro tipo 0), encontrado tipo "3"\n',
      );
    });

    it("prints a Portuguese summary with the unmatched lines and the ignored movements", async () => {
      await kitDebt(database.db, creditorId, debtor, "S-20", 2000, "2026-03-10", { ourNumber: "20" });
      const records = [settle("20", 2000), settle("404", 1234), { ...settle("21", 0), movement: "02", paidDate: null, creditDate: null }];
      writeFileSync(join(workDir, "dia.ret"), writeCnab240Return(records, { bank: "341" }), "latin1");
      const r = await run(["cnab", "import", "dia.ret", "--creditor", creditorId]);
      const queued = (await database.db.selectFrom("payments").select("id").where("our_number", "=", "404").executeTakeFirstOrThrow()).id;
      assert.deepEqual(r, {
        code: 0,
        err: "",
        out:
          "Arquivo: CNAB 240, banco 341, 3 registros\n" +
          "Liquidações aplicadas: 1 (R$ 20,00)\n" +
          "Já registradas antes (nada mudou): 0\n" +
          "Sem correspondência (fila de conciliação): 1\n" +
          "Ignorados (movimentos que não são liquidação): 1\n" +
          `  linha 5: nosso número 404, R$ 12,34 pago em 11/03/2026 — nosso número não corresponde a nenhum título do credor (pagamento ${queued})\n`,
      });
      const json = await run(["cnab", "import", "dia.ret", "--creditor", creditorId, "--json"]);
      assert.equal(json.out, '{"applied":0,"unmatched":[],"alreadyApplied":2}\n');
    });

    it("payments unmatched → match by a person; reject with a reason", async () => {
      const queue = await run(["payments", "unmatched", "--creditor", creditorId, "--json"]);
      const items = (JSON.parse(queue.out) as { items: { id: string; ourNumber: string; amountCents: number; unmatchedReason: string; line: number }[] }).items;
      assert.deepEqual(items.map((p) => [p.ourNumber, p.amountCents, p.unmatchedReason, p.line]), [["404", 1234, "our_number_not_found", 5]]);
      const human = await run(["payments", "unmatched", "--creditor", creditorId]);
      assert.equal(human.out, `${items[0]!.id}  11/03/2026  R$ 12,34  boleto (cnab)  na fila de conciliação  [nosso número 404, linha 5]\n  motivo: nosso número não corresponde a nenhum título do credor\n`);
      const debt = await kitDebt(database.db, creditorId, debtor, "S-404", 1234, "2026-03-10");
      const matched = await run(["payments", "match", items[0]!.id, "--creditor", creditorId, "--debt", "S-404", "--note", "nosso número digitado errado"]);
      assert.deepEqual(matched, { code: 0, err: "", out: `Pagamento ${items[0]!.id} conciliado: R$ 12,34 de 11/03/2026.\n  título S-404: principal R$ 12,34 — quitado\n` });
      assert.equal((await kitDebtState(database.db, debt)).status, "settled");
      const stored = await database.db.selectFrom("payments").select(["status", "resolved_by", "resolution_note"]).where("id", "=", Number(items[0]!.id)).executeTakeFirstOrThrow();
      assert.deepEqual(stored, { status: "applied", resolved_by: "system:cli", resolution_note: "nosso número digitado errado" });
      const again = await run(["payments", "reject", items[0]!.id, "--creditor", creditorId, "--reason", "duplicado"]);
      assert.equal(again.code, 5);
      assert.match(again.err, /não está na fila de conciliação \(situação: applied\)/);
      assert.deepEqual(await run(["payments", "unmatched", "--creditor", creditorId]), { code: 0, err: "", out: "Fila de conciliação vazia.\n" });
    });

    it("payment add: Brazilian amount, note required, exact output, JSON contract", async () => {
      await kitDebt(database.db, creditorId, debtor, "CX-1", 123456, "2026-06-10");
      const human = await run(["payment", "add", "--creditor", creditorId, "--debtor", "529.982.247-25", "--debt", "CX-1", "--amount", "1.000,00", "--method", "cash", "--date", "04/05/2026", "--note", "recebido no caixa por João", "--key", "cx-1"]);
      const id = (await database.db.selectFrom("payments").select("id").where("idempotency_key", "=", "manual:cx-1").executeTakeFirstOrThrow()).id;
      assert.deepEqual(human, { code: 0, err: "", out: `Pagamento ${id} registrado: R$ 1.000,00 em 04/05/2026 (dinheiro).\n  título CX-1: principal R$ 1.000,00\n` });
      const repeat = await run(["payments", "add", "--creditor", creditorId, "--debtor", "52998224725", "--debt", "CX-1", "--amount", "1.000,00", "--method", "cash", "--date", "2026-05-04", "--note", "recebido no caixa por João", "--key", "cx-1", "--json"]);
      assert.equal(repeat.out, `{"status":"already_applied","paymentId":"${id}","allocations":[{"debtId":"${(await database.db.selectFrom("debts").select("id").where("external_id", "=", "CX-1").executeTakeFirstOrThrow()).id}","externalId":"CX-1","interestCents":0,"fineCents":0,"correctionCents":0,"principalCents":100000,"settled":false}],"creditCents":0,"unmatchedReason":null}\n`);
      const noNote = await run(["payment", "add", "--creditor", creditorId, "--debtor", "52998224725", "--amount", "10", "--method", "cash", "--date", "2026-05-04"]);
      assert.deepEqual(noNote, { code: 2, out: "", err: "erro: a opção obrigatória '--note <texto>' não foi informada\n(use --help para ver as opções)\n" });
      const badAmount = await run(["payment", "add", "--creditor", creditorId, "--debtor", "52998224725", "--amount", "0,00", "--method", "cash", "--date", "2026-05-04", "--note", "teste"]);
      assert.equal(badAmount.code, 2);
      assert.match(badAmount.err, /--amount: o valor deve ser maior que zero/);
      const badMethod = await run(["payment", "add", "--creditor", creditorId, "--debtor", "52998224725", "--amount", "10", "--method", "pix", "--date", "2026-05-04", "--note", "teste"]);
      assert.equal(badMethod.code, 2);
      assert.match(badMethod.err, /method: use cash, cheque, card, transfer/);
    });

    if (dialect === "sqlite") {
      it("keeps the JSON contract through bin/regua.mjs (subprocess)", async () => {
        const fresh = await kitCreditor({ database, clock: fixedClock(KIT_NOW) }, { fineBp: 0, interestBp: 0 });
        const d = await kitDebtor(database.db, fresh, "11144477735");
        await kitDebt(database.db, fresh, d, "SUB-1", 15000, "2026-03-10", { ourNumber: "1" });
        const exec = promisify(execFile);
        const env = { ...process.env, DATABASE_URL: url };
        const args = ["bin/regua.mjs", "cnab", "import", vectorPath("cnab240-one-payment.ret"), "--creditor", fresh, "--sem-envelope", "--json"];
        assert.equal((await exec(process.execPath, args, { cwd: REPO_ROOT, env })).stdout, '{"applied":1,"unmatched":[],"alreadyApplied":0}\n');
        assert.equal((await exec(process.execPath, args, { cwd: REPO_ROOT, env })).stdout, '{"applied":0,"unmatched":[],"alreadyApplied":1}\n');
        const bad = await exec(process.execPath, ["bin/regua.mjs", "cnab", "import", vectorPath("cnab240-one-payment.ret"), "--creditor", fresh, "--json"], { cwd: REPO_ROOT, env }).catch((e: { code: number; stdout: string; stderr: string }) => e);
        assert.equal((bad as { code: number }).code, 1);
        assert.equal((bad as { stdout: string }).stdout, "");
        assert.match((bad as { stderr: string }).stderr, /^erro: arquivo CNAB inválido \(1 erro\), nada foi aplicado; linha 1: /);
      });
    }
  });
}
