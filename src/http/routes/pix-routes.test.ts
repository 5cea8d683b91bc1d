// Dynamic PIX end to end over real HTTP: our API issues the charge at the simulator PSP,
// the simulator "pays" it and POSTs the webhook to our real server, and the payment is
// recorded once however many times the notification arrives.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, TEST_NOW, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, startServer, type TestServer } from "../../../test/support/http.ts";
import { SYSTEM_ACTOR, authorize } from "../../app/access.ts";
import { chargesForDebts } from "../../app/charges/get-debt-charges.ts";
import type { AppDeps } from "../../app/deps.ts";
import type { PixAppDeps } from "../../app/pix/pix-deps.ts";
import { createPixPspClient } from "../../channels/pix-psp/psp-client.ts";
import { startPixSimulator, type PixSimulator } from "../../channels/pix-psp/simulator.ts";
import type { CobResponse, CobVResponse } from "../../channels/pix-psp/api-pix.ts";
import { parseBrCode } from "../../domain/pix/parse-br-code.ts";

const KEY = "5f84a4c5-c5cb-4599-9f13-7eb4d419dacc";

type Charge = { id: string; txid: string; kind: string; status: string; amountCents: number; dueDate: string | null; expiresAt: string | null; pixCopiaECola: string; location: string; debtorId: string; debts: { id: string; externalId: string; amountCents: number }[]; paidCents: number | null; endToEndId: string | null; qrPngBase64?: string };

for (const dialect of testDialects()) {
  describe(`Pix dinâmico ponta a ponta (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let sim: PixSimulator;
    let server: TestServer;
    const cookies: Record<string, string> = {};
    let charge: Charge;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      // The PSP lives at the tests' instant too: creation, expiry and the Pix's `horario`.
      sim = await startPixSimulator({ keys: [KEY], webhookRetryDelaysMs: [20, 50, 100], nowMs: () => Date.parse(TEST_NOW) });
      server = await startServer(env.deps);
      (env.deps as PixAppDeps).pix = {
        psp: createPixPspClient({ baseUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret, baseDelayMs: 10 }),
        pixKey: KEY,
        webhookBaseUrl: server.baseUrl,
      };
      for (const who of ["collectorA", "auditorA", "managerA", "collectorB"] as const) cookies[who] = await server.login(seed.users[who].email, seed.users[who].password);
    });
    after(async () => {
      await server?.close();
      await sim?.close();
      await env?.cleanup();
    });

    const webhookToken = async () => new URL((await (env.deps as PixAppDeps).pix!.psp.getWebhook(KEY)).webhookUrl).searchParams.get("token")!;
    const count = async (table: "payments" | "pix_received" | "pix_charges") => Number((await env.deps.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

    it("a collector issues a cob for A's debt: amount owed today, stored, on the timeline, webhook registered", async () => {
      const A = seed.a;
      const res = await server.call<Charge>("POST", `/api/creditors/${A.creditor.id}/pix-charges`, { cookie: cookies.collectorA, json: { debtIds: [A.debt.id] } });
      assert.equal(res.status, 201, res.text);
      charge = res.body;
      const owed = (await chargesForDebts(env.deps, authorize(SYSTEM_ACTOR, A.creditor.id, "portfolio.read"), [A.debt.id], "2025-06-02")).get(Number(A.debt.id))!;
      assert.ok(owed.totalCents > A.debt.amountCents, "overdue since 2025-05-10: fine and interest on top");
      assert.equal(charge.amountCents, owed.totalCents);
      assert.match(charge.txid, /^[a-zA-Z0-9]{32}$/);
      assert.equal(charge.kind, "cob");
      assert.equal(charge.status, "ATIVA");
      assert.equal(charge.debtorId, A.debtor.id);
      assert.deepEqual(charge.debts, [{ id: A.debt.id, externalId: A.debt.externalId, amountCents: owed.totalCents }]);
      const parsed = parseBrCode(charge.pixCopiaECola);
      assert.ok(parsed.ok);
      assert.equal(parsed.value.url, charge.location);
      assert.equal(Buffer.from(charge.qrPngBase64!, "base64").subarray(0, 8).toString("hex"), "89504e470d0a1a0a");

      const atPsp = sim.charge(charge.txid) as CobResponse;
      assert.deepEqual(atPsp.devedor, { cpf: A.debtor.document, nome: A.debtor.name });
      assert.equal(atPsp.valor.original, `${Math.floor(owed.totalCents / 100)}.${String(owed.totalCents % 100).padStart(2, "0")}`);
      assert.equal(atPsp.solicitacaoPagador, `${A.creditor.legalName}: pagamento do título ${A.debt.externalId}`);
      assert.deepEqual(atPsp.infoAdicionais, [{ nome: "Título", valor: A.debt.externalId }]);

      const { db } = env.deps.database;
      const hook = await db.selectFrom("pix_webhooks").selectAll().where("creditor_id", "=", A.creditor.id).executeTakeFirstOrThrow();
      assert.equal(hook.url, `${server.baseUrl}/api/webhooks/pix/${A.creditor.id}`);
      assert.equal(hook.pix_key, KEY);
      assert.equal((await (env.deps as PixAppDeps).pix!.psp.getWebhook(KEY)).webhookUrl.split("?")[0], hook.url);
      const events = await db.selectFrom("events").select(["kind", "actor", "debt_id", "data"]).where("kind", "=", "pix.charge_issued").execute();
      assert.equal(events.length, 1);
      assert.equal(events[0]!.actor, seed.users.collectorA.label);
      assert.equal(JSON.parse(events[0]!.data).txid, charge.txid);

      const list = await server.call<{ items: Charge[] }>("GET", `/api/creditors/${A.creditor.id}/pix-charges?status=ATIVA`, { cookie: cookies.auditorA });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.items.map((c) => c.txid), [charge.txid]);
    });

    it("the PSP's notification, delivered twice, records the payment once and concludes the charge", async () => {
      const { db } = env.deps.database;
      const payments = await count("payments");
      const { pix, delivery } = sim.pay(charge.txid, { infoPagador: "pago pelo app" });
      assert.deepEqual(await delivery, { delivered: true, attempts: 1, lastStatus: 200, lastError: null });
      assert.deepEqual(await sim.redeliver(pix.endToEndId), { delivered: true, attempts: 1, lastStatus: 200, lastError: null });

      const rows = await db.selectFrom("payments").selectAll().where("end_to_end_id", "=", pix.endToEndId).execute();
      assert.equal(rows.length, 1);
      assert.equal(await count("payments"), payments + 1);
      const p = rows[0]!;
      assert.deepEqual(
        { source: p.source, method: p.method, status: p.status, amount: p.amount_cents, key: p.idempotency_key, txid: p.txid, creditor: p.creditor_id, actor: p.actor },
        { source: "pix", method: "pix", status: "applied", amount: charge.amountCents, key: `pix:${pix.endToEndId}`, txid: charge.txid, creditor: seed.a.creditor.id, actor: "system:pix-webhook" },
      );
      const debt = await db.selectFrom("debts").select(["status", "open_cents"]).where("id", "=", Number(seed.a.debt.id)).executeTakeFirstOrThrow();
      assert.deepEqual(debt, { status: "settled", open_cents: 0 });
      const stored = await db.selectFrom("pix_charges").select(["status", "paid_cents", "end_to_end_id"]).where("txid", "=", charge.txid).executeTakeFirstOrThrow();
      assert.deepEqual(stored, { status: "CONCLUIDA", paid_cents: charge.amountCents, end_to_end_id: pix.endToEndId });
      const received = await db.selectFrom("pix_received").selectAll().where("end_to_end_id", "=", pix.endToEndId).execute();
      assert.equal(received.length, 1);
      assert.equal(received[0]!.outcome, "applied");
      assert.equal(received[0]!.payer_info, "pago pelo app");

      // The same body once more, straight to the route: still one payment.
      const token = await webhookToken();
      const again = await server.call("POST", `/api/webhooks/pix/${seed.a.creditor.id}/pix?token=${token}`, { json: { pix: [pix] } });
      assert.equal(again.status, 200, again.text);
      assert.deepEqual(again.body, { received: 1, applied: 0, alreadyApplied: 1, unmatched: 0 });
      assert.equal(await count("payments"), payments + 1);
    });

    it("a payment date is the day of `horario` in the debtor's time zone", async () => {
      const token = await webhookToken();
      // 02:30 UTC on 3 June is still 2 June in São Paulo (UTC−3).
      const pix = { endToEndId: "E99999999202506030230abcdefghij1", txid: "semcobrancanenhumaaquiparaesse1", valor: "5.00", horario: "2025-06-03T02:30:00Z" };
      const res = await server.call("POST", `/api/webhooks/pix/${seed.a.creditor.id}/pix?token=${token}`, { json: { pix: [pix] } });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { received: 1, applied: 0, alreadyApplied: 0, unmatched: 1 });
      const row = await env.deps.database.db.selectFrom("payments").select(["status", "paid_date", "creditor_id", "debtor_id"]).where("end_to_end_id", "=", pix.endToEndId).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: "unmatched", paid_date: "2025-06-02", creditor_id: seed.a.creditor.id, debtor_id: null });
    });

    it("refuses notifications without the creditor's token with 401, applying nothing", async () => {
      const A = seed.a.creditor.id;
      const B = seed.b.creditor.id;
      const { db } = env.deps.database;
      const before = { payments: await count("payments"), received: await count("pix_received") };
      const body = { pix: [{ endToEndId: "E99999999202506021300zzzzzzzzzz9", txid: "rgnaoimporta000000000000000000x1", valor: "9999.00", horario: TEST_NOW }] };
      const token = await webhookToken();
      const attempts = [
        `/api/webhooks/pix/${A}/pix`,
        `/api/webhooks/pix/${A}/pix?token=`,
        `/api/webhooks/pix/${A}/pix?token=${token.slice(0, -1)}x`,
        `/api/webhooks/pix/${B}/pix?token=${token}`,
        `/api/webhooks/pix/00000000-0000-4000-8000-00000000dead/pix?token=${token}`,
      ];
      for (const path of attempts) {
        const res = await server.call("POST", path, { json: body });
        const problem = assertProblem(res, 401, path);
        assert.equal(problem.detail, "Notificação Pix recusada: token do webhook ausente ou inválido.");
      }
      // Authentication comes before validation: a bad body without a token is still 401.
      assertProblem(await server.call("POST", `/api/webhooks/pix/${A}/pix`, { json: { nada: true } }), 401);
      // A valid token with a malformed body: 400, nothing applied.
      const bad = await server.call("POST", `/api/webhooks/pix/${A}/pix?token=${token}`, { json: { pix: [{ ...body.pix[0], valor: "10,00" }] } });
      assertProblem(bad, 400);
      assert.deepEqual({ payments: await count("payments"), received: await count("pix_received") }, before);
      assert.equal((await db.selectFrom("payments").select("id").where("amount_cents", "=", 999900).execute()).length, 0);
    });

    it("creditors sharing the Pix key share its one webhook: B's charge paid is notified at A's URL and recorded for B", async () => {
      const B = seed.b;
      const res = await server.call<Charge>("POST", `/api/creditors/${B.creditor.id}/pix-charges`, { cookie: cookies.collectorB, json: { debtIds: [B.debt.id] } });
      assert.equal(res.status, 201, res.text);
      const { db } = env.deps.database;
      assert.equal((await db.selectFrom("pix_webhooks").select("creditor_id").where("creditor_id", "=", B.creditor.id).execute()).length, 0, "no second registration of the key");
      const { pix, delivery } = sim.pay(res.body.txid);
      assert.equal((await delivery).delivered, true);
      const payment = await db.selectFrom("payments").select(["creditor_id", "status", "amount_cents"]).where("end_to_end_id", "=", pix.endToEndId).executeTakeFirstOrThrow();
      assert.deepEqual(payment, { creditor_id: B.creditor.id, status: "applied", amount_cents: res.body.amountCents });
      const received = await db.selectFrom("pix_received").select(["creditor_id", "outcome"]).where("end_to_end_id", "=", pix.endToEndId).executeTakeFirstOrThrow();
      assert.deepEqual(received, { creditor_id: B.creditor.id, outcome: "applied" });
      const debt = await db.selectFrom("debts").select("status").where("id", "=", Number(B.debt.id)).executeTakeFirstOrThrow();
      assert.equal(debt.status, "settled");
    });

    it("issues a cobv with due date for every open debt of a debtor (by CPF), with address", async () => {
      const A = seed.a;
      const res = await server.call<Charge>("POST", `/api/creditors/${A.creditor.id}/pix-charges`, { cookie: cookies.managerA, json: { debtorDocument: "529.982.247-25", dueDate: "2025-06-10" } });
      // A's only debt was settled above: nothing left to charge.
      assertProblem(res, 422);
      const { db } = env.deps.database;
      await db.updateTable("debts").set({ status: "open", open_cents: 20000 }).where("id", "=", Number(A.debt.id)).execute();
      const ok = await server.call<Charge>("POST", `/api/creditors/${A.creditor.id}/pix-charges`, { cookie: cookies.managerA, json: { debtorDocument: "529.982.247-25", dueDate: "2025-06-10" } });
      assert.equal(ok.status, 201, ok.text);
      assert.equal(ok.body.kind, "cobv");
      assert.equal(ok.body.dueDate, "2025-06-10");
      assert.equal(ok.body.expiresAt, null);
      const atPsp = sim.charge(ok.body.txid) as CobVResponse;
      assert.deepEqual(atPsp.calendario, { criacao: atPsp.calendario.criacao, dataDeVencimento: "2025-06-10", validadeAposVencimento: 0 });
      assert.deepEqual(atPsp.devedor, { cpf: A.debtor.document, nome: A.debtor.name, cidade: "Campinas", uf: "SP" });
    });

    it("validates the request and maps PSP failures, storing nothing", async () => {
      const A = seed.a.creditor.id;
      const before = await count("pix_charges");
      const past = await server.call("POST", `/api/creditors/${A}/pix-charges`, { cookie: cookies.managerA, json: { debtIds: [seed.a.debt.id], dueDate: "2025-06-01" } });
      assert.equal(assertProblem(past, 400).detail, "dueDate: o vencimento 2025-06-01 já passou (hoje é 2025-06-02 no fuso do devedor)");
      const both = await server.call("POST", `/api/creditors/${A}/pix-charges`, { cookie: cookies.managerA, json: { debtIds: [seed.a.debt.id], debtorDocument: "52998224725" } });
      assertProblem(both, 400);
      const otherTenant = await server.call("POST", `/api/creditors/${A}/pix-charges`, { cookie: cookies.managerA, json: { debtIds: [seed.b.debt.id] } });
      assert.equal(assertProblem(otherTenant, 404).detail, "Título não encontrado.");
      const auditor = await server.call("POST", `/api/creditors/${A}/pix-charges`, { cookie: cookies.auditorA, json: { debtIds: [seed.a.debt.id] } });
      assertProblem(auditor, 403);

      sim.failNext(3, { status: 503 });
      const down = await server.call("POST", `/api/creditors/${A}/pix-charges`, { cookie: cookies.managerA, json: { debtIds: [seed.a.debt.id] } });
      const problem = assertProblem(down, 503);
      assert.equal(problem.title, "PSP Pix indisponível");
      assert.match(problem.detail, /^o PSP Pix está indisponível no momento \(HTTP 503, criar cobrança rg[0-9a-f]{30}\): .*\(3 tentativas\)$/);
      assert.equal(await count("pix_charges"), before);
    });
  });
}
