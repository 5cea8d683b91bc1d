import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { importCsv, openTestDeps, seedTenants, TEST_NOW, type Seed } from "../../../test/support/factories.ts";
import { completeCpf } from "../../domain/br/documents.ts";
import { SYSTEM_ACTOR, type Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { recordPromise } from "../negotiation/promises.ts";
import { getDashboard } from "./get-dashboard.ts";

/** Creditor A's portfolio besides the seeded Ana (R$ 150,00 due 10/05/2025: 23 days late on TEST_NOW, 2 June 2025). */
const ROWS: [name: string, base9: string, externalId: string, amount: string, due: string][] = [
  ["Nina Nova", "100200300", "N-1", "100,00", "10/06/2025"],
  ["Rita Hoje", "100200301", "R-1", "30,00", "02/06/2025"],
  ["Raul Trinta", "100200302", "R-2", "40,00", "03/05/2025"],
  ["Rosa TrintaUm", "100200303", "R-3", "60,00", "02/05/2025"],
  ["Mário Médio", "100200304", "M-1", "200,00", "01/04/2025"],
  ["Marta Mista", "100200305", "M-2", "50,00", "01/01/2025"],
  ["Marta Mista", "100200305", "M-3", "70,00", "20/06/2025"],
  ["Otto Antigo", "100200306", "O-1", "300,00", "01/10/2024"],
  ["Paula Perdida", "100200307", "P-1", "400,00", "01/01/2023"],
];

const FIGURES = { planned: 0, awaiting_approval: 0, sending: 0, sent: 0, delivered: 0, opened: 0, clicked: 0, bounced: 0, failed: 0, uncertain: 0, cancelled: 0, rejected: 0 };

for (const dialect of testDialects()) {
  describe(`dashboard on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    const ids: Record<string, number> = {};

    before(async () => {
      env = await openTestDeps(dialect);
      const deps = env.deps;
      seed = await seedTenants(deps);
      const A = seed.a.creditor.id;
      const csv = ["documento;nome;titulo;valor;vencimento", ...ROWS.map(([name, base, ext, amount, due]) => `${completeCpf(base)};${name};${ext};${amount};${due}`)].join("\n");
      const imported = await importCsv(deps, A, csv + "\n");
      assert.equal(imported.rejected.length, 0, JSON.stringify(imported.rejected));
      const { db } = deps.database;
      for (const d of await db.selectFrom("debtors").select(["id", "name"]).where("creditor_id", "=", A).execute()) ids[d.name.split(" ")[0]!] = Number(d.id);
      const ana = ids.Ana!;

      // An agreement instalment of Ana's due today (the agreement itself is not what the dashboard reads).
      await db.insertInto("debts").values({
        creditor_id: A, debtor_id: ana, external_id: "ACORDO-77-2", description: null, original_cents: 2_500, open_cents: 2_500, issue_date: null, due_date: "2025-06-02",
        contract: null, instalment: 2, our_number: null, status: "open", created_at: TEST_NOW, updated_at: TEST_NOW, agreement_id: 77,
      }).execute();
      await recordPromise(deps, SYSTEM_ACTOR, A, { id: String(ids["Mário"]) }, { amountCents: 8_000, date: "2025-06-02", channel: "phone" });

      let key = 0;
      const payment = (status: "applied" | "unmatched" | "rejected", cents: number, paidDate: string, creditorId = A) =>
        db.insertInto("payments").values({
          creditor_id: creditorId, debtor_id: null, source: "manual", method: "cash", amount_cents: cents, paid_date: paidDate, credited_date: null, fee_cents: 0, credit_cents: 0,
          our_number: null, txid: null, end_to_end_id: null, idempotency_key: `k${++key}`, status, unmatched_reason: null, actor: "system:test", note: null, received_at: TEST_NOW,
          resolved_by: null, resolved_at: null, resolution_note: null, cnab_file_id: null, details: "{}",
        }).execute();
      await payment("applied", 10_000, "2025-06-01");
      await payment("applied", 5_000, "2025-06-02");
      await payment("applied", 7_000, "2025-05-02");
      await payment("applied", 3_000, "2025-05-20");
      await payment("applied", 999, "2025-04-30");
      await payment("unmatched", 1_234, "2025-03-01");
      await payment("rejected", 500, "2025-06-01");
      await payment("applied", 99_999, "2025-06-01", seed.b.creditor.id);

      const action = async (channel: string, status: string, localDay: string, debtorId = ids.Nina!) => {
        const { id } = await db.insertInto("actions").values({
          creditor_id: A, debtor_id: debtorId, ladder_id: "varejo", ladder_version: 1, step_id: `s${++key}`, stage: "friendly", channel, local_day: localDay,
          idempotency_key: `a${key}`, status: status as never, send_at: `${localDay}T13:00:00.000Z`, contact_id: null, next_attempt_at: null, last_error: null, cancel_reason: null,
          provider_message_id: null, approved_by: null, approved_at: null, sent_at: null, created_at: TEST_NOW, updated_at: TEST_NOW,
        }).returning("id").executeTakeFirstOrThrow();
        return Number(id);
      };
      const e1 = await action("email", "sent", "2025-06-01");
      const e2 = await action("email", "sent", "2025-06-01");
      const e3 = await action("email", "sent", "2025-06-02");
      await action("email", "planned", "2025-06-15");
      await action("email", "failed", "2025-06-02");
      await action("sms", "sent", "2025-06-02");
      await action("phone", "planned", "2025-06-02");
      await action("credit_bureau", "awaiting_approval", "2025-06-02");
      await action("credit_bureau", "awaiting_approval", "2025-06-02", ids.Paula);
      await action("protest", "awaiting_approval", "2025-05-20", ids.Paula);
      const mayEmail = await action("email", "sent", "2025-05-31");
      const track = (actionId: number, kind: "opened" | "clicked" | "bounced") =>
        db.insertInto("tracking_events").values({ creditor_id: A, action_id: actionId, debtor_id: ids.Nina!, contact_id: null, kind, at: TEST_NOW, data: "{}" }).execute();
      await track(e1, "opened");
      await track(e1, "opened");
      await track(e1, "clicked");
      await track(e2, "opened");
      await track(e3, "bounced");
      await track(mayEmail, "opened");
    });
    after(async () => {
      await env?.cleanup();
    });

    it("every figure, exactly", async () => {
      const view = await getDashboard(env.deps, SYSTEM_ACTOR, seed.a.creditor.id);
      assert.deepEqual(view.aging, {
        buckets: [
          { bucket: "not_due", debtors: 2, openCents: 13_000 },
          // Ana with today's instalment: her oldest debt decides the bucket, all of her balance counts.
          { bucket: "1_30", debtors: 2, openCents: 15_000 + 2_500 + 4_000 },
          { bucket: "31_90", debtors: 2, openCents: 26_000 },
          { bucket: "91_180", debtors: 1, openCents: 12_000 },
          { bucket: "181_360", debtors: 1, openCents: 30_000 },
          { bucket: "361_plus", debtors: 1, openCents: 40_000 },
        ],
        debtors: 9,
        openCents: 142_500,
      });
      assert.deepEqual(view.recovered, {
        thisMonth: { from: "2025-06-01", to: "2025-06-02", payments: 2, cents: 15_000 },
        lastMonth: { from: "2025-05-01", to: "2025-05-31", payments: 2, cents: 10_000 },
        lastMonthToDate: { from: "2025-05-01", to: "2025-05-02", payments: 1, cents: 7_000 },
        unmatched: { payments: 1, cents: 1_234 },
      });
      assert.deepEqual(view.actions, {
        from: "2025-06-01",
        to: "2025-06-30",
        channels: [
          { channel: "email", ...FIGURES, planned: 1, sent: 3, failed: 1, opened: 2, clicked: 1, bounced: 1 },
          { channel: "sms", ...FIGURES, sent: 1 },
          { channel: "phone", ...FIGURES, planned: 1 },
          { channel: "credit_bureau", ...FIGURES, awaiting_approval: 2 },
        ],
        totals: { ...FIGURES, planned: 2, awaiting_approval: 2, sent: 4, failed: 1, opened: 2, clicked: 1, bounced: 1 },
      });
      assert.deepEqual(view.dueToday, {
        promises: { count: 1, cents: 8_000, items: [{ id: view.dueToday.promises.items[0]!.id, debtorId: String(ids["Mário"]), debtorName: "Mário Médio", amountCents: 8_000 }] },
        instalments: { count: 1, cents: 2_500, items: [{ id: "77", debtorId: String(ids.Ana), debtorName: "Ana Clara Albuquerque", amountCents: 2_500 }] },
      });
      assert.deepEqual(view.approvals, { total: 3, channels: [{ channel: "credit_bureau", count: 2 }, { channel: "protest", count: 1 }] });
      assert.deepEqual([view.at, view.timeZone], ["2025-06-02", "America/Sao_Paulo"]);
    });

    it("another day: the buckets move, the months follow `at`", async () => {
      // On 1 July: Nina and Rita 21 and 29 days late; Raul, Rosa and Ana 59, 60 and 52; Mário 91; Marta and Otto 181 and 273.
      const view = await getDashboard(env.deps, SYSTEM_ACTOR, seed.a.creditor.id, { at: "2025-07-01" });
      assert.deepEqual(view.aging.buckets.map((b) => [b.bucket, b.debtors]), [["not_due", 0], ["1_30", 2], ["31_90", 3], ["91_180", 1], ["181_360", 2], ["361_plus", 1]]);
      assert.deepEqual(view.recovered.thisMonth, { from: "2025-07-01", to: "2025-07-01", payments: 0, cents: 0 });
      assert.deepEqual(view.recovered.lastMonth, { from: "2025-06-01", to: "2025-06-30", payments: 2, cents: 15_000 });
      assert.deepEqual(view.dueToday.promises, { count: 0, cents: 0, items: [] });
    });

    it("B sees none of A's figures; the auditor reads them; a bad date is refused", async () => {
      const b = await getDashboard(env.deps, SYSTEM_ACTOR, seed.b.creditor.id);
      assert.deepEqual([b.aging.debtors, b.recovered.thisMonth.cents, b.actions.channels, b.approvals.total], [1, 99_999, [], 0]);
      const auditor: Actor = { kind: "user", id: "x", role: "auditor", creditorIds: [seed.a.creditor.id], label: "user:auditor.a@teste.regua" };
      assert.equal((await getDashboard(env.deps, auditor, seed.a.creditor.id)).aging.debtors, 9);
      await assert.rejects(getDashboard(env.deps, auditor, seed.b.creditor.id), /Credor não encontrado/);
      await assert.rejects(getDashboard(env.deps, SYSTEM_ACTOR, seed.a.creditor.id, { at: "2025-02-30" }), /at: data inválida/);
    });
  });
}
