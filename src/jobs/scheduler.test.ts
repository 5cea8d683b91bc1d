import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../test/support/db.ts";
import { importCsv, openTestDeps } from "../../test/support/factories.ts";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { addCreditor } from "../app/creditors/creditors.ts";
import type { AppDeps } from "../app/deps.ts";
import { applyLadder } from "../app/ladder/ladders.ts";
import type { Clock } from "../shared/clock.ts";
import { runAllCreditors } from "./daily-run.ts";
import { isRunDue, startDailyScheduler } from "./scheduler.ts";

describe("isRunDue", () => {
  const cases: [string, string | null, boolean, string][] = [
    ["2025-06-02T09:59:00Z", null, false, "06:59 in Brasília: not yet"],
    ["2025-06-02T10:00:00Z", null, true, "07:00: due"],
    ["2025-06-02T10:00:00Z", "2025-06-02", false, "already run today"],
    ["2025-06-03T02:30:00Z", "2025-06-02", false, "23:30 of 06-02 in Brasília, run that day"],
    ["2025-06-03T10:30:00Z", "2025-06-02", true, "the next day"],
    ["2025-06-02T20:00:00Z", null, true, "a process started in the afternoon runs the day at once"],
  ];
  for (const [at, last, due, what] of cases) {
    it(what, () => assert.equal(isRunDue(new Date(at), last, "07:00", "America/Sao_Paulo").due, due));
  }
});

for (const dialect of testDialects()) {
  describe(`daily job on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let now = "2025-06-02T09:00:00Z";
    const clock: Clock = { now: () => new Date(now) };
    let withLadder: string;

    before(async () => {
      env = await openTestDeps(dialect);
      env.deps = { ...env.deps, clock };
      withLadder = (await addCreditor(env.deps, SYSTEM_ACTOR, { legalName: "Alfa", cnpj: "11222333000181", state: "SP" })).id;
      const without = (await addCreditor(env.deps, SYSTEM_ACTOR, { legalName: "Beta", cnpj: "11444777000161", state: "RJ" })).id;
      for (const c of [withLadder, without]) await importCsv(env.deps, c, "documento;nome;email;uf;titulo;valor;vencimento\n52998224725;Ana;ana@exemplo.com.br;SP;T1;10,00;28/05/2025\n");
      await applyLadder(env.deps, SYSTEM_ACTOR, withLadder, { document: { id: "r", name: "R", steps: [{ id: "d+5", offsetDays: 5, stage: "firm", channel: "email" }] } });
    });
    after(async () => env.cleanup());

    it("runAllCreditors runs every creditor that has a ladder, persisted, as the scheduler", async () => {
      const reports = await runAllCreditors(env.deps, "2025-06-02T13:00:00Z");
      assert.deepEqual(reports.map((r) => [r.creditorId, r.summary?.planned, r.summary?.written, r.error]), [[withLadder, 1, 1, null]]);
      const audit = await env.deps.database.db.selectFrom("audit_log").select(["actor", "action"]).where("action", "=", "ladder.run").execute();
      assert.deepEqual(audit, [{ actor: "system:scheduler", action: "ladder.run" }]);
    });

    it("the scheduler runs once per Brasília day from 07:00, and a second run the same day writes nothing", async () => {
      const reports: string[] = [];
      const scheduler = startDailyScheduler(env.deps, { timers: false, onReport: (day, r) => reports.push(`${day}:${r.map((x) => x.summary?.written).join(",")}`) });
      try {
        assert.equal(await scheduler.tick(), null, "06:00 in Brasília");
        now = "2025-06-02T10:05:00Z";
        assert.equal(await scheduler.tick(), "2025-06-02");
        assert.equal(await scheduler.tick(), null, "once a day");
        now = "2025-06-03T10:05:00Z";
        assert.equal(await scheduler.tick(), "2025-06-03");
        assert.deepEqual(reports, ["2025-06-02:0", "2025-06-03:0"], "06-02 was already written by the test above; nothing new is due on 06-03");
      } finally {
        await scheduler.stop();
      }
      assert.equal(await scheduler.tick(), null, "stopped");
    });
  });
}
