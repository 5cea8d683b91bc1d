// The variables and filters a template may use, mirrored from the server
// (src/domain/templates/variables.ts and filters.ts; a test keeps the lists equal), with
// what to insert and a description in each language.

export type VariableKind = "text" | "money" | "date" | "number" | "list" | "url";

export type TemplateVariable = { path: string; kind: VariableKind; pt: string; en: string };

export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = [
  { path: "creditor.legalName", kind: "text", pt: "razão social do credor", en: "creditor's legal name" },
  { path: "creditor.tradeName", kind: "text", pt: "nome fantasia do credor", en: "creditor's trade name" },
  { path: "creditor.cnpj", kind: "text", pt: "CNPJ do credor, formatado", en: "creditor's CNPJ, formatted" },
  { path: "creditor.address", kind: "text", pt: "endereço do credor", en: "creditor's address" },
  { path: "creditor.city", kind: "text", pt: "cidade do credor", en: "creditor's city" },
  { path: "creditor.state", kind: "text", pt: "UF do credor", en: "creditor's state" },
  { path: "creditor.zip", kind: "text", pt: "CEP do credor", en: "creditor's postcode (CEP)" },
  { path: "debtor.name", kind: "text", pt: "nome do devedor", en: "debtor's name" },
  { path: "debtor.firstName", kind: "text", pt: "primeiro nome do devedor", en: "debtor's first name" },
  { path: "debtor.document", kind: "text", pt: "CPF/CNPJ do devedor, mascarado", en: "debtor's CPF/CNPJ, masked" },
  { path: "debtor.kind", kind: "text", pt: "pessoa física (person) ou jurídica (company)", en: "person or company" },
  { path: "debts", kind: "list", pt: "os títulos da mensagem, do vencimento mais antigo ao mais recente", en: "the message's debts, oldest due date first" },
  { path: "debts[].externalId", kind: "text", pt: "identificador do título", en: "debt identifier" },
  { path: "debts[].description", kind: "text", pt: "descrição do título", en: "debt description" },
  { path: "debts[].dueDate", kind: "date", pt: "vencimento", en: "due date" },
  { path: "debts[].daysLate", kind: "number", pt: "dias de atraso", en: "days late" },
  { path: "debts[].daysUntilDue", kind: "number", pt: "dias até o vencimento", en: "days until due" },
  { path: "debts[].openCents", kind: "money", pt: "saldo em aberto do principal", en: "open principal" },
  { path: "debts[].principalCents", kind: "money", pt: "principal", en: "principal" },
  { path: "debts[].fineCents", kind: "money", pt: "multa", en: "fine" },
  { path: "debts[].interestCents", kind: "money", pt: "juros de mora", en: "late interest" },
  { path: "debts[].correctionCents", kind: "money", pt: "correção monetária", en: "monetary correction" },
  { path: "debts[].totalCents", kind: "money", pt: "valor atualizado (principal + encargos)", en: "amount due today (principal + charges)" },
  { path: "debts[].contract", kind: "text", pt: "contrato", en: "contract" },
  { path: "debts[].instalment", kind: "number", pt: "número da parcela", en: "instalment number" },
  { path: "totals.openCents", kind: "money", pt: "soma dos saldos em aberto", en: "sum of open balances" },
  { path: "totals.totalCents", kind: "money", pt: "soma dos valores atualizados", en: "sum of amounts due today" },
  { path: "totals.count", kind: "number", pt: "quantidade de títulos", en: "number of debts" },
  { path: "totals.maxDaysLate", kind: "number", pt: "maior atraso, em dias", en: "most days late" },
  { path: "totals.oldestDueDate", kind: "date", pt: "vencimento mais antigo", en: "oldest due date" },
  { path: "links.payment", kind: "url", pt: "página de pagamento (boleto, PIX, acordo)", en: "payment page (boleto, PIX, agreement)" },
  { path: "links.unsubscribe", kind: "url", pt: "descadastro do canal", en: "unsubscribe link" },
  { path: "step.id", kind: "text", pt: "etapa da régua", en: "ladder step" },
  { path: "step.stage", kind: "text", pt: "fase da etapa", en: "step stage" },
  { path: "step.channel", kind: "text", pt: "canal da etapa", en: "step channel" },
  { path: "today", kind: "date", pt: "data de hoje no fuso do devedor", en: "today in the debtor's time zone" },
];

export type TemplateFilter = { name: string; example: string; pt: string; en: string };

export const TEMPLATE_FILTERS: readonly TemplateFilter[] = [
  { name: "money", example: "{{ totals.totalCents | money }}", pt: "centavos → R$ 1.234,56", en: "centavos → R$ 1.234,56" },
  { name: "money_plain", example: "{{ totals.totalCents | money_plain }}", pt: "centavos → 1.234,56", en: "centavos → 1.234,56" },
  { name: "date", example: "{{ totals.oldestDueDate | date }}", pt: "data → dd/mm/aaaa", en: "date → dd/mm/yyyy" },
  { name: "date_long", example: "{{ today | date_long }}", pt: "data por extenso", en: "date in words (Portuguese)" },
  { name: "add_days", example: "{{ today | add_days: 10 | date }}", pt: "soma dias a uma data", en: "adds days to a date" },
  { name: "days", example: "{{ totals.maxDaysLate | days }}", pt: "1 dia, 12 dias", en: "1 dia, 12 dias (Portuguese plural)" },
  { name: "plural", example: '{{ totals.count | plural: "título", "títulos" }}', pt: "singular ou plural", en: "singular or plural" },
  { name: "mask_document", example: "{{ debtor.document | mask_document }}", pt: "mascara CPF/CNPJ", en: "masks a CPF/CNPJ" },
  { name: "format_document", example: "{{ creditor.cnpj | format_document }}", pt: "formata CPF/CNPJ", en: "formats a CPF/CNPJ" },
  { name: "proper_name", example: "{{ debtor.name | proper_name }}", pt: "MARIA DA SILVA → Maria da Silva", en: "MARIA DA SILVA → Maria da Silva" },
  { name: "first_name", example: "{{ debtor.name | first_name }}", pt: "primeiro nome", en: "first name" },
];

/** What inserting a variable writes: money and dates with their filter, lists as a loop. */
export function snippetOf(variable: TemplateVariable): string {
  if (variable.path === "debts") return "{% for debt in debts %}\n- {{ debt.externalId }}: {{ debt.totalCents | money }}, vencido em {{ debt.dueDate | date }}\n{% endfor %}";
  const path = variable.path.replace(/^debts\[\]\./, "debt.");
  if (variable.kind === "money") return `{{ ${path} | money }}`;
  if (variable.kind === "date") return `{{ ${path} | date }}`;
  return `{{ ${path} }}`;
}
