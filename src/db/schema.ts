import type { Generated } from "kysely";
import type { ChargesSchema } from "./schema/charges.ts";
import type { EmailSchema } from "./schema/email.ts";
import type { HoldsSchema } from "./schema/holds.ts";
import type { LadderSchema } from "./schema/ladder.ts";
import type { BillingSchema } from "./schema/billing.ts";
import type { NegotiationSchema } from "./schema/negotiation.ts";
import type { SelfServiceSchema } from "./schema/self-service.ts";
import type { DispatchSchema } from "./schema/dispatch.ts";
import type { CallsSchema } from "./schema/calls.ts";
import type { ExitPointSchema } from "./schema/exit-point.ts";
import type { DebtorBalancesSchema } from "./schema/debtor-balances.ts";
import type { RepresentativeSchema } from "./schema/representative.ts";
import type { EmailCopiesSchema } from "./schema/email-copies.ts";
import type { PixSchema } from "./schema/pix.ts";
import type { PaymentsSchema } from "./schema/payments.ts";
import type { TemplatesSchema } from "./schema/templates.ts";

/**
 * The stored shape of Régua's data. Instants are ISO-8601 UTC strings, calendar dates
 * `YYYY-MM-DD` strings, money integer centavos, JSON columns text (parsed at the edges).
 */
export type Schema = FoundationSchema &
  ChargesSchema &
  PaymentsSchema &
  LadderSchema &
  HoldsSchema &
  TemplatesSchema &
  EmailSchema &
  PixSchema &
  BillingSchema &
  NegotiationSchema &
  SelfServiceSchema &
  DispatchSchema &
  CallsSchema &
  ExitPointSchema &
  DebtorBalancesSchema &
  RepresentativeSchema &
  EmailCopiesSchema;

/** Tenants, people, portfolio, timeline, audit and imports. One file per later area under `schema/`. */
export type FoundationSchema = {
  creditors: CreditorTable;
  users: UserTable;
  user_creditors: { user_id: string; creditor_id: string };
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  api_key_creditors: { api_key_id: string; creditor_id: string };
  debtors: DebtorTable;
  contacts: ContactTable;
  opt_outs: OptOutTable;
  debts: DebtTable;
  events: EventTable;
  audit_log: AuditTable;
  imports: ImportTable;
};

export type CreditorTable = {
  id: string;
  legal_name: string;
  trade_name: string | null;
  cnpj: string;
  address: string;
  city: string;
  state: string;
  zip: string | null;
  sector: string;
  time_zone: string;
  fine_bp: number;
  interest_monthly_bp: number;
  created_at: string;
  updated_at: string;
};

export type UserTable = {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  active: number;
  created_at: string;
  updated_at: string;
};

export type SessionTable = {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
};

export type ApiKeyTable = {
  id: string;
  name: string;
  secret_hash: string;
  role: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
};

export type DebtorTable = {
  id: Generated<number>;
  creditor_id: string;
  document: string;
  kind: string;
  name: string;
  /** `nameKey(name)` (app/portfolio/name-key.ts), for search and ordering. */
  name_key: Generated<string>;
  state: string | null;
  city: string | null;
  zip: string | null;
  address: string | null;
  segment: string | null;
  tags: string;
  /** Set while the debtor is paused (see `holds`). */
  paused_at: Generated<string | null>;
  created_at: string;
  updated_at: string;
};

export type ContactTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  kind: string;
  value: string;
  validity: string;
  invalid_reason: string | null;
  source: string;
  created_at: string;
  updated_at: string;
};

export type OptOutTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  channel: string;
  opted_out_at: string;
  opted_in_at: string | null;
  source: string;
  actor: string;
  reason: string | null;
};

export type DebtTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  external_id: string;
  description: string | null;
  original_cents: number;
  open_cents: number;
  issue_date: string | null;
  due_date: string;
  contract: string | null;
  instalment: number | null;
  our_number: string | null;
  status: string;
  /** Set while the debt is paused (see `holds`). */
  paused_at: Generated<string | null>;
  created_at: string;
  updated_at: string;
};

export type EventTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  debt_id: number | null;
  kind: string;
  at: string;
  actor: string;
  data: string;
};

export type AuditTable = {
  id: Generated<number>;
  at: string;
  actor: string;
  creditor_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
};

export type ImportTable = {
  id: string;
  creditor_id: string;
  file_name: string;
  at: string;
  actor: string;
  dry_run: number;
  summary: string;
};
