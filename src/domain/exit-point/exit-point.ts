/**
 * The exit point ("ponto de saída"): a ladder step is not worth taking when what it costs
 * is more than what it can be expected to bring back. The expected recovery of a debt is
 * its open balance × the recovery rate of its aging bucket (see recovery-rates.ts for how
 * the rate is learned); the cost is the creditor's cost of one action on the step's
 * channel. `cost > expected` → the step is skipped with `below_exit_point`; equal is still
 * worth it.
 *
 * Pure: balances, days late, costs and rates come in as arguments.
 */

import { formatCents } from "../br/money.ts";
import type { Channel, Stage } from "../ladder/channels.ts";

/** What an action costs the creditor, per kind of action (one more than channels: a letter may go registered). */
export const COST_KEYS = ["email", "sms", "whatsapp", "letter", "registered_letter", "phone", "credit_bureau", "protest", "legal"] as const;
export type CostKey = (typeof COST_KEYS)[number];
export type ChannelCosts = Record<CostKey, number>;

/**
 * Default cost of one action, in centavos: Brazilian market prices of 2025 for a creditor
 * or agency sending in volume (documented so a manager can tell what to change):
 * - email 1 (R$ 0,01): an e-mail service provider charges R$ 0,002–0,02 per message;
 * - sms 9 (R$ 0,09): transactional SMS through a Brazilian aggregator, R$ 0,06–0,12;
 * - whatsapp 8 (R$ 0,08): Meta's "utility" template price for Brazil (≈ US$ 0,008) plus the
 *   provider's (BSP) fee; a "marketing" template costs about four times more;
 * - letter 350 (R$ 3,50): Correios "carta comercial" up to 20 g (≈ R$ 2,50) plus printing and envelope;
 * - registered_letter 1400 (R$ 14,00): registered letter with AR (aviso de recebimento) plus printing;
 * - phone 300 (R$ 3,00): about 4 minutes of a collector's loaded time (≈ R$ 35/hour) plus telephony;
 * - credit_bureau 600 (R$ 6,00): one listing at Serasa/SPC/Boa Vista, its notice letter to the debtor included;
 * - protest 1500 (R$ 15,00): sending and following a title at the notary (CRA); in most states the
 *   notary's fees are deferred and paid by the debtor, but fall on the creditor if it withdraws;
 * - legal 150000 (R$ 1.500,00): initial court fees and the lawyer's filing of a small collection suit.
 */
export const DEFAULT_COSTS: Readonly<ChannelCosts> = Object.freeze({
  email: 1,
  sms: 9,
  whatsapp: 8,
  letter: 350,
  registered_letter: 1400,
  phone: 300,
  credit_bureau: 600,
  protest: 1500,
  legal: 150000,
});

export const COST_LABELS: Record<CostKey, string> = {
  email: "e-mail",
  sms: "SMS",
  whatsapp: "WhatsApp",
  letter: "carta simples",
  registered_letter: "carta registrada (AR)",
  phone: "ligação",
  credit_bureau: "negativação",
  protest: "protesto",
  legal: "ação judicial",
};

export function isCostKey(s: string): s is CostKey {
  return (COST_KEYS as readonly string[]).includes(s);
}

const REGISTERED_STAGES: ReadonlySet<Stage> = new Set<Stage>(["formal", "extrajudicial", "judicial"]);

/**
 * What kind of action a step is, for its cost: its channel, except a letter at the formal
 * stage or later, which goes registered with AR (a formal notice must be provable).
 */
export function costKeyOf(step: { channel: Channel; stage: Stage }): CostKey {
  if (step.channel === "letter" && REGISTERED_STAGES.has(step.stage)) return "registered_letter";
  return step.channel;
}

// ---- Aging buckets ------------------------------------------------------------------

/**
 * Aging buckets (faixas de atraso) of the exit point: the negotiation policy's default
 * buckets, plus "current" for steps taken before or on the due date.
 */
export const BUCKET_KEYS = ["current", "1-30", "31-90", "91-180", "181-360", "361+"] as const;
export type BucketKey = (typeof BUCKET_KEYS)[number];
export type AgingBucket = { key: BucketKey; fromDays: number | null; toDays: number | null };

export const BUCKETS: readonly AgingBucket[] = Object.freeze([
  { key: "current", fromDays: null, toDays: 0 },
  { key: "1-30", fromDays: 1, toDays: 30 },
  { key: "31-90", fromDays: 31, toDays: 90 },
  { key: "91-180", fromDays: 91, toDays: 180 },
  { key: "181-360", fromDays: 181, toDays: 360 },
  { key: "361+", fromDays: 361, toDays: null },
]);

export function isBucketKey(s: string): s is BucketKey {
  return (BUCKET_KEYS as readonly string[]).includes(s);
}

/** The bucket of a debt `daysLate` days late (0 or less: "current"). */
export function bucketOf(daysLate: number): AgingBucket {
  if (daysLate <= 0) return BUCKETS[0]!;
  if (daysLate <= 30) return BUCKETS[1]!;
  if (daysLate <= 90) return BUCKETS[2]!;
  if (daysLate <= 180) return BUCKETS[3]!;
  if (daysLate <= 360) return BUCKETS[4]!;
  return BUCKETS[5]!;
}

/** "a vencer", "1–30 dias de atraso", "361+ dias de atraso". */
export function bucketLabel(key: BucketKey): string {
  if (key === "current") return "a vencer";
  return `${key.replace("-", "–")} dias de atraso`;
}

/** Recovery rate per bucket, in basis points (10000 = 100 %). */
export type RecoveryRates = Record<BucketKey, number>;

/**
 * Default recovery rates: the share of the open balance recovered within 30 days of a debt
 * entering the bucket, typical of Brazilian consumer portfolios (retail, telecom, utilities):
 * most late payers pay in the first month, and the curve falls steeply with age.
 * Used alone while the creditor has no history, and blended with what it has (recovery-rates.ts).
 */
export const DEFAULT_RECOVERY_RATES: Readonly<RecoveryRates> = Object.freeze({
  current: 9000,
  "1-30": 5000,
  "31-90": 2500,
  "91-180": 1200,
  "181-360": 600,
  "361+": 200,
});

/** "12,5 %" (one decimal, Brazilian comma). */
export function formatRateBp(bp: number): string {
  const tenths = Math.round(bp / 10);
  return `${Math.floor(tenths / 10)},${tenths % 10} %`;
}

// ---- The decision ---------------------------------------------------------------------

/** What the run needs to apply the exit point: the cost of each kind of action and the rate of each bucket. */
export type ExitPointPolicy = { costs: ChannelCosts; rates: RecoveryRates };

/** ⌊openCents × rateBp / 10000⌋, exact for any balance a bigint column holds in a safe integer. */
export function expectedRecoveryCents(openCents: number, rateBp: number): number {
  if (openCents <= 0 || rateBp <= 0) return 0;
  const whole = Math.floor(openCents / 10000);
  const rest = openCents - whole * 10000;
  return whole * rateBp + Math.floor((rest * rateBp) / 10000);
}

export type ExitPointCheck = {
  /** True when the step costs more than it is expected to recover. */
  below: boolean;
  costKey: CostKey;
  costCents: number;
  bucket: BucketKey;
  rateBp: number;
  openCents: number;
  expectedCents: number;
};

/** Whether one step is worth taking for one debt `daysLate` days late with `openCents` open. */
export function checkExitPoint(policy: ExitPointPolicy, step: { channel: Channel; stage: Stage }, openCents: number, daysLate: number): ExitPointCheck {
  const costKey = costKeyOf(step);
  const costCents = policy.costs[costKey];
  const bucket = bucketOf(daysLate).key;
  const rateBp = policy.rates[bucket];
  const expectedCents = expectedRecoveryCents(openCents, rateBp);
  return { below: costCents > expectedCents, costKey, costCents, bucket, rateBp, openCents, expectedCents };
}

/** The reason in plain Portuguese, as `explain` shows it. */
export function exitPointWhy(c: ExitPointCheck): string {
  return (
    `abaixo do ponto de saída: ${COST_LABELS[c.costKey]} custa ${formatCents(c.costCents)} e a recuperação esperada é ${formatCents(c.expectedCents)} ` +
    `(saldo ${formatCents(c.openCents)} × ${formatRateBp(c.rateBp)} de recuperação na faixa ${bucketLabel(c.bucket)}); título indicado para baixa ou venda`
  );
}
