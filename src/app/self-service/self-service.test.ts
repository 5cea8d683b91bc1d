import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { importCsv, openTestDeps, seedTenants, TEST_NOW, type Seed } from "../../../test/support/factories.ts";
import { createPixPspClient } from "../../channels/pix-psp/psp-client.ts";
import { startPixSimulator, type PixSimulator } from "../../channels/pix-psp/simulator.ts";
import { AppError } from "../../shared/app-error.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addBillingAccount } from "../boleto/billing-accounts.ts";
import { testAccountInput } from "../boleto/billing-test-accounts.ts";
import type { AppDeps } from "../deps.ts";
import { configureEmail } from "../email/email-context.ts";
import type { PixAppDeps } from "../pix/pix-deps.ts";
import { acceptSelfServiceOption } from "./accept-option.ts";
import { checkIdentity, identityPrompt, recordVisit } from "./check-identity.ts";
import { createSelfServiceLink } from "./create-self-service-link.ts";
import { disputeFromPage } from "./dispute-from-page.ts";
import { issueSelfServicePayment } from "./issue-payment.ts";
import { deriveLinkKey, signLinkToken } from "./link-token.ts";
import { loadSelfServicePage } from "./load-page.ts";
import { openSelfServiceLink, type OpenedLink } from "./open-link.ts";
import { optOutFromPage } from "./opt-out-channel.ts";
import { promiseFromPage } from "./promise-from-page.ts";
import { configureSelfService, DEFAULT_SELF_SERVICE_SETTINGS, SELF_SERVICE_ACTOR_LABEL } from "./self-service-context.ts";
import { csrfTokenOf, endSession, isValidCsrf, resumeSession, type SelfServiceSession } from "./sessions.ts";
import { simulateSelfServiceOptions } from "./simulate-options.ts";

const SECRET = "segredo-de-teste-do-autoatendimento";
const PUBLIC_URL = "https://cobranca.exemplo.com.br";
/** Ana Clara's CPF is 529.982.247-25. */
const RIGHT = "529";

/** A clock the test moves. */
function movableClock(start: string) {
  let t = Date.parse(start);
  return { now: () => new Date(t), advanceMinutes: (m: number) => void (t += m * 60_000), set: (iso: string) => void (t = Date.parse(iso)) };
}

const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

for (const dialect of testDialects()) {
  describe(`self-service page use cases (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let deps: PixAppDeps;
    let seed: Seed;
    let sim: PixSimulator;
    const clock = movableClock(TEST_NOW);

    before(async () => {
      env = await openTestDeps(dialect);
      deps = { database: env.deps.database, clock };
      configureEmail(deps, { secret: SECRET, publicUrl: PUBLIC_URL });
      seed = await seedTenants(deps);
      // A second, older debt of Ana Clara: R$ 1.200,00 due 2025-04-01 (62 days late: 6 payments allowed).
      await importCsv(deps, seed.a.creditor.id, `documento;nome;titulo;valor;vencimento\n${seed.a.debtor.document};${seed.a.debtor.name};ALFA-0002;1.200,00;01/04/2025\n`);
      sim = await startPixSimulator({ nowMs: () => clock.now().getTime() });
      deps.pix = { psp: createPixPspClient({ baseUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret }), pixKey: "5f84a4c5-c5cb-4599-9f13-7eb4d419dacc", webhookBaseUrl: null };
      await addBillingAccount(deps, SYSTEM_ACTOR, seed.a.creditor.id, testAccountInput("itau", { nextOurNumber: 700 }));
    });
    after(async () => {
      await sim?.close();
      await env?.cleanup();
    });
    beforeEach(() => clock.set(TEST_NOW));

    /** A link as a new message would carry it (a second later than the last: links of the same second are the same link). */
    async function openLink(debtorId = seed.a.debtor.id, creditorId = seed.a.creditor.id): Promise<OpenedLink> {
      clock.advanceMinutes(1 / 60);
      const url = await createSelfServiceLink(deps, creditorId, debtorId);
      const outcome = await openSelfServiceLink(deps, tokenOf(url));
      assert.equal(outcome.kind, "ok");
      return (outcome as { link: OpenedLink }).link;
    }

    async function verifiedSession(link?: OpenedLink, digits = RIGHT): Promise<{ link: OpenedLink; session: SelfServiceSession }> {
      const l = link ?? (await openLink());
      const outcome = await checkIdentity(deps, l, digits);
      assert.equal(outcome.kind, "verified");
      const session = await resumeSession(deps, l, (outcome as { session: { token: string } }).session.token);
      assert.ok(session);
      return { link: l, session };
    }

    const eventsOf = async (kind: string) =>
      deps.database.db.selectFrom("events").select(["kind", "actor", "data", "debtor_id"]).where("kind", "=", kind).where("creditor_id", "=", seed.a.creditor.id).orderBy("id").execute();

    it("createSelfServiceLink: REGUA_PUBLIC_URL + /p/ + a token valid for 30 days (or as asked), for debtors of that creditor only", async () => {
      const url = await createSelfServiceLink(deps, seed.a.creditor.id, Number(seed.a.debtor.id));
      assert.match(url, /^https:\/\/cobranca\.exemplo\.com\.br\/p\/[A-Za-z0-9_-]{44,47}$/);
      const expected = signLinkToken(deriveLinkKey(SECRET), { creditorId: seed.a.creditor.id, debtorId: Number(seed.a.debtor.id), expiresAt: new Date(Date.parse(TEST_NOW) + 30 * 86_400_000) });
      assert.equal(tokenOf(url), expected);
      const week = await createSelfServiceLink(deps, seed.a.creditor.id, seed.a.debtor.id, { expiresInDays: 7 });
      clock.advanceMinutes(7 * 24 * 60);
      assert.deepEqual(await openSelfServiceLink(deps, tokenOf(week)), { kind: "expired" });
      assert.equal((await openSelfServiceLink(deps, tokenOf(url))).kind, "ok");
      await assert.rejects(createSelfServiceLink(deps, seed.a.creditor.id, seed.b.debtor.id), (e: unknown) => e instanceof AppError && e.code === "not_found");
      await assert.rejects(createSelfServiceLink(deps, seed.a.creditor.id, seed.a.debtor.id, { expiresInDays: 0 }), (e: unknown) => e instanceof AppError && e.code === "validation");
      assert.equal(DEFAULT_SELF_SERVICE_SETTINGS.linkDays, 30);
    });

    it("openSelfServiceLink: invalid for tampered tokens, other keys and a debtor named under another creditor", async () => {
      const url = await createSelfServiceLink(deps, seed.a.creditor.id, seed.a.debtor.id);
      const token = tokenOf(url);
      const flipped = token.slice(0, 10) + (token[10] === "A" ? "B" : "A") + token.slice(11);
      assert.deepEqual(await openSelfServiceLink(deps, flipped), { kind: "invalid" });
      const foreign = signLinkToken(deriveLinkKey("outra-instalacao-0123456789"), { creditorId: seed.a.creditor.id, debtorId: Number(seed.a.debtor.id), expiresAt: new Date("2030-01-01T00:00:00Z") });
      assert.deepEqual(await openSelfServiceLink(deps, foreign), { kind: "invalid" });
      // Signed by us, but B's debtor under A's creditor: no such debtor.
      const mixed = signLinkToken(deriveLinkKey(SECRET), { creditorId: seed.a.creditor.id, debtorId: Number(seed.b.debtor.id), expiresAt: new Date("2030-01-01T00:00:00Z") });
      assert.deepEqual(await openSelfServiceLink(deps, mixed), { kind: "invalid" });
    });

    it("without REGUA_SECRET, a random key kept in the database signs the links, the same for every process", async () => {
      const other: AppDeps = { database: deps.database, clock };
      configureEmail(other, { secret: undefined, publicUrl: PUBLIC_URL });
      const url = await createSelfServiceLink(other, seed.a.creditor.id, seed.a.debtor.id);
      const again: AppDeps = { database: deps.database, clock };
      configureEmail(again, { secret: undefined });
      assert.equal((await openSelfServiceLink(again, tokenOf(url))).kind, "ok");
      assert.deepEqual(await openSelfServiceLink(deps, tokenOf(url)), { kind: "invalid" }, "REGUA_SECRET's key does not accept the database key's links");
      const keys = await deps.database.db.selectFrom("self_service_keys").select("id").execute();
      assert.deepEqual(keys, [{ id: "links" }]);
    });

    it("identity check: first 3 digits of the CPF; 5 wrong answers lock the link for an hour; answers while locked are not even checked", async () => {
      const link = await openLink();
      await recordVisit(deps, link);
      const prompt = await identityPrompt(deps, link);
      assert.deepEqual(prompt, { documentLabel: "CPF", documentChars: 3, numeric: true, state: { lockedUntil: null, remaining: 5 } });
      assert.deepEqual(await checkIdentity(deps, link, "52"), { kind: "malformed", remaining: 5 }, "too short: not counted");
      assert.deepEqual(await checkIdentity(deps, link, "5 2 9 9"), { kind: "malformed", remaining: 5 });
      for (let left = 4; left >= 1; left--) {
        clock.advanceMinutes(1);
        assert.deepEqual(await checkIdentity(deps, link, "123"), { kind: "wrong", remaining: left });
      }
      clock.advanceMinutes(1);
      const locked = await checkIdentity(deps, link, "999");
      const until = new Date(clock.now().getTime() + 60 * 60_000);
      assert.deepEqual(locked, { kind: "locked", until });
      clock.advanceMinutes(59);
      assert.deepEqual(await checkIdentity(deps, link, RIGHT), { kind: "locked", until }, "the right answer while locked is refused");
      assert.deepEqual((await identityPrompt(deps, link)).state, { lockedUntil: until, remaining: 0 });
      clock.advanceMinutes(1);
      const outcome = await checkIdentity(deps, link, "529.");
      assert.equal(outcome.kind, "verified");

      const attempts = await deps.database.db.selectFrom("self_service_attempts").select(["ok"]).where("link_id", "=", link.linkId).orderBy("id").execute();
      assert.deepEqual(attempts.map((a) => a.ok), [0, 0, 0, 0, 0, 1], "malformed and locked answers are not stored");
      const kinds = (await deps.database.db.selectFrom("events").select("kind").where("kind", "like", "selfservice.%").where("debtor_id", "=", Number(seed.a.debtor.id)).orderBy("id").execute()).map((e) => e.kind);
      assert.deepEqual(kinds.slice(-8), ["selfservice.visited", "selfservice.verify_failed", "selfservice.verify_failed", "selfservice.verify_failed", "selfservice.verify_failed", "selfservice.verify_failed", "selfservice.locked", "selfservice.verified"]);
      const audit = await deps.database.db.selectFrom("audit_log").select(["action", "actor"]).where("action", "like", "selfservice.%").orderBy("id").execute();
      assert.deepEqual(audit.slice(-2), [{ action: "selfservice.lock", actor: SELF_SERVICE_ACTOR_LABEL }, { action: "selfservice.verify", actor: SELF_SERVICE_ACTOR_LABEL }]);
    });

    it("the debtor's limit spans links: 10 wrong answers over three links lock every link of the debtor", async () => {
      // Away from the previous test's answers (the lookback is two hours).
      clock.advanceMinutes(24 * 60);
      const links = [await openLink(), await openLink(), await openLink()];
      assert.notEqual(links[0]!.linkId, links[1]!.linkId);
      let n = 0;
      for (const [i, count] of [[0, 4], [1, 4], [2, 1]] as const) {
        for (let k = 0; k < count; k++) {
          clock.advanceMinutes(1);
          n++;
          assert.equal((await checkIdentity(deps, links[i]!, "000")).kind, "wrong", `answer ${n}`);
        }
      }
      clock.advanceMinutes(1);
      assert.equal((await checkIdentity(deps, links[2]!, "000")).kind, "locked", "the tenth locks");
      const fresh = await openLink();
      assert.ok((await identityPrompt(deps, fresh)).state.lockedUntil, "a new link of the same debtor is locked too");
      assert.equal((await checkIdentity(deps, fresh, RIGHT)).kind, "locked");
      // Another debtor is not affected.
      clock.advanceMinutes(1);
      const other = await openLink(seed.b.debtor.id, seed.b.creditor.id);
      assert.deepEqual((await identityPrompt(deps, other)).state, { lockedUntil: null, remaining: 5 });
    });

    it("sessions: scoped to the link, sliding idle expiry with an absolute limit, ended by 'Sair'; CSRF bound to the session", async () => {
      clock.advanceMinutes(3 * 24 * 60);
      configureSelfService(deps, { sessionIdleMinutes: 30, sessionMaxMinutes: 90 });
      const { link, session } = await verifiedSession();
      const outcome = await checkIdentity(deps, link, RIGHT);
      const token = (outcome as { session: { token: string } }).session.token;
      const start = clock.now().getTime();
      const otherLink = await openLink();
      assert.notEqual(otherLink.linkId, link.linkId);
      assert.equal(await resumeSession(deps, otherLink, token), null, "another link of the same debtor does not take the cookie");
      assert.equal(await resumeSession(deps, link, "forjado"), null);
      assert.equal(await resumeSession(deps, link, undefined), null);
      clock.set(new Date(start).toISOString());
      for (let i = 0; i < 3; i++) {
        clock.advanceMinutes(29);
        assert.ok(await resumeSession(deps, link, token), `request ${i + 1} within the idle time`);
      }
      const s = await resumeSession(deps, link, token);
      assert.ok(s);
      assert.equal(s.expiresAt.getTime(), start + 90 * 60_000, "capped at the absolute limit");
      clock.advanceMinutes(3);
      assert.equal(await resumeSession(deps, link, token), null, "absolute limit reached");

      const idleToken = (await checkIdentity(deps, link, RIGHT)) as { session: { token: string } };
      clock.advanceMinutes(29.99);
      assert.ok(await resumeSession(deps, link, idleToken.session.token), "just under 30 minutes idle: still open (and moved ahead)");
      clock.advanceMinutes(30);
      assert.equal(await resumeSession(deps, link, idleToken.session.token), null, "30 minutes idle: ended");

      const csrf = await csrfTokenOf(deps, session);
      assert.match(csrf, /^[A-Za-z0-9_-]{22}$/);
      assert.equal(await isValidCsrf(deps, session, csrf), true);
      assert.equal(await isValidCsrf(deps, session, undefined), false);
      for (let i = 0; i < csrf.length; i++) {
        const changed = csrf.slice(0, i) + (csrf[i] === "A" ? "B" : "A") + csrf.slice(i + 1);
        assert.equal(await isValidCsrf(deps, session, changed), false, `character ${i} changed`);
      }
      const second = await verifiedSession(link);
      assert.equal(await isValidCsrf(deps, second.session, csrf), false, "another session's token");
      await endSession(deps, second.session);
      assert.equal(await resumeSession(deps, link, second.session.id), null);
      configureSelfService(deps, DEFAULT_SELF_SERVICE_SETTINGS);
    });

    it("the page: creditor, debts with today's charges, options; with an income only affordable plans, and the simulation is an event", async () => {
      clock.advanceMinutes(5 * 24 * 60);
      const { session } = await verifiedSession();
      const page = await loadSelfServicePage(deps, session);
      assert.equal(page.today, "2025-06-07");
      assert.deepEqual(page.creditor, { name: "Alfa Comércio de Roupas Ltda", legalName: "Alfa Comércio de Roupas Ltda", cnpj: "11.222.333/0001-81", address: page.creditor.address });
      assert.equal(page.debtor.firstName, "Ana");
      assert.deepEqual(page.debts.map((d) => [d.externalId, d.dueDate, d.daysLate, d.principalCents, d.status]), [["ALFA-0002", "2025-04-01", 67, 120000, "open"], ["ALFA-0001", "2025-05-10", 28, 15000, "open"]]);
      for (const d of page.debts) assert.equal(d.totalCents, d.principalCents + d.chargesCents);
      assert.ok(page.debts[0]!.chargesCents > 2400, "fine (2 %) and interest on the older debt");
      assert.equal(page.totalCents, page.debts[0]!.totalCents + page.debts[1]!.totalCents);
      assert.equal(page.agreement, null);
      assert.deepEqual(page.negotiation.options.map((o) => o.instalments), [1, 2, 3, 4, 5, 6]);
      assert.equal(page.negotiation.debtCents, page.totalCents);
      assert.ok(page.negotiation.options[0]!.totalCents < page.totalCents, "the single payment has a discount");
      assert.deepEqual(page.channels.map((c) => [c.channel, c.optedOut]), [["email", false], ["sms", false], ["whatsapp", false], ["phone", false], ["letter", false]]);

      const before = (await eventsOf("selfservice.simulated")).length;
      // R$ 1.000,00 of income: 30 % is 300, but the mínimo existencial (R$ 600) leaves 400 → cap R$ 300,00.
      const simulated = await simulateSelfServiceOptions(deps, session, { incomeCents: 100000 });
      for (const o of simulated.negotiation.options.filter((x) => x.instalments > 1)) {
        assert.ok(o.downPaymentCents <= 30000 && o.instalmentCents <= 30000, `option ${o.instalments}`);
      }
      assert.ok(simulated.negotiation.options.length < 6);
      assert.match(simulated.negotiation.affordabilityNote ?? "", /Lei 14\.181\/2021/);
      const events = await eventsOf("selfservice.simulated");
      assert.equal(events.length, before + 1);
      assert.equal(events.at(-1)!.actor, SELF_SERVICE_ACTOR_LABEL);
      assert.equal(JSON.parse(events.at(-1)!.data).withIncome, true);
      assert.ok(!events.at(-1)!.data.includes("100000"), "the income itself is not on the timeline");
    });

    it("dispute, opt-out and promise go through their areas' use cases as debtor:self-service; another debtor's debt is not found", async () => {
      const { session } = await verifiedSession();
      await assert.rejects(disputeFromPage(deps, session, { debtId: seed.b.debt.id, reason: "não é meu" }), (e: unknown) => e instanceof AppError && e.code === "not_found" && e.message === "Título não encontrado.");
      await assert.rejects(disputeFromPage(deps, session, { debtId: "abc", reason: "" }), (e: unknown) => e instanceof AppError && e.code === "not_found");
      const disputed = await disputeFromPage(deps, session, { debtId: seed.a.debt.id, reason: "  nunca comprei   nessa loja " });
      assert.equal(disputed.changed, true);
      const hold = await deps.database.db.selectFrom("holds").select(["actor", "reason"]).where("debt_id", "=", Number(seed.a.debt.id)).orderBy("id", "desc").executeTakeFirstOrThrow();
      assert.deepEqual(hold, { actor: SELF_SERVICE_ACTOR_LABEL, reason: "Contestado pelo devedor na página de autoatendimento: nunca comprei nessa loja" });
      assert.equal((await eventsOf("selfservice.disputed")).length, 1);
      assert.equal((await loadSelfServicePage(deps, session)).debts.find((d) => d.debtId === seed.a.debt.id)?.status, "disputed");

      const out = await optOutFromPage(deps, session, "sms");
      assert.equal(out.changed, true);
      const optOut = await deps.database.db.selectFrom("opt_outs").select(["channel", "source", "actor"]).where("debtor_id", "=", Number(seed.a.debtor.id)).where("opted_in_at", "is", null).execute();
      assert.deepEqual(optOut, [{ channel: "sms", source: "self_service", actor: SELF_SERVICE_ACTOR_LABEL }]);
      assert.equal((await optOutFromPage(deps, session, "sms")).changed, false);
      assert.equal((await eventsOf("selfservice.opted_out")).length, 1, "a repeated opt-out is not counted twice");
      await assert.rejects(optOutFromPage(deps, session, "protest"), (e: unknown) => e instanceof AppError && e.code === "validation");

      await assert.rejects(promiseFromPage(deps, session, { date: "2025-06-10", amount: "zero" }), (e: unknown) => e instanceof AppError && e.code === "validation");
      await assert.rejects(promiseFromPage(deps, session, { date: "2025-05-01", amount: "100,00" }), (e: unknown) => e instanceof AppError && e.code === "validation" && /já passou/.test(e.errors[0]!.reason));
      const promise = await promiseFromPage(deps, session, { date: "2025-06-10", amount: "1.300,00" });
      assert.deepEqual([promise.amountCents, promise.promisedDate, promise.channel, promise.createdBy], [130000, "2025-06-10", "self_service", SELF_SERVICE_ACTOR_LABEL]);
      assert.deepEqual((await loadSelfServicePage(deps, session)).promise.open, { amountCents: 130000, date: "2025-06-10" });
      assert.equal((await eventsOf("selfservice.promised")).length, 1);
    });

    it("accepting three payments: an agreement, the first payment's PIX (cobv) and boleto issued at once, and the page shows them", async () => {
      const b = seed.b;
      const { session } = await verifiedSession(await openLink(b.debtor.id, b.creditor.id), b.debtor.document.slice(0, 3));
      await addBillingAccount(deps, SYSTEM_ACTOR, b.creditor.id, testAccountInput("bradesco"));
      await importCsv(deps, b.creditor.id, `documento;nome;titulo;valor;vencimento\n${b.debtor.document};${b.debtor.name};BETA-2;800,00;01/03/2025\n`);
      const page = await loadSelfServicePage(deps, session);
      const three = page.negotiation.options.find((o) => o.instalments === 3)!;
      assert.ok(three);
      assert.deepEqual(await acceptSelfServiceOption(deps, session, { option: 3, expectedTotalCents: three.totalCents + 1, incomeCents: null }), { kind: "changed" });
      assert.deepEqual(await acceptSelfServiceOption(deps, session, { option: 99, expectedTotalCents: null, incomeCents: null }), { kind: "changed" });
      const accepted = await acceptSelfServiceOption(deps, session, { option: 3, expectedTotalCents: three.totalCents, incomeCents: null });
      assert.equal(accepted.kind, "accepted");
      if (accepted.kind !== "accepted") return;
      assert.ok(accepted.payment?.pix && accepted.payment.boleto, JSON.stringify(accepted.payment?.unavailable));
      assert.equal(accepted.payment.pix.amountCents, three.downPaymentCents);
      assert.equal(accepted.payment.pix.dueDate, three.firstDueDate);
      assert.equal(accepted.payment.boleto.amountCents, three.downPaymentCents);

      const after = await loadSelfServicePage(deps, session);
      assert.ok(after.agreement);
      assert.equal(after.agreement.id, accepted.agreementId);
      assert.deepEqual(after.agreement.schedule.map((i) => i.number), [1, 2, 3]);
      assert.equal(after.agreement.next?.number, 1);
      assert.deepEqual(after.agreement.next?.payment, { debtId: accepted.payment.debtId, pix: accepted.payment.pix, boleto: accepted.payment.boleto });
      assert.deepEqual(after.debts, [], "the originals are in the agreement");
      assert.deepEqual(after.negotiation.options, []);
      await assert.rejects(disputeFromPage(deps, session, { debtId: accepted.payment.debtId, reason: "" }), (e: unknown) => e instanceof AppError && e.code === "invalid_input" && /fale com o credor/.test(e.message));
      // Asking again reuses the slips: no second charge, no second boleto.
      const again = await issueSelfServicePayment(deps, session, accepted.payment.debtId);
      assert.deepEqual([again.pix?.chargeId, again.boleto?.id], [accepted.payment.pix.chargeId, accepted.payment.boleto.id]);

      const db = deps.database.db;
      const created = await db.selectFrom("events").select(["kind", "actor"]).where("creditor_id", "=", b.creditor.id).where("kind", "in", ["agreement.created", "selfservice.accepted", "pix.charge_issued", "boleto.issued", "selfservice.payment_issued"]).orderBy("id").execute();
      assert.deepEqual(created, [
        { kind: "agreement.created", actor: SELF_SERVICE_ACTOR_LABEL },
        { kind: "selfservice.accepted", actor: SELF_SERVICE_ACTOR_LABEL },
        { kind: "pix.charge_issued", actor: SELF_SERVICE_ACTOR_LABEL },
        { kind: "boleto.issued", actor: SELF_SERVICE_ACTOR_LABEL },
        { kind: "selfservice.payment_issued", actor: SELF_SERVICE_ACTOR_LABEL },
      ]);
      const agreements = await db.selectFrom("agreements").select(["created_by", "instalments"]).where("creditor_id", "=", b.creditor.id).execute();
      assert.deepEqual(agreements, [{ created_by: SELF_SERVICE_ACTOR_LABEL, instalments: 3 }]);
    });

    it("without a PSP or a billing account, the other way to pay is still given and the failure is reported", async () => {
      const { session } = await verifiedSession();
      const noPix: PixAppDeps = { database: deps.database, clock };
      configureEmail(noPix, { secret: SECRET });
      const issued = await issueSelfServicePayment(noPix, session, (await loadSelfServicePage(deps, session)).debts.find((d) => d.status === "open")!.debtId);
      assert.equal(issued.pix, null);
      assert.ok(issued.boleto);
      assert.deepEqual(issued.unavailable, ["Pix indisponível no momento"]);
      assert.equal(issued.errors.length, 1);
    });
  });
}
