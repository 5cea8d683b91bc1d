// Eight weeks of a real creditor's collection, day by day, end to end: the default retail
// ladder runs every morning at 07:00 in Brasília and the dispatcher sends at mid-morning
// through the real SMTP sink, while debtors in four states pay, get paused and resumed. The
// promises a debtor would hold us to are checked over the whole period, not one call at a time.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../support/db.ts";
import { importCsv, openTestDeps } from "../support/factories.ts";
import type { Clock } from "../../src/shared/clock.ts";
import { SYSTEM_ACTOR } from "../../src/app/access.ts";
import { addCreditor } from "../../src/app/creditors/creditors.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { dispatchUntilIdle } from "../../src/app/dispatch/dispatch-email.ts";
import { startEmail, type RunningEmail } from "../../src/app/email/start-email.ts";
import { pauseDebtor, resumeDebtor } from "../../src/app/holds/pause.ts";
import { applyLadder } from "../../src/app/ladder/ladders.ts";
import { runLadder } from "../../src/app/ladder/run-ladder.ts";
import { recordManualPayment } from "../../src/app/payments/record-manual-payment.ts";
import { DEFAULT_LADDERS } from "../../src/domain/templates/default-ladders.ts";
import { addDays } from "../../src/domain/br/dates.ts";
import { timeZoneOf } from "../../src/domain/br/uf.ts";

const FIRST_DAY = "2025-06-02"; // a Monday
const DAYS = 56;
const PAID_DAY = "2025-06-16"; // Paula pays everything at 12:00 UTC
const PAUSE_FROM = "2025-06-10";
const PAUSE_TO = "2025-06-24"; // resumed that day, before the morning run

// document; name; e-mail; UF; debt; amount; due date; phone
const PORTFOLIO = [
  ["52998224725", "Paula Pagadora", "paula@exemplo.com.br", "SP", "P-1", "300,00", "20/05/2025"],
  ["52998224725", "Paula Pagadora", "paula@exemplo.com.br", "SP", "P-2", "150,00", "05/06/2025"],
  ["39053344705", "Pedro Pausado", "pedro@exemplo.com.br", "RJ", "Q-1", "220,00", "25/05/2025"],
  ["11144477735", "Ana Amazonas", "ana@exemplo.com.br", "AM", "A-1", "180,00", "28/05/2025"],
  ["11144477735", "Ana Amazonas", "ana@exemplo.com.br", "AM", "A-2", "90,00", "28/05/2025"],
  ["86288366757", "Caio Acre", "caio@exemplo.com.br", "AC", "C-1", "410,00", "15/06/2025"],
  ["76264137685", "Lia Atrasada", "lia@exemplo.com.br", "SP", "L-1", "99,90", "01/03/2025", "11987654321"],
];

for (const dialect of testDialects()) {
  describe(`eight weeks of collection (${dialect})`, () => {
    let deps: AppDeps;
    let cleanup: () => Promise<void>;
    let email: RunningEmail;
    let creditorId: string;
    let now = `${FIRST_DAY}T09:00:00.000Z`;
    const clock: Clock = { now: () => new Date(now) };

    before(async () => {
      const opened = await openTestDeps(dialect);
      cleanup = opened.cleanup;
      deps = { ...opened.deps, clock };
      // openTestDeps' database, driven by this scenario's moving clock.
      creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Magazine Horizonte S.A.", cnpj: "11222333000181", address: "Avenida Paulista, 1000", city: "São Paulo", state: "SP", zip: "01310-100", sector: "retail" })).id;
      email = await startEmail(deps, { mailDomain: "cobranca.test", publicUrl: "https://regua.test", secret: "segredo-do-cenario-de-semanas" });
      const imported = await importCsv(deps, creditorId, ["documento;nome;email;uf;titulo;valor;vencimento;telefone", ...PORTFOLIO.map((r) => [...r, ...(r.length === 7 ? [""] : [])].join(";"))].join("\n") + "\n");
      assert.deepEqual(imported.rejected, []);
      await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: DEFAULT_LADDERS.retail });

      for (let d = 0; d < DAYS; d++) {
        const day = addDays(FIRST_DAY, d);
        if (day === PAUSE_FROM) {
          now = `${day}T09:30:00.000Z`;
          await pauseDebtor(deps, SYSTEM_ACTOR, creditorId, { document: "39053344705" }, { reason: "pediu prazo por telefone" });
        }
        if (day === PAUSE_TO) {
          now = `${day}T09:30:00.000Z`;
          await resumeDebtor(deps, SYSTEM_ACTOR, creditorId, { document: "39053344705" }, { reason: "prazo acabou" });
        }
        now = `${day}T10:00:00.000Z`; // 07:00 in Brasília
        await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: now, collect: false });
        if (day === PAID_DAY) {
          now = `${day}T12:00:00.000Z`;
          for (const [debt, cents] of [["P-1", 40000], ["P-2", 20000]] as const) {
            await recordManualPayment(deps, SYSTEM_ACTOR, creditorId, { debtorDocument: "52998224725", debtExternalId: debt, amountCents: cents, method: "transfer", paidDate: day, note: "transferência conferida pelo financeiro" });
          }
        }
        now = `${day}T15:00:00.000Z`; // 12:00 in Brasília, 10:00 in Rio Branco
        await dispatchUntilIdle(deps);
      }
      await email.sink!.settled();
    });
    after(async () => {
      await email?.close();
      await cleanup?.();
    });

    const sent = () =>
      deps.database.db
        .selectFrom("sink_messages")
        .innerJoin("actions", "actions.id", "sink_messages.action_id")
        .innerJoin("debtors", "debtors.id", "actions.debtor_id")
        .select(["sink_messages.action_id", "sink_messages.received_at", "debtors.document", "debtors.state", "actions.step_id"])
        .orderBy("sink_messages.id")
        .execute();
    const localDay = (at: string, uf: string) => new Intl.DateTimeFormat("en-CA", { timeZone: timeZoneOf(uf), year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(at));
    const weekday = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();

    it("sends every message once, at most one e-mail per debtor per day, never on a Sunday", async () => {
      const messages = await sent();
      assert.ok(messages.length >= 8, `a real ladder over eight weeks sends messages (got ${messages.length})`);
      const perAction = new Map<number, number>();
      const perDebtorDay = new Map<string, number>();
      for (const m of messages) {
        perAction.set(m.action_id!, (perAction.get(m.action_id!) ?? 0) + 1);
        const day = localDay(m.received_at, m.state!);
        const key = `${m.document}|${day}`;
        perDebtorDay.set(key, (perDebtorDay.get(key) ?? 0) + 1);
        assert.notEqual(weekday(day), 0, `no collection e-mail on a Sunday (${m.document} on ${day})`);
      }
      assert.deepEqual([...perAction].filter(([, n]) => n > 1), []);
      assert.deepEqual([...perDebtorDay].filter(([, n]) => n > 1), []);
      const stuck = await deps.database.db.selectFrom("actions").select(["id", "status"]).where("channel", "=", "email").where("status", "in", ["sending", "uncertain", "failed"]).execute();
      assert.deepEqual(stuck, []);
    });

    it("stops at once for a debtor who paid, and while a debtor is paused", async () => {
      const messages = await sent();
      const paula = messages.filter((m) => m.document === "52998224725");
      assert.ok(paula.length > 0, "Paula heard from us before paying");
      for (const m of paula) assert.ok(localDay(m.received_at, "SP") < PAID_DAY || new Date(m.received_at).toISOString() < `${PAID_DAY}T12:00:00.000Z`, `nothing after the payment (got ${m.received_at})`);
      assert.ok(paula.every((m) => localDay(m.received_at, "SP") <= PAID_DAY));
      const pedro = messages.filter((m) => m.document === "39053344705");
      for (const m of pedro) {
        const day = localDay(m.received_at, "RJ");
        assert.ok(day < PAUSE_FROM || day >= PAUSE_TO, `nothing while paused (got ${day})`);
      }
      assert.ok(pedro.some((m) => localDay(m.received_at, "RJ") >= PAUSE_TO), "the ladder picked Pedro up again after the pause");
      const settled = await deps.database.db.selectFrom("debts").select(["external_id", "status"]).where("external_id", "in", ["P-1", "P-2"]).orderBy("external_id").execute();
      assert.deepEqual(settled.map((d) => d.status), ["settled", "settled"]);
    });

    it("groups a debtor's debts in one message and catches up a long-overdue debt with its latest step only", async () => {
      const messages = await sent();
      const ana = messages.filter((m) => m.document === "11144477735");
      const anaActions = await deps.database.db.selectFrom("action_debts").innerJoin("actions", "actions.id", "action_debts.action_id").select(["actions.id", "action_debts.debt_id"]).where("actions.id", "in", ana.map((m) => m.action_id!)).execute();
      for (const m of ana) assert.equal(anaActions.filter((a) => a.id === m.action_id).length, 2, "both of Ana's debts in each of her messages");
      // Lia was already 93 days late on the first morning: the ladder acts on its latest arrived step
      // (the day-55 phone call) and records the older ones as superseded — no early reminders at all.
      const lia = await deps.database.db
        .selectFrom("actions")
        .innerJoin("debtors", "debtors.id", "actions.debtor_id")
        .select(["actions.step_id", "actions.local_day"])
        .where("debtors.document", "=", "76264137685")
        .orderBy("actions.id")
        .execute();
      const latest = Math.max(...DEFAULT_LADDERS.retail.steps.filter((s) => s.offsetDays <= 93).map((s) => s.offsetDays));
      const latestSteps = DEFAULT_LADDERS.retail.steps.filter((s) => s.offsetDays === latest).map((s) => s.id);
      assert.ok(lia.length > 0, "Lia's debt is acted on");
      assert.equal(lia[0]!.local_day, FIRST_DAY);
      assert.ok(lia.every((a) => latestSteps.includes(a.step_id)), `only the latest step (${latestSteps.join(", ")}), got ${lia.map((a) => a.step_id).join(", ")}`);
      assert.ok(!messages.some((m) => m.document === "76264137685"), "no e-mail reminders of steps long past");
      // Caio (Acre, UTC−5) got his pre-due reminder before his due date, in his own morning.
      const caio = messages.filter((m) => m.document === "86288366757");
      assert.ok(caio.length > 0);
      const firstCaio = localDay(caio[0]!.received_at, "AC");
      assert.ok(firstCaio < "2025-06-15", `a reminder before the due date (got ${firstCaio})`);
    });
  });
}
