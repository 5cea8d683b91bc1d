// Tenant isolation, proved over real HTTP: every route that names a creditor is called by
// creditor A's people and A's API key with creditor B's ids. Each answer must be 403/404,
// indistinguishable from an id that does not exist, carry none of B's data, and leave the
// database exactly as it was. The route list comes from /api/openapi.json, so a new route
// fails this test until it is added to EXERCISES below.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Kysely } from "kysely";
import { testDialects } from "../support/db.ts";
import { openTestDeps, seedTenants, TENANT_SPECS, type Seed } from "../support/factories.ts";
import { assertProblem, fileForm, startServer, type CallOptions, type CallResult, type TestServer } from "../support/http.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import type { Schema } from "../../src/db/schema.ts";
import { formatDocument } from "../../src/domain/br/documents.ts";
import { writeCnab240Return } from "../../src/domain/cnab/write-cnab240-return.ts";
import { SYSTEM_ACTOR } from "../../src/app/access.ts";
import { addBillingAccount } from "../../src/app/boleto/billing-accounts.ts";
import { testAccountInput } from "../../src/app/boleto/billing-test-accounts.ts";
import { issueBoleto } from "../../src/app/boleto/issue-boleto.ts";
import type { PixAppDeps } from "../../src/app/pix/pix-deps.ts";
import { createPixWebhookToken } from "../../src/app/pix/pix-webhook-token.ts";
import { createPixPspClient } from "../../src/channels/pix-psp/psp-client.ts";
import { startPixSimulator, type PixSimulator } from "../../src/channels/pix-psp/simulator.ts";

/** The ids a request is aimed at. */
type Target = { creditorId: string; debtorId: string; contactId: string; debtId: string };

type Exercise = {
  /** Query string (with `?`) for the call. */
  query?: (t: Target) => string;
  options?: (t: Target) => CallOptions;
  /** Who runs the same request on A's own ids to prove it is well-formed, and the status expected. */
  control: { who: "managerA" | "auditorA" | "admin" | "apiKeyA"; status: number; options?: () => CallOptions };
  /** A route authenticated otherwise than by the caller (the PSP's webhook, by token): the status of a refusal, instead of 403/404. */
  denied?: number;
};

/** A's PIX webhook token, made in `before`: the strongest key an intruder from A could hold. */
let pixWebhookTokenA = "";

/** The boleto issued in `before` for each seeded debt: `{boletoId}` paths take the one of the target's debt. */
const boletoOfDebt: Record<string, string> = {};

/** The template key in `{key}` paths: a key of the default pack, so it exists on every creditor. */
const TEMPLATE_KEY = "varejo.lembrete.email";

let uniq = 0;
const csvFor = (rows: string[]) => fileForm(["documento;nome;email;titulo;valor;vencimento", ...rows].join("\n") + "\n");
/** A bank return settling nosso número 1 with 1,00. */
const cnabForm = () =>
  fileForm(
    writeCnab240Return([{ ourNumber: "1", movement: "06", faceValueCents: 100, paidCents: 100, interestCents: 0, discountCents: 0, feeCents: 0, creditedCents: 100, dueDate: "2025-05-30", paidDate: "2025-06-01", creditDate: "2025-06-02" }], { bank: "341" }),
    "retorno.ret",
    "application/octet-stream",
  );

/**
 * One entry per route that names a creditor (path parameter, query parameter or body
 * field), with a plausible request. A route missing here fails the enumeration test.
 */
const EXERCISES: Record<string, Exercise> = {
  "GET /api/creditors/{creditorId}": { control: { who: "managerA", status: 200 } },
  "PATCH /api/creditors/{creditorId}": { options: () => ({ json: { tradeName: "Nome trocado por A", finePercent: 1.5 } }), control: { who: "managerA", status: 200 } },
  "GET /api/creditors/{creditorId}/debtors": { query: () => `?q=${TENANT_SPECS.b.debtor.document}&limit=50`, control: { who: "managerA", status: 200 } },
  "GET /api/creditors/{creditorId}/debtors/{debtorId}": { control: { who: "managerA", status: 200 } },
  "PATCH /api/creditors/{creditorId}/debtors/{debtorId}": { options: () => ({ json: { representativeEmail: "gerente.intruso@exemplo.com.br", riskBand: "INTRUSO" } }), control: { who: "managerA", status: 200 } },
  "GET /api/creditors/{creditorId}/debtors/{debtorId}/timeline": { query: () => "?limit=100", control: { who: "managerA", status: 200 } },
  "POST /api/creditors/{creditorId}/debtors/{debtorId}/contacts": { options: () => ({ json: { kind: "email", value: "contato.novo@exemplo.com.br" } }), control: { who: "managerA", status: 201 } },
  "POST /api/creditors/{creditorId}/debtors/{debtorId}/contacts/{contactId}/invalidate": { options: () => ({ json: { reason: "número de outra pessoa" } }), control: { who: "managerA", status: 200 } },
  "GET /api/creditors/{creditorId}/debts": { query: () => `?externalId=${TENANT_SPECS.b.debt.externalId}`, control: { who: "managerA", status: 200 } },
  "GET /api/creditors/{creditorId}/payments": { query: () => "?status=unmatched&limit=50", control: { who: "auditorA", status: 200 } },
  "POST /api/creditors/{creditorId}/payments": {
    options: () => ({ json: { debtorDocument: TENANT_SPECS.b.debtor.document, debtExternalId: TENANT_SPECS.b.debt.externalId, amountCents: 100, method: "cash", paidDate: "2025-06-01", note: "recebido no caixa" } }),
    control: { who: "managerA", status: 201, options: () => ({ json: { debtorDocument: TENANT_SPECS.a.debtor.document, debtExternalId: TENANT_SPECS.a.debt.externalId, amountCents: 100, method: "cash", paidDate: "2025-06-01", note: "recebido no caixa" } }) },
  },
  // {paymentId} stays literal: the control proves the body is accepted and the payment looked up (404); B's payment ids under A are tested in src/http/routes/payments-routes.test.ts.
  "POST /api/creditors/{creditorId}/payments/{paymentId}/match": { options: () => ({ json: { debtExternalId: TENANT_SPECS.b.debt.externalId } }), control: { who: "managerA", status: 404 } },
  "POST /api/creditors/{creditorId}/payments/{paymentId}/reject": { options: () => ({ json: { reason: "não é deste credor" } }), control: { who: "managerA", status: 404 } },
  "POST /api/creditors/{creditorId}/cnab-imports": { options: () => ({ form: cnabForm() }), control: { who: "apiKeyA", status: 200 } },
  "GET /api/creditors/{creditorId}/debts/{debtId}/charges": { query: () => "?at=2025-06-02", control: { who: "apiKeyA", status: 200 } },
  "GET /api/creditors/{creditorId}/exit-point/config": { query: () => "?at=2025-06-02", control: { who: "auditorA", status: 200 } },
  "PUT /api/creditors/{creditorId}/exit-point/config": { options: () => ({ json: { costs: { letter: 420 }, defaultRates: { "31-90": 2000 } } }), control: { who: "managerA", status: 200 } },
  "GET /api/creditors/{creditorId}/exit-point/debts": { query: () => "?at=2025-06-02T13:00:00Z", control: { who: "auditorA", status: 200 } },
  "GET /api/creditors/{creditorId}/contact-policy": { control: { who: "auditorA", status: 200 } },
  "PUT /api/creditors/{creditorId}/contact-policy": { options: () => ({ json: { caps: { perDay: { default: 2 }, perWeek: { default: null, phone: 2 }, totalPerDay: 3, totalPerWeek: null } } }), control: { who: "managerA", status: 200 } },
  "GET /api/creditors/{creditorId}/debtors/{debtorId}/holds": { control: { who: "auditorA", status: 200 } },
  "POST /api/creditors/{creditorId}/debtors/{debtorId}/pause": { options: () => ({ json: { reason: "pedido do credor", until: "2099-12-31" } }), control: { who: "managerA", status: 200 } },
  "POST /api/creditors/{creditorId}/debtors/{debtorId}/resume": { options: () => ({ json: { reason: "retomada" } }), control: { who: "managerA", status: 200 } },
  "POST /api/creditors/{creditorId}/debtors/{debtorId}/opt-in": { options: () => ({ json: { channel: "sms" } }), control: { who: "managerA", status: 200 } },
  "POST /api/creditors/{creditorId}/debtors/{debtorId}/opt-out": { options: () => ({ json: { channel: "sms", reason: "pediu para não receber SMS" } }), control: { who: "apiKeyA", status: 200 } },
  "POST /api/creditors/{creditorId}/debts/{debtId}/dispute": { options: () => ({ json: { reason: "não reconhece a compra" } }), control: { who: "managerA", status: 200 } },
  "POST /api/creditors/{creditorId}/debts/{debtId}/pause": { options: () => ({ json: { reason: "negociação em andamento" } }), control: { who: "managerA", status: 200 } },
  "POST /api/creditors/{creditorId}/debts/{debtId}/resume": { options: () => ({ json: { reason: "fim da negociação" } }), control: { who: "managerA", status: 200 } },
  "POST /api/creditors/{creditorId}/debts/{debtId}/undispute": { options: () => ({ json: { reason: "nota fiscal apresentada" } }), control: { who: "managerA", status: 200 } },
  "GET /api/creditors/{creditorId}/ladders": { control: { who: "auditorA", status: 200 } },
  "POST /api/creditors/{creditorId}/ladders": { options: () => ({ json: { id: "intrusa", name: "Régua intrusa", steps: [{ id: "d+1", offsetDays: 1, stage: "friendly", channel: "email" }] } }), control: { who: "managerA", status: 201 } },
  "PUT /api/creditors/{creditorId}/debtors/{debtorId}/ladder": { options: () => ({ json: { ladderId: null } }), control: { who: "managerA", status: 200 } },
  "POST /api/creditors/{creditorId}/ladders/validate": { options: () => ({ json: { id: "intrusa", name: "Régua intrusa", steps: [{ id: "d+1", offsetDays: 1, stage: "friendly", channel: "email" }] } }), control: { who: "managerA", status: 200 } },
  "POST /api/creditors/{creditorId}/ladders/simulate": { options: () => ({ json: { at: "2025-06-02T13:00:00Z", document: { id: "intrusa", name: "Régua intrusa", steps: [{ id: "d+1", offsetDays: 1, stage: "friendly", channel: "email" }] } } }), control: { who: "managerA", status: 200 } },
  "GET /api/creditors/{creditorId}/outbox": { query: () => "?counts=true", control: { who: "auditorA", status: 200 } },
  // Persisted on B (nothing may be written); a dry run on A.
  "POST /api/creditors/{creditorId}/runs": { options: () => ({ json: { at: "2025-06-02T13:00:00Z" } }), control: { who: "managerA", status: 200, options: () => ({ json: { at: "2025-06-02T13:00:00Z", dryRun: true } }) } },
  "GET /api/creditors/{creditorId}/debtors/{debtorId}/explain": { query: () => "?at=2025-06-02T13:00:00Z", control: { who: "auditorA", status: 200 } },
  "GET /api/creditors/{creditorId}/actions": { query: () => "?status=awaiting_approval", control: { who: "auditorA", status: 200 } },
  // A has no action to decide on: the control proves the body is accepted and the id looked up (404).
  "POST /api/creditors/{creditorId}/actions/approve": { options: () => ({ json: { actionIds: ["1"] } }), control: { who: "managerA", status: 404 } },
  "POST /api/creditors/{creditorId}/actions/reject": { options: () => ({ json: { actionIds: ["1"], reason: "não negativar" } }), control: { who: "managerA", status: 404 } },
  "GET /api/creditors/{creditorId}/imports": { query: () => "?limit=20", control: { who: "managerA", status: 200 } },
  "POST /api/creditors/{creditorId}/imports": {
    // B's own debtor and debt with a new amount, and a debt B never had: any write would show.
    options: () => ({ form: csvFor([`${TENANT_SPECS.b.debtor.document};Nome Trocado;troca@exemplo.com.br;${TENANT_SPECS.b.debt.externalId};1,00;01/01/2025`, `39053344705;Carla Intrusa;;INVASAO-1;9,99;01/02/2025`]) }),
    // On A: the same shape of file, without B's document (that case has its own test below).
    control: { who: "apiKeyA", status: 200, options: () => ({ form: csvFor(["39053344705;Carla Intrusa;;INVASAO-1;9,99;01/02/2025"]) }) },
  },
  "GET /api/audit": { query: (t) => `?creditorId=${t.creditorId}`, control: { who: "auditorA", status: 200 } },
  "POST /api/users": { options: (t) => ({ json: { email: `cruzado${++uniq}@teste.regua`, name: "Cruzado", role: "manager", creditorIds: [t.creditorId], password: "CruzadoSenha2025" } }), control: { who: "admin", status: 201 } },
  "POST /api/api-keys": { options: (t) => ({ json: { name: "Chave cruzada", role: "manager", creditorIds: [t.creditorId] } }), control: { who: "admin", status: 201 } },
  "POST /api/creditors/{creditorId}/pix-charges": {
    options: () => ({ json: { debtorDocument: TENANT_SPECS.b.debtor.document } }),
    control: { who: "managerA", status: 201, options: () => ({ json: { debtorDocument: TENANT_SPECS.a.debtor.document } }) },
  },
  "GET /api/creditors/{creditorId}/pix-charges": { query: () => "?limit=50", control: { who: "auditorA", status: 200 } },
  "GET /api/creditors/{creditorId}/billing-accounts": { control: { who: "managerA", status: 200 } },
  "POST /api/creditors/{creditorId}/billing-accounts": { options: () => ({ json: { ...testAccountInput("bradesco"), isDefault: true } }), control: { who: "managerA", status: 201 } },
  "POST /api/creditors/{creditorId}/debts/{debtId}/boletos": { options: () => ({ json: { dueDate: "2025-06-30" } }), control: { who: "managerA", status: 201 } },
  "GET /api/creditors/{creditorId}/debts/{debtId}/boletos": { control: { who: "auditorA", status: 200 } },
  "GET /api/creditors/{creditorId}/debts/{debtId}/boletos/{boletoId}/pdf": { control: { who: "auditorA", status: 200 } },
  // The PSP's webhook ignores the caller's session or key: only the creditor's token counts, and A's token on B is a 401.
  "POST /api/webhooks/pix/{creditorId}/pix": {
    denied: 401,
    query: () => `?token=${pixWebhookTokenA}`,
    options: () => ({ json: { pix: [{ endToEndId: "E99999999202506021300isolamento1", txid: "rgisolamento0000000000000000001", valor: "1.00", horario: "2025-06-02T13:00:00Z" }] } }),
    control: { who: "apiKeyA", status: 200 },
  },
  "GET /api/creditors/{creditorId}/email-settings": { control: { who: "auditorA", status: 200 } },
  "PUT /api/creditors/{creditorId}/email-settings": { options: () => ({ json: { fromName: "Intruso", fromAddress: "cobranca@intruso.com.br", cc: ["intruso@intruso.com.br"] } }), control: { who: "managerA", status: 200 } },
  "GET /api/creditors/{creditorId}/sink-messages": { query: () => "?limit=50", control: { who: "auditorA", status: 200 } },
  // No sink message exists here ({messageId} stays literal): the control proves the lookup answers 404; ids of another tenant are tested in src/app/email/email.test.ts.
  "GET /api/creditors/{creditorId}/sink-messages/{messageId}": { control: { who: "managerA", status: 404 } },
  // B's address posted on A touches no contact of A and none of B.
  "POST /api/creditors/{creditorId}/bounces": { options: () => ({ json: { email: TENANT_SPECS.b.debtor.email, type: "permanent", status: "5.1.1" } }), control: { who: "apiKeyA", status: 200 } },
  // Templates: the POST control saves version 1 of TEMPLATE_KEY on A (a pack key, so its GETs answer 200 before it), which the restore control restores.
  "GET /api/creditors/{creditorId}/templates": { control: { who: "auditorA", status: 200 } },
  "POST /api/creditors/{creditorId}/templates": { options: () => ({ json: { key: TEMPLATE_KEY, channel: "email", stage: "friendly", content: "Assunto: Lembrete\n\nOlá, {{ debtor.firstName }}. Pague em {{ links.payment }}" } }), control: { who: "managerA", status: 201 } },
  "POST /api/creditors/{creditorId}/templates/lint": { options: () => ({ json: { content: "{{ creditor.legalName }} {{ creditor.cnpj }}: olá", channel: "sms" } }), control: { who: "auditorA", status: 200 } },
  "POST /api/creditors/{creditorId}/templates/preview": { options: (t) => ({ json: { debtorId: t.debtorId, key: "varejo.amigavel.email" } }), control: { who: "managerA", status: 200 } },
  "GET /api/creditors/{creditorId}/templates/{key}": { control: { who: "auditorA", status: 200 } },
  "GET /api/creditors/{creditorId}/templates/{key}/versions": { control: { who: "auditorA", status: 200 } },
  "POST /api/creditors/{creditorId}/templates/{key}/versions": { options: () => ({ json: { fromVersion: 1 } }), control: { who: "managerA", status: 201 } },
  // Negotiation. {agreementId}, {approvalId} and {number} stay literal: the controls prove the body is accepted and the id looked up (404);
  // other tenants' agreements and approvals are tested in src/http/routes/negotiation-routes.test.ts and src/app/negotiation/negotiation.test.ts.
  "GET /api/creditors/{creditorId}/negotiation-policy": { control: { who: "auditorA", status: 200 } },
  "PUT /api/creditors/{creditorId}/negotiation-policy": { options: () => ({ json: { breakAfterDays: 12 } }), control: { who: "managerA", status: 200 } },
  "GET /api/creditors/{creditorId}/debtors/{debtorId}/negotiation-options": { query: () => "?at=2025-06-02&income=3.500,00", control: { who: "auditorA", status: 200 } },
  // Accepting on A would put A's debt in an agreement and change what later controls see: A's control asks for an option that does not exist (422).
  "POST /api/creditors/{creditorId}/debtors/{debtorId}/agreements": { options: () => ({ json: { option: 1 } }), control: { who: "managerA", status: 422, options: () => ({ json: { option: 99 } }) } },
  "GET /api/creditors/{creditorId}/debtors/{debtorId}/agreements": { control: { who: "auditorA", status: 200 } },
  "GET /api/creditors/{creditorId}/agreements/{agreementId}": { control: { who: "auditorA", status: 404 } },
  "POST /api/creditors/{creditorId}/agreements/{agreementId}/instalments/{number}/payments": {
    options: () => ({ json: { amountCents: 100, paidDate: "2025-06-01", method: "cash", note: "recebido no caixa" } }), control: { who: "managerA", status: 404 },
  },
  "POST /api/creditors/{creditorId}/debtors/{debtorId}/agreement-approvals": { options: () => ({ json: { instalments: 2, discountCents: 0, reason: "pediu duas vezes" } }), control: { who: "managerA", status: 201 } },
  "GET /api/creditors/{creditorId}/agreement-approvals": { query: () => "?status=pending", control: { who: "auditorA", status: 200 } },
  "POST /api/creditors/{creditorId}/agreement-approvals/{approvalId}/approve": { options: () => ({ json: { note: "ok" } }), control: { who: "managerA", status: 404 } },
  "POST /api/creditors/{creditorId}/agreement-approvals/{approvalId}/reject": { options: () => ({ json: { note: "não" } }), control: { who: "managerA", status: 404 } },
  "POST /api/creditors/{creditorId}/debtors/{debtorId}/promises": { options: () => ({ json: { amountCents: 5000, date: "2025-06-06", channel: "phone" } }), control: { who: "managerA", status: 201 } },
  "GET /api/creditors/{creditorId}/debtors/{debtorId}/promises": { control: { who: "auditorA", status: 200 } },
  // The call queue and the dashboard. The body's debtor and contact of another tenant are tested in src/http/routes/calls-routes.test.ts.
  "GET /api/creditors/{creditorId}/calls/next": { control: { who: "managerA", status: 200 } },
  "POST /api/creditors/{creditorId}/calls": { options: (t) => ({ json: { debtorId: t.debtorId, contactId: t.contactId, outcome: "no_answer", note: "caixa postal" } }), control: { who: "managerA", status: 201 } },
  "GET /api/creditors/{creditorId}/calls": { query: (t) => `?debtorId=${t.debtorId}&limit=50`, control: { who: "auditorA", status: 200 } },
  "GET /api/creditors/{creditorId}/dashboard": { query: () => "?at=2025-06-02", control: { who: "auditorA", status: 200 } },
};

type OpenApi = {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>>;
};

/** `METHOD /path` of every operation that names a creditor: in its path, its query or its JSON body. */
function tenantOperations(spec: OpenApi): string[] {
  const out: string[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const inPath = path.includes("{creditorId}");
      const inParams = (op.parameters ?? []).some((p) => /^creditorIds?$/.test(p.name));
      const bodyProps = Object.values(op.requestBody?.content ?? {}).flatMap((c) => Object.keys(c.schema?.properties ?? {}));
      const inBody = bodyProps.some((p) => /^creditorIds?$/.test(p));
      if (inPath || inParams || inBody) out.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return out.sort();
}

const UNKNOWN_CREDITOR = "00000000-0000-4000-8000-00000000dead";
const UNKNOWN_ID = "999999";

/** Every row of every table but sessions (logins add those), in a stable order. */
async function snapshotAll(db: Kysely<Schema>) {
  return {
    creditors: await db.selectFrom("creditors").selectAll().orderBy("id").execute(),
    users: await db.selectFrom("users").selectAll().orderBy("id").execute(),
    user_creditors: await db.selectFrom("user_creditors").selectAll().orderBy("user_id").orderBy("creditor_id").execute(),
    api_keys: await db.selectFrom("api_keys").select(["id", "name", "role", "revoked_at", "created_by"]).orderBy("id").execute(),
    api_key_creditors: await db.selectFrom("api_key_creditors").selectAll().orderBy("api_key_id").orderBy("creditor_id").execute(),
    debtors: await db.selectFrom("debtors").selectAll().orderBy("id").execute(),
    contacts: await db.selectFrom("contacts").selectAll().orderBy("id").execute(),
    opt_outs: await db.selectFrom("opt_outs").selectAll().orderBy("id").execute(),
    debts: await db.selectFrom("debts").selectAll().orderBy("id").execute(),
    events: await db.selectFrom("events").selectAll().orderBy("id").execute(),
    audit_log: await db.selectFrom("audit_log").selectAll().orderBy("id").execute(),
    imports: await db.selectFrom("imports").selectAll().orderBy("id").execute(),
    payments: await db.selectFrom("payments").selectAll().orderBy("id").execute(),
    payment_allocations: await db.selectFrom("payment_allocations").selectAll().orderBy("id").execute(),
    cnab_files: await db.selectFrom("cnab_files").selectAll().orderBy("id").execute(),
    ladders: await db.selectFrom("ladders").selectAll().orderBy("creditor_id").orderBy("id").execute(),
    ladder_versions: await db.selectFrom("ladder_versions").selectAll().orderBy("creditor_id").orderBy("ladder_id").orderBy("version").execute(),
    actions: await db.selectFrom("actions").selectAll().orderBy("id").execute(),
    action_debts: await db.selectFrom("action_debts").selectAll().orderBy("action_id").orderBy("debt_id").execute(),
    holds: await db.selectFrom("holds").selectAll().orderBy("id").execute(),
    index_values: await db.selectFrom("index_values").selectAll().orderBy("id").execute(),
    pix_charges: await db.selectFrom("pix_charges").selectAll().orderBy("id").execute(),
    pix_charge_debts: await db.selectFrom("pix_charge_debts").selectAll().orderBy("charge_id").orderBy("debt_id").execute(),
    pix_received: await db.selectFrom("pix_received").selectAll().orderBy("end_to_end_id").execute(),
    pix_webhooks: await db.selectFrom("pix_webhooks").selectAll().orderBy("creditor_id").execute(),
    email_settings: await db.selectFrom("email_settings").selectAll().orderBy("creditor_id").execute(),
    sink_messages: await db.selectFrom("sink_messages").selectAll().orderBy("id").execute(),
    tracking_events: await db.selectFrom("tracking_events").selectAll().orderBy("id").execute(),
    email_copy_opt_outs: await db.selectFrom("email_copy_opt_outs").selectAll().orderBy("id").execute(),
    email_keys: await db.selectFrom("email_keys").selectAll().orderBy("id").execute(),
    message_templates: await db.selectFrom("message_templates").selectAll().orderBy("id").execute(),
    negotiation_policies: await db.selectFrom("negotiation_policies").selectAll().orderBy("creditor_id").orderBy("version").execute(),
    agreements: await db.selectFrom("agreements").selectAll().orderBy("id").execute(),
    agreement_debts: await db.selectFrom("agreement_debts").selectAll().orderBy("agreement_id").orderBy("debt_id").execute(),
    agreement_instalments: await db.selectFrom("agreement_instalments").selectAll().orderBy("agreement_id").orderBy("number").execute(),
    agreement_approvals: await db.selectFrom("agreement_approvals").selectAll().orderBy("id").execute(),
    promises: await db.selectFrom("promises").selectAll().orderBy("id").execute(),
    billing_accounts: await db.selectFrom("billing_accounts").selectAll().orderBy("id").execute(),
    boletos: await db.selectFrom("boletos").selectAll().orderBy("id").execute(),
    self_service_keys: await db.selectFrom("self_service_keys").selectAll().orderBy("id").execute(),
    self_service_attempts: await db.selectFrom("self_service_attempts").selectAll().orderBy("id").execute(),
    self_service_sessions: await db.selectFrom("self_service_sessions").selectAll().orderBy("id").execute(),
    call_attempts: await db.selectFrom("call_attempts").selectAll().orderBy("id").execute(),
    call_claims: await db.selectFrom("call_claims").selectAll().orderBy("creditor_id").orderBy("debtor_id").execute(),
    exit_point_settings: await db.selectFrom("exit_point_settings").selectAll().orderBy("creditor_id").execute(),
    exit_point_cohorts: await db.selectFrom("exit_point_cohorts").selectAll().orderBy("creditor_id").orderBy("as_of_date").orderBy("bucket").execute(),
  };
}

/** Everything of tenant B: its row and every row under it or pointing at its debtors. */
async function snapshotTenant(db: Kysely<Schema>, creditorId: string, debtorIds: number[]) {
  return {
    creditor: await db.selectFrom("creditors").selectAll().where("id", "=", creditorId).execute(),
    debtors: await db.selectFrom("debtors").selectAll().where((eb) => eb.or([eb("creditor_id", "=", creditorId), eb("id", "in", debtorIds)])).orderBy("id").execute(),
    contacts: await db.selectFrom("contacts").selectAll().where((eb) => eb.or([eb("creditor_id", "=", creditorId), eb("debtor_id", "in", debtorIds)])).orderBy("id").execute(),
    opt_outs: await db.selectFrom("opt_outs").selectAll().where((eb) => eb.or([eb("creditor_id", "=", creditorId), eb("debtor_id", "in", debtorIds)])).orderBy("id").execute(),
    debts: await db.selectFrom("debts").selectAll().where((eb) => eb.or([eb("creditor_id", "=", creditorId), eb("debtor_id", "in", debtorIds)])).orderBy("id").execute(),
    events: await db.selectFrom("events").selectAll().where((eb) => eb.or([eb("creditor_id", "=", creditorId), eb("debtor_id", "in", debtorIds)])).orderBy("id").execute(),
    audit: await db.selectFrom("audit_log").selectAll().where("creditor_id", "=", creditorId).orderBy("id").execute(),
    imports: await db.selectFrom("imports").selectAll().where("creditor_id", "=", creditorId).orderBy("id").execute(),
  };
}

for (const dialect of testDialects()) {
  describe(`isolamento entre credores por HTTP (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    let spec: OpenApi;
    let operations: string[];
    const cookies: Record<string, string> = {};
    /** Strings only B's data contains: none may appear in an answer to A. */
    let secrets: string[];
    let pixSimulator: PixSimulator;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      pixSimulator = await startPixSimulator({ nowMs: () => env.deps.clock.now().getTime() });
      (env.deps as PixAppDeps).pix = { psp: createPixPspClient({ baseUrl: pixSimulator.url, clientId: pixSimulator.clientId, clientSecret: pixSimulator.clientSecret }), pixKey: "5f84a4c5-c5cb-4599-9f13-7eb4d419dacc", webhookBaseUrl: null };
      pixWebhookTokenA = (await createPixWebhookToken(env.deps, SYSTEM_ACTOR, seed.a.creditor.id)).token;
      // Each tenant's debt has a boleto (nosso número 500, clear of the CNAB exercise's 1).
      for (const tenant of [seed.a, seed.b]) {
        await addBillingAccount(env.deps, SYSTEM_ACTOR, tenant.creditor.id, testAccountInput("itau", { nextOurNumber: 500 }));
        boletoOfDebt[tenant.debt.id] = (await issueBoleto(env.deps, SYSTEM_ACTOR, tenant.creditor.id, { debt: { id: tenant.debt.id } })).id;
      }
      for (const who of ["admin", "managerA", "collectorA", "auditorA", "collectorB"] as const) cookies[who] = await server.login(seed.users[who].email, seed.users[who].password);
      const b = TENANT_SPECS.b;
      secrets = [
        b.legalName, b.cnpj, formatDocument(b.cnpj), b.debtor.name, "Bernardo", "Sigiloso", "Bettencourt", b.debtor.document, formatDocument(b.debtor.document),
        b.debtor.email, b.debt.externalId, "Niterói", ...seed.b.contacts.map((c) => c.value),
      ];
      spec = (await server.call<OpenApi>("GET", "/api/openapi.json")).body;
      operations = tenantOperations(spec);
    });
    after(async () => {
      await server?.close();
      await pixSimulator?.close();
      await env?.cleanup();
    });

    const auth = (who: string): CallOptions => (who === "apiKeyA" ? { bearer: seed.apiKeyA.key } : { cookie: cookies[who]! });

    function request(operation: string, target: Target, who: string, control = false): Promise<CallResult> {
      const [method, template] = operation.split(" ") as [string, string];
      const exercise = EXERCISES[operation]!;
      const path = template.replace("{creditorId}", target.creditorId).replace("{debtorId}", target.debtorId).replace("{contactId}", target.contactId).replace("{debtId}", target.debtId).replace("{key}", TEMPLATE_KEY).replace("{boletoId}", boletoOfDebt[target.debtId] ?? UNKNOWN_ID);
      const options = (control && exercise.control.options?.()) || exercise.options?.(target);
      return server.call(method, path + (exercise.query?.(target) ?? ""), { ...options, ...auth(who) });
    }

    function assertNoLeak(res: CallResult, what: string): void {
      for (const secret of secrets) assert.ok(!res.text.includes(secret), `${what}: a resposta contém "${secret}" de B: ${res.text}`);
      for (const [name, value] of res.headers) {
        for (const secret of secrets) assert.ok(!value.includes(secret), `${what}: cabeçalho ${name} contém "${secret}"`);
      }
    }

    /** The same answer as for `other`, with ids replaced: a B id looks exactly like a missing one. */
    function assertSameAnswer(res: CallResult, other: CallResult, ids: [string, string][], what: string): void {
      let text = res.text;
      // Whole tokens only: contact "3" must not turn status 403 into 40999999.
      for (const [from, to] of ids) text = text.replace(new RegExp(`(?<![\\w-])${from}(?![\\w-])`, "g"), to);
      assert.equal(res.status, other.status, `${what}: ${res.text} × ${other.text}`);
      assert.equal(text, other.text, what);
    }

    it("the OpenAPI document lists the tenant routes, and every one of them has an exercise here", () => {
      assert.ok(operations.length > 0, "nenhuma rota com credor na especificação");
      const pathRoutes = operations.filter((o) => o.includes("{creditorId}"));
      assert.ok(pathRoutes.length >= 9, `rotas com {creditorId}: ${pathRoutes.join(", ")}`);
      const untested = operations.filter((o) => !EXERCISES[o]);
      assert.deepEqual(untested, [], `rota nova sem exercício de isolamento: acrescente-a a EXERCISES em ${import.meta.url}`);
      const stale = Object.keys(EXERCISES).filter((o) => !operations.includes(o));
      assert.deepEqual(stale, [], "exercício de uma rota que não existe mais");
    });

    it("A's people and A's API key get 403/404 on every route with B's ids, identical to unknown ids, with none of B's data, and nothing changes", async () => {
      const { db } = env.deps.database;
      const before = await snapshotAll(db);
      const A = seed.a;
      const B = seed.b;
      const actors = ["collectorA", "managerA", "auditorA", "apiKeyA"];
      let calls = 0;
      for (const operation of operations) {
        const hasDebtor = operation.includes("{debtorId}");
        const hasContact = operation.includes("{contactId}");
        const hasDebt = operation.includes("{debtId}");
        for (const who of actors) {
          // 1. Everything B's: the creditor, its debtor and its contact.
          const cross: Target = { creditorId: B.creditor.id, debtorId: B.debtor.id, contactId: B.contacts[0]!.id, debtId: B.debt.id };
          const unknown: Target = { creditorId: UNKNOWN_CREDITOR, debtorId: B.debtor.id, contactId: B.contacts[0]!.id, debtId: B.debt.id };
          const res = await request(operation, cross, who);
          const what = `${who} ${operation} com o credor B`;
          calls++;
          const denied = EXERCISES[operation]!.denied;
          assert.ok(denied ? res.status === denied : res.status === 404 || res.status === 403, `${what}: ${res.status} ${res.text}`);
          assertProblem(res, res.status, what);
          assertNoLeak(res, what);
          assertSameAnswer(res, await request(operation, unknown, who), [[B.creditor.id, UNKNOWN_CREDITOR]], `${what} × credor inexistente`);

          if (hasDebtor) {
            // 2. A's creditor (which the actor may see) with B's debtor.
            const mixed: Target = { creditorId: A.creditor.id, debtorId: B.debtor.id, contactId: B.contacts[0]!.id, debtId: B.debt.id };
            const res2 = await request(operation, mixed, who);
            const what2 = `${who} ${operation} com o credor A e o devedor de B`;
            calls++;
            assert.ok(res2.status === 404 || res2.status === 403, `${what2}: ${res2.status} ${res2.text}`);
            assertProblem(res2, res2.status, what2);
            assertNoLeak(res2, what2);
            const missing = await request(operation, { ...mixed, debtorId: UNKNOWN_ID }, who);
            assertSameAnswer(res2, missing, [[B.debtor.id, UNKNOWN_ID]], `${what2} × devedor inexistente`);
            if (res2.status === 404 && !hasContact) assert.equal((res2.body as { detail: string }).detail, "Devedor não encontrado.");
          }
          if (hasContact) {
            // 3. A's creditor and debtor with B's contact.
            const mixed: Target = { creditorId: A.creditor.id, debtorId: A.debtor.id, contactId: B.contacts[0]!.id, debtId: A.debt.id };
            const res3 = await request(operation, mixed, who);
            const what3 = `${who} ${operation} com o devedor de A e o contato de B`;
            calls++;
            assert.ok(res3.status === 404 || res3.status === 403, `${what3}: ${res3.status} ${res3.text}`);
            assertProblem(res3, res3.status, what3);
            assertNoLeak(res3, what3);
            assertSameAnswer(res3, await request(operation, { ...mixed, contactId: UNKNOWN_ID }, who), [[B.contacts[0]!.id, UNKNOWN_ID]], `${what3} × contato inexistente`);
          }
          if (hasDebt) {
            // 4. A's creditor with B's debt.
            const mixed: Target = { creditorId: A.creditor.id, debtorId: A.debtor.id, contactId: A.contacts[0]!.id, debtId: B.debt.id };
            const res4 = await request(operation, mixed, who);
            const what4 = `${who} ${operation} com o credor A e o título de B`;
            calls++;
            assert.ok(res4.status === 404 || res4.status === 403, `${what4}: ${res4.status} ${res4.text}`);
            assertProblem(res4, res4.status, what4);
            assertNoLeak(res4, what4);
            assertSameAnswer(res4, await request(operation, { ...mixed, debtId: UNKNOWN_ID }, who), [[B.debt.id, UNKNOWN_ID]], `${what4} × título inexistente`);
            if (res4.status === 404) assert.equal((res4.body as { detail: string }).detail, "Título não encontrado.");
          }
        }
      }
      assert.ok(calls >= operations.length * actors.length, `chamadas: ${calls}`);

      const afterRun = await snapshotAll(db);
      assert.deepEqual(afterRun, before, "nenhuma chamada recusada mudou o banco");
      const labels = [seed.users.collectorA.label, seed.users.managerA.label, seed.users.auditorA.label, seed.apiKeyA.label];
      assert.deepEqual(await db.selectFrom("audit_log").select(["actor", "action"]).where("actor", "in", labels).execute(), []);
    });

    it("the same requests on A's own ids succeed (the bodies are valid), and B is still untouched", async () => {
      const { db } = env.deps.database;
      const tenantB = () => snapshotTenant(db, seed.b.creditor.id, [Number(seed.b.debtor.id)]);
      const beforeB = await tenantB();
      const own: Target = { creditorId: seed.a.creditor.id, debtorId: seed.a.debtor.id, contactId: seed.a.contacts[1]!.id, debtId: seed.a.debt.id };
      for (const operation of operations) {
        const { who, status } = EXERCISES[operation]!.control;
        const res = await request(operation, own, who, true);
        assert.equal(res.status, status, `${who} ${operation} nos ids de A: ${res.text}`);
      }
      assert.deepEqual(await tenantB(), beforeB);
      // The key's import reached A only.
      const intruder = await db.selectFrom("debts").select(["creditor_id"]).where("external_id", "=", "INVASAO-1").execute();
      assert.deepEqual(intruder, [{ creditor_id: seed.a.creditor.id }]);
    });

    it("/api/creditors lists only A's creditor to A's people and key; admin sees both", async () => {
      for (const who of ["collectorA", "managerA", "auditorA", "apiKeyA"]) {
        const res = await server.call<{ items: { id: string }[] }>("GET", "/api/creditors", auth(who));
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body.items.map((c) => c.id), [seed.a.creditor.id], who);
        assertNoLeak(res, who);
      }
      const admin = await server.call<{ items: { id: string }[] }>("GET", "/api/creditors", auth("admin"));
      assert.deepEqual(admin.body.items.map((c) => c.id).sort(), [seed.a.creditor.id, seed.b.creditor.id].sort());
    });

    it("searches and listings inside A never reach B's rows", async () => {
      const A = seed.a.creditor.id;
      const b = TENANT_SPECS.b;
      const probes = [b.debtor.document, formatDocument(b.debtor.document), b.debtor.email, b.debtor.phone, b.debt.externalId, "Bernardo", "sigiloso"];
      for (const q of probes) {
        const res = await server.call<{ items: unknown[] }>("GET", `/api/creditors/${A}/debtors?q=${encodeURIComponent(q)}`, auth("collectorA"));
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body.items, [], `busca por ${q}`);
      }
      const all = await server.call("GET", `/api/creditors/${A}/debtors?limit=200`, auth("collectorA"));
      assert.equal(all.status, 200);
      assertNoLeak(all, "lista de devedores de A");
      for (const query of ["", `?externalId=${b.debt.externalId}`, "?status=open"]) {
        const debts = await server.call<{ items: { debtorId: string }[] }>("GET", `/api/creditors/${A}/debts${query}`, auth("apiKeyA"));
        assert.equal(debts.status, 200, debts.text);
        assertNoLeak(debts, `títulos de A ${query}`);
        assert.ok(debts.body.items.every((d) => d.debtorId !== seed.b.debtor.id));
      }
      const timeline = await server.call("GET", `/api/creditors/${A}/debtors/${seed.a.debtor.id}/timeline`, auth("collectorA"));
      assert.equal(timeline.status, 200);
      assertNoLeak(timeline, "linha do tempo de A");
    });

    it("/api/audit as A's auditor shows A's entries and never B's", async () => {
      const B = seed.b;
      // B's own people act on B, so B has entries by users too.
      const added = await server.call("POST", `/api/creditors/${B.creditor.id}/debtors/${B.debtor.id}/contacts`, { cookie: cookies.collectorB, json: { kind: "email", value: "bernardo.novo@exemplo.com.br" } });
      assert.equal(added.status, 201, added.text);
      const patched = await server.call("PATCH", `/api/creditors/${B.creditor.id}`, { cookie: cookies.admin, json: { city: "Niterói" } });
      assert.equal(patched.status, 200, patched.text);
      secrets.push("bernardo.novo@exemplo.com.br");

      type Audit = { items: { id: string; creditorId: string | null; actor: string; action: string }[] };
      const forB = await server.call<Audit>("GET", `/api/audit?creditorId=${B.creditor.id}`, auth("admin"));
      assert.ok(forB.body.items.some((e) => e.actor === seed.users.collectorB.label && e.action === "contact.add"), "B tem entradas (controle)");

      const queries = ["", "?limit=500", "?action=contact.add", "?action=import.debts", `?actor=${encodeURIComponent(seed.users.collectorB.label)}`, "?action=creditor.update", `?creditorId=${seed.a.creditor.id}`];
      let seen = 0;
      for (const query of queries) {
        const res = await server.call<Audit>("GET", `/api/audit${query}`, auth("auditorA"));
        assert.equal(res.status, 200, `${query}: ${res.text}`);
        assert.ok(res.body.items.every((e) => e.creditorId === seed.a.creditor.id), `${query}: ${res.text}`);
        assert.ok(!res.body.items.some((e) => e.actor === seed.users.collectorB.label));
        assertNoLeak(res, `auditoria ${query}`);
        assert.ok(!res.text.includes(B.creditor.id), `${query}: id do credor B na auditoria de A`);
        seen += res.body.items.length;
      }
      assert.ok(seen > 0, "o auditor de A vê as entradas de A");
      const all = await server.call<Audit>("GET", "/api/audit?limit=500", auth("auditorA"));
      for (const action of ["creditor.create", "import.debts", "contact.add", "contact.invalidate", "creditor.update"]) {
        assert.ok(all.body.items.some((e) => e.action === action), `o auditor de A vê ${action}`);
      }
      const other = assertProblem(await server.call("GET", `/api/audit?creditorId=${B.creditor.id}`, auth("auditorA")), 404);
      assert.equal(other.detail, "Credor não encontrado.");
    });

    it("an import into A with B's debtor document and debt id creates A's own records and leaves B alone", async () => {
      const { db } = env.deps.database;
      const before = await snapshotTenant(db, seed.b.creditor.id, [Number(seed.b.debtor.id)]);
      const b = TENANT_SPECS.b;
      const res = await server.call<{ imported: number; updated: number }>("POST", `/api/creditors/${seed.a.creditor.id}/imports`, {
        cookie: cookies.managerA,
        form: csvFor([`${b.debtor.document};Homônimo em A;${b.debtor.email};${b.debt.externalId};5,00;01/03/2025`]),
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.imported, 1, "um título novo em A, não uma atualização do de B");
      assert.equal(res.body.updated, 0);
      assert.deepEqual(await snapshotTenant(db, seed.b.creditor.id, [Number(seed.b.debtor.id)]), before);
      const inA = await db.selectFrom("debtors").select(["id", "name"]).where("creditor_id", "=", seed.a.creditor.id).where("document", "=", b.debtor.document).execute();
      assert.equal(inA.length, 1);
      assert.notEqual(String(inA[0]!.id), seed.b.debtor.id);
      assert.equal(inA[0]!.name, "Homônimo em A");
    });
  });
}
