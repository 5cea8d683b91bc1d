// The exit point on both databases: its settings, the recovery history measured in SQL
// (against the domain's reference), the ladder run skipping a tiny debt and planning a
// large one, explain and the listing, and the CLI (in-process and once as a subprocess).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import type { Kysely } from "kysely";
import { freshDatabaseUrl, testDialects } from "../../../test/support/db.ts";
import { REPO_ROOT } from "../../../test/support/vectors.ts";
import { runCli } from "../../cli/main.ts";
import type { CliContext } from "../../cli/context.ts";
import { openDatabase, type Database } from "../../db/database.ts";
import type { Schema } from "../../db/schema.ts";
import { addDays } from "../../domain/br/dates.ts";
import { measureCohorts, type HistoryDebt } from "../../domain/exit-point/recovery-rates.ts";
import { AppError } from "../../shared/app-error.ts";
import { fixedClock } from "../../shared/clock.ts";
import { SYSTEM_ACTOR, type Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { explainDebtor } from "../ladder/explain-debtor.ts";
import { applyLadder } from "../ladder/ladders.ts";
import { runLadder } from "../ladder/run-ladder.ts";
import { kitCreditor, kitDebtor } from "../payments/payments-test-kit.ts";
import { getExitPointConfig, loadExitPointPolicy, setExitPointConfig, updateExitPointConfig } from "./exit-point-config.ts";
import { listExitPointDebts } from "./list-exit-point-debts.ts";
import { measureCohortsInDb } from "./recovery-history.ts";

const AT = "2026-05-04T13:00:00.000Z"; // Monday, 10:00 in São Paulo
const TODAY = "2026-05-04";
const LADDER = {
  id: "padrao",
  name: "Padrão",
  steps: [
    { id: "d+5", offsetDays: 5, stage: "friendly", channel: "email" },
    { id: "d+40", offsetDays: 40, stage: "formal", channel: "letter", priorNotice: true },
  ],
};
const ANA = "52998224725";
const BRUNO = "39053344705";
const user = (role: Actor["role"], creditorId: string, name: string): Actor => ({ kind: "user", id: name, role, creditorIds: [creditorId], label: `user:${name}@teste.regua` });

async function rejects(p: Promise<unknown>, code: string, detail?: RegExp): Promise<AppError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code, error.message);
    if (detail) assert.match(error.message, detail);
    return error;
  }
  assert.fail("deveria falhar");
}

/** A debt written directly, known to Régua since `createdDate`. */
async function insertDebt(db: Kysely<Schema>, creditorId: string, debtorId: number, externalId: string, cents: number, dueDate: string, extra: { status?: string; createdDate?: string; openCents?: number; agreementId?: number } = {}): Promise<number> {
  const created = `${extra.createdDate ?? TODAY}T12:00:00.000Z`;
  const { id } = await db
    .insertInto("debts")
    .values({
      creditor_id: creditorId, debtor_id: debtorId, external_id: externalId, description: null, original_cents: cents, open_cents: extra.openCents ?? cents, issue_date: null,
      due_date: dueDate, contract: null, instalment: null, our_number: null, status: extra.status ?? "open", created_at: created, updated_at: created,
      fine_bp: null, interest_monthly_bp: null, fine_cents: null, accrual_from_date: null, ...(extra.agreementId ? { agreement_id: extra.agreementId } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(id);
}

let paymentKey = 0;
/** An applied payment of `principalCents` on `paidDate`, allocated to the debt's principal. */
async function insertPayment(db: Kysely<Schema>, creditorId: string, debtorId: number, debtId: number, principalCents: number, paidDate: string): Promise<void> {
  const { id } = await db
    .insertInto("payments")
    .values({
      creditor_id: creditorId, debtor_id: debtorId, source: "manual", method: "cash", amount_cents: principalCents, paid_date: paidDate, credited_date: null, fee_cents: 0, credit_cents: 0,
      our_number: null, txid: null, end_to_end_id: null, idempotency_key: `hist-${++paymentKey}`, status: "applied", unmatched_reason: null, actor: "teste", note: null,
      received_at: `${paidDate}T12:00:00.000Z`, resolved_by: null, resolved_at: null, resolution_note: null, cnab_file_id: null, details: "{}",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("payment_allocations").values({ payment_id: Number(id), creditor_id: creditorId, debt_id: debtId, interest_cents: 0, fine_cents: 0, correction_cents: 0, principal_cents: principalCents, settled: 0, created_at: `${paidDate}T12:00:00.000Z` }).execute();
}

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const dialect of testDialects()) {
  describe(`exit point on ${dialect}`, () => {
    let database: Database;
    let deps: AppDeps;
    let url: string;
    let close: () => Promise<void>;
    let creditorId: string;
    let manager: Actor;

    before(async () => {
      const fresh = await freshDatabaseUrl(dialect);
      url = fresh.url;
      database = await openDatabase(url);
      close = async () => {
        if (database.dialect === "postgres") database.pool.on("error", () => {});
        await database.close();
        await fresh.drop();
      };
      deps = { database, clock: fixedClock(AT) };
      creditorId = await kitCreditor(deps);
      manager = user("manager", creditorId, "gestora");
      const { db } = database;
      await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: LADDER });
      // Ana owes R$ 20,00 and Bruno R$ 500,00, both 45 days late (31–90: 25 %); a formal letter goes registered (R$ 14,00).
      for (const [doc, ext, cents] of [[ANA, "TINY", 2_000], [BRUNO, "BIG", 50_000]] as const) {
        const debtorId = await kitDebtor(db, creditorId, doc, { name: doc === ANA ? "Ana Pequena" : "Bruno Grande" });
        await db.updateTable("debtors").set({ address: "Rua das Flores, 10" }).where("id", "=", debtorId).execute();
        await insertDebt(db, creditorId, debtorId, ext, cents, "2026-03-20", { createdDate: "2026-03-01" });
      }
    });
    after(async () => close());

    it("settings: the defaults, a PUT replaces, a patch merges, null resets a key, audit, permissions and validation", async () => {
      const auditor = user("auditor", creditorId, "auditora");
      const d = await getExitPointConfig(deps, auditor, creditorId);
      assert.deepEqual([d.enabled, d.windowDays, d.credibilityDebts, d.costs.registered_letter, d.defaultRates["31-90"], d.customized, d.asOf], [true, 30, 30, 1400, 2500, [], TODAY]);
      // Ana's and Bruno's debts entered 1–30 on 2026-03-21 and nothing was paid in 30 days: 2 debts of history at 0 %,
      // weight 2 / 32, so 1–30 is 30/32 × 50 % already; the other buckets have no history and keep their defaults.
      assert.deepEqual(d.rates.map((r) => [r.bucket, r.rateBp, r.debts]), [["current", 9000, 0], ["1-30", 4688, 2], ["31-90", 2500, 0], ["91-180", 1200, 0], ["181-360", 600, 0], ["361+", 200, 0]]);

      const put = await setExitPointConfig(deps, manager, creditorId, { costs: { letter: 420, sms: 9 }, windowDays: 45 });
      assert.deepEqual([put.costs.letter, put.windowDays, put.customized], [420, 45, ["windowDays", "costs.letter"]], "a value equal to the default is not a change");
      const stored = await database.db.selectFrom("exit_point_settings").select(["document", "actor"]).where("creditor_id", "=", creditorId).executeTakeFirstOrThrow();
      assert.deepEqual(stored, { document: '{"windowDays":45,"costs":{"letter":420}}', actor: "user:gestora@teste.regua" });
      const patched = await updateExitPointConfig(deps, manager, creditorId, { costs: { protest: 2000, letter: null }, defaultRates: { "361+": 100 } });
      assert.deepEqual(patched.customized, ["windowDays", "costs.protest", "defaultRates.361+"]);
      const audit = await database.db.selectFrom("audit_log").select(["action", "before", "after"]).where("action", "=", "exit_point.configure").orderBy("id").execute();
      assert.deepEqual(audit.map((a) => [JSON.parse(a.before!), JSON.parse(a.after!)]), [
        [{}, { windowDays: 45, costs: { letter: 420 } }],
        [{ windowDays: 45, costs: { letter: 420 } }, { windowDays: 45, costs: { protest: 2000 }, defaultRates: { "361+": 100 } }],
      ]);
      // The same again: nothing written.
      await updateExitPointConfig(deps, manager, creditorId, { costs: { protest: 2000 } });
      assert.equal((await database.db.selectFrom("audit_log").select("id").where("action", "=", "exit_point.configure").execute()).length, 2);

      await rejects(setExitPointConfig(deps, user("collector", creditorId, "operador"), creditorId, {}), "forbidden");
      await rejects(getExitPointConfig(deps, user("manager", "outro", "intrusa"), creditorId), "not_found", /^Credor não encontrado\.$/);
      const bad = await rejects(setExitPointConfig(deps, manager, creditorId, { costs: { fax: 1 }, windowDays: 500 }), "validation");
      assert.deepEqual(bad.errors.map((e) => e.field), ["windowDays", "costs.fax"]);
      await rejects(getExitPointConfig(deps, auditor, creditorId, { at: "2026-02-30" }), "validation", /^at: data inválida/);

      const back = await setExitPointConfig(deps, manager, creditorId, {});
      assert.deepEqual(back.customized, []);
      assert.equal(await database.db.selectFrom("exit_point_settings").select("creditor_id").where("creditor_id", "=", creditorId).executeTakeFirst(), undefined, "no row = the defaults");
    });

    it("the run skips the tiny debt below the exit point and plans the large one; the JSON contract holds; off plans both", async () => {
      const dry = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: AT, dryRun: true });
      assert.deepEqual(dry.result, {
        at: AT,
        planned: [{ debtorDocument: BRUNO, debtExternalIds: ["BIG"], stepId: "d+40", channel: "letter", sendAt: AT }],
        skipped: [{ debtorDocument: ANA, debtExternalIds: ["TINY"], stepId: "d+40", channel: "letter", reason: "below_exit_point" }],
      });
      assert.equal(dry.summary.reasons.below_exit_point, 1);

      await updateExitPointConfig(deps, manager, creditorId, { enabled: false });
      assert.equal(await loadExitPointPolicy(database, creditorId, AT, new Date(AT)), null);
      const off = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: AT, dryRun: true });
      assert.deepEqual(off.result.planned.map((p) => p.debtExternalIds), [["TINY"], ["BIG"]]);
      assert.deepEqual((await listExitPointDebts(deps, manager, creditorId, { at: AT })).enabled, false);
      await updateExitPointConfig(deps, manager, creditorId, { enabled: true });

      // A registered letter at R$ 4,99 makes the tiny debt worth it (R$ 5,00 expected).
      await updateExitPointConfig(deps, manager, creditorId, { costs: { registered_letter: 499 } });
      assert.deepEqual((await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: AT, dryRun: true })).result.skipped, []);
      await updateExitPointConfig(deps, manager, creditorId, { costs: { registered_letter: 501 } });
      assert.deepEqual((await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: AT, dryRun: true })).result.skipped.map((s) => s.reason), ["below_exit_point"]);
      await setExitPointConfig(deps, manager, creditorId, {});

      const run = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: AT });
      assert.deepEqual(run.result, dry.result);
      const actions = await database.db.selectFrom("actions").select(["channel", "step_id", "status"]).where("creditor_id", "=", creditorId).execute();
      assert.deepEqual(actions, [{ channel: "letter", step_id: "d+40", status: "planned" }], "only Bruno's letter is written");
    });

    it("explain says why in Portuguese, and the listing names the debt for write-off or sale", async () => {
      const e = await explainDebtor(deps, SYSTEM_ACTOR, creditorId, { document: ANA, at: AT });
      const step = e.debts[0]!.steps.find((s) => s.stepId === "d+40")!;
      assert.equal(
        step.rule,
        "Não enviada (below_exit_point): abaixo do ponto de saída: carta registrada (AR) custa R$ 14,00 e a recuperação esperada é R$ 5,00 (saldo R$ 20,00 × 25,0 % de recuperação na faixa 31–90 dias de atraso); título indicado para baixa ou venda.",
      );
      assert.deepEqual(e.skipped, [{ debtorDocument: ANA, debtExternalIds: ["TINY"], stepId: "d+40", channel: "letter", reason: "below_exit_point" }]);

      const list = await listExitPointDebts(deps, user("auditor", creditorId, "auditora"), creditorId, { at: AT });
      const ana = list.items[0]!;
      assert.deepEqual({ ...list, items: list.items.map((i) => ({ ...i, debtorId: "x", debtId: "y" })) }, {
        at: AT, enabled: true, truncated: false,
        totals: { debts: 1, debtors: 1, openCents: 2_000, expectedRecoveryCents: 500 },
        items: [{
          debtorId: "x", debtorDocument: ANA, debtorName: "Ana Pequena", debtId: "y", externalId: "TINY", dueDate: "2026-03-20", daysLate: 45, bucket: "31-90",
          openCents: 2_000, rateBp: 2500, expectedRecoveryCents: 500, stepId: "d+40", channel: "letter", costKey: "registered_letter", costCents: 1400,
        }],
      });
      assert.match(ana.debtId, /^\d+$/);
      await rejects(listExitPointDebts(deps, manager, creditorId, { limit: 0 }), "validation", /^limit:/);
    });

    it("the SQL measurement of the recovery history equals the domain's reference", async () => {
      const c = await kitCreditor(deps);
      const { db } = database;
      const debtorId = await kitDebtor(db, c, "86288366757");
      const rnd = prng(dialect === "sqlite" ? 7 : 11);
      const reference: HistoryDebt[] = [];
      const statuses = ["open", "settled", "written_off", "cancelled", "disputed", "in_agreement"];
      for (let i = 0; i < 160; i++) {
        const dueDate = addDays(TODAY, -Math.floor(rnd() * 800));
        const createdDate = addDays(dueDate, Math.floor(rnd() * 120) - 60);
        const originalCents = 1_000 + Math.floor(rnd() * 100_000);
        const status = statuses[Math.floor(rnd() * statuses.length)]!;
        const isInstalment = rnd() < 0.1;
        const id = await insertDebt(db, c, debtorId, `H-${i}`, originalCents, dueDate, { status, createdDate, ...(isInstalment ? { agreementId: 999 } : {}) });
        const payments: { paidDate: string; principalCents: number }[] = [];
        let left = originalCents;
        for (let k = Math.floor(rnd() * 3); k > 0 && left > 0; k--) {
          const principalCents = Math.min(left, 1 + Math.floor(rnd() * originalCents * 0.7));
          const paidDate = addDays(dueDate, Math.floor(rnd() * 200) - 10);
          if (paidDate > TODAY) continue;
          left -= principalCents;
          payments.push({ paidDate, principalCents });
          await insertPayment(db, c, debtorId, id, principalCents, paidDate);
        }
        reference.push({ dueDate, originalCents, createdDate, status, isInstalment, payments });
      }
      for (const [asOf, window] of [[TODAY, 30], ["2026-01-15", 60], [TODAY, 7]] as const) {
        const expected = measureCohorts(reference, asOf, window);
        assert.ok(expected["1-30"].debts > 5 && expected["31-90"].debts > 5, `a history with cohorts: ${JSON.stringify(expected)}`);
        assert.deepEqual(await measureCohortsInDb(database, c, asOf, window), expected, `${asOf}, ${window} dias`);
      }
    });

    it("a learned rate: a poor history in 31–90 makes a R$ 80,00 letter not worth it; measured once a day", async () => {
      const c = await kitCreditor(deps);
      const { db } = database;
      await applyLadder(deps, SYSTEM_ACTOR, c, { document: LADDER });
      const debtorId = await kitDebtor(db, c, ANA);
      await db.updateTable("debtors").set({ address: "Rua das Flores, 10" }).where("id", "=", debtorId).execute();
      await insertDebt(db, c, debtorId, "MEIO", 8_000, "2026-03-20", { createdDate: "2026-03-01" });
      const decision = async () => (await runLadder(deps, SYSTEM_ACTOR, c, { at: AT, dryRun: true })).result;
      // Default 25 %: R$ 20,00 expected > R$ 14,00.
      assert.deepEqual((await decision()).planned.map((p) => p.debtExternalIds), [["MEIO"]]);

      // 40 debts entered 31–90 on 2026-02-01; 4 of them were paid within 30 days: 10 % observed, weight 40/70.
      const histDebtor = await kitDebtor(db, c, BRUNO);
      for (let i = 0; i < 40; i++) {
        const id = await insertDebt(db, c, histDebtor, `HIST-${i}`, 10_000, "2026-01-01", { status: i < 4 ? "settled" : "written_off", openCents: i < 4 ? 0 : 10_000, createdDate: "2025-12-01" });
        if (i < 4) await insertPayment(db, c, histDebtor, id, 10_000, "2026-02-10");
      }
      // Same day: the measurement of the morning stands.
      assert.deepEqual((await decision()).planned.map((p) => p.debtExternalIds), [["MEIO"]]);
      const tomorrow = "2026-05-05T13:00:00.000Z";
      const next = await runLadder({ ...deps, clock: fixedClock(tomorrow) }, SYSTEM_ACTOR, c, { at: tomorrow, dryRun: true });
      // 0,5714 × 10 % + 0,4286 × 25 % = 16,43 %: R$ 80,00 expects R$ 13,14 < R$ 14,00.
      assert.deepEqual(next.result.skipped, [{ debtorDocument: ANA, debtExternalIds: ["MEIO"], stepId: "d+40", channel: "letter", reason: "below_exit_point" }]);
      const view = await getExitPointConfig({ ...deps, clock: fixedClock(tomorrow) }, SYSTEM_ACTOR, c);
      assert.deepEqual(view.rates.find((r) => r.bucket === "31-90"), { bucket: "31-90", fromDays: 31, toDays: 90, debts: 40, exposureCents: 400_000, recoveredCents: 40_000, observedBp: 1000, defaultBp: 2500, weightBp: 5714, rateBp: 1643 });
      const days = await db.selectFrom("exit_point_cohorts").select("as_of_date").distinct().where("creditor_id", "=", c).execute();
      assert.deepEqual(days.map((d) => d.as_of_date), ["2026-05-05"], "earlier days are dropped");
    });

    describe("CLI", () => {
      const env = () => ({ DATABASE_URL: url });
      async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
        let out = "";
        let err = "";
        const ctx: CliContext = { io: { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false }, clock: fixedClock(AT), env: env(), cwd: REPO_ROOT };
        const code = await runCli(argv, ctx);
        return { code, out, err };
      }

      it("costs, rates and config: show and change, in Portuguese", async () => {
        const set = await cli(["exit-point", "costs", "--creditor", creditorId, "--set", "letter=4,20", "--set", "sms=padrao"]);
        assert.equal(set.code, 0, set.err);
        const lines = set.out.split("\n");
        assert.equal(lines[0], `Ponto de saída do credor ${creditorId}: ligado`);
        assert.equal(lines[1], "Custo por acionamento:");
        assert.equal(lines[5], "  carta simples                R$ 4,20  (alterado)");
        assert.equal(lines[6], "  carta registrada (AR)       R$ 14,00");
        const json = JSON.parse((await cli(["exit-point", "costs", "--creditor", creditorId, "--json"])).out) as { costs: Record<string, number>; customized: string[] };
        assert.deepEqual([json.costs.letter, json.customized], [420, ["costs.letter"]]);

        const rates = await cli(["exit-point", "rates", "--creditor", creditorId, "--set", "31-90=12,5", "--window", "45"]);
        assert.equal(rates.code, 0, rates.err);
        assert.match(rates.out, /\n {2}31–90 dias de atraso +0 +R\$ 0,00 +R\$ 0,00 +— +12,5 % +0,0 % +12,5 % {2}\(alterado\)\n/);
        assert.match(rates.out, /pagamentos em até 45 dias da entrada na faixa/);
        const bad = await cli(["exit-point", "rates", "--creditor", creditorId, "--set", "31-90=101"]);
        assert.equal(bad.code, 2);
        assert.match(bad.err, /--set 31-90: use uma porcentagem de 0 a 100/);
        const badKey = await cli(["exit-point", "costs", "--creditor", creditorId, "--set", "fax=1"]);
        assert.equal(badKey.code, 2);

        const reset = await cli(["exit-point", "config", "--creditor", creditorId, "--reset", "--json"]);
        assert.equal(reset.code, 0, reset.err);
        assert.deepEqual((JSON.parse(reset.out) as { customized: string[] }).customized, []);
        const off = await cli(["exit-point", "config", "--creditor", creditorId, "--disable"]);
        assert.match(off.out, /^Ponto de saída do credor .*: DESLIGADO \(nenhuma etapa é pulada por custo\) {2}\(alterado\)\n/);
        await cli(["exit-point", "config", "--creditor", creditorId, "--enable"]);
      });

      it("list, in people's text and as JSON from a real subprocess", async () => {
        const text = await cli(["exit-point", "list", "--creditor", creditorId, "--at", AT]);
        assert.equal(text.code, 0, text.err);
        assert.equal(
          text.out,
          `Títulos abaixo do ponto de saída em ${AT}: 1 título(s) de 1 devedor(es), R$ 20,00 em aberto, recuperação esperada R$ 5,00\n` +
            "Indicados para baixa ou venda (a etapa do dia custa mais do que se espera recuperar):\n" +
            `  ${ANA}  TINY  vence 20/03/2026 (45 dias)  R$ 20,00 em aberto; etapa d+40: carta registrada (AR) R$ 14,00 > recuperação esperada R$ 5,00 (25,0 %)\n`,
        );
        const { stdout } = await promisify(execFile)(process.execPath, ["bin/regua.mjs", "exit-point", "list", "--creditor", creditorId, "--at", AT, "--json"], {
          cwd: REPO_ROOT, env: { ...process.env, ...env() },
        });
        const parsed = JSON.parse(stdout) as { at: string; totals: unknown; items: { externalId: string; costKey: string; expectedRecoveryCents: number }[] };
        assert.deepEqual([parsed.at, parsed.totals, parsed.items.map((i) => [i.externalId, i.costKey, i.expectedRecoveryCents])], [
          AT, { debts: 1, debtors: 1, openCents: 2_000, expectedRecoveryCents: 500 }, [["TINY", "registered_letter", 500]],
        ]);
      });
    });
  });
}
