/**
 * The variables a message template sees (the render context), documented field by
 * field, and a realistic sample context for lint, previews and tests.
 */

import type { Channel, Stage } from "../ladder/channels.ts";

export type CreditorVars = {
  legalName: string;
  tradeName: string | null;
  /** Formatted: 11.222.333/0001-81. */
  cnpj: string;
  address: string;
  city: string;
  state: string;
  /** Formatted: 01001-000, or "" when unknown. */
  zip: string;
};

export type DebtorVars = {
  /** As registered; a name written all in capitals is shown as "Maria da Silva". */
  name: string;
  firstName: string;
  /** Masked: ***.456.789-** (CPF) or 11.222.333/****-** (CNPJ). */
  document: string;
  kind: "person" | "company";
};

export type DebtVars = {
  externalId: string;
  description: string | null;
  dueDate: string;
  /** Days since the due date (0 while not yet overdue). */
  daysLate: number;
  /** Days until the due date (0 once it has passed). */
  daysUntilDue: number;
  openCents: number;
  principalCents: number;
  fineCents: number;
  interestCents: number;
  correctionCents: number;
  /** What the debtor owes today: principal + fine + interest + correction. */
  totalCents: number;
  contract: string | null;
  instalment: number | null;
};

export type TemplateContext = {
  creditor: CreditorVars;
  debtor: DebtorVars;
  debts: DebtVars[];
  totals: { openCents: number; totalCents: number; count: number; maxDaysLate: number; oldestDueDate: string | null };
  links: { payment: string; unsubscribe: string };
  step: { id: string; stage: Stage; channel: Channel };
  /** The debtor's local date, YYYY-MM-DD. */
  today: string;
};

export type VariableDoc = { path: string; type: string; description: string };

/** Every variable a template may use, with its meaning in Portuguese. */
export const VARIABLES: readonly VariableDoc[] = [
  { path: "creditor.legalName", type: "texto", description: "razão social do credor" },
  { path: "creditor.tradeName", type: "texto ou vazio", description: "nome fantasia do credor" },
  { path: "creditor.cnpj", type: "texto", description: "CNPJ do credor, formatado (11.222.333/0001-81)" },
  { path: "creditor.address", type: "texto", description: "endereço do credor" },
  { path: "creditor.city", type: "texto", description: "cidade do credor" },
  { path: "creditor.state", type: "texto", description: "UF do credor" },
  { path: "creditor.zip", type: "texto", description: "CEP do credor, formatado (01001-000)" },
  { path: "debtor.name", type: "texto", description: "nome do devedor (nomes todos em maiúsculas aparecem como “Maria da Silva”)" },
  { path: "debtor.firstName", type: "texto", description: "primeiro nome do devedor" },
  { path: "debtor.document", type: "texto", description: "CPF/CNPJ do devedor, mascarado (***.456.789-**)" },
  { path: "debtor.kind", type: "person | company", description: "pessoa física ou jurídica" },
  { path: "debts", type: "lista", description: "os títulos desta mensagem, do vencimento mais antigo ao mais recente" },
  { path: "debts[].externalId", type: "texto", description: "identificador do título no credor" },
  { path: "debts[].description", type: "texto ou vazio", description: "descrição do título" },
  { path: "debts[].dueDate", type: "data", description: "vencimento (use | date)" },
  { path: "debts[].daysLate", type: "número", description: "dias de atraso (0 se ainda não venceu)" },
  { path: "debts[].daysUntilDue", type: "número", description: "dias até o vencimento (0 se já venceu)" },
  { path: "debts[].openCents", type: "centavos", description: "saldo em aberto do principal (use | money)" },
  { path: "debts[].principalCents", type: "centavos", description: "principal" },
  { path: "debts[].fineCents", type: "centavos", description: "multa" },
  { path: "debts[].interestCents", type: "centavos", description: "juros de mora" },
  { path: "debts[].correctionCents", type: "centavos", description: "correção monetária" },
  { path: "debts[].totalCents", type: "centavos", description: "valor atualizado (principal + encargos)" },
  { path: "debts[].contract", type: "texto ou vazio", description: "contrato" },
  { path: "debts[].instalment", type: "número ou vazio", description: "número da parcela" },
  { path: "totals.openCents", type: "centavos", description: "soma dos saldos em aberto" },
  { path: "totals.totalCents", type: "centavos", description: "soma dos valores atualizados" },
  { path: "totals.count", type: "número", description: "quantidade de títulos" },
  { path: "totals.maxDaysLate", type: "número", description: "maior atraso, em dias" },
  { path: "totals.oldestDueDate", type: "data", description: "vencimento mais antigo" },
  { path: "links.payment", type: "URL", description: "página de pagamento (boleto, PIX, acordo)" },
  { path: "links.unsubscribe", type: "URL", description: "descadastro do canal (o rodapé do e-mail já o traz)" },
  { path: "step.id", type: "texto", description: "etapa da régua" },
  { path: "step.stage", type: "texto", description: "fase: friendly, firm, formal, extrajudicial, judicial" },
  { path: "step.channel", type: "texto", description: "canal: email, sms, whatsapp, letter, phone" },
  { path: "today", type: "data", description: "data de hoje no fuso do devedor" },
];

/** Root → known properties (null: a scalar root). `debts` items are checked through DEBT_FIELDS. */
export const KNOWN_ROOTS: ReadonlyMap<string, ReadonlySet<string> | null> = (() => {
  const roots = new Map<string, Set<string> | null>();
  for (const v of VARIABLES) {
    const [root, rest] = v.path.split(".", 2) as [string, string | undefined];
    if (root.endsWith("[]")) continue;
    if (rest === undefined) {
      if (!roots.has(root)) roots.set(root, null);
      continue;
    }
    const set = roots.get(root) ?? new Set<string>();
    set.add(rest);
    roots.set(root, set);
  }
  return roots;
})();

export const DEBT_FIELDS: ReadonlySet<string> = new Set(VARIABLES.filter((v) => v.path.startsWith("debts[].")).map((v) => v.path.slice(8)));

/**
 * A realistic context: a retail creditor, a person with two overdue instalments, links
 * of the length a short-link service gives (SMS length checks depend on it).
 */
export function sampleContext(channel: Channel = "email", stage: Stage = "friendly"): TemplateContext {
  const debts: DebtVars[] = [
    {
      externalId: "PED-2025-0001", description: null, dueDate: "2025-04-10", daysLate: 53, daysUntilDue: 0, openCents: 15990, principalCents: 15990,
      fineCents: 320, interestCents: 282, correctionCents: 0, totalCents: 16592, contract: "CR-88412", instalment: 3,
    },
    {
      externalId: "PED-2025-0002", description: null, dueDate: "2025-05-10", daysLate: 23, daysUntilDue: 0, openCents: 15990, principalCents: 15990,
      fineCents: 320, interestCents: 123, correctionCents: 0, totalCents: 16433, contract: "CR-88412", instalment: 4,
    },
  ];
  return {
    creditor: {
      legalName: "Loja Exemplo Comércio de Móveis Ltda", tradeName: "Loja Exemplo", cnpj: "11.222.333/0001-81",
      address: "Rua das Flores, 100, Centro", city: "São Paulo", state: "SP", zip: "01001-000",
    },
    debtor: { name: "Maria da Silva Souza", firstName: "Maria", document: "***.982.247-**", kind: "person" },
    debts,
    totals: { openCents: 31980, totalCents: 33025, count: 2, maxDaysLate: 53, oldestDueDate: "2025-04-10" },
    links: { payment: "https://rg.ua/p/8fK2xQ", unsubscribe: "https://rg.ua/s/8fK2xQ" },
    step: { id: "exemplo", stage, channel },
    today: "2025-06-02",
  };
}
