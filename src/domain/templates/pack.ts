/**
 * The default template pack, in Portuguese, written as Brazilian collection practitioners
 * recommend: a reminder before the due date, a friendly message about a week after, a
 * firm one, SMS before calls, a call script from about 25 days, the written prior notice
 * of CDC art. 43 §2 before any credit-bureau listing, and an extrajudicial settlement
 * offer. Each template is generated from a sector profile, so the wording of a stage and
 * channel is written once and reads naturally for every sector (a "fatura" in telecom, a
 * "parcela" in financing…).
 *
 * Keys are `<sector>.<purpose>.<channel>`, e.g. `varejo.lembrete.email`. Purposes:
 * lembrete (friendly, before the due date), amigavel (friendly), firme (firm),
 * notificacao (formal: the prior notice), extrajudicial. There is no judicial template:
 * that stage is the lawyers' work.
 */

import type { Stage } from "../ladder/channels.ts";
import type { MessageChannel } from "./message.ts";

export type PackSector = "financial" | "telecom" | "utilities" | "retail" | "general";
export type PackPurpose = "lembrete" | "amigavel" | "firme" | "notificacao" | "extrajudicial";

export type PackTemplate = { key: string; sector: PackSector; purpose: PackPurpose; stage: Stage; channel: MessageChannel; content: string };

type Profile = {
  sector: PackSector;
  prefix: string;
  ladderName: string;
  /** The debt as the sector calls it: feminine nouns in every profile, so the agreement below holds. */
  item: string;
  items: string;
  label: string;
  /** What the debt refers to, in the formal texts. */
  about: string;
};

const PROFILES: readonly Profile[] = [
  { sector: "financial", prefix: "financeiro", ladderName: "Financeiro padrão", item: "parcela", items: "parcelas", label: "Parcela", about: "referentes ao seu contrato" },
  { sector: "telecom", prefix: "telecom", ladderName: "Telecom padrão", item: "fatura", items: "faturas", label: "Fatura", about: "referentes aos serviços de telecomunicações contratados" },
  { sector: "utilities", prefix: "utilidades", ladderName: "Serviços essenciais padrão", item: "conta", items: "contas", label: "Conta", about: "referentes aos serviços fornecidos" },
  { sector: "retail", prefix: "varejo", ladderName: "Varejo padrão", item: "parcela", items: "parcelas", label: "Parcela", about: "referentes às suas compras" },
  { sector: "general", prefix: "geral", ladderName: "Padrão", item: "fatura", items: "faturas", label: "Fatura", about: "referentes aos serviços contratados" },
];

/** The prefix of each pack sector's keys. */
export const PACK_PREFIX: Record<PackSector, string> = Object.fromEntries(PROFILES.map((p) => [p.sector, p.prefix])) as Record<PackSector, string>;

/** The creditor sectors with their own pack; the others (education, health, other) use the general one. */
export function packSectorOf(creditorSector: string): PackSector {
  return creditorSector === "financial" || creditorSector === "telecom" || creditorSector === "utilities" || creditorSector === "retail" ? creditorSector : "general";
}

const PURPOSE_OF_STAGE: Partial<Record<Stage, PackPurpose>> = { friendly: "amigavel", firm: "firme", formal: "notificacao", extrajudicial: "extrajudicial" };
const STAGE_OF_PURPOSE: Record<PackPurpose, Stage> = { lembrete: "friendly", amigavel: "friendly", firme: "firm", notificacao: "formal", extrajudicial: "extrajudicial" };
const LEMBRETE_CHANNELS: readonly MessageChannel[] = ["email", "sms", "whatsapp"];
const ALL_CHANNELS: readonly MessageChannel[] = ["email", "sms", "whatsapp", "letter", "phone"];

// ---- Snippets ------------------------------------------------------------------------

const NAME = "{{ creditor.tradeName | default: creditor.legalName }}";
const ID_LINE = "{{ creditor.legalName }} · CNPJ {{ creditor.cnpj }}";
const pick = (one: string, many: string) => `{% if totals.count > 1 %}${many}{% else %}${one}{% endif %}`;
const DATE_LINE = "{% if creditor.city %}{{ creditor.city }}, {% endif %}{{ today | date_long }}.";
const ADDRESS = "{{ creditor.address }}{% if creditor.city %}, {{ creditor.city }}{% endif %}{% if creditor.state %}/{{ creditor.state }}{% endif %}";
const CHARGES_NOTE = "{% if totals.totalCents > totals.openCents %}, já com multa e juros de mora{% endif %}";

function debtLabel(p: Profile): string {
  return `{% if debt.description %}{{ debt.description }}{% else %}${p.label}{% if debt.instalment %} {{ debt.instalment }}{% endif %}{% if debt.contract %} do contrato {{ debt.contract }}{% endif %}{% endif %}`;
}

/** The debts as a "- " list (an HTML list in e-mails). */
function list(p: Profile, kind: "upcoming" | "overdue" | "formal"): string {
  const label = debtLabel(p);
  const line =
    kind === "upcoming"
      ? `${label}: {{ debt.totalCents | money }}, vencimento em {{ debt.dueDate | date }}`
      : kind === "overdue"
        ? `${label}: vencimento em {{ debt.dueDate | date }}{% if debt.daysLate > 0 %} ({{ debt.daysLate | days }} em atraso){% endif %}, {{ debt.totalCents | money }}`
        : `${label}: vencimento em {{ debt.dueDate | date }}; valor original {{ debt.openCents | money }}; valor atualizado {{ debt.totalCents | money }}` +
          "{% if debt.totalCents > debt.openCents %} (multa {{ debt.fineCents | money }}, juros {{ debt.interestCents | money }}{% if debt.correctionCents > 0 %}, correção {{ debt.correctionCents | money }}{% endif %}){% endif %}";
  return `{% for debt in debts %}\n- ${line}{% endfor %}`;
}

const sua = (p: Profile) => pick(`sua ${p.item}`, `suas ${p.items}`);
const Sua = (p: Profile) => pick(`Sua ${p.item}`, `Suas ${p.items}`);
const de_sua = (p: Profile) => pick(`da sua ${p.item}`, `das suas ${p.items}`);

function doc(...paragraphs: string[]): string {
  return `${paragraphs.join("\n\n")}\n`;
}

// ---- Texts ---------------------------------------------------------------------------

const NOTICE =
  "Esta é a comunicação prévia de que trata o art. 43, § 2º, do Código de Defesa do Consumidor: caso o débito não seja pago ou negociado no prazo de 10 (dez) dias a contar do recebimento desta notificação, o seu nome poderá ser incluído nos cadastros de proteção ao crédito (SPC, Serasa e Boa Vista).";
const REMOVAL = "Após o pagamento, eventuais registros deste débito em cadastros de proteção ao crédito serão retirados em até 5 (cinco) dias úteis.";

type Builder = (p: Profile) => string;

const TEXTS: Record<PackPurpose, Partial<Record<MessageChannel, Builder>>> = {
  lembrete: {
    email: (p) =>
      doc(
        `Assunto: Lembrete de vencimento — ${NAME}`,
        "Olá, {{ debtor.firstName }}.",
        `Este é um lembrete de ${NAME}: ${pick(`sua ${p.item} vence`, `suas ${p.items} vencem`)} em breve.`,
        list(p, "upcoming"),
        "Total: {{ totals.totalCents | money }}",
        "Para pagar com boleto ou PIX, acesse:\n{{ links.payment }}",
        "Se o pagamento já foi feito, por favor desconsidere esta mensagem.",
        `Atenciosamente,\n${NAME}`,
      ),
    sms: () =>
      doc(`${NAME} (CNPJ {{ creditor.cnpj }}): {{ debtor.firstName }}, lembrete de vencimento em {{ totals.oldestDueDate | date }}, valor {{ totals.totalCents | money }}. Boleto ou PIX: {{ links.payment }}`),
    whatsapp: (p) =>
      doc(
        `Olá, {{ debtor.firstName }}. Aqui é ${NAME}.`,
        `Passando para lembrar que ${pick(`sua ${p.item} vence`, `suas ${p.items} vencem`)} em breve:${list(p, "upcoming")}`,
        "Total: {{ totals.totalCents | money }}",
        "Você pode pagar com boleto ou PIX por este link: {{ links.payment }}",
        "Se já pagou, é só desconsiderar. Obrigado.",
        ID_LINE,
      ),
  },
  amigavel: {
    email: (p) =>
      doc(
        `Assunto: ${NAME}: ${pick(`sua ${p.item} está em aberto`, `suas ${p.items} estão em aberto`)}`,
        "Olá, {{ debtor.firstName }}.",
        `Não identificamos o pagamento ${de_sua(p)} com ${NAME}. Pode ter sido só um esquecimento, e é fácil resolver.`,
        list(p, "overdue"),
        `Valor atualizado: {{ totals.totalCents | money }}`,
        "Para pagar com boleto ou PIX, acesse:\n{{ links.payment }}",
        "Se estiver com dificuldade para pagar, a mesma página mostra as opções de negociação disponíveis.",
        "Se você já pagou, desconsidere esta mensagem: a confirmação do pagamento pode levar até 3 dias úteis.",
        `Atenciosamente,\n${NAME}`,
      ),
    sms: () =>
      doc(`${NAME} (CNPJ {{ creditor.cnpj }}): {{ debtor.firstName }}, não identificamos o pagamento de {{ totals.totalCents | money }}, vencido em {{ totals.oldestDueDate | date }}. Pague: {{ links.payment }}`),
    whatsapp: (p) =>
      doc(
        `Olá, {{ debtor.firstName }}. Aqui é ${NAME}.`,
        `Não identificamos o pagamento ${de_sua(p)}:${list(p, "overdue")}`,
        "Valor atualizado: {{ totals.totalCents | money }}",
        "Pode ter sido só um esquecimento. Para pagar com boleto ou PIX, use este link: {{ links.payment }}",
        "Se já pagou, por favor desconsidere.",
        ID_LINE,
      ),
    letter: (p) =>
      doc(
        "Título: Lembrete de pagamento",
        DATE_LINE,
        "Prezado(a) {{ debtor.name }},",
        `Não identificamos o pagamento ${de_sua(p)} abaixo, ${p.about}:${list(p, "overdue")}`,
        "Valor atualizado em {{ today | date }}: {{ totals.totalCents | money }}.",
        "Para pagar com boleto ou PIX, acesse {{ links.payment }}. Se estiver com dificuldade, a mesma página mostra as opções de negociação disponíveis.",
        "Se o pagamento já foi feito, por favor desconsidere esta carta.",
        "Atenciosamente,\n{{ creditor.legalName }}",
      ),
    phone: (p) => phoneScript(p, "fase amigável", [
      `"Estamos entrando em contato porque não identificamos o pagamento ${de_sua(p)}:"${list(p, "overdue")}`,
      `"O valor atualizado hoje é {{ totals.totalCents | money }}. Pode ter sido só um esquecimento."`,
    ], [
      `"Podemos enviar agora o boleto ou o código PIX. Qual a melhor data de pagamento para o(a) senhor(a)?"`,
      "Se houver dificuldade, consulte as condições de negociação disponíveis e ofereça o parcelamento.",
    ]),
  },
  firme: {
    email: (p) =>
      doc(
        `Assunto: ${Sua(p)} com ${NAME} ${pick("está", "estão")} em atraso`,
        "Olá, {{ debtor.firstName }}.",
        `${Sua(p)} com ${NAME} ${pick("continua", "continuam")} em aberto:`,
        list(p, "overdue"),
        `Valor atualizado até hoje: {{ totals.totalCents | money }}${CHARGES_NOTE}.`,
        "Queremos ajudar você a regularizar a situação. Pelo link abaixo você paga com boleto ou PIX e consulta as condições de parcelamento disponíveis:\n{{ links.payment }}",
        "Se o pagamento já foi feito, desconsidere esta mensagem.",
        `Atenciosamente,\n${NAME}`,
      ),
    sms: () =>
      doc(`${NAME} (CNPJ {{ creditor.cnpj }}): {{ debtor.firstName }}, seu débito de {{ totals.totalCents | money }} está com {{ totals.maxDaysLate | days }} de atraso. Pague ou negocie: {{ links.payment }}`),
    whatsapp: (p) =>
      doc(
        `Olá, {{ debtor.firstName }}. Aqui é ${NAME}.`,
        `${Sua(p)} ${pick("continua", "continuam")} em aberto:${list(p, "overdue")}`,
        `Valor atualizado: {{ totals.totalCents | money }}${CHARGES_NOTE}.`,
        "Queremos ajudar você a regularizar. Pelo link você paga com boleto ou PIX e vê as condições de parcelamento: {{ links.payment }}",
        "Se já pagou, por favor desconsidere.",
        ID_LINE,
      ),
    letter: (p) =>
      doc(
        "Título: Aviso de débito em atraso",
        DATE_LINE,
        "Prezado(a) {{ debtor.name }},",
        `Informamos que ${pick(`a ${p.item} abaixo`, `as ${p.items} abaixo`)}, ${p.about}, ${pick("continua", "continuam")} em aberto:${list(p, "overdue")}`,
        `Valor atualizado em {{ today | date }}: {{ totals.totalCents | money }}${CHARGES_NOTE}.`,
        "Queremos ajudar a regularizar a situação. Em {{ links.payment }} você paga com boleto ou PIX e consulta as condições de parcelamento disponíveis.",
        "Se o pagamento já foi feito, por favor desconsidere este aviso.",
        "Atenciosamente,\n{{ creditor.legalName }}",
      ),
    phone: (p) => phoneScript(p, "fase firme", [
      `"Estamos ligando sobre ${sua(p)} em aberto há {{ totals.maxDaysLate | days }}:"${list(p, "overdue")}`,
      `"O valor atualizado hoje é {{ totals.totalCents | money }}${CHARGES_NOTE}."`,
    ], [
      `"Gostaríamos de resolver isso com o(a) senhor(a) hoje. Podemos enviar o boleto ou o PIX agora, ou ver um parcelamento. O que fica melhor?"`,
      "Consulte as condições de negociação disponíveis e ofereça a que cabe no orçamento do devedor. Se ele prometer pagar, registre a data e o valor.",
    ]),
  },
  notificacao: {
    email: (p) =>
      doc(
        "Assunto: Notificação prévia de débito em aberto — {{ creditor.legalName }}",
        "Prezado(a) {{ debtor.name }},",
        `{{ creditor.legalName }}, inscrita no CNPJ sob o nº {{ creditor.cnpj }}, com endereço em ${ADDRESS}, comunica que ${pick("consta em aberto", "constam em aberto")}, em nome de {{ debtor.name }} (documento {{ debtor.document }}), ${pick("o seguinte débito", "os seguintes débitos")} ${p.about}:`,
        list(p, "formal"),
        "Valor total atualizado em {{ today | date }}: {{ totals.totalCents | money }}.",
        NOTICE,
        "Para pagar ou negociar, acesse: {{ links.payment }}",
        "Se você não reconhece este débito ou já fez o pagamento, entre em contato conosco dentro desse prazo para que possamos verificar.",
        "Atenciosamente,\n{{ creditor.legalName }}",
      ),
    sms: () =>
      doc(`${NAME} (CNPJ {{ creditor.cnpj }}): {{ debtor.firstName }}, enviamos uma notificação sobre o débito de {{ totals.totalCents | money }} em aberto. Detalhes e pagamento: {{ links.payment }}`),
    whatsapp: (p) =>
      doc(
        "Olá, {{ debtor.firstName }}. Esta é uma notificação de {{ creditor.legalName }}, CNPJ {{ creditor.cnpj }}.",
        `${pick("Consta em aberto em seu nome o seguinte débito", "Constam em aberto em seu nome os seguintes débitos")}:${list(p, "overdue")}`,
        "Valor total atualizado: {{ totals.totalCents | money }}.",
        NOTICE,
        "Para pagar ou negociar: {{ links.payment }}",
        "Se não reconhece o débito ou já pagou, fale conosco dentro desse prazo para verificarmos.",
      ),
    letter: (p) =>
      doc(
        "Título: Notificação prévia — art. 43, § 2º, do Código de Defesa do Consumidor",
        DATE_LINE,
        "Prezado(a) {{ debtor.name }},",
        `{{ creditor.legalName }}, inscrita no CNPJ sob o nº {{ creditor.cnpj }}, com endereço em ${ADDRESS}, comunica que ${pick("consta em aberto", "constam em aberto")}, em nome de {{ debtor.name }} (documento {{ debtor.document }}), ${pick("o seguinte débito", "os seguintes débitos")} ${p.about}:${list(p, "formal")}`,
        "Valor total atualizado em {{ today | date }}: {{ totals.totalCents | money }}.",
        NOTICE,
        "Para pagar ou negociar, acesse {{ links.payment }}.",
        "Se você não reconhece este débito ou já fez o pagamento, entre em contato conosco dentro desse prazo para que possamos verificar. Se o pagamento já foi feito, desconsidere esta notificação.",
        "Atenciosamente,\n{{ creditor.legalName }}",
      ),
    phone: (p) => phoneScript(p, "notificação prévia", [
      `"Estamos ligando sobre ${sua(p)} em aberto há {{ totals.maxDaysLate | days }}:"${list(p, "overdue")}`,
      `"O valor atualizado hoje é {{ totals.totalCents | money }}."`,
      "Informe, com calma, que foi enviada uma notificação por escrito e que, caso o débito não seja regularizado no prazo indicado nela, o nome poderá ser incluído nos cadastros de proteção ao crédito.",
    ], [
      `"Podemos resolver isso agora: envio o boleto ou o PIX, ou vemos juntos um parcelamento."`,
      "Se o devedor disser que não reconhece o débito ou que já pagou, registre a contestação e não insista.",
    ]),
  },
  extrajudicial: {
    email: (p) =>
      doc(
        `Assunto: Condições para regularizar seu débito com ${NAME}`,
        "Prezado(a) {{ debtor.name }},",
        `${pick("O débito abaixo", "Os débitos abaixo")}, ${p.about}, ${pick("segue em aberto e está", "seguem em aberto e estão")} em cobrança extrajudicial:`,
        list(p, "formal"),
        "Valor total atualizado: {{ totals.totalCents | money }}.",
        "Queremos encontrar com você uma forma de resolver. Pelo link abaixo você consulta as condições disponíveis para pagamento à vista ou parcelado e emite o boleto ou o PIX:\n{{ links.payment }}",
        REMOVAL,
        "Se você já pagou ou não reconhece o débito, entre em contato conosco para verificarmos.",
        "Atenciosamente,\n{{ creditor.legalName }}",
      ),
    sms: () =>
      doc(`${NAME} (CNPJ {{ creditor.cnpj }}): {{ debtor.firstName }}, temos condições especiais para regularizar seu débito de {{ totals.totalCents | money }}. Consulte: {{ links.payment }}`),
    whatsapp: (p) =>
      doc(
        `Olá, {{ debtor.firstName }}. Aqui é ${NAME}.`,
        `${pick("Seu débito abaixo segue em aberto", "Seus débitos abaixo seguem em aberto")}:${list(p, "overdue")}`,
        "Valor total atualizado: {{ totals.totalCents | money }}.",
        "Temos condições para pagamento à vista ou parcelado. Consulte e emita o boleto ou o PIX por este link: {{ links.payment }}",
        REMOVAL,
        ID_LINE,
      ),
    letter: (p) =>
      doc(
        "Título: Proposta para regularização de débito",
        DATE_LINE,
        "Prezado(a) {{ debtor.name }},",
        `${pick("O débito abaixo", "Os débitos abaixo")}, ${p.about}, ${pick("segue em aberto e está", "seguem em aberto e estão")} em cobrança extrajudicial:${list(p, "formal")}`,
        "Valor total atualizado em {{ today | date }}: {{ totals.totalCents | money }}.",
        "Queremos encontrar com você uma forma de resolver. Em {{ links.payment }} você consulta as condições disponíveis para pagamento à vista ou parcelado e emite o boleto ou o PIX.",
        REMOVAL,
        "Se você já pagou ou não reconhece o débito, entre em contato conosco para verificarmos.",
        "Atenciosamente,\n{{ creditor.legalName }}",
      ),
    phone: (p) => phoneScript(p, "cobrança extrajudicial", [
      `"Estamos ligando sobre ${sua(p)} em aberto há {{ totals.maxDaysLate | days }}:"${list(p, "overdue")}`,
      `"O valor atualizado hoje é {{ totals.totalCents | money }}."`,
    ], [
      `"Temos hoje condições para pagamento à vista ou parcelado. Posso apresentar as opções?"`,
      "Apresente as condições de negociação disponíveis, da melhor para o credor à que cabe no orçamento do devedor. Se ele aceitar, emita o boleto ou o PIX durante a ligação.",
      "Informe que, após o pagamento, eventuais registros em cadastros de proteção ao crédito são retirados em até 5 (cinco) dias úteis.",
    ]),
  },
};

function phoneScript(_p: Profile, phase: string, debt: string[], proposal: string[]): string {
  return doc(
    `Roteiro de ligação — ${phase}`,
    `1. Apresentação\n"Bom dia (boa tarde). Meu nome é [seu nome] e falo em nome de ${NAME}, CNPJ {{ creditor.cnpj }}. Posso falar com {{ debtor.name }}?"`,
    "2. Confirmação de identidade\nAntes de falar do débito, confirme que está falando com o titular: peça que confirme os dígitos do meio do documento ({{ debtor.document }}).\nSe não for o titular, agradeça e encerre a ligação sem mencionar o débito nem o motivo do contato.",
    `3. Débito\n${debt.join("\n")}`,
    `4. Proposta\n${proposal.join("\n")}`,
    "5. Registro\nRegistre o resultado: contato com o titular, promessa de pagamento (data e valor), recusa, número errado ou retorno agendado.",
    "Fale com calma e cordialidade, sem elevar o tom, e ligue apenas nos horários permitidos.",
  );
}

// ---- The pack ------------------------------------------------------------------------

function buildPack(): PackTemplate[] {
  const out: PackTemplate[] = [];
  for (const p of PROFILES) {
    for (const purpose of Object.keys(TEXTS) as PackPurpose[]) {
      const channels = purpose === "lembrete" ? LEMBRETE_CHANNELS : ALL_CHANNELS;
      for (const channel of channels) {
        const build = TEXTS[purpose][channel];
        if (!build) continue;
        out.push({ key: `${p.prefix}.${purpose}.${channel}`, sector: p.sector, purpose, stage: STAGE_OF_PURPOSE[purpose], channel, content: build(p) });
      }
    }
  }
  return out;
}

/** Every template of the pack, for every sector. */
export const PACK_TEMPLATES: readonly PackTemplate[] = buildPack();

const BY_KEY = new Map(PACK_TEMPLATES.map((t) => [t.key, t]));

/** A pack template by key (`varejo.lembrete.email`), or undefined. */
export function packTemplateByKey(key: string): PackTemplate | undefined {
  return BY_KEY.get(key);
}

/** The pack templates a creditor of `creditorSector` uses. */
export function packTemplatesOf(creditorSector: string): PackTemplate[] {
  const sector = packSectorOf(creditorSector);
  return PACK_TEMPLATES.filter((t) => t.sector === sector);
}

/**
 * The pack key a step without a template uses: the creditor's sector, the step's stage and
 * channel. A friendly step whose debts are all still before their due date gets the
 * reminder ("lembrete") where the channel has one. Null for a stage without templates
 * (judicial) or a channel without messages.
 */
export function packKeyFor(creditorSector: string, stage: Stage, channel: MessageChannel, options: { beforeDue?: boolean } = {}): string | null {
  const prefix = PACK_PREFIX[packSectorOf(creditorSector)];
  const purpose = stage === "friendly" && options.beforeDue && LEMBRETE_CHANNELS.includes(channel) ? "lembrete" : PURPOSE_OF_STAGE[stage];
  if (!purpose) return null;
  const key = `${prefix}.${purpose}.${channel}`;
  return BY_KEY.has(key) ? key : null;
}
