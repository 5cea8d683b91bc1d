import { Type } from "@fastify/type-provider-typebox";

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const UserSchema = Type.Object({
  id: Type.String(), email: Type.String(), name: Type.String(),
  role: Type.Union([Type.Literal("admin"), Type.Literal("manager"), Type.Literal("collector"), Type.Literal("auditor")]),
  creditorIds: Type.Array(Type.String()),
});

export const CreditorSchema = Type.Object({
  id: Type.String(), legalName: Type.String(), tradeName: Nullable(Type.String()), cnpj: Type.String(), address: Type.String(),
  city: Type.String(), state: Type.String(), zip: Nullable(Type.String()), sector: Type.String(), timeZone: Type.String(),
  finePercent: Type.Number(), businessFinePercent: Type.Union([Type.Number(), Type.Null()]), interestMonthlyPercent: Type.Number(),
  correctionIndex: Nullable(Type.String()),
});

export const DebtorSummarySchema = Type.Object({
  id: Type.String(), document: Type.String(), kind: Type.String(), name: Type.String(), state: Nullable(Type.String()),
  city: Nullable(Type.String()), segment: Nullable(Type.String()), tags: Type.Array(Type.String()),
  openBalanceCents: Type.Integer(), openDebts: Type.Integer(), oldestDueDate: Nullable(Type.String()),
});

export const ContactSchema = Type.Object({
  id: Type.String(), kind: Type.String(), value: Type.String(), validity: Type.String(), invalidReason: Nullable(Type.String()),
  source: Type.String(), optOuts: Type.Array(Type.Object({ channel: Type.String(), at: Type.String() })),
});

export const DebtSchema = Type.Object({
  id: Type.String(), externalId: Type.String(), description: Nullable(Type.String()), originalCents: Type.Integer(),
  openCents: Type.Integer(), issueDate: Nullable(Type.String()), dueDate: Type.String(), contract: Nullable(Type.String()),
  instalment: Type.Union([Type.Integer(), Type.Null()]), ourNumber: Nullable(Type.String()), status: Type.String(),
});

export const RowIssueSchema = Type.Object({ line: Type.Integer(), field: Type.String(), reason: Type.String() });

export const ImportResultSchema = Type.Object({
  imported: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(),
  rejected: Type.Array(RowIssueSchema), warnings: Type.Array(RowIssueSchema),
});

export const CreditorParams = Type.Object({ creditorId: Type.String({ maxLength: 64 }) });
export const DebtorParams = Type.Object({ creditorId: Type.String({ maxLength: 64 }), debtorId: Type.String({ maxLength: 20 }) });
