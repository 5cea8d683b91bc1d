import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Kysely } from "kysely";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, TEST_NOW, type Seed } from "../../../test/support/factories.ts";
import type { Schema } from "../../db/schema.ts";
import { DEFAULT_CONTACT_WINDOWS } from "../../domain/guard/contact-window.ts";
import { DEFAULT_FREQUENCY_CAPS } from "../../domain/guard/rules.ts";
import { AppError } from "../../shared/app-error.ts";
import { fixedClock } from "../../shared/clock.ts";
import { SYSTEM_ACTOR, type Actor, type Role } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { getContactPolicy, loadContactPolicy, setContactPolicy, updateContactWindows, updateFrequencyCaps } from "./contact-policy.ts";
import { disputeDebt, undisputeDebt } from "./dispute.ts";
import { getHolds } from "./list-holds.ts";
import { optIn, optOut } from "./opt-out.ts";
import { pauseDebt, pauseDebtor, resumeDebt, resumeDebtor } from "./pause.ts";

const actorOf = (role: Role, creditorIds: string[]): Actor => ({ kind: "user", id: `u-${role}`, role, creditorIds, label: `user:${role}@teste` });

let seq = 0;
/** A pending (or other) action straight into the outbox, as the run would plan it. */
async function insertAction(db: Kysely<Schema>, a: { creditorId: string; debtorId: string; channel: string; status?: string; debtIds: string[] }): Promise<number> {
  const row = {
    creditor_id: a.creditorId, debtor_id: Number(a.debtorId), ladder_id: "varejo", step_id: `d${++seq}`, stage: "friendly", channel: a.channel,
    local_day: "2025-06-02", idempotency_key: `test-${seq}`, status: a.status ?? "planned", send_at: TEST_NOW, created_at: TEST_NOW, updated_at: TEST_NOW,
  };
  const { id } = await db.insertInto("actions").values(row as never).returning("id").executeTakeFirstOrThrow();
  for (const debtId of a.debtIds) await db.insertInto("action_debts").values({ action_id: Number(id), debt_id: Number(debtId) } as never).execute();
  return Number(id);
}

async function statuses(db: Kysely<Schema>, ids: number[]): Promise<string[]> {
  const rows = await db.selectFrom("actions").select(["id", "status", "cancel_reason"]).where("id", "in", ids).orderBy("id").execute();
  return rows.map((r) => (r.status === "cancelled" ? `cancelled:${r.cancel_reason}` : r.status));
}

async function counts(db: Kysely<Schema>) {
  const n = async (table: "holds" | "events" | "audit_log" | "opt_outs") => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { holds: await n("holds"), events: await n("events"), audit: await n("audit_log"), optOuts: await n("opt_outs") };
}

/** A second debt for a debtor, inserted directly. */
async function addDebt(db: Kysely<Schema>, creditorId: string, debtorId: string, externalId: string, fields: { status?: string; openCents?: number } = {}): Promise<string> {
  const { id } = await db
    .insertInto("debts")
    .values({
      creditor_id: creditorId, debtor_id: Number(debtorId), external_id: externalId, description: null, original_cents: 5000, open_cents: fields.openCents ?? 5000,
      issue_date: null, due_date: "2025-05-20", contract: null, instalment: null, our_number: null, status: fields.status ?? "open", created_at: TEST_NOW, updated_at: TEST_NOW,
    } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(id);
}

function rejects(code: string, message?: string | RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.code, code, e.message);
    if (typeof message === "string") assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  };
}

for (const dialect of testDialects()) {
  describe(`holds (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let deps: AppDeps;
    let seed: Seed;
    let db: Kysely<Schema>;
    let A: string;
    let debtorA: string;
    let debtA: string;
    const docA = "52998224725";

    before(async () => {
      env = await openTestDeps(dialect);
      deps = env.deps;
      db = deps.database.db;
      seed = await seedTenants(deps);
      A = seed.a.creditor.id;
      debtorA = seed.a.debtor.id;
      debtA = seed.a.debt.id;
    });
    after(async () => env?.cleanup());

    it("pausing a debtor cancels its pending actions on every channel in the same transaction, and records history, timeline and audit", async () => {
      const planned = await insertAction(db, { creditorId: A, debtorId: debtorA, channel: "email", debtIds: [debtA] });
      const approval = await insertAction(db, { creditorId: A, debtorId: debtorA, channel: "credit_bureau", status: "awaiting_approval", debtIds: [debtA] });
      const sent = await insertAction(db, { creditorId: A, debtorId: debtorA, channel: "sms", status: "sent", debtIds: [debtA] });
      const otherTenant = await insertAction(db, { creditorId: seed.b.creditor.id, debtorId: seed.b.debtor.id, channel: "email", debtIds: [seed.b.debt.id] });

      const r = await pauseDebtor(deps, SYSTEM_ACTOR, A, { document: "529.982.247-25" }, { reason: "  cliente em tratamento de saúde " });
      assert.deepEqual(r, { changed: true, debtor: { debtorId: debtorA, document: docA, paused: true, pausedAt: TEST_NOW, pausedUntil: null }, cancelledActions: 2 });
      assert.deepEqual(await statuses(db, [planned, approval, sent, otherTenant]), ["cancelled:debtor_paused", "cancelled:debtor_paused", "sent", "planned"]);
      const debtor = await db.selectFrom("debtors").select(["paused_at", "paused_until"]).where("id", "=", Number(debtorA)).executeTakeFirstOrThrow();
      assert.deepEqual(debtor, { paused_at: TEST_NOW, paused_until: null });
      const hold = await db.selectFrom("holds").selectAll().where("debtor_id", "=", Number(debtorA)).executeTakeFirstOrThrow();
      assert.deepEqual({ ...hold, id: 0 }, {
        id: 0, creditor_id: A, debtor_id: Number(debtorA), debt_id: null, kind: "pause", action: "start", at: TEST_NOW, actor: "system:cli",
        reason: "cliente em tratamento de saúde", until: null, prior_status: null,
      });
      const event = await db.selectFrom("events").select(["kind", "actor", "debt_id", "data"]).where("debtor_id", "=", Number(debtorA)).orderBy("id", "desc").executeTakeFirstOrThrow();
      assert.deepEqual({ ...event, data: JSON.parse(event.data) }, { kind: "debtor.paused", actor: "system:cli", debt_id: null, data: { reason: "cliente em tratamento de saúde", until: null, cancelledActions: 2 } });
      const audit = await db.selectFrom("audit_log").select(["action", "entity", "entity_id", "creditor_id", "before", "after"]).orderBy("id", "desc").executeTakeFirstOrThrow();
      assert.deepEqual(audit, {
        action: "debtor.pause", entity: "debtor", entity_id: debtorA, creditor_id: A, before: JSON.stringify({ pausedAt: null, pausedUntil: null }),
        after: JSON.stringify({ pausedAt: TEST_NOW, pausedUntil: null, reason: "cliente em tratamento de saúde", cancelledActions: 2 }),
      });
    });

    it("pausing a paused debtor again changes nothing and writes nothing; resume ends it once", async () => {
      const before = await counts(db);
      const again = await pauseDebtor(deps, SYSTEM_ACTOR, A, { id: debtorA }, { reason: "de novo" });
      assert.equal(again.changed, false);
      assert.equal(again.debtor.pausedAt, TEST_NOW);
      assert.deepEqual(await counts(db), before);

      const later = { ...deps, clock: fixedClock("2025-06-03T12:00:00Z") };
      const resumed = await resumeDebtor(later, SYSTEM_ACTOR, A, { document: docA }, { reason: "alta médica" });
      assert.deepEqual(resumed, { changed: true, debtor: { debtorId: debtorA, document: docA, paused: false, pausedAt: null, pausedUntil: null }, cancelledActions: 0 });
      const afterResume = await counts(db);
      assert.deepEqual(afterResume, { ...before, holds: before.holds + 1, events: before.events + 1, audit: before.audit + 1 });
      const again2 = await resumeDebtor(later, SYSTEM_ACTOR, A, { document: docA }, { reason: "alta médica" });
      assert.equal(again2.changed, false);
      assert.deepEqual(await counts(db), afterResume);
      const history = await db.selectFrom("holds").select(["kind", "action", "reason", "at"]).where("debtor_id", "=", Number(debtorA)).orderBy("id").execute();
      assert.deepEqual(history, [
        { kind: "pause", action: "start", reason: "cliente em tratamento de saúde", at: TEST_NOW },
        { kind: "pause", action: "end", reason: "alta médica", at: "2025-06-03T12:00:00.000Z" },
      ]);
    });

    it("a pause with a last day: validated in the debtor's zone, extended by pausing again, over after that day", async () => {
      // 2025-06-03T02:00Z is still 2 June in São Paulo (the debtor's UF).
      const night = { ...deps, clock: fixedClock("2025-06-03T02:00:00Z") };
      await assert.rejects(pauseDebtor(night, SYSTEM_ACTOR, A, { id: debtorA }, { reason: "viagem", until: "2025-06-01" }),
        rejects("validation", "until: o último dia da pausa (2025-06-01) já passou (hoje é 2025-06-02 no fuso do devedor)"));
      await assert.rejects(pauseDebtor(night, SYSTEM_ACTOR, A, { id: debtorA }, { reason: "viagem", until: "2025-02-30" }), rejects("validation", "until: data inválida (use AAAA-MM-DD): 2025-02-30"));
      await assert.rejects(pauseDebtor(night, SYSTEM_ACTOR, A, { id: debtorA }, { reason: "   " }), rejects("validation", "reason: informe o motivo"));
      const r = await pauseDebtor(night, SYSTEM_ACTOR, A, { id: debtorA }, { reason: "viagem", until: "2025-06-02" });
      assert.deepEqual(r.debtor, { debtorId: debtorA, document: docA, paused: true, pausedAt: "2025-06-03T02:00:00.000Z", pausedUntil: "2025-06-02" });
      const same = await pauseDebtor(night, SYSTEM_ACTOR, A, { id: debtorA }, { reason: "viagem", until: "2025-06-02" });
      assert.equal(same.changed, false);
      const extended = await pauseDebtor(night, SYSTEM_ACTOR, A, { id: debtorA }, { reason: "viagem mais longa", until: "2025-06-09" });
      assert.equal(extended.changed, true);
      assert.deepEqual(extended.debtor, { ...r.debtor, pausedUntil: "2025-06-09" }, "the pause keeps its start");
      // After the last day the pause has ended by itself: resuming is a no-op, pausing starts a new one.
      const after = { ...deps, clock: fixedClock("2025-06-10T13:00:00Z") };
      const view = await getHolds(after, SYSTEM_ACTOR, A, { id: debtorA });
      assert.equal(view.debtor.paused, false);
      assert.equal((await resumeDebtor(after, SYSTEM_ACTOR, A, { id: debtorA }, { reason: "x" })).changed, false);
      const fresh = await pauseDebtor(after, SYSTEM_ACTOR, A, { id: debtorA }, { reason: "nova pausa" });
      assert.deepEqual(fresh.debtor, { debtorId: debtorA, document: docA, paused: true, pausedAt: "2025-06-10T13:00:00.000Z", pausedUntil: null });
      await resumeDebtor(after, SYSTEM_ACTOR, A, { id: debtorA }, { reason: "fim" });
    });

    it("pausing a debt cancels only the actions that cover it", async () => {
      const debt2 = await addDebt(db, A, debtorA, "ALFA-0002");
      const onlyFirst = await insertAction(db, { creditorId: A, debtorId: debtorA, channel: "email", debtIds: [debtA] });
      const both = await insertAction(db, { creditorId: A, debtorId: debtorA, channel: "sms", debtIds: [debtA, debt2] });
      const onlySecond = await insertAction(db, { creditorId: A, debtorId: debtorA, channel: "whatsapp", debtIds: [debt2] });
      const r = await pauseDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-0002" }, { reason: "renegociação" });
      assert.deepEqual(r, {
        changed: true, cancelledActions: 2,
        debt: { debtId: debt2, externalId: "ALFA-0002", debtorId: debtorA, document: docA, status: "open", paused: true, pausedAt: TEST_NOW, pausedUntil: null },
      });
      assert.deepEqual(await statuses(db, [onlyFirst, both, onlySecond]), ["planned", "cancelled:debt_paused", "cancelled:debt_paused"]);
      const event = await db.selectFrom("events").select(["kind", "debt_id"]).orderBy("id", "desc").executeTakeFirstOrThrow();
      assert.deepEqual(event, { kind: "debt.paused", debt_id: Number(debt2) });
      assert.equal((await pauseDebt(deps, SYSTEM_ACTOR, A, { id: debt2 }, { reason: "de novo" })).changed, false);
      const resumed = await resumeDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-0002" }, { reason: "acordo desfeito" });
      assert.equal(resumed.changed, true);
      assert.equal(resumed.debt.paused, false);
      assert.equal((await resumeDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-0002" }, { reason: "x" })).changed, false);
      await assert.rejects(pauseDebt(deps, SYSTEM_ACTOR, A, { externalId: "NAO-EXISTE" }, { reason: "x" }), rejects("not_found", "Título não encontrado."));
      await assert.rejects(pauseDebt(deps, SYSTEM_ACTOR, A, { id: "abc" }, { reason: "x" }), rejects("not_found", "Título não encontrado."));
    });

    it("a dispute holds the debt and cancels its actions; undisputing restores the status it had", async () => {
      const action = await insertAction(db, { creditorId: A, debtorId: debtorA, channel: "email", debtIds: [debtA] });
      const pending = await db.selectFrom("actions").innerJoin("action_debts", "action_debts.action_id", "actions.id").select("actions.id")
        .where("action_debts.debt_id", "=", Number(debtA)).where("actions.status", "in", ["planned", "awaiting_approval"]).execute();
      assert.ok(pending.length >= 1);
      const r = await disputeDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-0001" }, { reason: "não reconhece a compra" });
      assert.equal(r.changed, true);
      assert.equal(r.debt.status, "disputed");
      assert.equal(r.cancelledActions, pending.length);
      assert.deepEqual(await statuses(db, [action]), ["cancelled:debt_disputed"]);
      assert.deepEqual(await statuses(db, pending.map((p) => Number(p.id))), pending.map(() => "cancelled:debt_disputed"));
      assert.equal((await db.selectFrom("debts").select("status").where("id", "=", Number(debtA)).executeTakeFirstOrThrow()).status, "disputed");
      assert.equal((await disputeDebt(deps, SYSTEM_ACTOR, A, { id: debtA }, { reason: "de novo" })).changed, false);
      // A disputed debt can be paused too; both holds are independent.
      assert.equal((await pauseDebt(deps, SYSTEM_ACTOR, A, { id: debtA }, { reason: "aguardando nota" })).debt.status, "disputed");
      const u = await undisputeDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-0001" }, { reason: "nota fiscal apresentada" });
      assert.deepEqual([u.changed, u.debt.status, u.debt.paused], [true, "open", true]);
      assert.equal((await undisputeDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-0001" }, { reason: "x" })).changed, false);
      await resumeDebt(deps, SYSTEM_ACTOR, A, { id: debtA }, { reason: "ok" });
      const holds = await db.selectFrom("holds").select(["kind", "action", "prior_status"]).where("debt_id", "=", Number(debtA)).orderBy("id").execute();
      assert.deepEqual(holds, [
        { kind: "dispute", action: "start", prior_status: "open" },
        { kind: "pause", action: "start", prior_status: null },
        { kind: "dispute", action: "end", prior_status: null },
        { kind: "pause", action: "end", prior_status: null },
      ]);
      const kinds = (await db.selectFrom("events").select("kind").where("debt_id", "=", Number(debtA)).orderBy("id").execute()).map((e) => e.kind);
      assert.deepEqual(kinds.filter((k) => k.startsWith("debt.")), ["debt.disputed", "debt.paused", "debt.undisputed", "debt.resumed"]);
    });

    it("dispute status rules: in agreement comes back in agreement, paid off meanwhile comes back settled, settled cannot be disputed", async () => {
      await addDebt(db, A, debtorA, "ALFA-ACORDO", { status: "in_agreement" });
      await disputeDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-ACORDO" }, { reason: "valor errado" });
      assert.equal((await undisputeDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-ACORDO" }, { reason: "corrigido" })).debt.status, "in_agreement");
      const paid = await addDebt(db, A, debtorA, "ALFA-PAGA");
      await disputeDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-PAGA" }, { reason: "já paguei" });
      await db.updateTable("debts").set({ open_cents: 0 }).where("id", "=", Number(paid)).execute();
      assert.equal((await undisputeDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-PAGA" }, { reason: "pagamento confirmado" })).debt.status, "settled");
      await assert.rejects(disputeDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-PAGA" }, { reason: "x" }), rejects("conflict", "O título ALFA-PAGA está quitado: não há cobrança a contestar."));
      await assert.rejects(pauseDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-PAGA" }, { reason: "x" }), rejects("conflict", "O título ALFA-PAGA está quitado: não há cobrança a pausar."));
    });

    it("an opt-out is honoured at once on its channel only; opt-in ends it; repeats change nothing", async () => {
      const sms = await insertAction(db, { creditorId: A, debtorId: debtorA, channel: "sms", debtIds: [debtA] });
      const email = await insertAction(db, { creditorId: A, debtorId: debtorA, channel: "email", debtIds: [debtA] });
      const r = await optOut(deps, SYSTEM_ACTOR, A, { document: docA }, { channel: "sms", reason: "respondeu SAIR" });
      assert.deepEqual(r, { changed: true, optOut: { debtorId: debtorA, document: docA, channel: "sms", optedOut: true, optedOutAt: TEST_NOW, source: "manual" }, cancelledActions: 1 });
      assert.deepEqual(await statuses(db, [sms, email]), ["cancelled:opted_out", "planned"]);
      const row = await db.selectFrom("opt_outs").select(["channel", "opted_out_at", "opted_in_at", "source", "actor", "reason"]).where("debtor_id", "=", Number(debtorA)).executeTakeFirstOrThrow();
      assert.deepEqual(row, { channel: "sms", opted_out_at: TEST_NOW, opted_in_at: null, source: "manual", actor: "system:cli", reason: "respondeu SAIR" });
      const before = await counts(db);
      const later = { ...deps, clock: fixedClock("2025-06-05T13:00:00Z") };
      const again = await optOut(later, SYSTEM_ACTOR, A, { id: debtorA }, { channel: "sms", source: "sms_keyword" });
      assert.deepEqual(again.optOut, { debtorId: debtorA, document: docA, channel: "sms", optedOut: true, optedOutAt: TEST_NOW, source: "manual" });
      assert.equal(again.changed, false);
      assert.deepEqual(await counts(db), before);
      assert.deepEqual((await getHolds(later, SYSTEM_ACTOR, A, { id: debtorA })).optOuts, [{ channel: "sms", optedOutAt: TEST_NOW, source: "manual", reason: "respondeu SAIR" }]);

      const back = await optIn(later, SYSTEM_ACTOR, A, { document: docA }, { channel: "sms" });
      assert.deepEqual(back, { changed: true, optOut: { debtorId: debtorA, document: docA, channel: "sms", optedOut: false, optedOutAt: null, source: null }, cancelledActions: 0 });
      assert.equal((await db.selectFrom("opt_outs").select("opted_in_at").where("debtor_id", "=", Number(debtorA)).executeTakeFirstOrThrow()).opted_in_at, "2025-06-05T13:00:00.000Z");
      assert.equal((await optIn(later, SYSTEM_ACTOR, A, { document: docA }, { channel: "sms" })).changed, false);
      assert.deepEqual((await getHolds(later, SYSTEM_ACTOR, A, { id: debtorA })).optOuts, []);
      const kinds = (await db.selectFrom("events").select("kind").where("debtor_id", "=", Number(debtorA)).where("kind", "like", "contact.opted%").orderBy("id").execute()).map((e) => e.kind);
      assert.deepEqual(kinds, ["contact.opted_out", "contact.opted_in"]);

      await assert.rejects(optOut(deps, SYSTEM_ACTOR, A, { id: debtorA }, { channel: "credit_bureau" }), rejects("validation", "channel: canal sem descadastro: credit_bureau (use email, sms, phone, whatsapp, letter)"));
      await assert.rejects(optOut(deps, SYSTEM_ACTOR, A, { id: debtorA }, { channel: "sms", source: "Link!" }), rejects("validation", /^source:/));
    });

    it("permissions: collectors record disputes and opt-outs; pauses, undisputes and opt-ins are for managers; nobody reaches another tenant", async () => {
      const collector = actorOf("collector", [A]);
      const auditor = actorOf("auditor", [A]);
      const manager = actorOf("manager", [A]);
      const forbidden = rejects("forbidden", /não permite esta operação/);
      await assert.rejects(pauseDebtor(deps, collector, A, { id: debtorA }, { reason: "x" }), forbidden);
      await assert.rejects(resumeDebt(deps, collector, A, { id: debtA }, { reason: "x" }), forbidden);
      await assert.rejects(optIn(deps, collector, A, { id: debtorA }, { channel: "email" }), forbidden);
      await assert.rejects(disputeDebt(deps, auditor, A, { id: debtA }, { reason: "x" }), forbidden);
      await assert.rejects(optOut(deps, auditor, A, { id: debtorA }, { channel: "email" }), forbidden);
      const d = await disputeDebt(deps, collector, A, { id: debtA }, { reason: "cliente diz que não comprou" });
      assert.equal(d.changed, true);
      await assert.rejects(undisputeDebt(deps, collector, A, { id: debtA }, { reason: "x" }), forbidden);
      assert.equal((await undisputeDebt(deps, manager, A, { id: debtA }, { reason: "comprovado" })).changed, true);
      assert.equal((await optOut(deps, collector, A, { id: debtorA }, { channel: "phone", reason: "pediu para não ligar" })).changed, true);
      assert.equal((await optIn(deps, manager, A, { id: debtorA }, { channel: "phone" })).changed, true);
      // Other tenant: B's creditor is unknown to A's people; B's debtor and debt are unknown inside A.
      await assert.rejects(pauseDebtor(deps, manager, seed.b.creditor.id, { id: seed.b.debtor.id }, { reason: "x" }), rejects("not_found", "Credor não encontrado."));
      await assert.rejects(pauseDebtor(deps, manager, A, { id: seed.b.debtor.id }, { reason: "x" }), rejects("not_found", "Devedor não encontrado."));
      await assert.rejects(optOut(deps, manager, A, { document: seed.b.debtor.document }, { channel: "sms" }), rejects("not_found", "Devedor não encontrado."));
      await assert.rejects(disputeDebt(deps, manager, A, { id: seed.b.debt.id }, { reason: "x" }), rejects("not_found", "Título não encontrado."));
      await assert.rejects(disputeDebt(deps, manager, A, { externalId: seed.b.debt.externalId }, { reason: "x" }), rejects("not_found", "Título não encontrado."));
      assert.equal((await db.selectFrom("debts").select("status").where("id", "=", Number(seed.b.debt.id)).executeTakeFirstOrThrow()).status, "open");
    });

    it("getHolds lists what holds a debtor now and the full history", async () => {
      await pauseDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-0001" }, { reason: "conferência", until: "2025-06-20" });
      await disputeDebt(deps, SYSTEM_ACTOR, A, { externalId: "ALFA-0002" }, { reason: "valor errado" });
      await optOut(deps, SYSTEM_ACTOR, A, { id: debtorA }, { channel: "letter" });
      const h = await getHolds(deps, actorOf("auditor", [A]), A, { document: docA });
      assert.deepEqual(h.debtor, { debtorId: debtorA, document: docA, paused: false, pausedAt: null, pausedUntil: null });
      assert.deepEqual(h.debts.map((d) => [d.externalId, d.status, d.disputed, d.paused, d.pausedUntil]), [
        ["ALFA-0001", "open", false, true, "2025-06-20"],
        ["ALFA-0002", "disputed", true, false, null],
      ]);
      assert.deepEqual(h.optOuts.map((o) => o.channel), ["letter"]);
      const last = h.history.slice(-2);
      assert.deepEqual(last.map((e) => [e.kind, e.action, e.debtExternalId, e.until]), [["pause", "start", "ALFA-0001", "2025-06-20"], ["dispute", "start", "ALFA-0002", null]]);
      assert.ok(h.history.length >= 10);
      await assert.rejects(getHolds(deps, actorOf("auditor", [A]), A, { document: "11144477735" }), rejects("not_found", "Devedor não encontrado."));
    });

    it("contact policy: defaults, per-channel windows, caps, reset, validation, audit", async () => {
      const B = seed.b.creditor.id;
      const initial = await getContactPolicy(deps, SYSTEM_ACTOR, B);
      assert.deepEqual(initial, { windows: { default: DEFAULT_CONTACT_WINDOWS }, caps: DEFAULT_FREQUENCY_CAPS, customized: { windows: false, caps: false } });
      assert.deepEqual(await loadContactPolicy(db, B), { windows: { default: DEFAULT_CONTACT_WINDOWS }, caps: DEFAULT_FREQUENCY_CAPS });

      const sms = await updateContactWindows(deps, SYSTEM_ACTOR, B, { channel: "sms", weekday: { from: "09:00", to: "18:00" }, saturday: null });
      assert.deepEqual(sms.windows, { default: DEFAULT_CONTACT_WINDOWS, sms: { weekday: { from: "09:00", to: "18:00" }, saturday: null, sunday: null, holidays: null } });
      assert.equal(sms.customized.windows, true);
      const stored = await db.selectFrom("creditors").select(["contact_windows", "frequency_caps"]).where("id", "=", B).executeTakeFirstOrThrow();
      assert.equal(stored.contact_windows, JSON.stringify(sms.windows));
      assert.equal(stored.frequency_caps, null);
      const def = await updateContactWindows(deps, SYSTEM_ACTOR, B, { saturday: { from: "09:00", to: "13:00" } });
      assert.deepEqual(def.windows.default.saturday, { from: "09:00", to: "13:00" });
      assert.deepEqual(def.windows.sms!.saturday, null, "the channel's override stays as it was");
      const noSms = await updateContactWindows(deps, SYSTEM_ACTOR, B, { channel: "sms", reset: true });
      assert.deepEqual(Object.keys(noSms.windows), ["default"]);
      const back = await updateContactWindows(deps, SYSTEM_ACTOR, B, { reset: true });
      assert.deepEqual(back.customized, { windows: false, caps: false });
      assert.equal((await db.selectFrom("creditors").select("contact_windows").where("id", "=", B).executeTakeFirstOrThrow()).contact_windows, null);

      const caps = await updateFrequencyCaps(deps, SYSTEM_ACTOR, B, { channel: "phone", perWeek: 2 });
      assert.deepEqual(caps.caps, { perDay: { default: 1 }, perWeek: { default: null, phone: 2 }, totalPerDay: null, totalPerWeek: null });
      const totals = await updateFrequencyCaps(deps, SYSTEM_ACTOR, B, { totalPerDay: 2, perDay: 2 });
      assert.deepEqual(totals.caps, { perDay: { default: 2 }, perWeek: { default: null, phone: 2 }, totalPerDay: 2, totalPerWeek: null });
      assert.deepEqual((await loadContactPolicy(db, B)).caps, totals.caps);
      await assert.rejects(updateFrequencyCaps(deps, SYSTEM_ACTOR, B, { channel: "sms", totalPerDay: 1 }), rejects("validation", /informe-os sem canal/));
      await assert.rejects(updateFrequencyCaps(deps, SYSTEM_ACTOR, B, { perDay: -1 }), rejects("validation", /perDay: use um número inteiro de 0 a 1000/));
      await assert.rejects(updateContactWindows(deps, SYSTEM_ACTOR, B, { channel: "fax", weekday: null }), rejects("validation", "channel: canal desconhecido: fax"));

      // The API form: whole parts replaced, null back to defaults, validated with the field named.
      await assert.rejects(setContactPolicy(deps, SYSTEM_ACTOR, B, { windows: { default: { ...DEFAULT_CONTACT_WINDOWS, weekday: { from: "20:00", to: "08:00" } } } }),
        rejects("validation", "windows.default.weekday: o início (20:00) deve ser antes do fim (08:00)"));
      const auditBefore = (await counts(db)).audit;
      const put = await setContactPolicy(deps, SYSTEM_ACTOR, B, { caps: null });
      assert.deepEqual(put.customized, { windows: false, caps: false });
      assert.equal((await counts(db)).audit, auditBefore + 1);
      await setContactPolicy(deps, SYSTEM_ACTOR, B, { caps: null, windows: null });
      assert.equal((await counts(db)).audit, auditBefore + 1, "no change, no audit entry");
      const entry = await db.selectFrom("audit_log").select(["action", "creditor_id", "actor"]).where("action", "=", "creditor.contact_policy").orderBy("id", "desc").executeTakeFirstOrThrow();
      assert.deepEqual(entry, { action: "creditor.contact_policy", creditor_id: B, actor: "system:cli" });

      await assert.rejects(updateContactWindows(deps, actorOf("collector", [B]), B, { sunday: null }), rejects("forbidden"));
      await assert.rejects(getContactPolicy(deps, actorOf("manager", [A]), B), rejects("not_found", "Credor não encontrado."));
      assert.deepEqual((await getContactPolicy(deps, actorOf("auditor", [B]), B)).customized, { windows: false, caps: false });
    });
  });
}
