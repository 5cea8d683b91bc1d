import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps } from "../../../test/support/factories.ts";
import { DEFAULT_NEGOTIATION_POLICY } from "../../domain/negotiation/negotiation-policy.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { kitCreditor, kitDebt, kitDebtor, kitPlannedAction } from "../payments/payments-test-kit.ts";
import { recordPayment } from "../payments/record-payment.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { applyLadder } from "../ladder/ladders.ts";
import { runLadder } from "../ladder/run-ladder.ts";
import { acceptAgreement } from "./accept-agreement.ts";
import { decideAgreementApproval, listAgreementApprovals, requestAgreementApproval } from "./agreement-approvals.ts";
import { getAgreement, listDebtorAgreements } from "./agreement-views.ts";
import { applyInstalmentPayment } from "./apply-instalment-payment.ts";
import { checkAgreements, settleAgreementsPaidBy } from "./check-agreements.ts";
import { getNegotiationOptions } from "./get-negotiation-options.ts";
import { getNegotiationPolicy, setNegotiationPolicy } from "./negotiation-policies.ts";
import { checkPromises, listPromises, recordPromise } from "./promises.ts";

const user = (role: Actor["role"], creditorId: string, name: string): Actor => ({ kind: "user", id: name, role, creditorIds: [creditorId], label: `user:${name}@teste.regua` });

async function rejects(p: Promise<unknown>, code: string, detail?: RegExp | string): Promise<AppError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code, error.message);
    if (typeof detail === "string") assert.equal(error.message, detail);
    else if (detail) assert.match(error.message, detail);
    return error;
  }
  assert.fail("deveria falhar");
}

for (const dialect of testDialects()) {
  describe(`negotiation on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let deps: AppDeps;
    let now = "2026-05-04T13:00:00.000Z"; // Monday, 10:00 in São Paulo
    let creditorId: string;
    let other: string;
    let manager: Actor;
    let collector: Actor;
    let auditor: Actor;

    before(async () => {
      env = await openTestDeps(dialect);
      deps = { database: env.deps.database, clock: { now: () => new Date(now) } };
      creditorId = await kitCreditor(deps);
      other = await kitCreditor(deps);
      manager = user("manager", creditorId, "gestor");
      collector = user("collector", creditorId, "operador");
      auditor = user("auditor", creditorId, "auditor");
    });
    after(async () => env?.cleanup());

    /** A debtor with R$ 1.000,00 due 2026-02-02 and R$ 500,00 due 2026-03-02 (and one not yet due), with an e-mail contact. */
    async function debtorWithDebts(document: string) {
      const { db } = deps.database;
      const debtorId = await kitDebtor(db, creditorId, document);
      await db.insertInto("contacts").values({ creditor_id: creditorId, debtor_id: debtorId, kind: "email", value: `${document}@exemplo.com.br`, validity: "valid", invalid_reason: null, source: "teste", created_at: now, updated_at: now }).execute();
      const d1 = await kitDebt(db, creditorId, debtorId, `${document}-1`, 100_000, "2026-02-02");
      const d2 = await kitDebt(db, creditorId, debtorId, `${document}-2`, 50_000, "2026-03-02");
      const future = await kitDebt(db, creditorId, debtorId, `${document}-3`, 20_000, "2026-06-10");
      return { debtorId, d1, d2, future };
    }

    it("policy: the defaults (version 0), a new version, the same again changes nothing; errors name the path", async () => {
      const initial = await getNegotiationPolicy(deps, auditor, creditorId);
      assert.deepEqual([initial.version, initial.customized, initial.updatedAt], [0, false, null]);
      assert.deepEqual(initial.policy, DEFAULT_NEGOTIATION_POLICY);
      await rejects(setNegotiationPolicy(deps, collector, creditorId, {}), "forbidden");
      const bad = await rejects(setNegotiationPolicy(deps, manager, creditorId, { breakAfterDays: 0, buckets: [{ fromDays: 2 }] }), "validation");
      assert.deepEqual(bad.errors.map((e) => e.field), ["breakAfterDays", "buckets[0].toDays", "buckets[0].single", "buckets[0].instalments", "buckets[0].maxInstalments", "buckets[0].minInstalmentCents", "buckets[0].minDownPaymentCents", "buckets[0].minDownPaymentPercent", "buckets[0].interestMonthlyPercent", "buckets[0].firstDueDays"]);
      await rejects(setNegotiationPolicy(deps, manager, creditorId, { ladderId: "nao-existe" }), "validation", 'ladderId: a régua "nao-existe" não existe neste credor');
      const set = await setNegotiationPolicy(deps, manager, creditorId, { breakAfterDays: 10, promiseMaxDays: 20 });
      assert.deepEqual([set.version, set.changed, set.updatedBy, set.policy.promiseMaxDays], [1, true, "user:gestor@teste.regua", 20]);
      const again = await setNegotiationPolicy(deps, manager, creditorId, { promiseMaxDays: 20 });
      assert.deepEqual([again.version, again.changed], [1, false]);
      assert.equal((await getNegotiationPolicy(deps, auditor, creditorId)).version, 1);
      const audit = await deps.database.db.selectFrom("audit_log").select(["action", "entity_id"]).where("action", "=", "negotiation_policy.set").execute();
      assert.deepEqual(audit, [{ action: "negotiation_policy.set", entity_id: `${creditorId}:1` }]);
      await rejects(getNegotiationPolicy(deps, user("manager", other, "intruso"), creditorId), "not_found", "Credor não encontrado.");
    });

    it("options: overdue debts only, bucket by the oldest, the exact JSON, income limits the plans", async () => {
      await debtorWithDebts("52998224725");
      const r = await getNegotiationOptions(deps, collector, creditorId, { document: "529.982.247-25" });
      assert.equal(r.atDate, "2026-05-04");
      // 1.000,00 due 2026-02-02: 91 days late, fine 20,00 + interest 30,33; 500,00 due 2026-03-02: 63 days, fine 10,00 + interest 10,50.
      assert.deepEqual(r.debts.map((d) => [d.externalId, d.breakdown.totalCents, d.breakdown.daysLate]), [["52998224725-1", 105_033, 91], ["52998224725-2", 52_050, 63]]);
      assert.equal(r.options.debtCents, 157_083);
      assert.equal(r.plan.bucket?.fromDays, 91);
      // À vista (91–180): all 70,83 of charges + 10 % of 1.500,00 off → 1.350,00, due by 2026-05-14 (Thursday).
      assert.deepEqual(r.options.options[0], { instalments: 1, downPaymentCents: 135_000, instalmentCents: 0, totalCents: 135_000, discountCents: 22_083, firstDueDate: "2026-05-14" });
      assert.deepEqual(Object.keys(r.options), ["debtCents", "options"]);
      assert.deepEqual(r.options.options.map((o) => o.instalments), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const poor = await getNegotiationOptions(deps, collector, creditorId, { document: "52998224725" }, { incomeCents: 150_000 });
      assert.equal(poor.options.affordability?.maxInstalmentCents, 45_000);
      assert.ok(poor.options.options.every((o) => o.instalments === 1 || o.instalmentCents <= 45_000));
      assert.equal(poor.options.affordability?.omittedOptions, 2);
      const later = await getNegotiationOptions(deps, collector, creditorId, { document: "52998224725" }, { at: "2026-06-15" });
      assert.deepEqual(later.debts.map((d) => d.externalId), ["52998224725-1", "52998224725-2", "52998224725-3"], "a simulation on a later day sees the third debt overdue");
      await rejects(getNegotiationOptions(deps, collector, creditorId, { id: "999999" }), "not_found", "Devedor não encontrado.");
      await rejects(getNegotiationOptions(deps, collector, creditorId, { document: "52998224725" }, { at: "04/05/2026" }), "validation");
    });

    it("accept: the agreement, instalment debts, originals in agreement, their ladder stopped; paying every instalment settles them", async () => {
      const { db } = deps.database;
      const { debtorId, d1, d2, future } = await debtorWithDebts("39053344705");
      const action = await kitPlannedAction(db, creditorId, debtorId, [d1], `neg-${dialect}-1`);
      await rejects(acceptAgreement(deps, auditor, creditorId, { document: "39053344705" }, { option: 3 }), "forbidden");
      await rejects(acceptAgreement(deps, collector, creditorId, { document: "39053344705" }, { option: 11 }), "invalid_input", "Não há opção com 11 pagamento(s) hoje: as opções são 1, 2, 3, 4, 5, 6, 7, 8, 9, 10.");
      await rejects(acceptAgreement(deps, collector, creditorId, { document: "39053344705" }, { option: 3, at: "2026-05-05" }), "validation", "at: o acordo é fechado com os valores de hoje (2026-05-04, no fuso do devedor)");
      const options = (await getNegotiationOptions(deps, collector, creditorId, { document: "39053344705" })).options.options;
      const three = options.find((o) => o.instalments === 3)!;

      const a = await acceptAgreement(deps, collector, creditorId, { document: "39053344705" }, { option: 3 });
      assert.deepEqual([a.status, a.instalments, a.totalCents, a.downPaymentCents, a.instalmentCents, a.discountCents, a.firstDueDate], ["active", 3, three.totalCents, three.downPaymentCents, three.instalmentCents, three.discountCents, three.firstDueDate]);
      assert.deepEqual([a.debtCents, a.bucket, a.daysLate, a.policyVersion, a.beyondPolicy, a.breakAfterDays, a.createdBy], [157_083, "91–180", 91, 1, false, 10, "user:operador@teste.regua"]);
      assert.deepEqual(a.schedule.map((s) => [s.number, s.dueDate, s.amountCents, s.status, s.externalId]), [
        [1, "2026-05-14", three.downPaymentCents, "open", `ACORDO-${a.id}-1`],
        [2, "2026-06-15", three.instalmentCents, "open", `ACORDO-${a.id}-2`], // 06-14 is a Sunday
        [3, "2026-07-14", three.instalmentCents, "open", `ACORDO-${a.id}-3`],
      ]);
      assert.equal(a.schedule.reduce((s, i) => s + i.amountCents, 0), a.totalCents);
      // The discount (50 % of the charges in plans: 35,41) is split over the originals by their charges.
      assert.equal(a.discountCents, 3541);
      assert.deepEqual(a.debts.map((d) => [d.externalId, d.totalCents, d.discountCents, d.status]), [["39053344705-1", 105_033, 2516, "in_agreement"], ["39053344705-2", 52_050, 1025, "in_agreement"]]);
      const inst = await db.selectFrom("debts").select(["external_id", "status", "open_cents", "fine_bp", "interest_monthly_bp", "agreement_id", "description"]).where("agreement_id", "=", Number(a.id)).orderBy("id").execute();
      assert.deepEqual(inst[0], { external_id: `ACORDO-${a.id}-1`, status: "open", open_cents: three.downPaymentCents, fine_bp: 0, interest_monthly_bp: 0, agreement_id: Number(a.id), description: `Acordo nº ${a.id} — entrada (parcela 1 de 3)` });
      const stopped = await db.selectFrom("actions").select(["status", "cancel_reason"]).where("id", "=", action).executeTakeFirstOrThrow();
      assert.deepEqual(stopped, { status: "cancelled", cancel_reason: "título incluído em acordo" });
      assert.equal((await db.selectFrom("debts").select("status").where("id", "=", future).executeTakeFirstOrThrow()).status, "open", "the debt not yet due stays out");
      const events = await db.selectFrom("events").select(["kind", "debt_id"]).where("debtor_id", "=", debtorId).orderBy("id").execute();
      assert.deepEqual(events.map((e) => e.kind), ["agreement.created", "debt.in_agreement", "debt.in_agreement"]);
      // Nothing left to negotiate (instalments are not renegotiated here): no options.
      await rejects(acceptAgreement(deps, collector, creditorId, { document: "39053344705" }, { option: 1 }), "invalid_input", "Não há opções de acordo para este devedor hoje. Nenhum título vencido em aberto: não há o que negociar.");

      // A payment naming an original goes to the reconciliation queue (the payments rules).
      now = "2026-05-14T15:00:00.000Z";
      const r1 = await applyInstalmentPayment(deps, collector, creditorId, { agreementId: a.id, number: 1, amountCents: three.downPaymentCents, paidDate: "2026-05-14", method: "transfer", note: "comprovante recebido" });
      assert.equal(r1.payment.status, "applied");
      assert.deepEqual(r1.agreement.schedule.map((s) => s.status), ["paid", "open", "open"]);
      assert.equal(r1.agreement.status, "active");
      now = "2026-06-15T15:00:00.000Z";
      // The second by a payment recorded by the ordinary flow, naming the instalment's debt: the daily check marks it paid.
      await recordPayment(deps, collector, creditorId, { source: "manual", method: "cash", idempotencyKey: `neg-${dialect}-p2`, amountCents: three.instalmentCents, paidDate: "2026-06-15", debtIds: [Number(a.schedule[1]!.debtId)], note: "caixa" });
      assert.deepEqual(await checkAgreements(deps, creditorId, "2026-06-15"), { checked: 1, settled: [], broken: [] });
      assert.deepEqual((await getAgreement(deps, auditor, creditorId, a.id)).schedule.map((s) => [s.status, s.paidDate]), [["paid", "2026-05-14"], ["paid", "2026-06-15"], ["open", null]]);
      now = "2026-07-10T15:00:00.000Z";
      const r3 = await applyInstalmentPayment(deps, manager, creditorId, { agreementId: a.id, number: 3, amountCents: three.instalmentCents, paidDate: "2026-07-10", method: "card", note: "maquininha" });
      assert.equal(r3.agreement.status, "settled");
      const originals = await db.selectFrom("debts").select(["id", "status", "open_cents", "interest_cents", "fine_cents"]).where("id", "in", [d1, d2]).orderBy("id").execute();
      assert.deepEqual(originals.map((o) => [o.status, o.open_cents, o.interest_cents]), [["settled", 0, 0], ["settled", 0, 0]]);
      const settledEvents = await db.selectFrom("events").select(["kind", "data"]).where("debtor_id", "=", debtorId).where("kind", "in", ["agreement.settled", "debt.settled_by_agreement"]).orderBy("id").execute();
      assert.deepEqual(settledEvents.map((e) => [e.kind, (JSON.parse(e.data) as { discountCents: number }).discountCents]), [["agreement.settled", 3541], ["debt.settled_by_agreement", 2516], ["debt.settled_by_agreement", 1025]]);
      assert.deepEqual(await checkAgreements(deps, creditorId, "2026-07-30"), { checked: 0, settled: [], broken: [] });
      const list = await listDebtorAgreements(deps, auditor, creditorId, { id: String(debtorId) });
      assert.deepEqual(list.items.map((x) => [x.id, x.status]), [[a.id, "settled"]]);
      await rejects(getAgreement(deps, user("manager", other, "outro"), other, a.id), "not_found", "Acordo não encontrado.");
      now = "2026-05-04T13:00:00.000Z";
    });

    it("an instalment unpaid 10 days after its due date breaks the agreement: the originals come back with what was paid imputed", async () => {
      const { db } = deps.database;
      const { debtorId, d1, d2 } = await debtorWithDebts("11144477735");
      const a = await acceptAgreement(deps, collector, creditorId, { document: "11144477735" }, { option: 3 });
      now = "2026-05-13T15:00:00.000Z";
      await applyInstalmentPayment(deps, collector, creditorId, { agreementId: a.id, number: 1, amountCents: a.downPaymentCents, paidDate: "2026-05-13", method: "cash", note: "pago no caixa" });
      // Instalment 2 is due 2026-06-15: through 06-25 the debtor may still pay; on 06-26 it breaks.
      assert.deepEqual(await checkAgreements(deps, creditorId, "2026-06-25"), { checked: 1, settled: [], broken: [] });
      now = "2026-06-26T09:00:00.000Z";
      assert.deepEqual(await checkAgreements(deps, creditorId, "2026-06-26"), { checked: 1, settled: [], broken: [a.id] });
      const view = await getAgreement(deps, auditor, creditorId, a.id);
      assert.equal(view.status, "broken");
      assert.deepEqual(view.closeReason, { kind: "broken", instalment: 2, dueDate: "2026-06-15", daysLate: 11 });
      assert.deepEqual(view.schedule.map((s) => s.status), ["paid", "cancelled", "cancelled"]);
      const inst = await db.selectFrom("debts").select("status").where("agreement_id", "=", Number(a.id)).orderBy("id").execute();
      assert.deepEqual(inst.map((i) => i.status), ["settled", "cancelled", "cancelled"]);
      // The down payment, paid 2026-05-13, imputed to the oldest original: interest (100 days: 33,33), fine 20,00, then principal.
      const paid = a.downPaymentCents;
      const o1 = await db.selectFrom("debts").select(["status", "open_cents", "fine_cents", "interest_cents", "accrual_from_date"]).where("id", "=", d1).executeTakeFirstOrThrow();
      assert.deepEqual(o1, { status: "open", open_cents: 100_000 - (paid - 3333 - 2000), fine_cents: 0, interest_cents: 0, accrual_from_date: "2026-05-13" });
      const o2 = await db.selectFrom("debts").select(["status", "open_cents"]).where("id", "=", d2).executeTakeFirstOrThrow();
      assert.deepEqual(o2, { status: "open", open_cents: 50_000 });
      const kinds = (await db.selectFrom("events").select("kind").where("debtor_id", "=", debtorId).orderBy("id").execute()).map((e) => e.kind);
      assert.deepEqual(kinds.slice(-3), ["agreement.broken", "debt.agreement_broken", "debt.agreement_broken"]);
      assert.deepEqual(await checkAgreements(deps, creditorId, "2026-06-27"), { checked: 0, settled: [], broken: [] });
      // The originals can be negotiated again.
      assert.ok((await getNegotiationOptions(deps, collector, creditorId, { document: "11144477735" })).options.options.length > 0);
      now = "2026-05-04T13:00:00.000Z";
    });

    it("beyond the policy: a collector's request, a manager's approval, then the acceptance", async () => {
      await debtorWithDebts("86288366757");
      const ref = { document: "86288366757" };
      const req = await requestAgreementApproval(deps, collector, creditorId, ref, { instalments: 12, discountCents: 30_000, reason: "desempregado, pediu 12 vezes" });
      assert.equal(req.status, "pending");
      assert.deepEqual(req.exceeds.map((e) => e.field), ["instalments", "discountCents"]);
      assert.equal(req.terms.totalCents, req.terms.downPaymentCents + 11 * req.terms.instalmentCents);
      await rejects(acceptAgreement(deps, collector, creditorId, ref, { approvalId: req.id }), "conflict", `O pedido ${req.id} ainda aguarda a decisão do gestor.`);
      await rejects(decideAgreementApproval(deps, collector, creditorId, req.id, { approve: true }), "forbidden");
      await rejects(decideAgreementApproval(deps, manager, creditorId, req.id, { approve: false }), "validation", "note: informe o motivo");
      const approved = await decideAgreementApproval(deps, manager, creditorId, req.id, { approve: true, note: "ok, cliente antigo" });
      assert.deepEqual([approved.status, approved.decidedBy], ["approved", "user:gestor@teste.regua"]);
      await rejects(decideAgreementApproval(deps, manager, creditorId, req.id, { approve: false, note: "mudei de ideia" }), "conflict");
      assert.deepEqual((await listAgreementApprovals(deps, auditor, creditorId, { status: "approved" })).items.map((x) => x.id), [req.id]);
      const a = await acceptAgreement(deps, collector, creditorId, ref, { approvalId: req.id });
      assert.deepEqual([a.instalments, a.discountCents, a.totalCents, a.beyondPolicy, a.approvalId], [12, 30_000, req.terms.totalCents, true, req.id]);
      assert.equal(a.schedule.length, 12);
      await rejects(acceptAgreement(deps, collector, creditorId, ref, { approvalId: req.id }), "conflict", `O pedido ${req.id} já foi usado no acordo ${a.id}.`);
      await rejects(requestAgreementApproval(deps, collector, creditorId, { document: "52998224725" }, { instalments: 2, discountCents: 999_999_999, reason: "x" }), "validation", /discountCents/);
    });

    it("promises: the ladder paused through the date, a reminder the day before, kept when paid", async () => {
      const { db } = deps.database;
      const { debtorId, d2 } = await debtorWithDebts("71428793860");
      const ref = { document: "71428793860" };
      const planned = await kitPlannedAction(db, creditorId, debtorId, [d2], `neg-${dialect}-prom`);
      await rejects(recordPromise(deps, collector, creditorId, ref, { amountCents: 10_000, date: "2026-06-30", channel: "phone" }), "validation", "date: no máximo 20 dias a partir de hoje (até 24/05/2026)");
      const p = await recordPromise(deps, collector, creditorId, ref, { amountCents: 30_000, date: "2026-05-08", channel: "phone", note: "recebe o salário dia 7" });
      assert.deepEqual([p.status, p.madeDate, p.collector, p.pauseApplied], ["open", "2026-05-04", "user:operador@teste.regua", true]);
      // The reminder: Thursday 2026-05-07 at 10:00 in São Paulo, by e-mail.
      assert.deepEqual(p.reminder && { channel: p.reminder.channel, sendAt: p.reminder.sendAt, status: p.reminder.status }, { channel: "email", sendAt: "2026-05-07T13:00:00.000Z", status: "planned" });
      const debtor = await db.selectFrom("debtors").select(["paused_at", "paused_until"]).where("id", "=", debtorId).executeTakeFirstOrThrow();
      assert.deepEqual(debtor, { paused_at: now, paused_until: "2026-05-08" });
      assert.equal((await db.selectFrom("actions").select("status").where("id", "=", planned).executeTakeFirstOrThrow()).status, "cancelled");
      const hold = await db.selectFrom("holds").select(["kind", "action", "until", "reason"]).where("debtor_id", "=", debtorId).executeTakeFirstOrThrow();
      assert.deepEqual(hold, { kind: "pause", action: "start", until: "2026-05-08", reason: `promessa de pagamento nº ${p.id}: R$ 300,00 até 08/05/2026` });
      await rejects(recordPromise(deps, collector, creditorId, ref, { amountCents: 10_000, date: "2026-05-10", channel: "sms" }), "conflict", `O devedor já tem uma promessa em aberto (nº ${p.id}, para 08/05/2026).`);
      assert.deepEqual(await checkPromises(deps, creditorId, "2026-05-05"), { checked: 1, kept: [], broken: [] });
      now = "2026-05-06T15:00:00.000Z";
      await recordPayment(deps, collector, creditorId, { source: "manual", method: "cash", idempotencyKey: `neg-${dialect}-prom-pay`, amountCents: 30_000, paidDate: "2026-05-06", debtorId, note: "caixa" });
      assert.deepEqual(await checkPromises(deps, creditorId, "2026-05-06"), { checked: 1, kept: [p.id], broken: [] });
      const kept = (await listPromises(deps, auditor, creditorId, { debtor: ref })).items[0]!;
      assert.deepEqual([kept.status, kept.paidCents, kept.reminder?.status], ["kept", 30_000, "cancelled"]);
      assert.deepEqual(await db.selectFrom("debtors").select(["paused_at", "paused_until"]).where("id", "=", debtorId).executeTakeFirstOrThrow(), { paused_at: null, paused_until: null }, "pause lifted at once");
      const kinds = (await db.selectFrom("events").select("kind").where("debtor_id", "=", debtorId).where("kind", "like", "promise.%").orderBy("id").execute()).map((e) => e.kind);
      assert.deepEqual(kinds, ["promise.created", "promise.kept"]);

      // A second promise, not kept: broken the day after its date; its pause has ended by itself.
      const p2 = await recordPromise(deps, collector, creditorId, ref, { amountCents: 50_000, date: "2026-05-07", channel: "sms" });
      assert.equal(p2.reminder, null, "the date is tomorrow: no reminder");
      assert.deepEqual(await checkPromises(deps, creditorId, "2026-05-07"), { checked: 1, kept: [], broken: [] });
      assert.deepEqual(await checkPromises(deps, creditorId, "2026-05-08"), { checked: 1, kept: [], broken: [p2.id] });
      assert.equal((await listPromises(deps, auditor, creditorId, { status: "broken" })).items[0]?.id, p2.id);
      now = "2026-05-04T13:00:00.000Z";
    });

    it("with the ladder: the original stops while in agreement, the instalments get their reminders, and after a break the original is collected again", async () => {
      const { db } = deps.database;
      const c = await kitCreditor(deps);
      const ladder = { id: "padrao", name: "Padrão", steps: [
        { id: "d-3", offsetDays: -3, stage: "friendly", channel: "email" },
        { id: "d+1", offsetDays: 1, stage: "friendly", channel: "email" },
        { id: "d+20", offsetDays: 20, stage: "firm", channel: "email" },
      ] };
      await applyLadder(deps, SYSTEM_ACTOR, c, { document: ladder });
      const debtorId = await kitDebtor(db, c, "52998224725");
      await db.insertInto("contacts").values({ creditor_id: c, debtor_id: debtorId, kind: "email", value: "ladder@exemplo.com.br", validity: "valid", invalid_reason: null, source: "teste", created_at: now, updated_at: now }).execute();
      await kitDebt(db, c, debtorId, "L-1", 40_000, "2026-04-01");
      const plan = async (at: string) => (await runLadder(deps, SYSTEM_ACTOR, c, { at, dryRun: true })).result;
      assert.deepEqual((await plan("2026-05-04T13:00:00Z")).planned.map((p) => [p.debtExternalIds, p.stepId]), [[["L-1"], "d+20"]]);

      const a = await acceptAgreement(deps, SYSTEM_ACTOR, c, { document: "52998224725" }, { option: 2 });
      assert.deepEqual(a.schedule.map((s) => s.dueDate), ["2026-05-11", "2026-06-11"]);
      const during = await plan("2026-05-08T13:00:00Z");
      assert.deepEqual(during.planned.map((p) => [p.debtExternalIds, p.stepId]), [[[`ACORDO-${a.id}-1`], "d-3"]], "the down payment's reminder, 3 days before");
      assert.ok(during.skipped.some((s) => s.debtExternalIds.includes("L-1") && s.reason === "in_agreement"));

      now = "2026-05-11T15:00:00.000Z";
      await applyInstalmentPayment(deps, SYSTEM_ACTOR, c, { agreementId: a.id, number: 1, amountCents: a.downPaymentCents, paidDate: "2026-05-11", method: "transfer", note: "pix recebido" });
      now = "2026-06-22T09:00:00.000Z";
      assert.deepEqual(await checkAgreements(deps, c, "2026-06-22"), { checked: 1, settled: [], broken: [a.id] });
      const after = await plan("2026-06-22T13:00:00Z");
      assert.deepEqual(after.planned.map((p) => p.debtExternalIds), [["L-1"]], "the original is collected again; the cancelled instalment is not");
      now = "2026-05-04T13:00:00.000Z";
    });

    it("a payment batch that settles more debts than one statement takes still settles the agreement among them", async () => {
      const { db } = deps.database;
      const c = await kitCreditor(deps);
      const debtorId = await kitDebtor(db, c, "11144477735");
      await kitDebt(db, c, debtorId, "B-1", 40_000, "2026-04-01");
      const a = await acceptAgreement(deps, SYSTEM_ACTOR, c, { document: "11144477735" }, { option: 1 });
      const instalment = Number(a.schedule[0]!.debtId);
      // 70,000 ids (more than SQLite's 32,766 values and PostgreSQL's 65,535 parameters per statement), the instalment's near the end.
      const ids = Array.from({ length: 70_000 }, (_, i) => 10_000_000 + i);
      ids[69_000] = instalment;
      const settled = await db.transaction().execute(async (trx) => {
        // What the ledger does first in its transaction: the instalment's debt paid in full.
        await trx.updateTable("debts").set({ status: "settled", open_cents: 0 }).where("id", "=", instalment).execute();
        return settleAgreementsPaidBy(trx, deps, c, ids, "2026-05-04");
      });
      assert.deepEqual(settled, [a.id]);
      assert.equal((await getAgreement(deps, SYSTEM_ACTOR, c, a.id)).status, "settled");
    });
  });
}
