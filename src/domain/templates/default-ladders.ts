/**
 * The default ladder of each sector, as the JSON document `regua ladder apply` accepts,
 * referring to the pack's templates by key. The rhythm follows practitioners' advice:
 * a reminder before the due date, the first message 5–7 days after it, SMS before any
 * call, calls from about 25 days, the written prior notice (CDC art. 43 §2, marked
 * `priorNotice`) at least 10 days before the credit-bureau step, then a settlement offer.
 */

import type { Channel, Stage } from "../ladder/channels.ts";
import { PACK_PREFIX, type PackSector } from "./pack.ts";

export type LadderStepDocument = { id: string; offsetDays: number; stage: Stage; channel: Channel; template?: string; priorNotice?: true };
export type LadderDocument = { id: string; name: string; steps: LadderStepDocument[] };

type StepSpec = [id: string, offsetDays: number, stage: Stage, channel: Channel, purpose: string | null, priorNotice?: true];

/** Shared tail: prior notice on day 30 (letter and e-mail), credit bureau on 45, settlement offer after. */
const FORMAL_TAIL: StepSpec[] = [
  ["notificacao-carta", 30, "formal", "letter", "notificacao", true],
  ["notificacao-email", 30, "formal", "email", "notificacao", true],
  ["negativacao", 45, "extrajudicial", "credit_bureau", null],
  ["extrajudicial-email", 50, "extrajudicial", "email", "extrajudicial"],
  ["extrajudicial-whatsapp", 52, "extrajudicial", "whatsapp", "extrajudicial"],
  ["extrajudicial-telefone", 55, "extrajudicial", "phone", "extrajudicial"],
];

const SPECS: Record<PackSector, { name: string; steps: StepSpec[] }> = {
  // Instalments of loans and financing: the reminder comes earlier, with an SMS on the eve.
  financial: {
    name: "Financeiro padrão",
    steps: [
      ["lembrete-email", -5, "friendly", "email", "lembrete"],
      ["lembrete-sms", -1, "friendly", "sms", "lembrete"],
      ["amigavel-email", 5, "friendly", "email", "amigavel"],
      ["amigavel-whatsapp", 7, "friendly", "whatsapp", "amigavel"],
      ["firme-sms", 12, "firm", "sms", "firme"],
      ["firme-email", 15, "firm", "email", "firme"],
      ["firme-telefone", 25, "firm", "phone", "firme"],
      ...FORMAL_TAIL,
    ],
  },
  // Monthly invoices: WhatsApp is the channel customers answer.
  telecom: {
    name: "Telecom padrão",
    steps: [
      ["lembrete-email", -3, "friendly", "email", "lembrete"],
      ["lembrete-whatsapp", -1, "friendly", "whatsapp", "lembrete"],
      ["amigavel-email", 5, "friendly", "email", "amigavel"],
      ["amigavel-sms", 7, "friendly", "sms", "amigavel"],
      ["firme-whatsapp", 12, "firm", "whatsapp", "firme"],
      ["firme-sms", 15, "firm", "sms", "firme"],
      ["firme-email", 18, "firm", "email", "firme"],
      ["firme-telefone", 25, "firm", "phone", "firme"],
      ...FORMAL_TAIL,
    ],
  },
  // Water, power, gas: bills arrive by post, so a letter joins the friendly stage.
  utilities: {
    name: "Serviços essenciais padrão",
    steps: [
      ["lembrete-email", -3, "friendly", "email", "lembrete"],
      ["amigavel-email", 5, "friendly", "email", "amigavel"],
      ["amigavel-carta", 7, "friendly", "letter", "amigavel"],
      ["firme-sms", 12, "firm", "sms", "firme"],
      ["firme-email", 15, "firm", "email", "firme"],
      ["firme-telefone", 25, "firm", "phone", "firme"],
      ...FORMAL_TAIL,
    ],
  },
  retail: {
    name: "Varejo padrão",
    steps: [
      ["lembrete-email", -3, "friendly", "email", "lembrete"],
      ["lembrete-whatsapp", -1, "friendly", "whatsapp", "lembrete"],
      ["amigavel-email", 5, "friendly", "email", "amigavel"],
      ["amigavel-whatsapp", 7, "friendly", "whatsapp", "amigavel"],
      ["firme-sms", 12, "firm", "sms", "firme"],
      ["firme-email", 15, "firm", "email", "firme"],
      ["firme-telefone", 25, "firm", "phone", "firme"],
      ...FORMAL_TAIL,
    ],
  },
  general: {
    name: "Padrão",
    steps: [
      ["lembrete-email", -3, "friendly", "email", "lembrete"],
      ["amigavel-email", 5, "friendly", "email", "amigavel"],
      ["amigavel-sms", 7, "friendly", "sms", "amigavel"],
      ["firme-sms", 12, "firm", "sms", "firme"],
      ["firme-email", 15, "firm", "email", "firme"],
      ["firme-telefone", 25, "firm", "phone", "firme"],
      ...FORMAL_TAIL,
    ],
  },
};

function build(sector: PackSector): LadderDocument {
  const prefix = PACK_PREFIX[sector];
  const spec = SPECS[sector];
  return {
    id: prefix,
    name: spec.name,
    steps: spec.steps.map(([id, offsetDays, stage, channel, purpose, priorNotice]) => ({
      id, offsetDays, stage, channel,
      ...(purpose ? { template: `${prefix}.${purpose}.${channel}` } : {}),
      ...(priorNotice ? { priorNotice } : {}),
    })),
  };
}

/** The default ladder document of each pack sector (ids: financeiro, telecom, utilidades, varejo, geral). */
export const DEFAULT_LADDERS: Readonly<Record<PackSector, LadderDocument>> = {
  financial: build("financial"),
  telecom: build("telecom"),
  utilities: build("utilities"),
  retail: build("retail"),
  general: build("general"),
};
