import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { openTestDeps } from "../../../test/support/factories.ts";
import { testDialects } from "../../../test/support/db.ts";
import { addDays } from "../../domain/br/dates.ts";
import { fixedClock } from "../../shared/clock.ts";
import { AppError } from "../../shared/app-error.ts";
import { SYSTEM_ACTOR, type Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { listPayments } from "./list-payments.ts";
import { matchPayment } from "./match-payment.ts";
import { SETTLED_CANCEL_REASON } from "./payment-ledger.ts";
import type { PaymentInput } from "./payment-types.ts";
import { KIT_NOW, kitCreditor, kitDebt, kitDebtor, kitDebtState, kitFailingTrigger, kitPlannedAction } from "./payments-test-kit.ts";
import { recordManualPayment } from "./record-manual-payment.ts";
import { recordPayment } from "./record-payment.ts";
import { rejectPayment } from "./reject-payment.ts";

const collector = (creditorId: string): Actor => ({ kind: "user", id: "u1", role: "collector", creditorIds: [creditorId], label: "user:operador@teste" });
const manager = (creditorId: string): Actor => ({ kind: "user", id: "u2", role: "manager", creditorIds: [creditorId], label: "user:gestor@teste" });
const auditor = (creditorId: string): Actor => ({ kind: "user", id: "u3", role: "auditor", creditorIds: [creditorId], label: "user:auditor@teste" });

let keyN = 0;
const pay = (over: Partial<PaymentInput>): PaymentInput => ({ source: "manual", method: "cash", idempotencyKey: `k${++keyN}`, amountCents: 100, paidDate: "2026-03-25", note: "teste", ...over });

for (const dialect of testDialects()) {
  describe(`recordPayment on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let deps: AppDeps;
    let creditorId: string;
    let otherCreditorId: string;
    before(async () => {
      env = await openTestDeps(dialect);
      deps = { ...env.deps, clock: fixedClock(KIT_NOW) };
      creditorId = await kitCreditor(deps);
      otherCreditorId = await kitCreditor(deps);
    });
    after(async () => env.cleanup());

    const db = () => deps.database.db;
    const count = async (table: "payments" | "payment_allocations" | "events" | "audit_log") =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

    it("imputes interest → fine → principal to the centavo, partial then full, and settles", async () => {
      const debtor = await kitDebtor(db(), creditorId, "52998224725");
      const debt = await kitDebt(db(), creditorId, debtor, "P-1", 15000, "2026-03-10");
      // 15 days late: interest 150,00 × 1 % / 30 × 15 = 0,75; fine 2 % = 3,00.
      const first = await recordPayment(deps, collector(creditorId), creditorId, pay({ idempotencyKey: "p1-a", amountCents: 10000, paidDate: "2026-03-25", debtIds: [debt] }));
      assert.equal(first.status, "applied");
      assert.deepEqual(first.allocations, [{ debtId: debt, externalId: "P-1", interestCents: 75, fineCents: 300, correctionCents: 0, principalCents: 9625, settled: false }]);
      assert.equal(first.creditCents, 0);
      assert.deepEqual(await kitDebtState(db(), debt), { status: "open", openCents: 5375, fineCents: 0, interestCents: 0, correctionCents: 0, accrualFromDate: "2026-03-25" });
      // 30 more days on 53,75: 0,5375 → 0,54 (half-up). 53,75 + 0,54 = 54,29 settles it.
      const short = await recordPayment(deps, collector(creditorId), creditorId, pay({ idempotencyKey: "p1-b", amountCents: 5428, paidDate: "2026-04-24", debtIds: [debt] }));
      assert.deepEqual(short.allocations, [{ debtId: debt, externalId: "P-1", interestCents: 54, fineCents: 0, correctionCents: 0, principalCents: 5374, settled: false }]);
      assert.deepEqual(await kitDebtState(db(), debt), { status: "open", openCents: 1, fineCents: 0, interestCents: 0, correctionCents: 0, accrualFromDate: "2026-04-24" });
      const last = await recordPayment(deps, collector(creditorId), creditorId, pay({ idempotencyKey: "p1-c", amountCents: 1, paidDate: "2026-04-24", debtIds: [debt] }));
      assert.deepEqual(last.allocations, [{ debtId: debt, externalId: "P-1", interestCents: 0, fineCents: 0, correctionCents: 0, principalCents: 1, settled: true }]);
      assert.deepEqual(await kitDebtState(db(), debt), { status: "settled", openCents: 0, fineCents: 0, interestCents: 0, correctionCents: 0, accrualFromDate: "2026-04-24" });

      const events = await db().selectFrom("events").select(["kind", "debt_id", "actor", "data"]).where("debtor_id", "=", debtor).orderBy("id").execute();
      assert.deepEqual(events.map((e) => [e.kind, Number(e.debt_id), e.actor]), [
        ["payment.applied", debt, "user:operador@teste"], ["payment.applied", debt, "user:operador@teste"], ["payment.applied", debt, "user:operador@teste"],
      ]);
      assert.deepEqual(JSON.parse(events[0]!.data), {
        paymentId: String(first.paymentId), source: "manual", method: "cash", paidDate: "2026-03-25", amountCents: 10000,
        interestCents: 75, fineCents: 300, correctionCents: 0, principalCents: 9625, settled: false, openCents: 5375,
      });
      const audit = await db().selectFrom("audit_log").select(["action", "entity_id", "actor"]).where("action", "=", "payment.record").where("entity_id", "=", String(first.paymentId)).execute();
      assert.deepEqual(audit, [{ action: "payment.record", entity_id: String(first.paymentId), actor: "user:operador@teste" }]);
    });

    it("the same idempotency key again answers already_applied with the first answer and changes nothing", async () => {
      const debtor = await kitDebtor(db(), creditorId, "11144477735");
      const debt = await kitDebt(db(), creditorId, debtor, "I-1", 20000, "2026-06-01");
      const input = pay({ idempotencyKey: "idem-1", amountCents: 5000, paidDate: "2026-04-01", debtIds: [debt] });
      const first = await recordPayment(deps, collector(creditorId), creditorId, input);
      const counts = [await count("payments"), await count("payment_allocations"), await count("events"), await count("audit_log")];
      const state = await kitDebtState(db(), debt);
      const again = await recordPayment(deps, collector(creditorId), creditorId, { ...input, amountCents: 9999 });
      assert.deepEqual(again, { ...first, status: "already_applied" });
      assert.deepEqual([await count("payments"), await count("payment_allocations"), await count("events"), await count("audit_log")], counts);
      assert.deepEqual(await kitDebtState(db(), debt), state);
      assert.deepEqual(state, { status: "open", openCents: 15000, fineCents: null, interestCents: 0, correctionCents: 0, accrualFromDate: null });
      // The key is per creditor: another creditor may use it.
      const debtorB = await kitDebtor(db(), otherCreditorId, "11144477735");
      await kitDebt(db(), otherCreditorId, debtorB, "I-1", 20000, "2026-06-01");
      const other = await recordPayment(deps, SYSTEM_ACTOR, otherCreditorId, { ...input, debtIds: undefined, debtorId: debtorB });
      assert.equal(other.status, "applied");
    });

    it("named debt first, then the debtor's open debts oldest first; disputed and agreement debts are not used for unnamed money; the rest is credit", async () => {
      const debtor = await kitDebtor(db(), creditorId, "39053344705");
      await kitDebt(db(), creditorId, debtor, "O-JUN10", 1000, "2026-06-10");
      await kitDebt(db(), creditorId, debtor, "O-JUN05", 2000, "2026-06-05");
      const mar = await kitDebt(db(), creditorId, debtor, "O-MAR", 3000, "2026-07-10");
      const disputed = await kitDebt(db(), creditorId, debtor, "O-DISP", 500, "2026-01-10", { status: "disputed" });
      await kitDebt(db(), creditorId, debtor, "O-AGR", 700, "2026-01-11", { status: "in_agreement" });
      const r = await recordPayment(deps, collector(creditorId), creditorId, pay({ idempotencyKey: "order-1", amountCents: 6500, paidDate: "2026-05-01", debtIds: [mar] }));
      assert.equal(r.status, "applied");
      assert.deepEqual(r.allocations.map((a) => [a.externalId, a.principalCents, a.settled]), [["O-MAR", 3000, true], ["O-JUN05", 2000, true], ["O-JUN10", 1000, true]]);
      assert.equal(r.creditCents, 500);
      assert.equal((await kitDebtState(db(), disputed)).openCents, 500);
      const payment = await db().selectFrom("payments").select(["credit_cents", "debtor_id", "status"]).where("id", "=", r.paymentId).executeTakeFirstOrThrow();
      assert.deepEqual(payment, { credit_cents: 500, debtor_id: debtor, status: "applied" });
      const credit = await db().selectFrom("events").select(["data"]).where("debtor_id", "=", debtor).where("kind", "=", "payment.credit").execute();
      assert.deepEqual(credit.map((e) => JSON.parse(e.data)), [{ paymentId: String(r.paymentId), source: "manual", paidDate: "2026-05-01", creditCents: 500 }]);
      // Money named to the disputed debt pays it.
      const d = await recordPayment(deps, collector(creditorId), creditorId, pay({ idempotencyKey: "order-2", amountCents: 500, paidDate: "2026-01-10", debtIds: [disputed] }));
      assert.deepEqual(d.allocations.map((a) => [a.externalId, a.principalCents, a.settled]), [["O-DISP", 500, true]]);
      assert.equal((await kitDebtState(db(), disputed)).status, "settled");
    });

    it("money naming a debt in agreement waits in the queue", async () => {
      const debtor = await kitDebtor(db(), creditorId, "46171785000108");
      const agr = await kitDebt(db(), creditorId, debtor, "A-1", 1000, "2026-01-10", { status: "in_agreement", ourNumber: "7001" });
      const r = await recordPayment(deps, SYSTEM_ACTOR, creditorId, pay({ source: "cnab", method: "boleto", idempotencyKey: "agr-1", amountCents: 1000, ourNumber: "0007001" }));
      assert.deepEqual({ status: r.status, reason: r.unmatchedReason, allocations: r.allocations }, { status: "unmatched", reason: "debt_in_agreement", allocations: [] });
      assert.deepEqual(await kitDebtState(db(), agr), { status: "in_agreement", openCents: 1000, fineCents: null, interestCents: 0, correctionCents: 0, accrualFromDate: null });
    });

    it("a settled debt's planned action is cancelled in the same transaction; a partial payment leaves it", async () => {
      const debtor = await kitDebtor(db(), creditorId, "71428793860");
      const a = await kitDebt(db(), creditorId, debtor, "C-1", 1000, "2026-06-10");
      const b = await kitDebt(db(), creditorId, debtor, "C-2", 1000, "2026-06-11");
      const onA = await kitPlannedAction(db(), creditorId, debtor, [a], "act-a");
      const onB = await kitPlannedAction(db(), creditorId, debtor, [b], "act-b");
      await recordPayment(deps, collector(creditorId), creditorId, pay({ idempotencyKey: "cancel-1", amountCents: 1500, paidDate: "2026-05-01", debtIds: [a] }));
      const actions = await db().selectFrom("actions").select(["id", "status", "cancel_reason", "updated_at"]).where("id", "in", [onA, onB]).orderBy("id").execute();
      assert.deepEqual(actions, [
        { id: onA, status: "cancelled", cancel_reason: SETTLED_CANCEL_REASON, updated_at: KIT_NOW },
        { id: onB, status: "planned", cancel_reason: null, updated_at: KIT_NOW },
      ]);
    });

    it("a refused payment writes nothing, and a failure at the last step (the cancellation) rolls back the whole payment", async () => {
      const debtor = await kitDebtor(db(), creditorId, "87748248800");
      const debt = await kitDebt(db(), creditorId, debtor, "R-1", 1000, "2026-06-10");
      const action = await kitPlannedAction(db(), creditorId, debtor, [debt], "act-r");
      const before = [await count("payments"), await count("payment_allocations"), await count("events"), await count("audit_log")];
      const other = await kitDebtor(db(), creditorId, "15350946056");
      const otherDebt = await kitDebt(db(), creditorId, other, "R-2", 1000, "2026-06-10");
      await assert.rejects(recordPayment(deps, collector(creditorId), creditorId, pay({ idempotencyKey: "rb-1", amountCents: 2000, debtIds: [debt, otherDebt] })), (e: unknown) => e instanceof AppError && e.code === "validation");
      const drop = await kitFailingTrigger(deps, "fail_cancel", "actions", "UPDATE", "NEW.idempotency_key = 'act-r'");
      try {
        await assert.rejects(recordPayment(deps, collector(creditorId), creditorId, pay({ idempotencyKey: "rb-2", amountCents: 1000, debtIds: [debt] })), /falha simulada/);
      } finally {
        await drop();
      }
      assert.deepEqual([await count("payments"), await count("payment_allocations"), await count("events"), await count("audit_log")], before);
      assert.equal((await db().selectFrom("actions").select("status").where("id", "=", action).executeTakeFirstOrThrow()).status, "planned");
      assert.deepEqual(await kitDebtState(db(), debt), { status: "open", openCents: 1000, fineCents: null, interestCents: 0, correctionCents: 0, accrualFromDate: null });
      // The same key works once the failure is gone: nothing of the failed attempt was kept.
      const ok = await recordPayment(deps, collector(creditorId), creditorId, pay({ idempotencyKey: "rb-2", amountCents: 1000, debtIds: [debt] }));
      assert.equal(ok.status, "applied");
      assert.equal((await db().selectFrom("actions").select("status").where("id", "=", action).executeTakeFirstOrThrow()).status, "cancelled");
    });

    it("unmatched money waits in the queue; a manager matches it to a debt or rejects it, with who and why", async () => {
      const debtor = await kitDebtor(db(), creditorId, "04252011000110");
      const debt = await kitDebt(db(), creditorId, debtor, "Q-1", 2500, "2026-06-10");
      const lost = await recordPayment(deps, SYSTEM_ACTOR, creditorId, pay({ source: "cnab", method: "boleto", idempotencyKey: "q-1", amountCents: 2500, paidDate: "2026-05-02", ourNumber: "999999" }));
      assert.deepEqual({ status: lost.status, reason: lost.unmatchedReason }, { status: "unmatched", reason: "our_number_not_found" });
      const stray = await recordPayment(deps, SYSTEM_ACTOR, creditorId, pay({ source: "pix", method: "pix", idempotencyKey: "q-2", amountCents: 100, paidDate: "2026-05-02", note: null }));
      assert.deepEqual({ status: stray.status, reason: stray.unmatchedReason }, { status: "unmatched", reason: "no_reference" });

      const queue = await listPayments(deps, auditor(creditorId), creditorId, { status: "unmatched" });
      assert.deepEqual(queue.items.filter((p) => [lost.paymentId, stray.paymentId].includes(Number(p.id))).map((p) => [p.ourNumber, p.amountCents, p.unmatchedReason]), [["999999", 2500, "our_number_not_found"], [null, 100, "no_reference"]]);

      await assert.rejects(matchPayment(deps, collector(creditorId), creditorId, String(lost.paymentId), { debtExternalId: "Q-1" }), (e: unknown) => e instanceof AppError && e.code === "forbidden");
      const matched = await matchPayment(deps, manager(creditorId), creditorId, String(lost.paymentId), { debtExternalId: "Q-1", note: "boleto antigo reemitido" });
      assert.equal(matched.status, "applied");
      assert.equal(matched.debtorId, String(debtor));
      assert.equal(matched.resolvedBy, "user:gestor@teste");
      assert.equal(matched.resolutionNote, "boleto antigo reemitido");
      assert.deepEqual(matched.allocations, [{ debtId: String(debt), externalId: "Q-1", interestCents: 0, fineCents: 0, correctionCents: 0, principalCents: 2500, settled: true }]);
      assert.equal((await kitDebtState(db(), debt)).status, "settled");
      const events = await db().selectFrom("events").select(["kind", "actor"]).where("debt_id", "=", debt).execute();
      assert.deepEqual(events, [{ kind: "payment.applied", actor: "user:gestor@teste" }]);
      await assert.rejects(matchPayment(deps, manager(creditorId), creditorId, String(lost.paymentId), { debtExternalId: "Q-1" }), (e: unknown) => e instanceof AppError && e.code === "conflict");

      const rejected = await rejectPayment(deps, manager(creditorId), creditorId, String(stray.paymentId), { reason: "PIX de outro credor, devolvido" });
      assert.deepEqual([rejected.status, rejected.resolvedBy, rejected.resolutionNote], ["rejected", "user:gestor@teste", "PIX de outro credor, devolvido"]);
      const audit = await db().selectFrom("audit_log").select(["action", "actor"]).where("entity_id", "in", [String(lost.paymentId), String(stray.paymentId)]).where("action", "in", ["payment.match", "payment.reject"]).orderBy("id").execute();
      assert.deepEqual(audit, [{ action: "payment.match", actor: "user:gestor@teste" }, { action: "payment.reject", actor: "user:gestor@teste" }]);
      // Another creditor's people cannot see or touch it.
      await assert.rejects(matchPayment(deps, manager(otherCreditorId), otherCreditorId, String(stray.paymentId), { debtExternalId: "Q-1" }), (e: unknown) => e instanceof AppError && e.code === "not_found");
    });

    it("the same key sent twice at once is applied once (the loser of the race answers already_applied)", async () => {
      const debtor = await kitDebtor(db(), creditorId, "26379546031");
      const debt = await kitDebt(db(), creditorId, debtor, "RACE-1", 5000, "2026-06-10");
      const input = pay({ idempotencyKey: "race-1", amountCents: 3000, paidDate: "2026-05-01", debtIds: [debt] });
      const results = await Promise.all([1, 2, 3].map(() => recordPayment(deps, collector(creditorId), creditorId, input)));
      assert.deepEqual(results.map((r) => r.status).sort(), ["already_applied", "already_applied", "applied"]);
      assert.equal(new Set(results.map((r) => r.paymentId)).size, 1);
      assert.equal((await kitDebtState(db(), debt)).openCents, 2000);
    });

    it("property: whatever the payments, every centavo is allocated or kept as credit, nothing goes negative, settled means nothing owed", async () => {
      const runs = dialect === "sqlite" ? 25 : 8;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ cents: fc.integer({ min: 1, max: 500_00 }), dueDay: fc.integer({ min: 0, max: 120 }) }), { minLength: 1, maxLength: 4 }),
          fc.array(fc.record({ cents: fc.integer({ min: 1, max: 400_00 }), day: fc.integer({ min: 0, max: 120 }), named: fc.option(fc.nat(3), { nil: undefined }) }), { minLength: 1, maxLength: 5 }),
          async (debtSpecs, payments) => {
            const debtor = await kitDebtor(db(), creditorId, `P${++keyN}`);
            const ids: number[] = [];
            for (const [n, d] of debtSpecs.entries()) ids.push(await kitDebt(db(), creditorId, debtor, `PROP-${keyN}-${n}`, d.cents, addDays("2026-01-01", d.dueDay)));
            for (const p of [...payments].sort((a, b) => a.day - b.day)) {
              const named = p.named !== undefined && p.named < ids.length ? [ids[p.named]!] : undefined;
              const r = await recordPayment(deps, SYSTEM_ACTOR, creditorId, pay({ amountCents: p.cents, paidDate: addDays("2026-01-01", p.day), debtIds: named, debtorId: debtor }));
              assert.equal(r.status, "applied");
              const allocated = r.allocations.reduce((s, a) => s + a.interestCents + a.fineCents + a.correctionCents + a.principalCents, 0);
              assert.equal(allocated + r.creditCents, p.cents);
              if (named && r.allocations.length > 0 && (await kitDebtState(db(), named[0]!)).status !== "settled") assert.equal(r.allocations[0]!.debtId, named[0]);
            }
            for (const [n, id] of ids.entries()) {
              const st = await kitDebtState(db(), id);
              for (const v of [st.openCents, st.fineCents ?? 0, st.interestCents, st.correctionCents]) assert.ok(v >= 0);
              assert.ok(st.openCents <= debtSpecs[n]!.cents);
              const owesNothing = st.openCents === 0 && (st.fineCents ?? 0) === 0 && st.interestCents === 0 && st.correctionCents === 0;
              assert.equal(st.status === "settled", owesNothing);
            }
          },
        ),
        { numRuns: runs },
      );
    });

    it("manual payments: document and external id, note required, no future dates, other creditors' debts not found", async () => {
      const debtor = await kitDebtor(db(), creditorId, "93541134780");
      const debt = await kitDebt(db(), creditorId, debtor, "M-1", 12345, "2026-06-10");
      const r = await recordManualPayment(deps, collector(creditorId), creditorId, {
        debtorDocument: "935.411.347-80", debtExternalId: "M-1", amountCents: 12345, method: "cash", paidDate: "2026-05-04", note: "recebido no caixa da loja por Maria", idempotencyKey: "caixa-1",
      });
      assert.deepEqual([r.status, r.allocations.map((a) => [a.debtId, a.principalCents, a.settled])], ["applied", [[debt, 12345, true]]]);
      const stored = await db().selectFrom("payments").select(["idempotency_key", "note", "actor", "source", "method"]).where("id", "=", r.paymentId).executeTakeFirstOrThrow();
      assert.deepEqual(stored, { idempotency_key: "manual:caixa-1", note: "recebido no caixa da loja por Maria", actor: "user:operador@teste", source: "manual", method: "cash" });
      const base = { debtorDocument: "93541134780", amountCents: 100, method: "cash" as const, paidDate: "2026-05-04", note: "ok, recebido" };
      const fails = async (input: Partial<typeof base> & Record<string, unknown>, code: string, field?: string) =>
        assert.rejects(recordManualPayment(deps, collector(creditorId), creditorId, { ...base, ...input }), (e: unknown) => e instanceof AppError && e.code === code && (field === undefined || e.errors.some((x) => x.field === field)));
      await fails({ note: " " }, "validation", "note");
      await fails({ paidDate: "2026-05-05" }, "validation", "paidDate");
      await fails({ method: "pix" as "cash" }, "validation", "method");
      await fails({ amountCents: 0 }, "validation", "amountCents");
      await fails({ debtorDocument: "12345678909", debtExternalId: "M-1" }, "not_found");
      await fails({ debtExternalId: "I-1" }, "validation", "debtExternalId");
      await assert.rejects(recordManualPayment(deps, auditor(creditorId), creditorId, base), (e: unknown) => e instanceof AppError && e.code === "forbidden");
      await assert.rejects(recordPayment(deps, collector(creditorId), creditorId, pay({ debtIds: [999999] })), (e: unknown) => e instanceof AppError && e.code === "not_found");
    });
  });
}
