import { validateDocument, formatDocument } from "../br/documents.ts";
import { normalizeEmail } from "../br/email.ts";
import { normalizePhone } from "../br/phone.ts";
import { normalizeUf } from "../br/uf.ts";
import { parseAmountToCents } from "../br/money.ts";
import { parseDate } from "../br/dates.ts";
import { normalizeRiskBand } from "../ladder/risk-band.ts";
import type { ColumnMap, ImportField } from "./columns.ts";

export type ContactKind = "email" | "phone" | "whatsapp" | "address";

export type ImportedContact = {
  kind: ContactKind;
  value: string;
  validity: "unknown" | "invalid";
  invalidReason: string | null;
};

export type ImportRecord = {
  line: number;
  debtor: {
    document: string;
    kind: "person" | "company";
    /** Empty when the file had no name: an existing debtor keeps its own. */
    name: string;
    state: string | null;
    city: string | null;
    zip: string | null;
    address: string | null;
    segment: string | null;
    tags: string[];
    /** The account representative's e-mail, normalised; null when the cell is empty or malformed (an existing debtor keeps its own). */
    representativeEmail: string | null;
    /** The risk band, normalised (`normalizeRiskBand`); null when the cell is empty or malformed (an existing debtor keeps its own). */
    riskBand: string | null;
  };
  contacts: ImportedContact[];
  debt: {
    externalId: string;
    description: string | null;
    amountCents: number;
    dueDate: string;
    issueDate: string | null;
    contract: string | null;
    instalment: number | null;
    ourNumber: string | null;
  };
};

/** A problem with one field of one line; `field` is the column as written in the file. */
export type RowIssue = { line: number; field: string; reason: string };

export type RowResult = { record: ImportRecord | null; rejected: RowIssue[]; warnings: RowIssue[] };

const MAX_AMOUNT_CENTS = 99_999_999_999; // R$ 999.999.999,99: beyond it the value is a typo, not a debt.

/**
 * Validates one data row. A row whose debt cannot be trusted (document, debt id,
 * amount, due date) is rejected; a malformed contact or optional field only warns,
 * and the contact is kept as invalid with its reason.
 */
export function validateRow(cells: readonly string[], map: ColumnMap, line: number): RowResult {
  const { fields } = map;
  const rejected: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const cell = (f: ImportField): string => {
    const col = fields[f];
    return col ? (cells[col.index] ?? "").trim() : "";
  };
  const header = (f: ImportField): string => fields[f]?.header ?? f;

  const rawDocument = cell("document");
  let document = "";
  let kind: "person" | "company" = "person";
  if (rawDocument === "") rejected.push({ line, field: header("document"), reason: "documento (CPF/CNPJ) obrigatório" });
  else {
    const doc = validateDocument(rawDocument);
    if (doc.ok) {
      document = doc.document;
      kind = doc.kind === "cpf" ? "person" : "company";
    } else rejected.push({ line, field: header("document"), reason: doc.reason });
  }

  const externalId = cell("debt_id");
  if (externalId === "") rejected.push({ line, field: header("debt_id"), reason: "identificador do título obrigatório" });
  else if (externalId.length > 100) rejected.push({ line, field: header("debt_id"), reason: "identificador do título com mais de 100 caracteres" });

  const rawAmount = cell("amount");
  let amountCents = 0;
  if (rawAmount === "") rejected.push({ line, field: header("amount"), reason: "valor obrigatório" });
  else {
    const amount = parseAmountToCents(rawAmount);
    if (!amount.ok) rejected.push({ line, field: header("amount"), reason: amount.reason });
    else if (amount.cents <= 0) rejected.push({ line, field: header("amount"), reason: "valor deve ser maior que zero" });
    else if (amount.cents > MAX_AMOUNT_CENTS) rejected.push({ line, field: header("amount"), reason: "valor acima de R$ 999.999.999,99" });
    else amountCents = amount.cents;
  }

  const rawDue = cell("due_date");
  let dueDate = "";
  if (rawDue === "") rejected.push({ line, field: header("due_date"), reason: "vencimento obrigatório" });
  else {
    const due = parseDate(rawDue);
    if (due.ok) dueDate = due.date;
    else rejected.push({ line, field: header("due_date"), reason: due.reason });
  }

  if (rejected.length > 0) return { record: null, rejected, warnings };

  let issueDate: string | null = null;
  const rawIssue = cell("issue_date");
  if (rawIssue !== "") {
    const issue = parseDate(rawIssue);
    if (issue.ok) issueDate = issue.date;
    else warnings.push({ line, field: header("issue_date"), reason: `${issue.reason}; emissão ignorada` });
  }

  let instalment: number | null = null;
  const rawInstalment = cell("instalment");
  if (rawInstalment !== "") {
    const n = /^\d{1,4}(?:\/\d{1,4})?$/.test(rawInstalment) ? Number(rawInstalment.split("/")[0]) : NaN;
    if (Number.isInteger(n) && n > 0) instalment = n;
    else warnings.push({ line, field: header("instalment"), reason: `parcela "${rawInstalment}" não é um número inteiro positivo; ignorada` });
  }

  let state: string | null = null;
  const rawState = cell("state");
  if (rawState !== "") {
    state = normalizeUf(rawState);
    if (!state) warnings.push({ line, field: header("state"), reason: `UF "${rawState}" não existe; o fuso do credor será usado` });
  }

  const name = cell("name");
  if (name === "") warnings.push({ line, field: header("name"), reason: `nome vazio; devedor identificado por ${formatDocument(document)}` });

  const contacts: ImportedContact[] = [];
  const rawEmail = cell("email");
  if (rawEmail !== "") {
    const email = normalizeEmail(rawEmail);
    if (email.ok) contacts.push({ kind: "email", value: email.email, validity: "unknown", invalidReason: null });
    else {
      contacts.push({ kind: "email", value: rawEmail.toLowerCase(), validity: "invalid", invalidReason: email.reason });
      warnings.push({ line, field: header("email"), reason: `${email.reason}; contato guardado como inválido` });
    }
  }
  for (const f of ["phone", "whatsapp"] as const) {
    const raw = cell(f);
    if (raw === "") continue;
    const phone = normalizePhone(raw);
    if (phone.ok) contacts.push({ kind: f, value: phone.e164, validity: "unknown", invalidReason: null });
    else {
      contacts.push({ kind: f, value: raw.replace(/[^\d+]/g, "") || raw, validity: "invalid", invalidReason: phone.reason });
      warnings.push({ line, field: header(f), reason: `${phone.reason}; contato guardado como inválido` });
    }
  }

  const city = cell("city") || null;
  const rawZip = cell("zip").replace(/\D/g, "");
  let zip: string | null = null;
  if (rawZip !== "") {
    if (rawZip.length === 8) zip = rawZip;
    else warnings.push({ line, field: header("zip"), reason: `CEP "${cell("zip")}" deve ter 8 dígitos; ignorado` });
  }
  const address = cell("address") || null;
  if (address) {
    const place = [address, city && state ? `${city}/${state}` : (city ?? state), zip ? `CEP ${zip.slice(0, 5)}-${zip.slice(5)}` : null]
      .filter(Boolean)
      .join(" — ");
    contacts.push({ kind: "address", value: place, validity: "unknown", invalidReason: null });
  }

  // The creditor's own person, not a contact of the debtor: a malformed address is left out (with a warning), not kept as invalid.
  let representativeEmail: string | null = null;
  const rawRepresentative = cell("representative");
  if (rawRepresentative !== "") {
    const email = normalizeEmail(rawRepresentative);
    if (email.ok) representativeEmail = email.email;
    else warnings.push({ line, field: header("representative"), reason: `${email.reason}; representante da conta ignorado` });
  }

  let riskBand: string | null = null;
  const rawRiskBand = cell("risk_band");
  if (rawRiskBand !== "") {
    const band = normalizeRiskBand(rawRiskBand);
    if (band.ok) riskBand = band.band;
    else warnings.push({ line, field: header("risk_band"), reason: `${band.reason}; faixa de risco ignorada` });
  }

  const rawTags = cell("tags");
  const tags = rawTags === "" ? [] : [...new Set(rawTags.split(/[|,]/).map((t) => t.trim().toLowerCase()).filter(Boolean))].sort();

  return {
    record: {
      line,
      debtor: { document, kind, name, state, city, zip, address, segment: cell("segment") || null, tags, representativeEmail, riskBand },
      contacts,
      debt: {
        externalId,
        description: cell("description") || null,
        amountCents,
        dueDate,
        issueDate,
        contract: cell("contract") || null,
        instalment,
        ourNumber: cell("our_number").replace(/^0+(?=\d)/, "") || null,
      },
    },
    rejected,
    warnings,
  };
}
