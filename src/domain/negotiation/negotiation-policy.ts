/**
 * A creditor's negotiation policy ("política de negociação") as data: what a collector,
 * the API or the debtor's self-service page may offer, by aging bucket (faixa de atraso).
 * The same JSON for the CLI, the API and the UI; validation names the path of every
 * problem in Portuguese (`buckets[2].single.chargesPercent: …`) and returns a normalised
 * policy (defaults filled in, fixed key order).
 *
 * ```json
 * {
 *   "buckets": [
 *     {"fromDays": 1, "toDays": 30,
 *      "single": {"chargesPercent": 50, "principalPercent": 0},        // max discount, à vista
 *      "instalments": {"chargesPercent": 0, "principalPercent": 0},    // max discount, parcelado
 *      "maxInstalments": 3, "minInstalmentCents": 5000,
 *      "minDownPaymentPercent": 20, "minDownPaymentCents": 5000,
 *      "interestMonthlyPercent": 1.99, "firstDueDays": 5},
 *     …,
 *     {"fromDays": 361, "toDays": null, …}
 *   ],
 *   "affordabilityPercent": 30, "minimumExistentialCents": 60000,
 *   "breakAfterDays": 10, "promiseMaxDays": 30, "ladderId": null
 * }
 * ```
 *
 * Top-level fields may be left out (the default below is used; without `buckets`, the
 * default buckets); a bucket given must have all its fields. Unknown fields are refused.
 *
 * The defaults, as a Brazilian collection manager would set them: the older the debt, the
 * less the creditor can expect to recover and the more it gives up to get paid —
 *
 * | faixa (dias) | à vista: encargos / principal | parcelado: encargos / principal | máx. pagamentos | parcela mín. | entrada mín. | juros a.m. (Price) | 1º venc. em até |
 * |---|---|---|---|---|---|---|---|
 * | 1–30    | 50 % / 0 %   | 0 % / 0 %    | 3  | R$ 50,00 | 20 % | 1,99 % | 5 dias  |
 * | 31–90   | 80 % / 0 %   | 30 % / 0 %   | 6  | R$ 50,00 | 15 % | 1,99 % | 7 dias  |
 * | 91–180  | 100 % / 10 % | 50 % / 0 %   | 10 | R$ 50,00 | 10 % | 1,49 % | 10 dias |
 * | 181–360 | 100 % / 30 % | 80 % / 10 %  | 12 | R$ 40,00 | 10 % | 0,99 % | 10 dias |
 * | 361+    | 100 % / 50 % | 100 % / 20 % | 24 | R$ 30,00 | 5 %  | 0 %    | 15 dias |
 *
 * (the minimum down payment in centavos is the minimum instalment), and for every bucket:
 * instalments at most 30 % of a declared monthly income, never leaving less than the
 * "mínimo existencial" of R$ 600,00 (Lei 14.181/2021, Decreto 11.150/2022 as amended by
 * Decreto 11.567/2023); an agreement breaks when an instalment is unpaid 10 days after its
 * due date; a promise to pay is at most 30 days ahead.
 *
 * Rules checked on every bucket so that the options generator can keep its promises: the
 * buckets start at 1 day, follow each other without gaps, and the last one is open
 * (`toDays: null`); the discounts of instalment plans are never above those of the single
 * payment, so paying at once is always the cheapest; the principal discount stays below 100 %.
 */

/** Maximum discounts, in percent (0–100, at most 2 decimals). "charges" = fine + interest + correction. */
export type DiscountLimits = { chargesPercent: number; principalPercent: number };

/** What may be offered to debts of one aging bucket. */
export type PolicyBucket = {
  /** First day late of the bucket (inclusive). */
  fromDays: number;
  /** Last day late (inclusive); null = no end (only the last bucket). */
  toDays: number | null;
  /** Maximum discounts for a single payment (à vista). */
  single: DiscountLimits;
  /** Maximum discounts for an instalment plan (never above `single`). */
  instalments: DiscountLimits;
  /** Most payments in a plan, the down payment included (1 = single payment only). */
  maxInstalments: number;
  /** Smallest payment of a plan (down payment included), in centavos. */
  minInstalmentCents: number;
  /** Smallest down payment, as a percentage of what is owed after the discount. */
  minDownPaymentPercent: number;
  /** Smallest down payment, in centavos (the larger of the two minimums applies). */
  minDownPaymentCents: number;
  /** Interest on the financed balance, % a month, by the price table (Tabela Price). */
  interestMonthlyPercent: number;
  /** Latest first due date, in calendar days from the negotiation day. */
  firstDueDays: number;
};

export type NegotiationPolicy = {
  buckets: PolicyBucket[];
  /** Share of the debtor's declared monthly income an instalment may take (Lei 14.181/2021). */
  affordabilityPercent: number;
  /** Income an instalment must always leave to the debtor ("mínimo existencial"), in centavos. */
  minimumExistentialCents: number;
  /** An agreement breaks when an instalment is still unpaid this many days after its due date. */
  breakAfterDays: number;
  /** How far ahead a promise to pay may be dated, in days. */
  promiseMaxDays: number;
  /** The ladder the agreements' instalments follow (reminders before and after each due date); null = the creditor's assignment rules. */
  ladderId: string | null;
};

export type PolicyIssue = { field: string; reason: string };

export type PolicyParse = { ok: true; policy: NegotiationPolicy } | { ok: false; errors: PolicyIssue[] };

const bucket = (
  fromDays: number, toDays: number | null, single: [number, number], instalments: [number, number],
  maxInstalments: number, minInstalmentCents: number, minDownPaymentPercent: number, interestMonthlyPercent: number, firstDueDays: number,
): PolicyBucket => ({
  fromDays, toDays,
  single: { chargesPercent: single[0], principalPercent: single[1] },
  instalments: { chargesPercent: instalments[0], principalPercent: instalments[1] },
  maxInstalments, minInstalmentCents, minDownPaymentPercent, minDownPaymentCents: minInstalmentCents, interestMonthlyPercent, firstDueDays,
});

/** The policy of a creditor that never set one (see the table in the file comment). */
export const DEFAULT_NEGOTIATION_POLICY: NegotiationPolicy = Object.freeze({
  buckets: [
    bucket(1, 30, [50, 0], [0, 0], 3, 5000, 20, 1.99, 5),
    bucket(31, 90, [80, 0], [30, 0], 6, 5000, 15, 1.99, 7),
    bucket(91, 180, [100, 10], [50, 0], 10, 5000, 10, 1.49, 10),
    bucket(181, 360, [100, 30], [80, 10], 12, 4000, 10, 0.99, 10),
    bucket(361, null, [100, 50], [100, 20], 24, 3000, 5, 0, 15),
  ],
  affordabilityPercent: 30,
  minimumExistentialCents: 60000,
  breakAfterDays: 10,
  promiseMaxDays: 30,
  ladderId: null,
}) as NegotiationPolicy;

export const MAX_POLICY_INSTALMENTS = 120;
export const MAX_POLICY_INTEREST_PERCENT = 10;
export const MAX_FIRST_DUE_DAYS = 60;
const MAX_BUCKETS = 20;
const MAX_DAYS = 100_000;
const MAX_CENTS = 100_000_000_000;

const POLICY_KEYS = ["buckets", "affordabilityPercent", "minimumExistentialCents", "breakAfterDays", "promiseMaxDays", "ladderId"];
const BUCKET_KEYS = ["fromDays", "toDays", "single", "instalments", "maxInstalments", "minInstalmentCents", "minDownPaymentPercent", "minDownPaymentCents", "interestMonthlyPercent", "firstDueDays"];
const LIMIT_KEYS = ["chargesPercent", "principalPercent"];
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (typeof v === "string" ? `"${v}"` : (JSON.stringify(v) ?? String(v)));
/** "(recebido 12)", or "(campo ausente)". */
const got = (v: unknown): string => (v === undefined ? "(campo ausente)" : `(recebido ${show(v)})`);

/** Percent → basis points (1,99 % → 199). */
export function percentToBp(percent: number): number {
  return Math.round(percent * 100);
}

/** A number with at most 2 decimals, in [min, max]. */
function isPercent(v: unknown, min: number, max: number): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= min && v <= max && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;
}

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}

/** "1–30", "361+": how people name a bucket. */
export function bucketLabel(b: Pick<PolicyBucket, "fromDays" | "toDays">): string {
  return b.toDays === null ? `${b.fromDays}+` : `${b.fromDays}–${b.toDays}`;
}

/** The bucket of a debt `daysLate` days late, or null when it is not late (0) or no bucket takes it. */
export function bucketFor(policy: NegotiationPolicy, daysLate: number): PolicyBucket | null {
  if (daysLate < 1) return null;
  return policy.buckets.find((b) => daysLate >= b.fromDays && (b.toDays === null || daysLate <= b.toDays)) ?? null;
}

/** Validates a negotiation policy given as data (parsed JSON); absent fields take the defaults. */
export function parseNegotiationPolicy(value: unknown): PolicyParse {
  const errors: PolicyIssue[] = [];
  const err = (field: string, reason: string) => errors.push({ field, reason });
  if (!isRecord(value)) return { ok: false, errors: [{ field: "(documento)", reason: "a política deve ser um objeto JSON com buckets e os demais campos" }] };
  for (const key of Object.keys(value)) if (!POLICY_KEYS.includes(key)) err(key, `campo desconhecido (use ${POLICY_KEYS.join(", ")})`);
  const d = DEFAULT_NEGOTIATION_POLICY;

  const pick = <T>(key: string, fallback: T, check: (v: unknown) => v is T, reason: string): T => {
    const v = value[key];
    if (v === undefined) return fallback;
    if (!check(v)) {
      err(key, `${reason} ${got(v)}`);
      return fallback;
    }
    return v;
  };
  const affordabilityPercent = pick("affordabilityPercent", d.affordabilityPercent, (v): v is number => isPercent(v, 1, 100), "use um percentual da renda mensal de 1 a 100, com até 2 casas decimais");
  const minimumExistentialCents = pick("minimumExistentialCents", d.minimumExistentialCents, (v): v is number => isInt(v, 0, MAX_CENTS), "use um valor inteiro em centavos, zero ou mais");
  const breakAfterDays = pick("breakAfterDays", d.breakAfterDays, (v): v is number => isInt(v, 1, 90), "use um número inteiro de dias, de 1 a 90");
  const promiseMaxDays = pick("promiseMaxDays", d.promiseMaxDays, (v): v is number => isInt(v, 1, 90), "use um número inteiro de dias, de 1 a 90");
  const ladderId = pick("ladderId", d.ladderId, (v): v is string | null => v === null || (typeof v === "string" && ID_PATTERN.test(v)), "use o id de uma régua ou null");

  let buckets: PolicyBucket[] = d.buckets.map((b) => structuredClone(b));
  if (value.buckets !== undefined) {
    if (!Array.isArray(value.buckets)) err("buckets", "use a lista de faixas de atraso");
    else if (value.buckets.length === 0) err("buckets", "a política precisa de pelo menos uma faixa de atraso");
    else if (value.buckets.length > MAX_BUCKETS) err("buckets", `no máximo ${MAX_BUCKETS} faixas`);
    else {
      const parsed = value.buckets.map((raw: unknown, i: number) => parseBucket(raw, `buckets[${i}]`, err));
      if (parsed.every((b): b is PolicyBucket => b !== null)) {
        checkCoverage(parsed, err);
        buckets = parsed;
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, policy: { buckets, affordabilityPercent, minimumExistentialCents, breakAfterDays, promiseMaxDays, ladderId } };
}

/** The buckets start at day 1, follow each other and the last one has no end. */
function checkCoverage(buckets: PolicyBucket[], err: (field: string, reason: string) => void): void {
  buckets.forEach((b, i) => {
    const path = `buckets[${i}]`;
    if (i === 0 && b.fromDays !== 1) err(`${path}.fromDays`, `a primeira faixa começa no dia 1 de atraso (recebido ${b.fromDays})`);
    if (i > 0) {
      const prev = buckets[i - 1]!;
      if (prev.toDays !== null && b.fromDays !== prev.toDays + 1) err(`${path}.fromDays`, `deve ser ${prev.toDays + 1}, o dia seguinte ao fim da faixa anterior (recebido ${b.fromDays})`);
    }
    const last = i === buckets.length - 1;
    if (!last && b.toDays === null) err(`${path}.toDays`, "só a última faixa pode ficar sem fim (null)");
    if (last && b.toDays !== null) err(`${path}.toDays`, `a última faixa não tem fim: use null, para que todo título em atraso tenha uma faixa (recebido ${b.toDays})`);
  });
}

function parseLimits(raw: unknown, path: string, err: (field: string, reason: string) => void): DiscountLimits | null {
  if (!isRecord(raw)) {
    err(path, `use {"chargesPercent": …, "principalPercent": …} ${got(raw)}`);
    return null;
  }
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (!LIMIT_KEYS.includes(key)) {
      err(`${path}.${key}`, `campo desconhecido (use ${LIMIT_KEYS.join(", ")})`);
      ok = false;
    }
  }
  const charges = raw.chargesPercent;
  if (!isPercent(charges, 0, 100)) {
    err(`${path}.chargesPercent`, `desconto máximo sobre multa, juros e correção: use um percentual de 0 a 100, com até 2 casas decimais ${got(charges)}`);
    ok = false;
  }
  const principal = raw.principalPercent;
  if (!isPercent(principal, 0, 99.99)) {
    err(`${path}.principalPercent`, `desconto máximo sobre o principal: use um percentual de 0 a 99,99, com até 2 casas decimais ${got(principal)}`);
    ok = false;
  }
  return ok ? { chargesPercent: charges as number, principalPercent: principal as number } : null;
}

function parseBucket(raw: unknown, path: string, err: (field: string, reason: string) => void): PolicyBucket | null {
  if (!isRecord(raw)) {
    err(path, `cada faixa é um objeto {${BUCKET_KEYS.join(", ")}}`);
    return null;
  }
  const count = { n: 0 };
  const e = (field: string, reason: string) => {
    count.n++;
    err(field, reason);
  };
  for (const key of Object.keys(raw)) if (!BUCKET_KEYS.includes(key)) e(`${path}.${key}`, `campo desconhecido (use ${BUCKET_KEYS.join(", ")})`);
  const intField = (key: string, min: number, max: number, reason: string): number => {
    const v = raw[key];
    if (!isInt(v, min, max)) {
      e(`${path}.${key}`, `${reason} ${got(v)}`);
      return 0;
    }
    return v;
  };
  const fromDays = intField("fromDays", 1, MAX_DAYS, "obrigatório: primeiro dia de atraso da faixa, inteiro de 1 em diante");
  let toDays: number | null = null;
  if (raw.toDays !== null) {
    if (!isInt(raw.toDays, 1, MAX_DAYS)) e(`${path}.toDays`, `obrigatório: último dia de atraso da faixa (inteiro) ou null na última faixa ${got(raw.toDays)}`);
    else if (raw.toDays < fromDays) e(`${path}.toDays`, `não pode ser antes de fromDays (${fromDays}) (recebido ${raw.toDays})`);
    else toDays = raw.toDays;
  }
  const single = parseLimits(raw.single, `${path}.single`, e);
  const instalments = parseLimits(raw.instalments, `${path}.instalments`, e);
  if (single && instalments) {
    if (instalments.chargesPercent > single.chargesPercent) {
      e(`${path}.instalments.chargesPercent`, `não pode passar do desconto à vista (single.chargesPercent = ${single.chargesPercent}): o pagamento à vista deve ser sempre o mais barato`);
    }
    if (instalments.principalPercent > single.principalPercent) {
      e(`${path}.instalments.principalPercent`, `não pode passar do desconto à vista (single.principalPercent = ${single.principalPercent}): o pagamento à vista deve ser sempre o mais barato`);
    }
  }
  const maxInstalments = intField("maxInstalments", 1, MAX_POLICY_INSTALMENTS, `número máximo de pagamentos, entrada incluída: inteiro de 1 (só à vista) a ${MAX_POLICY_INSTALMENTS}`);
  const minInstalmentCents = intField("minInstalmentCents", 0, MAX_CENTS, "parcela mínima em centavos: inteiro, zero ou mais");
  const minDownPaymentCents = intField("minDownPaymentCents", 0, MAX_CENTS, "entrada mínima em centavos: inteiro, zero ou mais");
  const minDown = raw.minDownPaymentPercent;
  if (!isPercent(minDown, 0, 100)) e(`${path}.minDownPaymentPercent`, `entrada mínima: use um percentual de 0 a 100, com até 2 casas decimais ${got(minDown)}`);
  const interest = raw.interestMonthlyPercent;
  if (!isPercent(interest, 0, MAX_POLICY_INTEREST_PERCENT)) {
    e(`${path}.interestMonthlyPercent`, `juros do parcelamento: use um percentual ao mês de 0 a ${MAX_POLICY_INTEREST_PERCENT}, com até 2 casas decimais ${got(interest)}`);
  }
  const firstDueDays = intField("firstDueDays", 0, MAX_FIRST_DUE_DAYS, `primeiro vencimento em até quantos dias: inteiro de 0 a ${MAX_FIRST_DUE_DAYS}`);
  if (count.n > 0) return null;
  return {
    fromDays, toDays, single: single!, instalments: instalments!, maxInstalments, minInstalmentCents,
    minDownPaymentPercent: minDown as number, minDownPaymentCents, interestMonthlyPercent: interest as number, firstDueDays,
  };
}
