// Shapes of the JSON the server returns under /api (see the HTTP contract).

export type Role = "admin" | "manager" | "collector" | "auditor";

export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  creditorIds: string[];
};

export type Creditor = {
  id: string;
  legalName: string;
  tradeName: string | null;
  cnpj: string;
  sector: string;
  timeZone: string;
};

export type DebtorKind = "person" | "company";

export type DebtorSummary = {
  id: string;
  document: string;
  kind: DebtorKind;
  name: string;
  state: string | null;
  city: string | null;
  segment: string | null;
  tags: string[];
  openBalanceCents: number;
  openDebts: number;
  oldestDueDate: string | null;
};

export type DebtorPage = { items: DebtorSummary[]; nextCursor: string | null };

export type ContactKind = "email" | "phone" | "whatsapp" | "address";
export type ContactValidity = "unknown" | "valid" | "invalid";

export type OptOut = { channel: string; at: string };

export type Contact = {
  id: string;
  kind: ContactKind;
  value: string;
  validity: ContactValidity;
  invalidReason: string | null;
  source: string | null;
  optOuts: OptOut[];
};

export type DebtStatus = "open" | "settled" | "in_agreement" | "written_off" | "disputed";

export type Debt = {
  id: string;
  externalId: string;
  description: string | null;
  originalCents: number;
  openCents: number;
  issueDate: string | null;
  dueDate: string;
  contract: string | null;
  instalment: string | number | null;
  ourNumber: string | null;
  status: DebtStatus;
};

export type DebtorDetail = { debtor: DebtorSummary; contacts: Contact[]; debts: Debt[] };

export type TimelineEvent = {
  id: string;
  kind: string;
  at: string;
  actor: string | null;
  data: Record<string, unknown>;
};

export type Timeline = { items: TimelineEvent[] };
