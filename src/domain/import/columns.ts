/** The fields an import row may carry, in code names. */
export const IMPORT_FIELDS = [
  "document", "name", "email", "phone", "whatsapp", "state", "city", "zip", "address",
  "debt_id", "description", "amount", "due_date", "issue_date", "contract", "instalment",
  "our_number", "segment", "tags", "representative", "risk_band",
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Accepted headers (already folded: lower case, no accents, `_` for spaces and dashes). */
const ALIASES: Record<string, ImportField> = {
  documento: "document", document: "document", cpf_cnpj: "document", cpf: "document", cnpj: "document",
  nome: "name", name: "name", razao_social: "name",
  email: "email", e_mail: "email",
  telefone: "phone", phone: "phone", celular: "phone",
  whatsapp: "whatsapp",
  uf: "state", state: "state", estado: "state",
  cidade: "city", city: "city", municipio: "city",
  cep: "zip", zip: "zip", zip_code: "zip",
  endereco: "address", address: "address",
  titulo: "debt_id", debt_id: "debt_id",
  descricao: "description", description: "description",
  valor: "amount", amount: "amount",
  vencimento: "due_date", due_date: "due_date",
  emissao: "issue_date", issue_date: "issue_date",
  contrato: "contract", contract: "contract",
  parcela: "instalment", instalment: "instalment", installment: "instalment",
  nosso_numero: "our_number", our_number: "our_number",
  segmento: "segment", segment: "segment",
  tags: "tags", etiquetas: "tags",
  representante: "representative", email_representante: "representative", e_mail_representante: "representative", representante_email: "representative",
  representante_e_mail: "representative", gerente_conta: "representative",
  representative: "representative", representative_email: "representative", account_manager: "representative",
  faixa_risco: "risk_band", faixa_de_risco: "risk_band", risco: "risk_band", classificacao_risco: "risk_band", risk_band: "risk_band", risk: "risk_band",
};

export const REQUIRED_FIELDS: readonly ImportField[] = ["document", "debt_id", "amount", "due_date"];

/** How a required field is named to people when its column is missing. */
export const FIELD_LABELS: Record<ImportField, string> = {
  document: "documento/document", name: "nome/name", email: "email/e-mail", phone: "telefone/phone",
  whatsapp: "whatsapp", state: "uf/state", city: "cidade/city", zip: "cep/zip", address: "endereco/address",
  debt_id: "titulo/debt_id", description: "descricao/description", amount: "valor/amount",
  due_date: "vencimento/due_date", issue_date: "emissao/issue_date", contract: "contrato/contract",
  instalment: "parcela/instalment", our_number: "nosso_numero/our_number", segment: "segmento/segment", tags: "tags",
  representative: "representante/representative_email", risk_band: "faixa_risco/risk_band",
};

/** Lower case, accents removed, spaces and dashes folded to `_`. */
export function foldHeader(header: string): string {
  return header
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .trim()
    .replace(/[\s\-.]+/g, "_");
}

export type ColumnMap = {
  /** For each field present, its column index and its header as written in the file. */
  fields: Partial<Record<ImportField, { index: number; header: string }>>;
  unknown: string[];
  duplicated: string[];
  missing: ImportField[];
};

/** Maps a header row to fields; unknown, duplicated and missing required columns are reported. */
export function mapColumns(headers: readonly string[]): ColumnMap {
  const fields: ColumnMap["fields"] = {};
  const unknown: string[] = [];
  const duplicated: string[] = [];
  headers.forEach((raw, index) => {
    const header = raw.replace(/^\uFEFF/, "").trim();
    if (header === "") return;
    const field = ALIASES[foldHeader(header)];
    if (!field) unknown.push(header);
    else if (fields[field]) duplicated.push(header);
    else fields[field] = { index, header };
  });
  const missing = REQUIRED_FIELDS.filter((f) => !fields[f]);
  return { fields, unknown, duplicated, missing };
}
