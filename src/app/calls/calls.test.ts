import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { importCsv, openTestDeps, seedTenants, TEST_NOW, type Seed } from "../../../test/support/factories.ts";
import { completeCpf } from "../../domain/br/documents.ts";
import type { Clock } from "../../shared/clock.ts";
import { SYSTEM_ACTOR, type Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { getTimeline } from "../portfolio/debtors.ts";
import { listCalls } from "./list-calls.ts";
import { getNextCall } from "./next-call.ts";
import { recordCall, WRONG_NUMBER_REASON } from "./record-call.ts";

const user = (email: string, role: Actor["role"], creditorId: string): Actor => ({ kind: "user", id: email, role, creditorIds: [creditorId], label: `user:${email}` });

/** Debtors of creditor A besides the seeded Ana (R$ 150,00 due 10/05/2025, 23 days late on TEST_NOW). */
const ROWS: [name: string, base9: string, phone: string, uf: string, externalId: string, amount: string, due: string][] = [
  // 13 days late: 500,00 × 60 % = 300,00 expected, × 0,7 (phone never checked) = 210,00.
  ["Carla Castro", "111222333", "(11) 97777-1111", "SP", "C-1", "500,00", "20/05/2025"],
  // 143 days late: 1.000,00 × 25 % = 250,00, × 0,7 = 175,00.
  ["Bruno Barros", "222333444", "(21) 97777-2222", "RJ", "B-1", "1.000,00", "10/01/2025"],
  // 8 days late, in Acre (08:00 there at TEST_NOW): 300,00 × 60 % × 0,7 = 126,00.
  ["Fábio Freitas", "333444555", "(68) 99977-3333", "AC", "F-1", "300,00", "25/05/2025"],
  // More than 1,825 days overdue: no phone collection.
  ["Davi Duarte", "444555666", "(11) 97777-4444", "SP", "D-1", "2.000,00", "01/01/2019"],
  // No phone.
  ["Elisa Esteves", "555666777", "", "SP", "E-1", "800,00", "01/05/2025"],
];

for (const dialect of testDialects()) {
  describe(`call queue on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let deps: AppDeps;
    let seed: Seed;
    let now = TEST_NOW;
    const clock: Clock = { now: () => new Date(now) };
    let collector: Actor;
    let manager: Actor;
    const ids: Record<string, string> = {};
    const phones: Record<string, string> = {};

    before(async () => {
      env = await openTestDeps(dialect);
      deps = { ...env.deps, clock };
      seed = await seedTenants(deps);
      const A = seed.a.creditor.id;
      const csv = ["documento;nome;telefone;uf;titulo;valor;vencimento", ...ROWS.map(([name, base, phone, uf, ext, amount, due]) => `${completeCpf(base)};${name};${phone};${uf};${ext};${amount};${due}`)].join("\n");
      const result = await importCsv(deps, A, csv + "\n");
      assert.equal(result.imported, ROWS.length, JSON.stringify(result.rejected));
      const { db } = deps.database;
      for (const d of await db.selectFrom("debtors").select(["id", "name"]).where("creditor_id", "=", A).execute()) ids[d.name.split(" ")[0]!] = String(d.id);
      for (const c of await db.selectFrom("contacts").select(["id", "debtor_id"]).where("creditor_id", "=", A).where("kind", "=", "phone").execute()) {
        const name = Object.keys(ids).find((k) => ids[k] === String(c.debtor_id))!;
        phones[name] = String(c.id);
      }
      collector = user(seed.users.collectorA.email, "collector", A);
      manager = user(seed.users.managerA.email, "manager", A);
    });
    after(async () => {
      await env?.cleanup();
    });

    const next = (who: Actor) => getNextCall(deps, who, seed.a.creditor.id);
    const record = (who: Actor, name: string, outcome: string, extra: Record<string, unknown> = {}) =>
      recordCall(deps, who, seed.a.creditor.id, { debtorId: ids[name]!, contactId: phones[name]!, outcome, ...extra });

    it("offers the highest expected recovery first, with today's charges, and keeps it for the collector", async () => {
      const first = await next(collector);
      assert.ok(first.item, JSON.stringify(first.skipped));
      const item = first.item;
      assert.deepEqual([item.debtor.name, item.tier, item.expectedRecoveryCents, item.contactability, item.score], ["Carla Castro", "ranked", 30_000, 0.7, 21_000]);
      assert.deepEqual([item.phone.value, item.today, item.localTime, item.claimedUntil], ["+5511977771111", "2025-06-02", "10:00", "2025-06-02T13:15:00.000Z"]);
      // 13 days late: 2 % fine and 1 % a month pro rata die on R$ 500,00.
      assert.deepEqual(item.debts.map((d) => [d.externalId, d.daysLate, d.principalCents, d.fineCents, d.totalCents > d.principalCents + d.fineCents]), [["C-1", 13, 50_000, 1_000, true]]);
      assert.equal(item.totals.totalCents, item.debts[0]!.totalCents);
      assert.deepEqual(first.skipped, { no_phone: 1 }, "Davi's debt is too old for a call, Elisa has no phone");
      const again = await next(collector);
      assert.equal(again.item?.debtor.name, "Carla Castro", "the collector's claim comes back");
      const other = await next(manager);
      assert.equal(other.item?.debtor.name, "Bruno Barros", "another collector gets the next one");
      assert.equal(other.skipped.claimed, 1);
    });

    it("no answer: an attempt and a timeline event; the debtor is not offered again today", async () => {
      const res = await record(collector, "Carla", "no_answer", { note: "caixa postal" });
      assert.deepEqual([res.attempt.outcome, res.attempt.note, res.attempt.localDay, res.attempt.phone, res.attempt.actor, res.promise, res.invalidatedContact], ["no_answer", "caixa postal", "2025-06-02", "+5511977771111", collector.label, null, null]);
      const timeline = await getTimeline(deps, collector, seed.a.creditor.id, ids.Carla!);
      assert.equal(timeline.items[0]!.kind, "call.no_answer");
      assert.deepEqual((timeline.items[0]!.data as { attemptId: string; outcome: string }).attemptId, res.attempt.id);
      const audit = await deps.database.db.selectFrom("audit_log").select(["action", "entity", "actor"]).where("entity_id", "=", res.attempt.id).where("entity", "=", "call_attempt").execute();
      assert.deepEqual(audit, [{ action: "call.record", entity: "call_attempt", actor: collector.label }]);
      const after = await next(collector);
      assert.equal(after.item?.debtor.name, "Fábio Freitas", "Carla was called today and Bruno is the manager's");
    });

    it("wrong number: the phone contact is invalidated through the contact use case", async () => {
      const res = await record(collector, "Fábio", "wrong_number");
      assert.deepEqual(res.invalidatedContact, { id: phones["Fábio"], value: "+5568999773333" });
      const contact = await deps.database.db.selectFrom("contacts").select(["validity", "invalid_reason"]).where("id", "=", Number(phones["Fábio"])).executeTakeFirstOrThrow();
      assert.deepEqual(contact, { validity: "invalid", invalid_reason: WRONG_NUMBER_REASON });
      const kinds = (await getTimeline(deps, collector, seed.a.creditor.id, ids["Fábio"]!)).items.map((e) => e.kind);
      assert.deepEqual(kinds.slice(0, 2), ["call.wrong_number", "contact.invalidated"]);
    });

    it("right party → promise: the promise is recorded, pauses the debtor, and both show on the timeline", async () => {
      const offered = await next(collector);
      assert.equal(offered.item?.debtor.name, "Ana Clara Albuquerque");
      const res = await recordCall(deps, collector, seed.a.creditor.id, { debtorId: ids.Ana!, contactId: offered.item!.phone.contactId, outcome: "promise", promise: { amountCents: 15_415, date: "2025-06-06" }, note: "paga na sexta" });
      assert.ok(res.promise);
      assert.deepEqual([res.promise.amountCents, res.promise.promisedDate, res.promise.channel, res.promise.status, res.attempt.promiseId], [15_415, "2025-06-06", "phone", "open", res.promise.id]);
      const kinds = (await getTimeline(deps, collector, seed.a.creditor.id, ids.Ana!)).items.map((e) => e.kind);
      assert.deepEqual(kinds.slice(0, 2), ["call.promise", "promise.created"]);
      // Paused by the promise: not offered any more, whatever the day.
      now = "2025-06-03T13:00:00.000Z";
      const tomorrow = await next(manager);
      assert.notEqual(tomorrow.item?.debtor.name, "Ana Clara Albuquerque");
      now = TEST_NOW;
    });

    it("a refused promise records no call", async () => {
      const before = await deps.database.db.selectFrom("call_attempts").select("id").execute();
      await assert.rejects(
        recordCall(deps, collector, seed.a.creditor.id, { debtorId: ids.Ana!, contactId: phones.Ana!, outcome: "promise", promise: { amountCents: 100, date: "2025-06-05" } }),
        /já tem uma promessa em aberto/,
      );
      assert.equal((await deps.database.db.selectFrom("call_attempts").select("id").execute()).length, before.length);
    });

    it("the ladder's planned phone action comes first, and the call performs it", async () => {
      const { db } = deps.database;
      const A = seed.a.creditor.id;
      const { id } = await db
        .insertInto("actions")
        .values({
          creditor_id: A, debtor_id: Number(ids.Davi), ladder_id: "varejo", ladder_version: 1, step_id: "firme-telefone", stage: "firm", channel: "phone", local_day: "2025-06-02",
          idempotency_key: "test:davi:phone", status: "planned", send_at: "2025-06-02T12:00:00.000Z", contact_id: null, next_attempt_at: null, last_error: null, cancel_reason: null,
          provider_message_id: null, approved_by: null, approved_at: null, sent_at: null, created_at: TEST_NOW, updated_at: TEST_NOW,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      // Davi's only debt is too old for a phone call: the guard wins over the ladder.
      const first = await next(user("outro@teste.regua", "collector", A));
      assert.notEqual(first.item?.debtor.name, "Davi Duarte");
      await db.updateTable("debts").set({ due_date: "2025-05-01" }).where("external_id", "=", "D-1").where("creditor_id", "=", A).execute();
      const third = user("terceira@teste.regua", "collector", A);
      const offered = await next(third);
      assert.deepEqual([offered.item?.debtor.name, offered.item?.tier, offered.item?.action?.id, offered.item?.action?.stage], ["Davi Duarte", "ladder", String(id), "firm"]);
      const res = await record(third, "Davi", "right_party_contact");
      assert.deepEqual(res.actions, [{ id: String(id), status: "sent" }]);
      const action = await db.selectFrom("actions").select(["status", "sent_at", "contact_id", "attempts"]).where("id", "=", Number(id)).executeTakeFirstOrThrow();
      assert.deepEqual(action, { status: "sent", sent_at: TEST_NOW, contact_id: Number(phones.Davi), attempts: 1 });
      assert.equal(res.attempt.actionId, String(id));
    });

    it("callback: refused outside the window, then offered at its time even though called today", async () => {
      const bad = await recordCall(deps, manager, seed.a.creditor.id, { debtorId: ids.Bruno!, contactId: phones.Bruno!, outcome: "callback", callbackAt: "2025-06-02T21:00:00-03:00" }).catch((e: unknown) => e);
      assert.ok(bad instanceof Error);
      assert.match(bad.message, /fora da janela de contato por telefone — a próxima janela começa em 03\/06\/2025 às 08:00 \(horário local\)/);
      await assert.rejects(recordCall(deps, manager, seed.a.creditor.id, { debtorId: ids.Bruno!, contactId: phones.Bruno!, outcome: "callback", callbackAt: "2025-06-02T09:00:00-03:00" }), /depois de agora/);
      await assert.rejects(recordCall(deps, manager, seed.a.creditor.id, { debtorId: ids.Bruno!, contactId: phones.Bruno!, outcome: "callback" }), /callbackAt: informe quando ligar de volta/);
      await assert.rejects(recordCall(deps, manager, seed.a.creditor.id, { debtorId: ids.Bruno!, contactId: phones.Bruno!, outcome: "no_answer", promise: { amountCents: 1, date: "2025-06-03" } }), /promise: só com o resultado promise/);
      const res = await recordCall(deps, manager, seed.a.creditor.id, { debtorId: ids.Bruno!, contactId: phones.Bruno!, outcome: "callback", callbackAt: "2025-06-02T15:00:00-03:00", note: "pediu para ligar depois do almoço" });
      assert.equal(res.attempt.callbackAt, "2025-06-02T18:00:00.000Z");
      const early = await next(manager);
      assert.notEqual(early.item?.debtor.name, "Bruno Barros");
      now = "2025-06-02T18:05:00.000Z";
      const due = await next(collector);
      assert.deepEqual([due.item?.debtor.name, due.item?.tier, due.item?.callback?.note, due.item?.attempts.today], ["Bruno Barros", "callback", "pediu para ligar depois do almoço", 1]);
      now = TEST_NOW;
    });

    it("a promise on a call performs the ladder's phone action that the promise's pause would cancel", async () => {
      const { db } = deps.database;
      const { id } = await db
        .insertInto("actions")
        .values({
          creditor_id: seed.a.creditor.id, debtor_id: Number(ids.Carla), ladder_id: "varejo", ladder_version: 1, step_id: "firme-telefone", stage: "firm", channel: "phone", local_day: "2025-06-02",
          idempotency_key: "test:carla:phone", status: "planned", send_at: "2025-06-02T12:00:00.000Z", contact_id: null, next_attempt_at: null, last_error: null, cancel_reason: null,
          provider_message_id: null, approved_by: null, approved_at: null, sent_at: null, created_at: TEST_NOW, updated_at: TEST_NOW,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const res = await record(collector, "Carla", "promise", { promise: { amountCents: 20_000, date: "2025-06-10" } });
      assert.deepEqual(res.actions, [{ id: String(id), status: "sent" }]);
      assert.ok(res.promise?.pauseApplied);
      const action = await db.selectFrom("actions").select(["status", "cancel_reason"]).where("id", "=", Number(id)).executeTakeFirstOrThrow();
      assert.deepEqual(action, { status: "sent", cancel_reason: null });
    });

    it("refuses what is not a phone call of this creditor", async () => {
      const A = seed.a.creditor.id;
      const email = seed.a.contacts.find((c) => c.kind === "email")!.id;
      await assert.rejects(recordCall(deps, collector, A, { debtorId: ids.Ana!, contactId: email, outcome: "no_answer" }), /contato de telefone/);
      await assert.rejects(recordCall(deps, collector, A, { debtorId: seed.b.debtor.id, contactId: seed.b.contacts[1]!.id, outcome: "no_answer" }), /Devedor não encontrado/);
      await assert.rejects(recordCall(deps, collector, A, { debtorId: ids.Ana!, contactId: seed.b.contacts[1]!.id, outcome: "no_answer" }), /Contato não encontrado/);
      await assert.rejects(recordCall(deps, collector, A, { debtorId: ids.Ana!, contactId: phones.Ana!, outcome: "hung_up" }), /outcome: use right_party_contact/);
      const auditor = user(seed.users.auditorA.email, "auditor", A);
      await assert.rejects(getNextCall(deps, auditor, A), /não permite/);
      await assert.rejects(recordCall(deps, auditor, A, { debtorId: ids.Ana!, contactId: phones.Ana!, outcome: "no_answer" }), /não permite/);
      await assert.rejects(getNextCall(deps, collector, seed.b.creditor.id), /Credor não encontrado/);
    });

    it("lists a debtor's calls newest first, and nothing of another creditor", async () => {
      const A = seed.a.creditor.id;
      const list = await listCalls(deps, SYSTEM_ACTOR, A, { debtorId: ids.Bruno });
      assert.deepEqual(list.items.map((c) => c.outcome), ["callback"]);
      const all = await listCalls(deps, SYSTEM_ACTOR, A, { limit: 2 });
      assert.equal(all.items.length, 2);
      assert.ok(all.nextBefore);
      const rest = await listCalls(deps, SYSTEM_ACTOR, A, { before: all.nextBefore });
      assert.deepEqual([...all.items, ...rest.items].map((c) => c.debtorName), ["Carla Castro", "Bruno Barros", "Davi Duarte", "Ana Clara Albuquerque", "Fábio Freitas", "Carla Castro"]);
      assert.deepEqual((await listCalls(deps, SYSTEM_ACTOR, seed.b.creditor.id)).items, []);
      await assert.rejects(listCalls(deps, SYSTEM_ACTOR, A, { debtorId: seed.b.debtor.id }), /Devedor não encontrado/);
    });

    it("nobody to call on a Sunday: the reasons say why", async () => {
      now = "2025-06-08T13:00:00.000Z";
      const res = await next(user("domingo@teste.regua", "collector", seed.a.creditor.id));
      assert.equal(res.item, null);
      assert.ok((res.skipped.outside_window ?? 0) >= 3, JSON.stringify(res.skipped));
      now = TEST_NOW;
    });
  });
}
