// Factories for tests that need a populated database: two tenants (creditors A and B),
// each with a debtor, contacts and a debt, users of every role and an API key of A.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SYSTEM_ACTOR } from "../../src/app/access.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { createApiKey } from "../../src/app/auth/sessions.ts";
import { addUser } from "../../src/app/auth/users.ts";
import { addCreditor, type CreditorView } from "../../src/app/creditors/creditors.ts";
import { importDebts, type ImportResult } from "../../src/app/import/import-debts.ts";
import type { Dialect } from "../../src/db/migrations.ts";
import { formatDocument } from "../../src/domain/br/documents.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { freshDatabase } from "./db.ts";

/** The instant every seeded test runs at (a Monday, 10:00 in São Paulo). */
export const TEST_NOW = "2025-06-02T13:00:00.000Z";

/** Fresh migrated database of `dialect` with a fixed clock; `cleanup()` closes and drops it. */
export async function openTestDeps(dialect: Dialect): Promise<{ deps: AppDeps; cleanup(): Promise<void> }> {
  const database = await freshDatabase(dialect);
  const cleanup = async () => {
    // pg's pool.end() resolves before its idle sockets have closed, and the DROP DATABASE
    // … WITH (FORCE) that follows terminates them: without a listener that "terminating
    // connection due to administrator command" error would surface as uncaughtException.
    if (database.dialect === "postgres") database.pool.on("error", () => {});
    await database.cleanup();
  };
  return { deps: { database, clock: fixedClock(TEST_NOW) }, cleanup };
}

/** Imports CSV text (or bytes) for a creditor as the system actor, through the real import use case. */
export async function importCsv(deps: AppDeps, creditorId: string, content: string | Buffer, options: { dryRun?: boolean; allOrNothing?: boolean } = {}): Promise<ImportResult> {
  const dir = mkdtempSync(join(tmpdir(), "regua-seed-"));
  try {
    const path = join(dir, "carteira.csv");
    writeFileSync(path, content);
    return await importDebts(deps, SYSTEM_ACTOR, { creditorId, path, fileName: "carteira.csv", ...options });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type SeededUser = { id: string; email: string; password: string; role: string; label: string };

export type SeededTenant = {
  creditor: CreditorView;
  debtor: { id: string; name: string; document: string; formattedDocument: string; city: string };
  /** The e-mail contact first, then the phone. */
  contacts: { id: string; kind: string; value: string }[];
  debt: { id: string; externalId: string; amountCents: number; dueDate: string };
};

export type Seed = {
  a: SeededTenant;
  b: SeededTenant;
  users: { admin: SeededUser; managerA: SeededUser; collectorA: SeededUser; auditorA: SeededUser; collectorB: SeededUser };
  /** A manager-role key of creditor A: it may write, so only the tenant check can stop it on B. */
  apiKeyA: { id: string; key: string; label: string };
};

type TenantSpec = {
  legalName: string;
  cnpj: string;
  state: string;
  debtor: { name: string; document: string; city: string; state: string; email: string; phone: string };
  debt: { externalId: string; amount: string; amountCents: number; dueDate: string; dueDateBr: string };
};

/** Distinct, easily searched strings: any of B's appearing in an answer to A is a leak. */
export const TENANT_SPECS: { a: TenantSpec; b: TenantSpec } = {
  a: {
    legalName: "Alfa Comércio de Roupas Ltda",
    cnpj: "11222333000181",
    state: "SP",
    debtor: { name: "Ana Clara Albuquerque", document: "52998224725", city: "Campinas", state: "SP", email: "ana.albuquerque@exemplo.com.br", phone: "(19) 99876-5432" },
    debt: { externalId: "ALFA-0001", amount: "150,00", amountCents: 15000, dueDate: "2025-05-10", dueDateBr: "10/05/2025" },
  },
  b: {
    legalName: "Beta Telecomunicações Sigilosa S.A.",
    cnpj: "11444777000161",
    state: "RJ",
    debtor: { name: "Bernardo Sigiloso Bettencourt", document: "11144477735", city: "Niterói", state: "RJ", email: "bernardo.sigiloso@exemplo.com.br", phone: "(21) 98765-1234" },
    debt: { externalId: "BETA-SECRETO-77", amount: "2.345,67", amountCents: 234567, dueDate: "2025-04-15", dueDateBr: "15/04/2025" },
  },
};

export const PASSWORDS = {
  admin: "AdminSenha2025",
  managerA: "GestorAlfa2025",
  collectorA: "OperadorAlfa2025",
  auditorA: "AuditorAlfa2025",
  collectorB: "OperadorBeta2025",
} as const;

async function seedTenant(deps: AppDeps, spec: TenantSpec): Promise<SeededTenant> {
  const creditor = await addCreditor(deps, SYSTEM_ACTOR, { legalName: spec.legalName, cnpj: spec.cnpj, state: spec.state, sector: "retail" });
  const d = spec.debtor;
  const csv = [
    "documento;nome;email;telefone;cidade;uf;titulo;valor;vencimento",
    `${d.document};${d.name};${d.email};${d.phone};${d.city};${d.state};${spec.debt.externalId};${spec.debt.amount};${spec.debt.dueDateBr}`,
  ].join("\n");
  const result = await importCsv(deps, creditor.id, csv + "\n");
  if (result.imported !== 1 || result.rejected.length > 0) throw new Error(`seed import failed: ${JSON.stringify(result)}`);
  const { db } = deps.database;
  const debtor = await db.selectFrom("debtors").select(["id"]).where("creditor_id", "=", creditor.id).where("document", "=", d.document).executeTakeFirstOrThrow();
  const contacts = await db.selectFrom("contacts").select(["id", "kind", "value"]).where("debtor_id", "=", debtor.id).orderBy("id").execute();
  const debt = await db.selectFrom("debts").select(["id"]).where("creditor_id", "=", creditor.id).where("external_id", "=", spec.debt.externalId).executeTakeFirstOrThrow();
  const order = ["email", "phone"];
  contacts.sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind));
  return {
    creditor,
    debtor: { id: String(debtor.id), name: d.name, document: d.document, formattedDocument: formatDocument(d.document), city: d.city },
    contacts: contacts.map((c) => ({ id: String(c.id), kind: c.kind, value: c.value })),
    debt: { id: String(debt.id), externalId: spec.debt.externalId, amountCents: spec.debt.amountCents, dueDate: spec.debt.dueDate },
  };
}

async function seedUser(deps: AppDeps, email: string, name: string, role: string, creditorIds: string[], password: string): Promise<SeededUser> {
  const { user } = await addUser(deps, SYSTEM_ACTOR, { email, name, role, creditorIds, password });
  return { id: user.id, email, password, role, label: `user:${email}` };
}

/** Creates creditors A and B with their portfolios, the users of every role and A's API key. */
export async function seedTenants(deps: AppDeps): Promise<Seed> {
  const a = await seedTenant(deps, TENANT_SPECS.a);
  const b = await seedTenant(deps, TENANT_SPECS.b);
  const users = {
    admin: await seedUser(deps, "admin@teste.regua", "Administradora", "admin", [], PASSWORDS.admin),
    managerA: await seedUser(deps, "gestor.a@teste.regua", "Gestor Alfa", "manager", [a.creditor.id], PASSWORDS.managerA),
    collectorA: await seedUser(deps, "operador.a@teste.regua", "Operador Alfa", "collector", [a.creditor.id], PASSWORDS.collectorA),
    auditorA: await seedUser(deps, "auditor.a@teste.regua", "Auditor Alfa", "auditor", [a.creditor.id], PASSWORDS.auditorA),
    collectorB: await seedUser(deps, "operador.b@teste.regua", "Operadora Beta", "collector", [b.creditor.id], PASSWORDS.collectorB),
  };
  const key = await createApiKey(deps, SYSTEM_ACTOR, { name: "Integração Alfa", role: "manager", creditorIds: [a.creditor.id] });
  return { a, b, users, apiKeyA: { ...key, label: `apikey:${key.id}` } };
}
