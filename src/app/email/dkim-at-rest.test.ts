// Creditors' DKIM private keys at rest: sealed with a key derived from REGUA_SECRET, so a
// copy of the database alone does not let anyone sign mail as the creditor's domain. Both
// databases; the dispatcher, the settings API and a change of REGUA_SECRET, end to end.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { afterEach, beforeEach, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { importCsv, openTestDeps, TEST_NOW } from "../../../test/support/factories.ts";
import { dkimDnsRecord } from "../../channels/email/dkim-verify.ts";
import { AppError } from "../../shared/app-error.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { dispatchUntilIdle } from "../dispatch/dispatch-email.ts";
import { applyLadder } from "../ladder/ladders.ts";
import { runLadder } from "../ladder/run-ladder.ts";
import { configureEmail } from "./email-context.ts";
import { getEmailSettings, loadSenderSettings, updateEmailSettings } from "./email-settings.ts";
import { startEmail, type RunningEmail } from "./start-email.ts";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const SECRET = "segredo-de-producao-com-32-caracteres";
const DKIM = { domain: "lojaexemplo.com.br", selector: "regua", privateKey };

for (const dialect of testDialects()) {
  describe(`DKIM keys at rest (${dialect})`, () => {
    let deps: AppDeps;
    let cleanup: () => Promise<void>;
    let email: RunningEmail;
    let creditorId: string;
    const stored = async () => (await deps.database.db.selectFrom("email_settings").select("dkim_private_key").where("creditor_id", "=", creditorId).executeTakeFirstOrThrow()).dkim_private_key!;
    const fingerprints = async () =>
      (await deps.database.db.selectFrom("audit_log").select("after").where("action", "=", "email.settings.update").orderBy("id").execute()).map(
        (r) => (JSON.parse(r.after!) as { dkimKeyFingerprint: string | null }).dkimKeyFingerprint,
      );

    beforeEach(async () => {
      ({ deps, cleanup } = await openTestDeps(dialect));
      creditorId = (
        await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja Exemplo Ltda", cnpj: "11222333000181", address: "Rua Augusta, 100", city: "São Paulo", state: "SP", zip: "01305-000", sector: "retail" })
      ).id;
      email = await startEmail(deps, { mailDomain: "cobranca.test", publicUrl: "https://regua.test", secret: SECRET });
    });
    afterEach(async () => {
      await email.close();
      await cleanup();
    });

    it("with REGUA_SECRET the key is stored sealed, read back for signing and for the DNS record", async () => {
      const view = await updateEmailSettings(deps, SYSTEM_ACTOR, creditorId, { fromAddress: "cobranca@lojaexemplo.com.br", dkim: DKIM });
      const raw = await stored();
      assert.match(raw, /^sealed:v1:[A-Za-z0-9+/]+=*$/);
      assert.ok(!raw.includes("PRIVATE KEY"));
      assert.deepEqual(view.dkim, { domain: DKIM.domain, selector: "regua", dnsName: "regua._domainkey.lojaexemplo.com.br", dnsRecord: dkimDnsRecord(privateKey), keyReadable: true });
      assert.equal((await loadSenderSettings(deps, deps.database.db, creditorId)).dkim?.privateKey, `${privateKey.trim()}\n`);
      // Saved again without the key: kept (sealed afresh), same fingerprint in the audit log.
      await updateEmailSettings(deps, SYSTEM_ACTOR, creditorId, { dkim: { domain: DKIM.domain, selector: "regua2" } });
      assert.notEqual(await stored(), raw);
      const [first, second] = await fingerprints();
      assert.match(first!, /^[0-9a-f]{16}$/);
      assert.equal(second, first);
    });

    it("another REGUA_SECRET cannot read it: the settings say so, nothing is sent unsigned, and sending the key again restores it", async () => {
      await updateEmailSettings(deps, SYSTEM_ACTOR, creditorId, { fromAddress: "cobranca@lojaexemplo.com.br", dkim: DKIM });
      await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: { id: "r", name: "R", steps: [{ id: "d+5", offsetDays: 5, stage: "friendly", channel: "email" }] } });
      await importCsv(deps, creditorId, "documento;nome;email;uf;titulo;valor;vencimento\n52998224725;Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025\n");
      await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: TEST_NOW });

      configureEmail(deps, { secret: "outro-segredo-com-mais-de-32-caracteres" });
      const view = await getEmailSettings(deps, SYSTEM_ACTOR, creditorId);
      assert.deepEqual(view.dkim, { domain: DKIM.domain, selector: "regua", dnsName: "regua._domainkey.lojaexemplo.com.br", dnsRecord: null, keyReadable: false });
      await assert.rejects(loadSenderSettings(deps, deps.database.db, creditorId), (e: unknown) => e instanceof AppError && e.code === "conflict" && /cifrada com outro REGUA_SECRET/.test(e.message));

      const summary = await dispatchUntilIdle(deps);
      assert.deepEqual([summary.sent, summary.retried], [0, 1]);
      await email.sink!.settled();
      assert.deepEqual(await deps.database.db.selectFrom("sink_messages").select("id").execute(), [], "nothing left unsigned");
      const action = await deps.database.db.selectFrom("actions").select(["status", "last_error"]).executeTakeFirstOrThrow();
      assert.equal(action.status, "planned");
      assert.match(action.last_error ?? "", /chave DKIM do credor está cifrada com outro REGUA_SECRET/);

      // Keeping the unreadable key is refused by name; sending it again seals it with the current secret.
      await assert.rejects(updateEmailSettings(deps, SYSTEM_ACTOR, creditorId, { dkim: { domain: DKIM.domain, selector: "regua" } }), (e: unknown) =>
        e instanceof AppError && e.errors.some((f) => f.field === "dkim.privateKey" && /cifrada com outro REGUA_SECRET/.test(f.reason)),
      );
      const restored = await updateEmailSettings(deps, SYSTEM_ACTOR, creditorId, { dkim: DKIM });
      assert.equal(restored.dkim?.keyReadable, true);
      assert.equal((await loadSenderSettings(deps, deps.database.db, creditorId)).dkim?.domain, DKIM.domain);
    });

    it("without REGUA_SECRET the key is kept as given, and sealed on the first save once a secret is set", async () => {
      configureEmail(deps, { secret: undefined });
      await updateEmailSettings(deps, SYSTEM_ACTOR, creditorId, { fromAddress: "cobranca@lojaexemplo.com.br", dkim: DKIM });
      assert.match(await stored(), /^-----BEGIN PRIVATE KEY-----/);
      configureEmail(deps, { secret: SECRET });
      assert.equal((await getEmailSettings(deps, SYSTEM_ACTOR, creditorId)).dkim?.keyReadable, true, "a key stored before the secret still reads");
      await updateEmailSettings(deps, SYSTEM_ACTOR, creditorId, { fromName: "Loja Exemplo" });
      assert.match(await stored(), /^sealed:v1:/);
      assert.equal((await loadSenderSettings(deps, deps.database.db, creditorId)).dkim?.privateKey, `${privateKey.trim()}\n`);
    });
  });
}
