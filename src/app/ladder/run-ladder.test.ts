import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import type { Kysely } from "kysely";
import { freshDatabaseUrl, testDialects } from "../../../test/support/db.ts";
import { importCsv } from "../../../test/support/factories.ts";
import { REPO_ROOT } from "../../../test/support/vectors.ts";
import { runCli } from "../../cli/main.ts";
import type { CliContext } from "../../cli/context.ts";
import { openDatabase } from "../../db/database.ts";
import type { Schema } from "../../db/schema.ts";
import { AppError } from "../../shared/app-error.ts";
import { fixedClock } from "../../shared/clock.ts";
import { SYSTEM_ACTOR, type Actor } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { cancelPendingActionsForDebts } from "../outbox/outbox.ts";
import { decideApproval, listActions } from "./actions.ts";
import { explainDebtor, formatExplanation } from "./explain-debtor.ts";
import { applyLadder, assignLadder, listLadders } from "./ladders.ts";
import { runLadder, type RunResult } from "./run-ladder.ts";

const VAREJO = {
  id: "varejo",
  name: "Varejo padrão",
  exemptTags: ["vip"],
  steps: [
    { id: "d-3", offsetDays: -3, stage: "friendly", channel: "email", template: "lembrete" },
    { id: "d+1", offsetDays: 1, stage: "friendly", channel: "email" },
    { id: "d+5", offsetDays: 5, stage: "firm", channel: "sms" },
    { id: "d+10", offsetDays: 10, stage: "firm", channel: "email" },
    { id: "d+30", offsetDays: 30, stage: "formal", channel: "letter", priorNotice: true },
    { id: "d+45", offsetDays: 45, stage: "extrajudicial", channel: "credit_bureau" },
  ],
};
const GENTIL = { id: "gentil", name: "Primeiro atraso", assign: { tags: ["primeiro-atraso"] }, steps: [{ id: "g+7", offsetDays: 7, stage: "friendly", channel: "email" }] };

const ANA = "52998224725";
const BRUNO = "11144477735";
const CARLA = "39053344705";
const DORA = "12345678909";
const CSV = [
  "documento;nome;email;telefone;endereco;cidade;uf;titulo;valor;vencimento;etiquetas",
  `${ANA};Ana Clara;ana@exemplo.com.br;(11) 99876-5432;Rua A, 1;São Paulo;SP;T1;150,00;28/05/2025;`,
  `${ANA};Ana Clara;ana@exemplo.com.br;(11) 99876-5432;Rua A, 1;São Paulo;SP;T2;250,00;23/05/2025;`,
  `${ANA};Ana Clara;ana@exemplo.com.br;(11) 99876-5432;Rua A, 1;São Paulo;SP;T3;50,00;01/06/2025;`,
  `${BRUNO};Bruno;;(68) 99876-5432;Rua B, 2;Rio Branco;AC;T4;99,00;23/04/2025;`,
  `${CARLA};Carla;carla@exemplo.com.br;(92) 99876-5432;;Manaus;AM;T5;500,00;01/04/2025;`,
  `${DORA};Dora;dora@exemplo.com.br;;;Curitiba;PR;T6;80,00;28/05/2025;`,
  `${DORA};Dora;dora@exemplo.com.br;;;Curitiba;PR;T7;90,00;28/05/2025;`,
].join("\n");

const MONDAY = "2025-06-02T13:00:00.000Z"; // 10:00 in São Paulo

/** The planned entries of 2025-06-02 10:00 in São Paulo. */
const EXPECTED_MONDAY: RunResult = {
  at: MONDAY,
  planned: [
    { debtorDocument: ANA, debtExternalIds: ["T2", "T3"], stepId: "d+10", channel: "email", sendAt: MONDAY },
    { debtorDocument: ANA, debtExternalIds: ["T1"], stepId: "d+5", channel: "sms", sendAt: MONDAY },
    // Rio Branco is UTC−5: 08:00 local is 13:00Z, and it is 08:00 there now.
    { debtorDocument: BRUNO, debtExternalIds: ["T4"], stepId: "d+30", channel: "letter", sendAt: MONDAY },
    { debtorDocument: DORA, debtExternalIds: ["T6"], stepId: "d+5", channel: "sms", sendAt: MONDAY },
  ],
  skipped: [
    { debtorDocument: CARLA, debtExternalIds: ["T5"], stepId: "d+45", channel: "credit_bureau", reason: "missing_prior_notice" },
    { debtorDocument: DORA, debtExternalIds: ["T7"], stepId: "d+5", channel: "sms", reason: "disputed" },
  ],
};

for (const dialect of testDialects()) {
  describe(`daily run on ${dialect}`, () => {
    let deps: AppDeps;
    let url: string;
    let drop: () => Promise<void>;
    let close: () => Promise<void>;
    let creditorId: string;
    let db: Kysely<Schema>;

    before(async () => {
      ({ url, drop } = await freshDatabaseUrl(dialect));
      const database = await openDatabase(url);
      close = async () => {
        if (database.dialect === "postgres") database.pool.on("error", () => {});
        await database.close();
        await drop();
      };
      deps = { database, clock: fixedClock(MONDAY) };
      db = database.db;
      creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Alfa Comércio Ltda", cnpj: "11222333000181", state: "SP" })).id;
      const imported = await importCsv(deps, creditorId, `${CSV}\n`);
      assert.equal(imported.imported, 7, JSON.stringify(imported.rejected));
      // Dora: T6 has a Bruno-less phone; she gets one, T7 is disputed; and a settled debt never appears.
      const dora = await db.selectFrom("debtors").select("id").where("document", "=", DORA).executeTakeFirstOrThrow();
      await db.insertInto("contacts").values({ creditor_id: creditorId, debtor_id: dora.id, kind: "phone", value: "+5541998765432", validity: "valid", invalid_reason: null, source: "test", created_at: MONDAY, updated_at: MONDAY }).execute();
      await db.updateTable("debts").set({ status: "disputed" }).where("external_id", "=", "T7").execute();
      await importCsv(deps, creditorId, ["documento;nome;uf;titulo;valor;vencimento", `${DORA};Dora;PR;T8;10,00;28/05/2025`].join("\n") + "\n");
      await db.updateTable("debts").set({ status: "settled", open_cents: 0 }).where("external_id", "=", "T8").execute();
      await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: VAREJO });
    });
    after(async () => close());

    const counts = async () => ({
      actions: Number((await db.selectFrom("actions").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
      actionDebts: Number((await db.selectFrom("action_debts").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
      audit: Number((await db.selectFrom("audit_log").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
      events: Number((await db.selectFrom("events").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
    });

    it("a dry run shows the day's plan and writes nothing", async () => {
      const before = await counts();
      const { result, summary } = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: "2025-06-02T10:00:00-03:00", dryRun: true });
      assert.deepEqual(result, EXPECTED_MONDAY);
      assert.deepEqual(await counts(), before);
      assert.equal(summary.written, 0);
    });

    it("the persisted run writes one action per debtor and channel, with each debt's step, and awaits approval for listings", async () => {
      const before = await counts();
      const { result, summary } = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: MONDAY, batchSize: 2 });
      assert.deepEqual(result, EXPECTED_MONDAY);
      assert.equal(summary.written, 4);
      const after = await counts();
      assert.deepEqual({ actions: after.actions - before.actions, actionDebts: after.actionDebts - before.actionDebts, audit: after.audit - before.audit }, { actions: 4, actionDebts: 5, audit: 1 });
      const rows = await db
        .selectFrom("actions as a")
        .innerJoin("action_debts as ad", "ad.action_id", "a.id")
        .innerJoin("debts as t", "t.id", "ad.debt_id")
        .select(["a.channel", "a.step_id", "a.status", "a.local_day", "a.idempotency_key", "a.contact_id", "a.ladder_version", "t.external_id", "ad.step_id as debt_step", "ad.superseded", "ad.prior_notice"])
        .orderBy("a.id")
        .orderBy("t.external_id")
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.channel, r.step_id, r.status, r.local_day, r.external_id, r.debt_step, r.superseded, r.prior_notice, r.ladder_version]),
        [
          ["email", "d+10", "planned", "2025-06-02", "T2", "d+10", '["d-3","d+1","d+5"]', 0, 1],
          ["email", "d+10", "planned", "2025-06-02", "T3", "d+1", '["d-3"]', 0, 1],
          ["sms", "d+5", "planned", "2025-06-02", "T1", "d+5", '["d-3","d+1"]', 0, 1],
          ["letter", "d+30", "planned", "2025-06-02", "T4", "d+30", '["d-3","d+1","d+5","d+10"]', 1, 1],
          ["sms", "d+5", "planned", "2025-06-02", "T6", "d+5", '["d-3","d+1"]', 0, 1],
        ],
      );
      assert.match(rows[0]!.idempotency_key, /^2025-06-02:\d{12}:email:varejo\/d\+10$/);
      assert.ok(rows.every((r) => r.contact_id !== null), "each message names the contact it uses");
    });

    it("re-running the same day reports the same plan and writes nothing twice (nor does a dry run after it)", async () => {
      const before = await counts();
      const again = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: "2025-06-02T18:00:00Z" });
      assert.deepEqual(again.result, { ...EXPECTED_MONDAY, at: "2025-06-02T18:00:00.000Z" }, "written actions keep their sendAt");
      assert.deepEqual({ written: again.summary.written, alreadyPlanned: again.summary.alreadyPlanned }, { written: 0, alreadyPlanned: 4 });
      const dry = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: MONDAY, dryRun: true });
      assert.deepEqual(dry.result, EXPECTED_MONDAY);
      const after = await counts();
      assert.deepEqual({ ...after, audit: after.audit - 1 }, before, "only the re-run's audit entry");
    });

    it("a payment or pause that cancels an action before the send: the same day's re-run plans it again, once", async () => {
      const t1 = await db.selectFrom("debts").select("id").where("creditor_id", "=", creditorId).where("external_id", "=", "T1").executeTakeFirstOrThrow();
      const cancelled = await db.transaction().execute((trx) => cancelPendingActionsForDebts(trx, [t1.id], "paused", MONDAY));
      assert.equal(cancelled.length, 1);
      const again = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: MONDAY });
      assert.deepEqual(again.result, EXPECTED_MONDAY);
      assert.equal(again.summary.written, 1);
      const ana = await db.selectFrom("debtors").select("id").where("creditor_id", "=", creditorId).where("document", "=", ANA).executeTakeFirstOrThrow();
      const keys = await db.selectFrom("actions").select(["idempotency_key", "status"]).where("debtor_id", "=", ana.id).where("channel", "=", "sms").orderBy("id").execute();
      assert.deepEqual(keys.map((k) => [k.idempotency_key.replace(/:\d{12}:/, ":D:"), k.status]), [["2025-06-02:D:sms:varejo/d+5", "cancelled"], ["2025-06-02:D:sms:varejo/d+5#2", "planned"]]);
      assert.equal((await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: MONDAY })).summary.written, 0);
    });

    it("catch-up after days without a run: the latest arrived step per debt, the rest superseded", async () => {
      const { result } = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: "2025-06-09T13:00:00Z", dryRun: true });
      assert.deepEqual(result.planned, [
        // T1 (due 05-28): d+10 on 06-07. T3 (due 06-01): d+5 on 06-06 (sms). T2 waits for d+30 (06-22).
        { debtorDocument: ANA, debtExternalIds: ["T1"], stepId: "d+10", channel: "email", sendAt: "2025-06-09T13:00:00.000Z" },
        { debtorDocument: ANA, debtExternalIds: ["T3"], stepId: "d+5", channel: "sms", sendAt: "2025-06-09T13:00:00.000Z" },
        // T6: d+10 on 06-07 (e-mail).
        { debtorDocument: DORA, debtExternalIds: ["T6"], stepId: "d+10", channel: "email", sendAt: "2025-06-09T13:00:00.000Z" },
      ]);
      assert.deepEqual(result.skipped, [
        // Bruno's letter (the prior notice) went out on 06-02: only 7 days before his listing step of 06-07.
        { debtorDocument: BRUNO, debtExternalIds: ["T4"], stepId: "d+45", channel: "credit_bureau", reason: "missing_prior_notice" },
        { debtorDocument: CARLA, debtExternalIds: ["T5"], stepId: "d+45", channel: "credit_bureau", reason: "missing_prior_notice" },
        { debtorDocument: DORA, debtExternalIds: ["T7"], stepId: "d+10", channel: "email", reason: "disputed" },
      ]);
      const bruno = await explainDebtor(deps, SYSTEM_ACTOR, creditorId, { document: BRUNO, at: "2025-06-09T13:00:00Z" });
      assert.equal(bruno.debts[0]!.steps.at(-1)!.rule, "Não enviada (missing_prior_notice): a notificação prévia por escrito foi em 02/06/2025, menos de 10 dias antes (CDC art. 43, §2º).");
    });

    it("a paused debtor is skipped with paused; across creditors, the same person's contact of the day caps the channel", async () => {
      const other = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Beta Ltda", cnpj: "11444777000161", state: "SP" })).id;
      await importCsv(deps, other, ["documento;nome;email;uf;titulo;valor;vencimento", `${ANA};Ana C.;ana@exemplo.com.br;SP;B1;10,00;01/06/2025`].join("\n") + "\n");
      await applyLadder(deps, SYSTEM_ACTOR, other, { document: { id: "b", name: "B", steps: [{ id: "b+1", offsetDays: 1, stage: "friendly", channel: "email" }] } });
      const tuesday = "2025-06-03T13:00:00Z";
      const b = await runLadder(deps, SYSTEM_ACTOR, other, { at: tuesday });
      assert.deepEqual(b.result.planned, [{ debtorDocument: ANA, debtExternalIds: ["B1"], stepId: "b+1", channel: "email", sendAt: "2025-06-03T13:00:00.000Z" }]);
      // On Tuesday Ana's T1 (due 05-28) has no new step; move T3 so its d+1 e-mail falls on Tuesday.
      await db.updateTable("debts").set({ due_date: "2025-06-02" }).where("creditor_id", "=", creditorId).where("external_id", "=", "T3").execute();
      await db.deleteFrom("action_debts").where("debt_id", "in", db.selectFrom("debts").select("id").where("creditor_id", "=", creditorId).where("external_id", "=", "T3")).execute();
      const a = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: tuesday, dryRun: true });
      assert.deepEqual(a.result.skipped.filter((s) => s.debtorDocument === ANA), [{ debtorDocument: ANA, debtExternalIds: ["T3"], stepId: "d+1", channel: "email", reason: "frequency_cap" }]);

      await db.updateTable("debtors").set({ paused_at: MONDAY }).where("creditor_id", "=", creditorId).where("document", "=", ANA).execute();
      const paused = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: tuesday, dryRun: true });
      assert.deepEqual(paused.result.skipped.filter((s) => s.debtorDocument === ANA), [{ debtorDocument: ANA, debtExternalIds: ["T3"], stepId: "d+1", channel: "email", reason: "paused" }]);
      await db.updateTable("debtors").set({ paused_at: null }).where("creditor_id", "=", creditorId).where("document", "=", ANA).execute();
    });

    it("listings wait for a manager: approve turns them planned, reject closes the step for good", async () => {
      // Carla's letter (prior notice) went out 20 days ago; her listing step is due.
      const carla = await db.selectFrom("debtors").select("id").where("creditor_id", "=", creditorId).where("document", "=", CARLA).executeTakeFirstOrThrow();
      const t5 = await db.selectFrom("debts").select("id").where("creditor_id", "=", creditorId).where("external_id", "=", "T5").executeTakeFirstOrThrow();
      const { id: noticeId } = await db
        .insertInto("actions")
        .values({ creditor_id: creditorId, debtor_id: carla.id, ladder_id: "varejo", step_id: "d+30", stage: "formal", channel: "letter", local_day: "2025-05-13", idempotency_key: "test-notice", status: "sent", send_at: "2025-05-13T13:00:00.000Z", contact_id: null, next_attempt_at: null, last_error: null, cancel_reason: null, provider_message_id: null, approved_by: null, approved_at: null, sent_at: "2025-05-13T13:00:00.000Z", created_at: MONDAY, updated_at: MONDAY })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db.insertInto("action_debts").values({ action_id: noticeId, debt_id: t5.id, ladder_id: "varejo", step_id: "d+30", prior_notice: 1 }).execute();
      const run = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: MONDAY });
      assert.deepEqual(run.result.planned.filter((p) => p.debtorDocument === CARLA), [{ debtorDocument: CARLA, debtExternalIds: ["T5"], stepId: "d+45", channel: "credit_bureau", sendAt: "2025-06-02T13:00:00.000Z" }]);
      const waiting = await listActions(deps, SYSTEM_ACTOR, creditorId, { status: "awaiting_approval" });
      assert.deepEqual(waiting.items.map((a) => [a.debtorDocument, a.channel, a.debtExternalIds]), [[CARLA, "credit_bureau", ["T5"]]]);

      const collector: Actor = { kind: "user", id: "u", role: "collector", creditorIds: [creditorId], label: "user:operador" };
      await assert.rejects(decideApproval(deps, collector, creditorId, { actionIds: [waiting.items[0]!.id], approve: true }), (e: unknown) => e instanceof AppError && e.code === "forbidden");
      await assert.rejects(decideApproval(deps, SYSTEM_ACTOR, creditorId, { actionIds: ["999999"], approve: true }), (e: unknown) => e instanceof AppError && e.code === "not_found");
      const approved = await decideApproval(deps, SYSTEM_ACTOR, creditorId, { actionIds: [waiting.items[0]!.id], approve: true });
      assert.deepEqual(approved.items.map((a) => [a.status, a.approvedBy]), [["planned", "system:cli"]]);
      await assert.rejects(decideApproval(deps, SYSTEM_ACTOR, creditorId, { actionIds: [waiting.items[0]!.id], approve: false, reason: "tarde demais" }), (e: unknown) => e instanceof AppError && e.code === "conflict");
      const event = await db.selectFrom("events").select(["kind", "data"]).where("debtor_id", "=", carla.id).where("kind", "=", "action.approved").executeTakeFirstOrThrow();
      assert.equal(JSON.parse(event.data).channel, "credit_bureau");

      // A rejected listing is never planned again.
      await db.updateTable("actions").set({ status: "awaiting_approval" }).where("id", "=", Number(waiting.items[0]!.id)).execute();
      await decideApproval(deps, SYSTEM_ACTOR, creditorId, { actionIds: [waiting.items[0]!.id], approve: false, reason: "valor em negociação" });
      const later = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: "2025-06-20T13:00:00Z", dryRun: true });
      assert.ok(!later.result.planned.some((p) => p.debtorDocument === CARLA) && !later.result.skipped.some((s) => s.debtorDocument === CARLA));
    });

    it("assignment: by tag, and a debtor override; settled debts are never planned, and explain tells why", async () => {
      await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: GENTIL });
      const { items } = await listLadders(deps, SYSTEM_ACTOR, creditorId);
      assert.deepEqual(items.map((l) => [l.id, l.isDefault, l.currentVersion]), [["varejo", true, 1], ["gentil", false, 1]]);
      const dora = await db.selectFrom("debtors").select("id").where("creditor_id", "=", creditorId).where("document", "=", DORA).executeTakeFirstOrThrow();
      await db.updateTable("debtors").set({ tags: '["primeiro-atraso"]' }).where("id", "=", dora.id).execute();
      const run = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: "2025-06-04T13:00:00Z", dryRun: true });
      assert.deepEqual(run.result.planned.filter((p) => p.debtorDocument === DORA), [{ debtorDocument: DORA, debtExternalIds: ["T6"], stepId: "g+7", channel: "email", sendAt: "2025-06-04T13:00:00.000Z" }]);

      await assignLadder(deps, SYSTEM_ACTOR, creditorId, String(dora.id), { ladderId: "varejo" });
      const explanation = await explainDebtor(deps, SYSTEM_ACTOR, creditorId, { document: "123.456.789-09", at: "2025-06-04T13:00:00Z" });
      assert.deepEqual(explanation.debts.map((d) => [d.externalId, d.status, d.ladder?.id ?? null, d.ladder?.via ?? null, d.note]), [
        ["T6", "open", "varejo", "debtor", null],
        ["T7", "disputed", "varejo", "debtor", null],
        ["T8", "settled", null, null, "Título quitado: a régua não age sobre títulos pagos."],
      ]);
      const t6 = explanation.debts[0]!.steps.map((s) => [s.stepId, s.outcome]);
      assert.deepEqual(t6, [["d-3", "superseded"], ["d+1", "superseded"], ["d+5", "performed"], ["d+10", "future"], ["d+30", "future"], ["d+45", "future"]]);
      assert.equal(explanation.debts[1]!.steps.find((s) => s.outcome === "skipped")?.rule, "Não enviada (disputed): título em contestação: a cobrança fica suspensa até a contestação ser resolvida.");
      assert.match(formatExplanation(explanation), /^Devedor Dora \(12345678909\), PR, fuso America\/Sao_Paulo — dia local 04\/06\/2025\n/);
      assert.ok(!run.result.planned.concat().some((p) => p.debtExternalIds.includes("T8")));

      await assert.rejects(assignLadder(deps, SYSTEM_ACTOR, creditorId, String(dora.id), { ladderId: "nenhuma" }), /Régua não encontrada: nenhuma/);
      await assignLadder(deps, SYSTEM_ACTOR, creditorId, String(dora.id), { ladderId: null });
    });

    it("a new version of a ladder is kept beside the old one; the same document again changes nothing", async () => {
      const same = await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: VAREJO });
      assert.deepEqual([same.changed, same.version], [false, 1]);
      const v2 = await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: { ...VAREJO, name: "Varejo 2" } });
      assert.deepEqual([v2.changed, v2.version, v2.isDefault], [true, 2, true]);
      const old = await listLadders(deps, SYSTEM_ACTOR, creditorId, { id: "varejo", version: 1 });
      assert.equal(old.items[0]!.document.name, "Varejo padrão");
      assert.deepEqual(old.items[0]!.versions.map((v) => v.version), [1, 2]);
      const made = await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: GENTIL, makeDefault: true });
      assert.equal(made.isDefault, true);
      await assert.rejects(applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: { ...VAREJO, steps: [{ ...VAREJO.steps[0], channel: "fax" }] } }), /régua inválida: steps\[0\]\.channel: canal desconhecido "fax"/);
      await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: { ...VAREJO, name: "Varejo 2" }, makeDefault: true });
    });

    it("the CLI prints exactly {at, planned, skipped}, in-process and as a real process", async () => {
      const out: string[] = [];
      const err: string[] = [];
      const ctx: CliContext = { io: { out: (s) => out.push(s), err: (s) => err.push(s), isTty: false }, clock: fixedClock(MONDAY), env: { DATABASE_URL: url }, cwd: REPO_ROOT };
      const code = await runCli(["run", "--creditor", creditorId, "--at", "2025-06-11T13:00:00Z", "--dry-run", "--json"], ctx);
      assert.equal(code, 0, err.join(""));
      const parsed = JSON.parse(out.join("")) as RunResult;
      assert.deepEqual(Object.keys(parsed), ["at", "planned", "skipped"]);
      const viaApp = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: "2025-06-11T13:00:00Z", dryRun: true });
      assert.deepEqual(parsed, viaApp.result);
      for (const e of parsed.planned) assert.deepEqual(Object.keys(e), ["debtorDocument", "debtExternalIds", "stepId", "channel", "sendAt"]);
      for (const e of parsed.skipped) assert.deepEqual(Object.keys(e), ["debtorDocument", "debtExternalIds", "stepId", "channel", "reason"]);

      const bad = await runCli(["run", "--creditor", creditorId, "--at", "2025-06-11 10:00", "--json"], { ...ctx, io: { out: () => {}, err: (s) => err.push(s), isTty: false } });
      assert.equal(bad, 2);
      assert.match(err.join(""), /at: instante inválido \(use ISO 8601 com fuso/);

      const { stdout } = await promisify(execFile)(process.execPath, ["bin/regua.mjs", "run", "--creditor", creditorId, "--at", "2025-06-11T13:00:00Z", "--dry-run", "--json"], {
        cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: url },
      });
      assert.equal(stdout, `${JSON.stringify(viaApp.result)}\n`);
    });
  });
}

describe("ladder files", () => {
  it("a YAML file and its JSON twin store the same document", async () => {
    const dir = mkdtempSync(join(tmpdir(), "regua-ladder-"));
    writeFileSync(join(dir, "r.yaml"), "id: varejo\nname: Varejo padrão\nsteps:\n  - id: d-3\n    offsetDays: -3\n    stage: friendly\n    channel: email\n");
    writeFileSync(join(dir, "r.json"), JSON.stringify({ id: "varejo", name: "Varejo padrão", steps: [{ id: "d-3", offsetDays: -3, stage: "friendly", channel: "email" }] }));
    writeFileSync(join(dir, "bad.yaml"), "id: varejo\nsteps:\n  - id: x\n    offsetDays: dez\n    stage: friendly\n    channel: email\n");
    const outputs: string[] = [];
    for (const f of ["r.yaml", "r.json"]) {
      const out: string[] = [];
      const code = await runCli(["ladder", "validate", f, "--json"], { io: { out: (s) => out.push(s), err: () => {}, isTty: false }, clock: fixedClock(MONDAY), env: {}, cwd: dir });
      assert.equal(code, 0);
      outputs.push(out.join(""));
    }
    assert.equal(outputs[0], outputs[1]);
    const err: string[] = [];
    const code = await runCli(["ladder", "validate", "bad.yaml"], { io: { out: () => {}, err: (s) => err.push(s), isTty: false }, clock: fixedClock(MONDAY), env: {}, cwd: dir });
    assert.equal(code, 2);
    assert.equal(err.join(""), [
      "erro: régua inválida",
      "  name: obrigatório: texto de 1 a 200 caracteres (recebido undefined)",
      '  steps[0].offsetDays: use um número inteiro de dias em relação ao vencimento, de -365 a 3650 (negativo = antes) (recebido "dez")',
      "",
    ].join("\n"));
  });
});
