// The debtor's account representative on the e-mail dispatcher, end to end on both
// databases: imported with the portfolio, planned by the real ladder run, sent through
// nodemailer to the real embedded SMTP server. The representative is copied (Cc) on exactly
// the debtor's message; no extra copy without one, none twice; a copy the server refuses
// never changes the debtor's outcome.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { importCsv, openTestDeps, TEST_NOW } from "../../../test/support/factories.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { updateEmailSettings } from "../email/email-settings.ts";
import { startEmail, type RunningEmail } from "../email/start-email.ts";
import { applyLadder } from "../ladder/ladders.ts";
import { runLadder } from "../ladder/run-ladder.ts";
import { dispatchUntilIdle } from "./dispatch-email.ts";

// TEST_NOW is Monday 2025-06-02 10:00 in São Paulo; debts due 2025-05-20 are on the d+5 step.
const LADDER = { id: "varejo", name: "Varejo", steps: [{ id: "amigavel", offsetDays: 5, stage: "friendly", channel: "email" }] };
const HEADER = "documento;nome;email;uf;titulo;valor;vencimento;representante";

for (const dialect of testDialects()) {
  describe(`e-mail dispatch: the account representative's copy (${dialect})`, () => {
    let deps: AppDeps;
    let cleanup: () => Promise<void>;
    let email: RunningEmail;
    let creditorId: string;

    beforeEach(async () => {
      ({ deps, cleanup } = await openTestDeps(dialect));
      creditorId = (
        await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja Exemplo Ltda", cnpj: "11222333000181", address: "Rua Augusta, 100", city: "São Paulo", state: "SP", zip: "01305-000", sector: "retail" })
      ).id;
      email = await startEmail(deps, { mailDomain: "cobranca.test", publicUrl: "https://regua.test", secret: "segredo-de-teste" });
      await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: LADDER });
    });
    afterEach(async () => {
      await email.close();
      await cleanup();
    });

    async function plan(rows: string[]): Promise<void> {
      const imported = await importCsv(deps, creditorId, [HEADER, ...rows].join("\n") + "\n");
      assert.deepEqual([imported.rejected, imported.warnings], [[], []]);
      await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: TEST_NOW });
    }
    const sink = async () => {
      await email.sink!.settled();
      const rows = await deps.database.db.selectFrom("sink_messages").selectAll().where("kind", "=", "message").orderBy("id").execute();
      return rows.map((m) => ({ ...m, envelopeTo: JSON.parse(m.envelope_to) as string[], cc: JSON.parse(m.cc_header) as string[] }));
    };
    const to = async (address: string) => (await sink()).find((m) => m.envelopeTo[0] === address)!;
    const events = (kind: string) => deps.database.db.selectFrom("events").selectAll().where("kind", "=", kind).orderBy("id").execute();

    it("copies the representative on the debtor's own message; nobody else gets a copy, and nobody gets two", async () => {
      await updateEmailSettings(deps, SYSTEM_ACTOR, creditorId, { cc: ["supervisao@credor.com.br"] });
      await plan([
        "52998224725;Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025;Marta.Gerente@Credor.com.br",
        "39053344705;Bruno Lima;bruno@exemplo.com.br;SP;T-2;70,00;20/05/2025;",
        // The representative is the debtor's own address, or the creditor's supervisor already copied.
        "11144477735;Carla Dias;carla@exemplo.com.br;SP;T-3;80,00;20/05/2025;CARLA@exemplo.com.br",
        "86288366757;Daniel Reis;daniel@exemplo.com.br;SP;T-4;90,00;20/05/2025;supervisao@credor.com.br",
      ]);
      const summary = await dispatchUntilIdle(deps);
      assert.deepEqual([summary.sent, summary.failed, summary.retried], [4, 0, 0]);

      const ana = await to("ana@exemplo.com.br");
      assert.deepEqual(ana.envelopeTo, ["ana@exemplo.com.br", "supervisao@credor.com.br", "marta.gerente@credor.com.br"]);
      assert.deepEqual(ana.cc, ["supervisao@credor.com.br", "marta.gerente@credor.com.br"]);
      assert.match(ana.raw, /^Cc: supervisao@credor\.com\.br, marta\.gerente@credor\.com\.br\r?$/m);
      // One message, the debtor's: the copy is not another message with other content.
      assert.match(ana.text_body ?? "", /R\$ 102,43/);
      assert.equal((await sink()).filter((m) => m.envelopeTo.includes("marta.gerente@credor.com.br")).length, 1);

      const bruno = await to("bruno@exemplo.com.br");
      assert.deepEqual([bruno.envelopeTo, bruno.cc], [["bruno@exemplo.com.br", "supervisao@credor.com.br"], ["supervisao@credor.com.br"]]);
      const carla = await to("carla@exemplo.com.br");
      assert.deepEqual([carla.envelopeTo, carla.cc], [["carla@exemplo.com.br", "supervisao@credor.com.br"], ["supervisao@credor.com.br"]]);
      const daniel = await to("daniel@exemplo.com.br");
      assert.deepEqual([daniel.envelopeTo, daniel.cc], [["daniel@exemplo.com.br", "supervisao@credor.com.br"], ["supervisao@credor.com.br"]]);
    });

    it("without any copy configured, a debtor without representative gets a message with no Cc at all", async () => {
      await plan(["39053344705;Bruno Lima;bruno@exemplo.com.br;SP;T-2;70,00;20/05/2025;", "52998224725;Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025;marta@credor.com.br"]);
      assert.equal((await dispatchUntilIdle(deps)).sent, 2);
      const bruno = await to("bruno@exemplo.com.br");
      assert.deepEqual([bruno.envelopeTo, bruno.cc], [["bruno@exemplo.com.br"], []]);
      assert.doesNotMatch(bruno.raw, /^Cc:/im);
      const ana = await to("ana@exemplo.com.br");
      assert.deepEqual([ana.envelopeTo, ana.cc], [["ana@exemplo.com.br", "marta@credor.com.br"], ["marta@credor.com.br"]]);
    });

    it("the copy of a message to a company's shared mailbox is the withheld version too", async () => {
      await plan(["45723174000110;Empresa Cliente Ltda;financeiro@cliente.com.br;SP;T-9;900,00;20/05/2025;marta@credor.com.br"]);
      assert.equal((await dispatchUntilIdle(deps)).sent, 1);
      const [shared] = await sink();
      assert.deepEqual([shared!.envelopeTo, shared!.cc], [["financeiro@cliente.com.br", "marta@credor.com.br"], ["marta@credor.com.br"]]);
      assert.doesNotMatch(shared!.text_body ?? "", /R\$|vencimento/);
      assert.match(shared!.text_body ?? "", /detalhes estão disponíveis somente na página segura/);
    });

    it("a copy the server refuses does not fail the debtor's message; a refused debtor address is not 'sent' because the copy went", async () => {
      await plan([
        "52998224725;Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025;gerente@rejeitado.test",
        "39053344705;Bruno Lima;bruno@rejeitado.test;SP;T-2;70,00;20/05/2025;gerente@credor.com.br",
      ]);
      const summary = await dispatchUntilIdle(deps);
      assert.deepEqual([summary.sent, summary.failed, summary.retried], [1, 1, 0]);
      const actions = await deps.database.db.selectFrom("actions").select(["status", "recipient", "last_error"]).orderBy("recipient").execute();
      assert.deepEqual(actions.map((a) => [a.recipient, a.status]), [["ana@exemplo.com.br", "sent"], ["bruno@rejeitado.test", "failed"]]);
      assert.match(actions[1]!.last_error ?? "", /550/);
      const sent = JSON.parse((await events("message.sent"))[0]!.data) as { to: string; copiesRefused?: string[] };
      assert.deepEqual([sent.to, sent.copiesRefused], ["ana@exemplo.com.br", ["gerente@rejeitado.test"]]);
      const failed = JSON.parse((await events("message.failed"))[0]!.data) as { to: string; copiesDelivered?: boolean };
      assert.deepEqual([failed.to, failed.copiesDelivered], ["bruno@rejeitado.test", true]);
    });
  });
}
