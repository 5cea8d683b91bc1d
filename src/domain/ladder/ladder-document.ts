/**
 * The ladder document ("régua de cobrança") as data: the same JSON (or YAML) for the CLI,
 * the API and the UI. Validation names the path of every problem in Portuguese
 * (`steps[2].channel: canal desconhecido "fax" …`) and returns a normalised document
 * whose JSON is canonical (fixed key order, defaults filled in).
 *
 * ```json
 * {
 *   "id": "varejo", "name": "Varejo padrão",
 *   "assign": {"segments": ["varejo"], "tags": ["loja"]},      // optional: which debtors it takes
 *   "exemptTags": ["vip"],                                      // optional: debtors never collected
 *   "priorNoticeDays": 10,                                      // optional, default 10
 *   "steps": [
 *     {"id": "d-3", "offsetDays": -3, "stage": "friendly", "channel": "email", "template": "lembrete"},
 *     {"id": "d+30", "offsetDays": 30, "stage": "formal", "channel": "letter", "priorNotice": true},
 *     {"id": "d+45", "offsetDays": 45, "stage": "extrajudicial", "channel": "credit_bureau",
 *      "conditions": {"minOpenCents": 50000, "segments": ["varejo"], "tags": ["loja"], "riskBands": ["C", "D"]}}
 *   ]
 * }
 * ```
 */

import { CHANNELS, STAGES, isChannel, isStage, type Channel, type Stage } from "./channels.ts";

/** When a step applies to a debt; every condition given must hold (segments/tags/riskBands: any of the list). */
export type StepConditions = {
  /** The debt's open balance is at least this (centavos). */
  minOpenCents?: number;
  /** The debt's open balance is at most this (centavos). */
  maxOpenCents?: number;
  /** The debtor's segment is one of these. */
  segments?: string[];
  /** The debtor has at least one of these tags. */
  tags?: string[];
  /** The debtor's risk band is one of these, without regard to case (stored bands are upper case; the list is kept as written). */
  riskBands?: string[];
};

export type LadderStep = {
  id: string;
  /** Days relative to the due date (negative = before it). */
  offsetDays: number;
  stage: Stage;
  channel: Channel;
  /** Template id; absent = the default pack's template for channel, stage and sector. */
  template?: string;
  conditions?: StepConditions;
  /** This step is the written prior notice that credit-bureau and protest steps need. */
  priorNotice?: boolean;
};

/** Which debtors a ladder takes over the default: those in one of the segments or with one of the tags. */
export type LadderAssignment = { segments?: string[]; tags?: string[] };

export type Ladder = {
  id: string;
  name: string;
  assign?: LadderAssignment;
  /** Debtors with any of these tags are exempt: every step is skipped with `exempt`. */
  exemptTags?: string[];
  /** Minimum days between a performed prior notice and a credit-bureau or protest step. */
  priorNoticeDays: number;
  steps: LadderStep[];
};

export const DEFAULT_PRIOR_NOTICE_DAYS = 10;
export const MIN_OFFSET_DAYS = -365;
export const MAX_OFFSET_DAYS = 3650;

export type LadderIssue = { field: string; reason: string };

export type LadderParse = { ok: true; ladder: Ladder; warnings: LadderIssue[] } | { ok: false; errors: LadderIssue[] };

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$/;
const LADDER_KEYS = ["id", "name", "assign", "exemptTags", "priorNoticeDays", "steps"];
const STEP_KEYS = ["id", "offsetDays", "stage", "channel", "template", "conditions", "priorNotice"];
const CONDITION_KEYS = ["minOpenCents", "maxOpenCents", "segments", "tags", "riskBands"];
const ASSIGN_KEYS = ["segments", "tags"];
/** Steps that list the debtor or the title publicly: they need a written prior notice. */
export const NOTICE_REQUIRED_CHANNELS: readonly Channel[] = ["credit_bureau", "protest"];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (typeof v === "string" ? `"${v}"` : JSON.stringify(v) ?? String(v));

/** Validates a ladder document given as data (parsed JSON or YAML). */
export function parseLadderDocument(value: unknown): LadderParse {
  const errors: LadderIssue[] = [];
  const warnings: LadderIssue[] = [];
  const err = (field: string, reason: string) => errors.push({ field, reason });
  if (!isRecord(value)) return { ok: false, errors: [{ field: "(documento)", reason: "a régua deve ser um objeto com id, name e steps" }] };

  for (const key of Object.keys(value)) {
    if (!LADDER_KEYS.includes(key)) err(key, `campo desconhecido (use ${LADDER_KEYS.join(", ")})`);
  }
  const id = value.id;
  if (typeof id !== "string" || !ID_PATTERN.test(id)) err("id", `obrigatório: letras, dígitos, "-", "_", "." ou "+", até 64 caracteres, começando por letra ou dígito (recebido ${show(id)})`);
  const name = value.name;
  if (typeof name !== "string" || name.trim() === "" || name.length > 200) err("name", `obrigatório: texto de 1 a 200 caracteres (recebido ${show(name)})`);

  let assign: LadderAssignment | undefined;
  if (value.assign !== undefined) {
    if (!isRecord(value.assign)) err("assign", "use {\"segments\": [...], \"tags\": [...]}");
    else {
      for (const key of Object.keys(value.assign)) if (!ASSIGN_KEYS.includes(key)) err(`assign.${key}`, `campo desconhecido (use ${ASSIGN_KEYS.join(", ")})`);
      const segments = stringList(value.assign.segments, "assign.segments", err);
      const tags = stringList(value.assign.tags, "assign.tags", err);
      assign = {};
      if (segments) assign.segments = segments;
      if (tags) assign.tags = tags;
      if (!segments && !tags) err("assign", "informe segments ou tags (ou retire assign)");
    }
  }
  const exemptTags = stringList(value.exemptTags, "exemptTags", err);

  let priorNoticeDays = DEFAULT_PRIOR_NOTICE_DAYS;
  if (value.priorNoticeDays !== undefined) {
    const p = value.priorNoticeDays;
    if (typeof p !== "number" || !Number.isInteger(p) || p < 0 || p > 365) err("priorNoticeDays", `use um número inteiro de dias, de 0 a 365 (recebido ${show(p)})`);
    else priorNoticeDays = p;
  }

  const steps: LadderStep[] = [];
  if (!Array.isArray(value.steps)) err("steps", "obrigatório: a lista de etapas");
  else if (value.steps.length === 0) err("steps", "a régua precisa de pelo menos uma etapa");
  else if (value.steps.length > 200) err("steps", "no máximo 200 etapas");
  else {
    const seenIds = new Map<string, number>();
    const seenDayChannel = new Map<string, number>();
    value.steps.forEach((raw: unknown, i: number) => {
      const step = parseStep(raw, `steps[${i}]`, err);
      if (!step) return;
      const dup = seenIds.get(step.id);
      if (dup !== undefined) err(`steps[${i}].id`, `etapa "${step.id}" repetida (já usada em steps[${dup}])`);
      else seenIds.set(step.id, i);
      const dayChannel = `${step.offsetDays}|${step.channel}`;
      const same = seenDayChannel.get(dayChannel);
      if (same !== undefined) err(`steps[${i}]`, `já existe uma etapa de ${step.channel} no dia ${step.offsetDays} (steps[${same}]): uma etapa por canal por dia`);
      else seenDayChannel.set(dayChannel, i);
      steps.push(step);
    });
    steps.forEach((s, i) => {
      if (!NOTICE_REQUIRED_CHANNELS.includes(s.channel)) return;
      const notice = steps.some((n) => n.priorNotice && n.offsetDays <= s.offsetDays - priorNoticeDays);
      if (!notice) {
        warnings.push({
          field: `steps[${i}]`,
          reason: `${s.channel} sem etapa de notificação prévia (priorNotice) pelo menos ${priorNoticeDays} dias antes: a execução vai pular com missing_prior_notice`,
        });
      }
    });
  }

  if (errors.length > 0) return { ok: false, errors };
  const ladder: Ladder = { id: id as string, name: (name as string).trim() } as Ladder;
  if (assign) ladder.assign = assign;
  if (exemptTags) ladder.exemptTags = exemptTags;
  ladder.priorNoticeDays = priorNoticeDays;
  ladder.steps = steps;
  return { ok: true, ladder, warnings };
}

function parseStep(raw: unknown, path: string, err: (field: string, reason: string) => void): LadderStep | null {
  if (!isRecord(raw)) {
    err(path, "cada etapa é um objeto {id, offsetDays, stage, channel, …}");
    return null;
  }
  const before = { n: 0 };
  const e = (field: string, reason: string) => {
    before.n++;
    err(field, reason);
  };
  for (const key of Object.keys(raw)) if (!STEP_KEYS.includes(key)) e(`${path}.${key}`, `campo desconhecido (use ${STEP_KEYS.join(", ")})`);
  if (typeof raw.id !== "string" || !ID_PATTERN.test(raw.id)) e(`${path}.id`, `obrigatório: letras, dígitos, "-", "_", "." ou "+", até 64 caracteres (recebido ${show(raw.id)})`);
  const offset = raw.offsetDays;
  if (typeof offset !== "number" || !Number.isInteger(offset) || offset < MIN_OFFSET_DAYS || offset > MAX_OFFSET_DAYS) {
    e(`${path}.offsetDays`, `use um número inteiro de dias em relação ao vencimento, de ${MIN_OFFSET_DAYS} a ${MAX_OFFSET_DAYS} (negativo = antes) (recebido ${show(offset)})`);
  }
  if (typeof raw.stage !== "string" || !isStage(raw.stage)) e(`${path}.stage`, `fase desconhecida ${show(raw.stage)} (use ${STAGES.join(", ")})`);
  if (typeof raw.channel !== "string" || !isChannel(raw.channel)) e(`${path}.channel`, `canal desconhecido ${show(raw.channel)} (use ${CHANNELS.join(", ")})`);
  if (raw.template !== undefined && (typeof raw.template !== "string" || !ID_PATTERN.test(raw.template))) {
    e(`${path}.template`, `use o id de um modelo (letras, dígitos, "-", "_", "." ou "+") (recebido ${show(raw.template)})`);
  }
  if (raw.priorNotice !== undefined && typeof raw.priorNotice !== "boolean") e(`${path}.priorNotice`, `use true ou false (recebido ${show(raw.priorNotice)})`);
  let conditions: StepConditions | undefined;
  if (raw.conditions !== undefined) {
    if (!isRecord(raw.conditions)) e(`${path}.conditions`, `use {${CONDITION_KEYS.join(", ")}}`);
    else conditions = parseConditions(raw.conditions, `${path}.conditions`, e);
  }
  if (before.n > 0) return null;
  const step: LadderStep = { id: raw.id as string, offsetDays: offset as number, stage: raw.stage as Stage, channel: raw.channel as Channel };
  if (raw.template !== undefined) step.template = raw.template as string;
  if (conditions && Object.keys(conditions).length > 0) step.conditions = conditions;
  if (raw.priorNotice === true) step.priorNotice = true;
  return step;
}

function parseConditions(raw: Record<string, unknown>, path: string, err: (field: string, reason: string) => void): StepConditions {
  const out: StepConditions = {};
  for (const key of Object.keys(raw)) if (!CONDITION_KEYS.includes(key)) err(`${path}.${key}`, `condição desconhecida (use ${CONDITION_KEYS.join(", ")})`);
  for (const key of ["minOpenCents", "maxOpenCents"] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) err(`${path}.${key}`, `use um valor inteiro em centavos, 0 ou mais (R$ 500,00 = 50000) (recebido ${show(v)})`);
    else out[key] = v;
  }
  if (out.minOpenCents !== undefined && out.maxOpenCents !== undefined && out.minOpenCents > out.maxOpenCents) {
    err(`${path}.maxOpenCents`, "deve ser maior ou igual a minOpenCents");
  }
  for (const key of ["segments", "tags", "riskBands"] as const) {
    const list = stringList(raw[key], `${path}.${key}`, err);
    if (list) out[key] = list;
  }
  return out;
}

function stringList(v: unknown, field: string, err: (field: string, reason: string) => void): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || v.length > 100 || v.some((s) => typeof s !== "string" || s.trim() === "" || s.length > 100)) {
    err(field, `use uma lista de 1 a 100 textos não vazios (recebido ${show(v)})`);
    return undefined;
  }
  return [...new Set((v as string[]).map((s) => s.trim()))];
}

/** Orders steps from the mildest to the most advanced: by day, then stage, then position in the ladder. */
export function compareSteps(a: { step: LadderStep; index: number }, b: { step: LadderStep; index: number }): number {
  return a.step.offsetDays - b.step.offsetDays || STAGES.indexOf(a.step.stage) - STAGES.indexOf(b.step.stage) || a.index - b.index;
}

/** The steps in ladder order: by day, then stage, then position in the document. */
export function orderedSteps(ladder: Ladder): { step: LadderStep; index: number }[] {
  return ladder.steps.map((step, index) => ({ step, index })).sort(compareSteps);
}

/** Every message is one of these; the rest are measures (listing, protest, lawsuit). */
export const MESSAGE_CHANNELS: readonly Channel[] = ["email", "sms", "whatsapp", "letter", "phone"];

/** Formal measures a manager approves before anything happens. */
export const APPROVAL_CHANNELS: readonly Channel[] = ["credit_bureau", "protest", "legal"];

/** Portuguese names of the channels, for people. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  email: "e-mail",
  sms: "SMS",
  whatsapp: "WhatsApp",
  letter: "carta",
  phone: "telefone",
  credit_bureau: "negativação",
  protest: "protesto",
  legal: "cobrança judicial",
};

export const STAGE_LABELS: Record<Stage, string> = {
  friendly: "amigável",
  firm: "firme",
  formal: "notificação",
  extrajudicial: "extrajudicial",
  judicial: "judicial",
};
