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
  address: string;
  city: string;
  state: string;
  zip: string | null;
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

export type DebtStatus = "open" | "settled" | "in_agreement" | "written_off" | "disputed" | "cancelled";

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

export type DebtorDetail = {
  /**
   * `representativeEmail`: the account representative, copied (Cc) on the collection e-mails; null = none.
   * `riskBand`: the band ladder steps' `conditions.riskBands` match (upper case); null = none.
   */
  debtor: DebtorSummary & { zip: string | null; address: string | null; representativeEmail: string | null; representativeCopiesStoppedAt: string | null; riskBand: string | null };
  contacts: Contact[];
  debts: Debt[];
};

/** The body of PATCH …/debtors/{debtorId}: an absent field is left alone, null clears it. */
export type DebtorPatch = { representativeEmail?: string | null; riskBand?: string | null };

/** The answer of PATCH …/debtors/{debtorId}. */
export type UpdatedDebtor = { id: string; document: string; representativeEmail: string | null; riskBand: string | null };

export type TimelineEvent = {
  id: string;
  kind: string;
  at: string;
  actor: string | null;
  debtId?: string | null;
  data: Record<string, unknown>;
};

export type Timeline = { items: TimelineEvent[]; nextBefore: string | null };

/** One problem of an imported row (line 1 is the header). */
export type RowIssue = { line: number; field: string; reason: string };

export type ImportResult = { imported: number; updated: number; unchanged: number; rejected: RowIssue[]; warnings: RowIssue[] };

export type ImportSummary = {
  id: string;
  fileName: string;
  at: string;
  actor: string;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
};

export type ImportHistory = { items: ImportSummary[]; nextBefore: string | null };

export type AuditEntry = {
  id: string;
  at: string;
  actor: string;
  creditorId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
};

export type AuditPage = { items: AuditEntry[]; nextBefore: string | null };

export type AdminUser = User & { active: boolean; createdAt: string };

export type ApiKey = {
  id: string;
  name: string;
  role: Role;
  creditorIds: string[];
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
};

// ---- Debtor actions, payments and settings (issues 5 and 6) ----

/** The creditor's charge settings (GET /api/creditors/{id}). */
export type CreditorCharges = { finePercent: number; businessFinePercent: number | null; interestMonthlyPercent: number; correctionIndex: string | null };

/** What a debt owes on a day (GET …/debts/{id}/charges). */
export type ChargeBreakdown = { principalCents: number; fineCents: number; interestCents: number; correctionCents: number; totalCents: number; daysLate: number };

export type StepOutcome = "performed" | "superseded" | "planned" | "skipped" | "future";

/** One ladder step of one debt, as the explain function traces it. */
export type StepTrace = {
  stepId: string;
  offsetDays: number;
  day: string;
  channel: string;
  stage: string;
  template: string | null;
  outcome: StepOutcome | string;
  sendAt?: string;
  reason?: string;
  actionId?: number;
  actionStatus?: string;
  /** The rule that decided, in Portuguese (from the server). */
  rule: string;
};

export type Explanation = {
  at: string;
  debtor: { id: string; document: string; name: string; uf: string; timeZone: string; localDay: string; paused: boolean };
  debts: {
    externalId: string;
    dueDate: string;
    openCents: number;
    status: string;
    ladder: { id: string; name: string; version: number; via: string } | null;
    note: string | null;
    steps: StepTrace[];
  }[];
  planned: { debtorDocument: string; debtExternalIds: string[]; stepId: string; channel: string; sendAt: string }[];
  skipped: { debtorDocument: string; debtExternalIds: string[]; stepId: string; channel: string; reason: string }[];
};

/** An action of the outbox (GET …/actions). */
export type LadderAction = {
  id: string;
  debtorId: string;
  debtorDocument: string;
  debtExternalIds: string[];
  ladderId: string;
  stepId: string;
  stage: string;
  channel: string;
  localDay: string;
  status: string;
  sendAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  cancelReason: string | null;
};

export type PaymentAllocation = { debtId: string; externalId: string; interestCents: number; fineCents: number; correctionCents: number; principalCents: number; settled: boolean };

export type Payment = {
  id: string;
  debtorId: string | null;
  source: string;
  method: string;
  amountCents: number;
  paidDate: string;
  creditedDate: string | null;
  feeCents: number;
  creditCents: number;
  ourNumber: string | null;
  txid: string | null;
  endToEndId: string | null;
  status: string;
  unmatchedReason: string | null;
  actor: string;
  note: string | null;
  receivedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
  cnabFileId: string | null;
  line: number | null;
  allocations: PaymentAllocation[];
};

export type PaymentPage = { items: Payment[]; nextCursor: string | null };

/** The answer to recording a payment by hand. */
export type RecordPaymentResult = { status: "applied" | "already_applied" | "unmatched"; paymentId: string; allocations: PaymentAllocation[]; creditCents: number; unmatchedReason: string | null };

export type CnabImportResult = {
  applied: number;
  alreadyApplied: number;
  unmatched: { paymentId: string; ourNumber: string; paidCents: number; paidDate: string; line: number; reason: string }[];
};

export type Boleto = {
  id: string;
  debtId: string;
  externalId: string;
  debtorId: string;
  accountId: string;
  bank: string;
  ourNumber: string;
  ourNumberFormatted: string;
  barcode: string;
  line: string;
  amountCents: number;
  dueDate: string;
  issueDate: string;
  status: "issued" | "cancelled" | "paid";
  issuedAt: string;
  issuedBy: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  charges: ChargeBreakdown;
  instructions: string[];
};

export type PixCharge = {
  id: string;
  txid: string;
  kind: "cob" | "cobv";
  status: string;
  amountCents: number;
  dueDate: string | null;
  expiresAt: string | null;
  pixCopiaECola: string;
  location: string;
  debtorId: string;
  debts: { id: string; externalId: string; amountCents: number }[];
  paidCents: number | null;
  paidAt: string | null;
  endToEndId: string | null;
  createdAt: string;
  createdBy: string;
  qrPngBase64?: string;
};

export type BillingAccount = {
  id: string;
  name: string;
  bank: string;
  bankName: string | null;
  agency: string;
  agencyDigit: string | null;
  account: string | null;
  accountDigit: string | null;
  wallet: string;
  convenio: string | null;
  beneficiaryCode: string | null;
  modality: string | null;
  beneficiary: { name: string; document: string; address: string } | null;
  instructions: string[];
  daysToPay: number;
  nextOurNumber: number;
  maxOurNumber: number;
  isDefault: boolean;
  createdAt: string;
};

export type Holds = {
  debtor: { debtorId: string; document: string; paused: boolean; pausedAt: string | null; pausedUntil: string | null };
  debts: { debtId: string; externalId: string; status: string; disputed: boolean; paused: boolean; pausedAt: string | null; pausedUntil: string | null }[];
  optOuts: { channel: string; optedOutAt: string; source: string; reason: string | null }[];
  history: { at: string; kind: string; action: string; debtExternalId: string | null; actor: string; reason: string | null; until: string | null }[];
};

export type DayWindow = { from: string; to: string } | null;
export type WeekWindows = { weekday: DayWindow; saturday: DayWindow; sunday: DayWindow; holidays: DayWindow };
export type ChannelLimits = Record<string, number | null>;
export type FrequencyCaps = { perDay: ChannelLimits; perWeek: ChannelLimits; totalPerDay: number | null; totalPerWeek: number | null };
export type ContactPolicy = { windows: Record<string, WeekWindows>; caps: FrequencyCaps; customized: { windows: boolean; caps: boolean } };

export type DiscountLimits = { chargesPercent: number; principalPercent: number };
export type PolicyBucket = {
  fromDays: number;
  toDays: number | null;
  single: DiscountLimits;
  instalments: DiscountLimits;
  maxInstalments: number;
  minInstalmentCents: number;
  minDownPaymentPercent: number;
  minDownPaymentCents: number;
  interestMonthlyPercent: number;
  firstDueDays: number;
};
export type NegotiationPolicy = {
  buckets: PolicyBucket[];
  affordabilityPercent: number;
  minimumExistentialCents: number;
  breakAfterDays: number;
  promiseMaxDays: number;
  ladderId: string | null;
};
export type NegotiationPolicyView = { creditorId: string; version: number; customized: boolean; policy: NegotiationPolicy; updatedAt: string | null; updatedBy: string | null; changed?: boolean };

export type NegotiationOption = { instalments: number; downPaymentCents: number; instalmentCents: number; totalCents: number; discountCents: number; firstDueDate: string };
export type NegotiationOptions = {
  debtCents: number;
  options: NegotiationOption[];
  affordability?: { monthlyIncomeCents: number; sharePercent: number; maxInstalmentCents: number; omittedOptions: number; note: string };
  note?: string;
};

export type AgreementInstalment = { number: number; dueDate: string; amountCents: number; status: string; paidDate: string | null; debtId: string; externalId: string; ourNumber: string | null; openCents: number };
export type Agreement = {
  id: string;
  debtorId: string;
  document: string;
  status: string;
  atDate: string;
  debtCents: number;
  discountCents: number;
  totalCents: number;
  downPaymentCents: number;
  instalmentCents: number;
  instalments: number;
  firstDueDate: string;
  bucket: string;
  daysLate: number;
  beyondPolicy: boolean;
  incomeCents: number | null;
  createdBy: string;
  createdAt: string;
  closedAt: string | null;
  closeReason: unknown;
  surplusCents: number;
  debts: { debtId: string; externalId: string; dueDate: string; totalCents: number; discountCents: number; status: string }[];
  schedule: AgreementInstalment[];
};

export type PaymentPromise = {
  id: string;
  debtorId: string;
  amountCents: number;
  promisedDate: string;
  madeDate: string;
  channel: string;
  collector: string;
  note: string | null;
  status: string;
  paidCents: number;
  pauseApplied: boolean;
  reminder: { actionId: string; channel: string; sendAt: string; status: string } | null;
  createdBy: string;
  createdAt: string;
  resolvedAt: string | null;
};

export type EmailSettings = {
  fromName: string | null;
  fromAddress: string | null;
  replyTo: string | null;
  cc: string[];
  allowSharedMailboxDetails: boolean;
  /** `keyReadable: false` (and no `dnsRecord`): the stored key was sealed with another REGUA_SECRET; nothing is sent until it is given again. */
  dkim: { domain: string; selector: string; dnsName: string; dnsRecord: string | null; keyReadable: boolean } | null;
  effective: { fromName: string; fromAddress: string };
  updatedAt: string | null;
  updatedBy: string | null;
  /** Addresses that stopped this creditor's copies through a copy's link (the debtors still get their e-mail). */
  copiesStopped: { address: string; at: string }[];
};
