// The ladder editor's state and its translation to the server's ladder document (the same
// JSON the CLI applies), and back: the server validates, the editor only shapes and maps
// each error path (`steps[1].offsetDays`) to the field beside which it is shown.

export const STAGES = ["friendly", "firm", "formal", "extrajudicial", "judicial"] as const;
export type Stage = (typeof STAGES)[number];

export const CHANNELS = ["email", "sms", "whatsapp", "letter", "phone", "credit_bureau", "protest", "legal"] as const;
export type Channel = (typeof CHANNELS)[number];

/** Channels that have a message template (the others are measures: listing, protest, lawsuit). */
export const MESSAGE_CHANNELS: readonly Channel[] = ["email", "sms", "whatsapp", "letter", "phone"];

export type StepConditions = { minOpenCents?: number; maxOpenCents?: number; segments?: string[]; tags?: string[]; riskBands?: string[] };

/** A step of a ladder document, as the server stores it. */
export type LadderStep = {
  id: string;
  offsetDays: number;
  stage: Stage;
  channel: Channel;
  template?: string;
  conditions?: StepConditions;
  priorNotice?: boolean;
};

export type LadderDocument = {
  id: string;
  name: string;
  assign?: { segments?: string[]; tags?: string[] };
  exemptTags?: string[];
  priorNoticeDays: number;
  steps: LadderStep[];
};

export type StepForm = {
  /** Local identity of the row (stable across edits and reorders). */
  key: string;
  id: string;
  /** True while the id follows the day ("d+5"); typing an id stops that. */
  idAuto: boolean;
  offsetDays: string;
  stage: Stage;
  channel: Channel;
  /** "" = the pack's template for the channel, stage and sector. */
  template: string;
  priorNotice: boolean;
  /** Reais as typed ("1.500,00"); "" = no bound. */
  minOpen: string;
  maxOpen: string;
  segments: string[];
  tags: string[];
  riskBands: string[];
};

export type LadderForm = {
  id: string;
  name: string;
  priorNoticeDays: string;
  makeDefault: boolean;
  assignSegments: string[];
  assignTags: string[];
  exemptTags: string[];
  steps: StepForm[];
};

export type Issue = { field: string; reason: string };

let keySeed = 0;
/** A fresh local row key. */
export function newStepKey(): string {
  keySeed += 1;
  return `s${keySeed}`;
}

/** "d+5", "d-3", "d0": the id a step gets from its day. */
export function stepIdFor(offsetDays: number): string {
  return offsetDays === 0 ? "d0" : offsetDays > 0 ? `d+${offsetDays}` : `d${offsetDays}`;
}

/** The day of a step as a whole number, or null while it is not one. */
export function parseOffset(text: string): number | null {
  const trimmed = text.trim().replace(/^\+/, "");
  return /^-?\d{1,5}$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * Reais as typed in Brazil ("1.500,50", "1500,5", "1500") or in English ("1,500.50") to
 * centavos; null when it is not an amount.
 */
export function parseReais(text: string): number | null {
  const raw = text.trim().replace(/^R\$\s*/i, "");
  if (raw === "") return null;
  let normalised: string;
  if (/^\d{1,3}(\.\d{3})*(,\d{1,2})?$/.test(raw) || /^\d+(,\d{1,2})?$/.test(raw)) normalised = raw.replace(/\./g, "").replace(",", ".");
  else if (/^\d{1,3}(,\d{3})*(\.\d{1,2})?$/.test(raw) || /^\d+(\.\d{1,2})?$/.test(raw)) normalised = raw.replace(/,/g, "");
  else return null;
  const value = Math.round(Number(normalised) * 100);
  return Number.isSafeInteger(value) ? value : null;
}

/** Centavos as the editor shows them: 150000 → "1.500,00". */
export function formatReais(cents: number): string {
  const reais = Math.floor(cents / 100);
  const rest = String(cents % 100).padStart(2, "0");
  return `${String(reais).replace(/\B(?=(\d{3})+(?!\d))/g, ".")},${rest}`;
}

/** A step for a new row: the day after the last one, a channel not used that day yet. */
export function newStep(existing: readonly StepForm[]): StepForm {
  const days = existing.map((s) => parseOffset(s.offsetDays)).filter((d): d is number => d !== null);
  const offset = days.length ? Math.max(...days) + 5 : 1;
  const taken = new Set(existing.map((s) => s.id));
  let id = stepIdFor(offset);
  for (let n = 2; taken.has(id); n++) id = `${stepIdFor(offset)}-${n}`;
  const last = existing[existing.length - 1];
  return {
    key: newStepKey(), id, idAuto: true, offsetDays: String(offset), stage: last?.stage ?? "friendly", channel: "email", template: "", priorNotice: false,
    minOpen: "", maxOpen: "", segments: [], tags: [], riskBands: [],
  };
}

export function emptyLadderForm(): LadderForm {
  return { id: "", name: "", priorNoticeDays: "10", makeDefault: false, assignSegments: [], assignTags: [], exemptTags: [], steps: [newStep([])] };
}

/** A stored document in the editor. */
export function formOf(document: LadderDocument): LadderForm {
  return {
    id: document.id,
    name: document.name,
    priorNoticeDays: String(document.priorNoticeDays),
    makeDefault: false,
    assignSegments: document.assign?.segments ?? [],
    assignTags: document.assign?.tags ?? [],
    exemptTags: document.exemptTags ?? [],
    steps: document.steps.map((s) => ({
      key: newStepKey(),
      id: s.id,
      idAuto: s.id === stepIdFor(s.offsetDays),
      offsetDays: String(s.offsetDays),
      stage: s.stage,
      channel: s.channel,
      template: s.template ?? "",
      priorNotice: s.priorNotice === true,
      minOpen: s.conditions?.minOpenCents !== undefined ? formatReais(s.conditions.minOpenCents) : "",
      maxOpen: s.conditions?.maxOpenCents !== undefined ? formatReais(s.conditions.maxOpenCents) : "",
      segments: s.conditions?.segments ?? [],
      tags: s.conditions?.tags ?? [],
      riskBands: s.conditions?.riskBands ?? [],
    })),
  };
}

// What the person typed goes to the server as typed when it is not a number, so the
// server's error quotes it ("recebido "dez"").
const numberOrRaw = (text: string, parse: (t: string) => number | null): number | string => parse(text) ?? text.trim();

/** The document the server validates and stores, steps in the editor's order. */
export function documentOf(form: LadderForm): Record<string, unknown> {
  const doc: Record<string, unknown> = { id: form.id.trim(), name: form.name.trim() };
  if (form.assignSegments.length || form.assignTags.length) {
    const assign: Record<string, string[]> = {};
    if (form.assignSegments.length) assign.segments = form.assignSegments;
    if (form.assignTags.length) assign.tags = form.assignTags;
    doc.assign = assign;
  }
  if (form.exemptTags.length) doc.exemptTags = form.exemptTags;
  if (form.priorNoticeDays.trim() !== "") doc.priorNoticeDays = numberOrRaw(form.priorNoticeDays, parseOffset);
  doc.steps = form.steps.map((s) => {
    const step: Record<string, unknown> = { id: s.id.trim(), offsetDays: numberOrRaw(s.offsetDays, parseOffset), stage: s.stage, channel: s.channel };
    if (s.template && MESSAGE_CHANNELS.includes(s.channel)) step.template = s.template;
    const conditions: Record<string, unknown> = {};
    if (s.minOpen.trim()) conditions.minOpenCents = numberOrRaw(s.minOpen, parseReais);
    if (s.maxOpen.trim()) conditions.maxOpenCents = numberOrRaw(s.maxOpen, parseReais);
    if (s.segments.length) conditions.segments = s.segments;
    if (s.tags.length) conditions.tags = s.tags;
    if (s.riskBands.length) conditions.riskBands = s.riskBands;
    if (Object.keys(conditions).length) step.conditions = conditions;
    if (s.priorNotice) step.priorNotice = true;
    return step;
  });
  return doc;
}

/** Where an issue belongs: a field of the ladder, or a step (by row key) and optionally one of its fields. */
export type PlacedIssue = { scope: "ladder"; field: string; reason: string } | { scope: "step"; stepKey: string; field: string | null; reason: string };

const STEP_PATH = /^steps\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?$/;

/**
 * Places the server's issues: `steps[2].offsetDays` → the row at index 2, field offsetDays;
 * `steps[2].conditions.minOpenCents` → its minOpen box; `steps[2]` → the row itself.
 */
export function placeIssues(issues: readonly Issue[], steps: readonly StepForm[]): PlacedIssue[] {
  return issues.map((issue) => {
    const match = STEP_PATH.exec(issue.field);
    const step = match ? steps[Number(match[1])] : undefined;
    if (!match || !step) return { scope: "ladder", field: issue.field.split(".")[0]!.replace(/\[.*$/, ""), reason: issue.reason };
    const field = match[2] === "conditions" ? CONDITION_FIELD[match[3] ?? ""] ?? "conditions" : (match[2] ?? null);
    return { scope: "step", stepKey: step.key, field, reason: issue.reason };
  });
}

const CONDITION_FIELD: Record<string, string> = { minOpenCents: "minOpen", maxOpenCents: "maxOpen", segments: "segments", tags: "tags", riskBands: "riskBands" };

/** The issues of one step, by field ("" = the step as a whole). */
export function stepIssues(placed: readonly PlacedIssue[], stepKey: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of placed) {
    if (p.scope !== "step" || p.stepKey !== stepKey) continue;
    const field = p.field ?? "";
    (out[field] ??= []).push(p.reason);
  }
  return out;
}

/** The issues of the ladder's own fields, by field. */
export function ladderIssues(placed: readonly PlacedIssue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of placed) if (p.scope === "ladder") (out[p.field] ??= []).push(p.reason);
  return out;
}

/** Steps by day, stable: the order the ladder acts in (the server orders by day, then stage). */
export function sortByOffset(steps: readonly StepForm[]): StepForm[] {
  return steps
    .map((step, index) => ({ step, index, day: parseOffset(step.offsetDays) }))
    .sort((a, b) => (a.day ?? Number.POSITIVE_INFINITY) - (b.day ?? Number.POSITIVE_INFINITY) || STAGES.indexOf(a.step.stage) - STAGES.indexOf(b.step.stage) || a.index - b.index)
    .map((x) => x.step);
}

/** Changes a step's day, keeping an automatic id in step with it. */
export function withOffset(step: StepForm, text: string): StepForm {
  const day = parseOffset(text);
  return { ...step, offsetDays: text, id: step.idAuto && day !== null ? stepIdFor(day) : step.id };
}

export type TimelineScale = { from: number; to: number; ticks: number[] };

/**
 * The days the timeline shows: from a little before the first step (at least D−5) to a
 * little after the last (at least D+30), with ticks at round numbers of days.
 */
export function timelineScale(offsets: readonly number[]): TimelineScale {
  const min = Math.min(-5, ...offsets);
  const max = Math.max(30, ...offsets);
  const span = max - min;
  const step = span <= 40 ? 5 : span <= 90 ? 10 : span <= 200 ? 30 : span <= 800 ? 90 : 365;
  const from = Math.floor((min - span * 0.04) / step) * step;
  const to = Math.ceil((max + span * 0.04) / step) * step;
  const ticks: number[] = [];
  for (let d = from; d <= to; d += step) ticks.push(d);
  if (!ticks.includes(0)) ticks.push(0);
  ticks.sort((a, b) => a - b);
  return { from, to, ticks };
}

/** Where a day sits on the timeline, 0–100 %. */
export function positionOf(day: number, scale: TimelineScale): number {
  if (scale.to === scale.from) return 50;
  return ((day - scale.from) / (scale.to - scale.from)) * 100;
}

/** "D−3", "D", "D+15" (with a real minus sign). */
export function dayLabel(day: number): string {
  return day === 0 ? "D" : day > 0 ? `D+${day}` : `D\u2212${-day}`;
}
