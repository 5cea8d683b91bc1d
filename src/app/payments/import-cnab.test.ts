import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps } from "../../../test/support/factories.ts";
import { vectorPath } from "../../../test/support/vectors.ts";
import type { CnabRecordInput } from "../../domain/cnab/cnab-types.ts";
import { writeCnab240Return } from "../../domain/cnab/write-cnab240-return.ts";
import { writeCnab400Return } from "../../domain/cnab/write-cnab400-return.ts";
import { AppError } from "../../shared/app-error.ts";
import { fixedClock } from "../../shared/clock.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { importCnab } from "./import-cnab.ts";
import { KIT_NOW, kitCreditor, kitDebt, kitDebtor, kitDebtState, kitFailingTrigger, kitPlannedAction } from "./payments-test-kit.ts";

const PAID: CnabRecordInput = {
  ourNumber: "1", movement: "06", faceValueCents: 15000, paidCents: 15000, interestCents: 0, discountCents: 0, feeCents: 250, creditedCents: 14750,
  dueDate: "2026-03-10", paidDate: "2026-03-11", creditDate: "2026-03-12",
};
const settle = (ourNumber: string, paidCents: number, over: Partial<CnabRecordInput> = {}): CnabRecordInput => ({ ...PAID, ourNumber, faceValueCents: paidCents, paidCents, feeCents: 0, creditedCents: paidCents, ...over });
const file240 = (records: CnabRecordInput[]) => Buffer.from(writeCnab240Return(records, { bank: "341", fileDate: "2026-03-12" }), "latin1");

for (const dialect of testDialects()) {
  describe(`importCnab on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let deps: AppDeps;
    before(async () => {
      env = await openTestDeps(dialect);
      deps = { ...env.deps, clock: fixedClock(KIT_NOW) };
    });
    after(async () => env.cleanup());
    const db = () => deps.database.db;
    const count = async (table: "payments" | "payment_allocations" | "cnab_files" | "events", creditorId: string) =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as("n")).where("creditor_id", "=", creditorId).executeTakeFirstOrThrow()).n);

    it("the shared vector (nosso número 1, 150,00) settles the debt end to end, fee and credit date kept", async () => {
      const creditorId = await kitCreditor(deps, { fineBp: 0, interestBp: 0 });
      const debtor = await kitDebtor(db(), creditorId, "52998224725");
      const debt = await kitDebt(db(), creditorId, debtor, "V-1", 15000, "2026-03-10", { ourNumber: "1" });
      const action = await kitPlannedAction(db(), creditorId, debtor, [debt], `vec-${dialect}`);
      const content = readFileSync(vectorPath("cnab240-one-payment.ret"));
      const result = await importCnab(deps, SYSTEM_ACTOR, creditorId, { content, fileName: "cnab240-one-payment.ret", requireEnvelope: false });
      assert.deepEqual({ applied: result.applied, unmatched: result.unmatched, alreadyApplied: result.alreadyApplied, ignored: result.ignored, appliedCents: result.appliedCents, bank: result.bank }, {
        applied: 1, unmatched: [], alreadyApplied: 0, ignored: 0, appliedCents: 15000, bank: "133",
      });
      // Paid a day late with no charges configured: the fine is assessed at 0 and accrual restarts at the payment.
      assert.deepEqual(await kitDebtState(db(), debt), { status: "settled", openCents: 0, fineCents: 0, interestCents: 0, correctionCents: 0, accrualFromDate: "2026-03-11" });
      const p = await db().selectFrom("payments").selectAll().where("creditor_id", "=", creditorId).executeTakeFirstOrThrow();
      assert.deepEqual(
        { source: p.source, method: p.method, amount: p.amount_cents, paid: p.paid_date, credited: p.credited_date, fee: p.fee_cents, our: p.our_number, status: p.status, key: p.idempotency_key, file: p.cnab_file_id, actor: p.actor },
        { source: "cnab", method: "boleto", amount: 15000, paid: "2026-03-11", credited: "2026-03-12", fee: 250, our: "1", status: "applied", key: "cnab:133:1:06:2026-03-11:15000", file: Number(result.fileId), actor: "system:cli" },
      );
      assert.deepEqual(JSON.parse(p.details), { movement: "06", line: 1, faceValueCents: 15000, dueDate: "2026-03-10", creditedCents: 14750 });
      assert.equal((await db().selectFrom("actions").select("status").where("id", "=", action).executeTakeFirstOrThrow()).status, "cancelled");
      const f = await db().selectFrom("cnab_files").selectAll().where("id", "=", Number(result.fileId)).executeTakeFirstOrThrow();
      assert.deepEqual([f.status, f.bank, f.format, f.file_name, f.sha256.length, JSON.parse(f.summary)], [
        "completed", "133", "cnab240", "cnab240-one-payment.ret", 64, { records: 1, settlements: 1, applied: 1, unmatched: 0, alreadyApplied: 0, ignored: 0, appliedCents: 15000 },
      ]);
      const audit = await db().selectFrom("audit_log").select(["action", "entity_id"]).where("creditor_id", "=", creditorId).where("action", "=", "cnab.import").execute();
      assert.deepEqual(audit, [{ action: "cnab.import", entity_id: result.fileId }]);
    });

    it("each bank's own segment T: Itaú's carteira and DAC around the nosso número, Santander's shifted dates, matched to the debts", async () => {
      const creditorId = await kitCreditor(deps, { fineBp: 0, interestBp: 0 });
      const debtor = await kitDebtor(db(), creditorId, "52998224725");
      const itau = await kitDebt(db(), creditorId, debtor, "I-1", 15000, "2026-03-10", { ourNumber: "4321" });
      const santander = await kitDebt(db(), creditorId, debtor, "S-1", 15000, "2026-03-10", { ourNumber: "4322" });
      // Lines written field by field from the banks' layouts (not by our writer); U as in the shared vector.
      const place = (fields: [number, string][]) => {
        const chars = Array.from({ length: 240 }, () => " ");
        for (const [pos, text] of fields) for (let i = 0; i < text.length; i++) chars[pos - 1 + i] = text[i]!;
        return chars.join("");
      };
      const vectorU = readFileSync(vectorPath("cnab240-one-payment.ret"), "latin1").split(/\r?\n/)[1]!;
      const u = (bank: string) => `${bank}${vectorU.slice(3)}`;
      const file = (bank: string, t: [number, string][]) =>
        Buffer.from([
          place([[1, `${bank}00000`], [18, "2"], [143, "2"]]), place([[1, `${bank}00011T01  045`]]),
          place([[1, `${bank}0001300001T 06`], ...t]), u(bank),
          place([[1, `${bank}00015`], [18, "000004"]]), place([[1, `${bank}99999`], [18, "000001"], [24, "000006"]]),
        ].join("\r\n"), "latin1");
      const r1 = await importCnab(deps, SYSTEM_ACTOR, creditorId, {
        content: file("341", [[38, "109"], [41, "00004321"], [49, "8"], [74, "10032026"], [82, "000000000015000"], [199, "000000000000250"]]), fileName: "itau.ret",
      });
      const r2 = await importCnab(deps, SYSTEM_ACTOR, creditorId, {
        content: file("033", [[41, "000000004322"], [53, "2"], [54, "1"], [70, "10032026"], [78, "000000000015000"], [194, "000000000000250"]]), fileName: "santander.ret",
      });
      assert.deepEqual([r1.applied, r1.unmatched, r2.applied, r2.unmatched], [1, [], 1, []]);
      assert.deepEqual([(await kitDebtState(db(), itau)).status, (await kitDebtState(db(), santander)).status], ["settled", "settled"]);
      const keys = await db().selectFrom("payments").select(["idempotency_key", "fee_cents", "details"]).where("creditor_id", "=", creditorId).orderBy("id").execute();
      assert.deepEqual(keys.map((k) => [k.idempotency_key, k.fee_cents, (JSON.parse(k.details) as { dueDate: string }).dueDate]), [
        ["cnab:341:4321:06:2026-03-11:15000", 250, "2026-03-10"],
        ["cnab:033:4322:06:2026-03-11:15000", 250, "2026-03-10"],
      ]);
    });

    it("with the creditor's charges, the vector's payment one day late leaves fine and interest imputed first", async () => {
      const creditorId = await kitCreditor(deps);
      const debtor = await kitDebtor(db(), creditorId, "52998224725");
      const debt = await kitDebt(db(), creditorId, debtor, "V-1", 15000, "2026-03-10", { ourNumber: "1" });
      await importCnab(deps, SYSTEM_ACTOR, creditorId, { content: readFileSync(vectorPath("cnab240-one-payment.ret")), fileName: "v.ret", requireEnvelope: false });
      const alloc = await db().selectFrom("payment_allocations").select(["interest_cents", "fine_cents", "principal_cents", "settled"]).where("debt_id", "=", debt).execute();
      // 1 day at 1 % a month on 150,00 = 0,05; fine 2 % = 3,00.
      assert.deepEqual(alloc, [{ interest_cents: 5, fine_cents: 300, principal_cents: 14695, settled: 0 }]);
      assert.deepEqual(await kitDebtState(db(), debt), { status: "open", openCents: 305, fineCents: 0, interestCents: 0, correctionCents: 0, accrualFromDate: "2026-03-11" });
    });

    it("applies settlements (06 and 17), queues the unknown, ignores other movements; the same file again or a repeated settlement applies nothing", async () => {
      const creditorId = await kitCreditor(deps, { fineBp: 0, interestBp: 0 });
      const debtor = await kitDebtor(db(), creditorId, "11144477735");
      const d10 = await kitDebt(db(), creditorId, debtor, "F-10", 10000, "2026-03-10", { ourNumber: "10" });
      const d11 = await kitDebt(db(), creditorId, debtor, "F-11", 20000, "2026-03-10", { ourNumber: "11" });
      const d12 = await kitDebt(db(), creditorId, debtor, "F-12", 5000, "2026-03-10", { ourNumber: "12" });
      const d13 = await kitDebt(db(), creditorId, debtor, "F-13", 7000, "2026-03-10", { ourNumber: "13" });
      const records = [
        settle("10", 10000),
        settle("11", 5000),
        settle("999", 1234),
        { ...settle("12", 5000), movement: "02", paidCents: 0, creditedCents: 0, paidDate: null, creditDate: null },
        settle("13", 7000, { movement: "17" }),
      ];
      const first = await importCnab(deps, SYSTEM_ACTOR, creditorId, { content: file240(records), fileName: "ret1.ret" });
      const queued = await db().selectFrom("payments").select("id").where("creditor_id", "=", creditorId).where("status", "=", "unmatched").executeTakeFirstOrThrow();
      assert.deepEqual({ applied: first.applied, unmatched: first.unmatched, alreadyApplied: first.alreadyApplied, ignored: first.ignored, appliedCents: first.appliedCents }, {
        applied: 3, alreadyApplied: 0, ignored: 1, appliedCents: 22000,
        unmatched: [{ paymentId: String(queued.id), ourNumber: "999", paidCents: 1234, paidDate: "2026-03-11", line: 7, reason: "our_number_not_found" }],
      });
      assert.deepEqual([(await kitDebtState(db(), d10)).status, (await kitDebtState(db(), d11)).openCents, (await kitDebtState(db(), d12)).status, (await kitDebtState(db(), d13)).status], ["settled", 15000, "open", "settled"]);

      const snapshot = async () => ({
        payments: await count("payments", creditorId), allocations: await count("payment_allocations", creditorId), events: await count("events", creditorId),
        debts: await db().selectFrom("debts").selectAll().where("creditor_id", "=", creditorId).orderBy("id").execute(),
      });
      const before = await snapshot();
      const again = await importCnab(deps, SYSTEM_ACTOR, creditorId, { content: file240(records), fileName: "ret1-de-novo.ret" });
      assert.deepEqual({ applied: again.applied, unmatched: again.unmatched, alreadyApplied: again.alreadyApplied, ignored: again.ignored }, { applied: 0, unmatched: [], alreadyApplied: 4, ignored: 1 });
      assert.deepEqual(await snapshot(), before);

      // The next day's file repeats the settlement of 10 (in CNAB 400 this time) and brings a new one for 12.
      const next = Buffer.from(writeCnab400Return([settle("10", 10000), settle("12", 5000, { paidDate: "2026-03-12" })], "341", { fileDate: "2026-03-13" }), "latin1");
      const third = await importCnab(deps, SYSTEM_ACTOR, creditorId, { content: next, fileName: "ret2.ret" });
      assert.deepEqual({ applied: third.applied, alreadyApplied: third.alreadyApplied, unmatched: third.unmatched.length }, { applied: 1, alreadyApplied: 1, unmatched: 0 });
      assert.equal((await kitDebtState(db(), d12)).status, "settled");
      assert.equal(await count("cnab_files", creditorId), 3);
    });

    it("a malformed file is refused naming the line and the check, and nothing is applied", async () => {
      const creditorId = await kitCreditor(deps);
      const debtor = await kitDebtor(db(), creditorId, "39053344705");
      const debt = await kitDebt(db(), creditorId, debtor, "M-1", 15000, "2026-03-10", { ourNumber: "1" });
      const lines = writeCnab240Return([PAID, settle("2", 100)], { bank: "341" }).split("\r\n");
      lines[6] = `${lines[6]!.slice(0, 17)}000009${lines[6]!.slice(23)}`; // batch trailer count
      await assert.rejects(importCnab(deps, SYSTEM_ACTOR, creditorId, { content: Buffer.from(lines.join("\r\n"), "latin1"), fileName: "ruim.ret" }), (e: unknown) => {
        assert.ok(e instanceof AppError);
        assert.equal(e.code, "invalid_input");
        assert.equal(e.message, "arquivo CNAB inválido (1 erro), nada foi aplicado; linha 7: trailer do lote informa 9 registros, mas o lote tem 6");
        assert.deepEqual(e.errors, [{ field: "arquivo", line: 7, reason: "trailer do lote informa 9 registros, mas o lote tem 6" }]);
        return true;
      });
      // A settlement the parser accepts but the ledger cannot use (no payment date) refuses the whole file too.
      const noDate = file240([PAID, settle("2", 100, { paidDate: null })]);
      await assert.rejects(importCnab(deps, SYSTEM_ACTOR, creditorId, { content: noDate, fileName: "sem-data.ret" }), (e: unknown) =>
        e instanceof AppError && e.code === "invalid_input" && e.errors[0]!.line === 5 && /sem data da ocorrência/.test(e.errors[0]!.reason));
      assert.deepEqual([await count("payments", creditorId), await count("cnab_files", creditorId)], [0, 0]);
      assert.equal((await kitDebtState(db(), debt)).openCents, 15000);
    });

    it("crash safety: batches are all-or-nothing, and a re-run after a failure applies only what was not applied", async () => {
      const creditorId = await kitCreditor(deps, { fineBp: 0, interestBp: 0 });
      const debtor = await kitDebtor(db(), creditorId, "71428793860");
      const debts: number[] = [];
      for (let i = 1; i <= 10; i++) debts.push(await kitDebt(db(), creditorId, debtor, `K-${i}`, 1000 * i, "2026-03-10", { ourNumber: String(100 + i) }));
      const content = file240(debts.map((_, n) => settle(String(101 + n), 1000 * (n + 1))));

      // 1. The process dies after the second batch was committed.
      await assert.rejects(
        importCnab(deps, SYSTEM_ACTOR, creditorId, { content, fileName: "k.ret", batchSize: 3, onBatch: (done) => { if (done === 6) throw new Error("processo interrompido"); } }),
        /processo interrompido/,
      );
      assert.equal(await count("payments", creditorId), 6);
      // 2. The next run fails inside its first new batch (the 8th settlement's allocation): that whole batch rolls back.
      const drop = await kitFailingTrigger(deps, `fail_alloc_${dialect}`, "payment_allocations", "INSERT", `NEW.debt_id = ${debts[7]}`);
      try {
        await assert.rejects(importCnab(deps, SYSTEM_ACTOR, creditorId, { content, fileName: "k.ret", batchSize: 3 }), /falha simulada/);
      } finally {
        await drop();
      }
      assert.equal(await count("payments", creditorId), 6);
      assert.deepEqual((await kitDebtState(db(), debts[6]!)).status, "open");
      // 3. The re-run completes: the first six are recognised, the other four applied once.
      const rerun = await importCnab(deps, SYSTEM_ACTOR, creditorId, { content, fileName: "k.ret", batchSize: 3 });
      assert.deepEqual({ applied: rerun.applied, alreadyApplied: rerun.alreadyApplied, unmatched: rerun.unmatched.length }, { applied: 4, alreadyApplied: 6, unmatched: 0 });
      for (const id of debts) assert.deepEqual((await kitDebtState(db(), id)).status, "settled");
      const perDebt = await db().selectFrom("payment_allocations").select((eb) => ["debt_id", eb.fn.countAll().as("n")]).where("creditor_id", "=", creditorId).groupBy("debt_id").execute();
      assert.deepEqual(perDebt.map((r) => Number(r.n)), debts.map(() => 1));
      assert.equal(await count("events", creditorId), 10);
      const files = await db().selectFrom("cnab_files").select("status").where("creditor_id", "=", creditorId).orderBy("id").execute();
      assert.deepEqual(files.map((f) => f.status), ["processing", "processing", "completed"]);
    });

    it("two settlements of one debt in one batch see each other: the second finds what the first left", async () => {
      const creditorId = await kitCreditor(deps, { fineBp: 0, interestBp: 0 });
      const debtor = await kitDebtor(db(), creditorId, "87748248800");
      const debt = await kitDebt(db(), creditorId, debtor, "T-1", 10000, "2026-03-10", { ourNumber: "55" });
      const other = await kitDebt(db(), creditorId, debtor, "T-2", 3000, "2026-02-10");
      const r = await importCnab(deps, SYSTEM_ACTOR, creditorId, { content: file240([settle("55", 6000), settle("55", 6000, { paidDate: "2026-03-12" })]), fileName: "t.ret" });
      assert.equal(r.applied, 2);
      // 60 + 40 settle T-1; the remaining 20 go to the debtor's other open debt.
      assert.deepEqual([(await kitDebtState(db(), debt)).status, (await kitDebtState(db(), other)).openCents], ["settled", 1000]);
      // Each event tells what the debt had left right after that payment.
      const events = await db().selectFrom("events").select(["debt_id", "data"]).where("debtor_id", "=", debtor).orderBy("id").execute();
      assert.deepEqual(events.map((e) => [Number(e.debt_id), (JSON.parse(e.data) as { principalCents: number; openCents: number }).principalCents, (JSON.parse(e.data) as { openCents: number }).openCents]), [
        [debt, 6000, 4000], [debt, 4000, 0], [other, 2000, 1000],
      ]);
    });
  });
}
