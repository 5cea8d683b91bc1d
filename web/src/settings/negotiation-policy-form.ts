import type { NegotiationPolicy, PolicyBucket } from "../api/types.ts";
import { formatDecimalInput, formatMoneyInput, parseDecimalInput, parseMoneyInput } from "../debtors/money-input.ts";
import type { Locale } from "../i18n/locale.ts";

/** The cells of one aging bucket, as typed (percentages and days as text, money in reais). */
export type BucketForm = {
  fromDays: string;
  toDays: string;
  singleCharges: string;
  singlePrincipal: string;
  instalmentsCharges: string;
  instalmentsPrincipal: string;
  maxInstalments: string;
  minInstalment: string;
  minDownPaymentPercent: string;
  minDownPayment: string;
  interestMonthlyPercent: string;
  firstDueDays: string;
};

export type PolicyForm = {
  buckets: BucketForm[];
  affordabilityPercent: string;
  minimumExistential: string;
  breakAfterDays: string;
  promiseMaxDays: string;
  ladderId: string;
};

/** Each cell and the policy field (server path under `buckets[i].`) it fills. */
export const BUCKET_FIELDS: { key: keyof BucketForm; path: string; kind: "days" | "optionalDays" | "percent" | "int" | "money" }[] = [
  { key: "fromDays", path: "fromDays", kind: "days" },
  { key: "toDays", path: "toDays", kind: "optionalDays" },
  { key: "singleCharges", path: "single.chargesPercent", kind: "percent" },
  { key: "singlePrincipal", path: "single.principalPercent", kind: "percent" },
  { key: "instalmentsCharges", path: "instalments.chargesPercent", kind: "percent" },
  { key: "instalmentsPrincipal", path: "instalments.principalPercent", kind: "percent" },
  { key: "maxInstalments", path: "maxInstalments", kind: "int" },
  { key: "minInstalment", path: "minInstalmentCents", kind: "money" },
  { key: "minDownPaymentPercent", path: "minDownPaymentPercent", kind: "percent" },
  { key: "minDownPayment", path: "minDownPaymentCents", kind: "money" },
  { key: "interestMonthlyPercent", path: "interestMonthlyPercent", kind: "percent" },
  { key: "firstDueDays", path: "firstDueDays", kind: "int" },
];

export function bucketToForm(b: PolicyBucket, locale: Locale): BucketForm {
  const pct = (n: number) => formatDecimalInput(n, locale);
  return {
    fromDays: String(b.fromDays), toDays: b.toDays === null ? "" : String(b.toDays),
    singleCharges: pct(b.single.chargesPercent), singlePrincipal: pct(b.single.principalPercent),
    instalmentsCharges: pct(b.instalments.chargesPercent), instalmentsPrincipal: pct(b.instalments.principalPercent),
    maxInstalments: String(b.maxInstalments), minInstalment: formatMoneyInput(b.minInstalmentCents, locale),
    minDownPaymentPercent: pct(b.minDownPaymentPercent), minDownPayment: formatMoneyInput(b.minDownPaymentCents, locale),
    interestMonthlyPercent: pct(b.interestMonthlyPercent), firstDueDays: String(b.firstDueDays),
  };
}

export function policyToForm(p: NegotiationPolicy, locale: Locale): PolicyForm {
  return {
    buckets: p.buckets.map((b) => bucketToForm(b, locale)),
    affordabilityPercent: formatDecimalInput(p.affordabilityPercent, locale),
    minimumExistential: formatMoneyInput(p.minimumExistentialCents, locale),
    breakAfterDays: String(p.breakAfterDays),
    promiseMaxDays: String(p.promiseMaxDays),
    ladderId: p.ladderId ?? "",
  };
}

const intOf = (text: string): number | null => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);

function cellValue(text: string, kind: (typeof BUCKET_FIELDS)[number]["kind"]): number | null | "invalid" {
  if (kind === "optionalDays" && text.trim() === "") return null;
  const value = kind === "percent" ? parseDecimalInput(text) : kind === "money" ? parseMoneyInput(text) : intOf(text);
  return value === null ? "invalid" : value;
}

/**
 * The policy document from the form, or the cells that are not numbers (server paths such
 * as `buckets[1].maxInstalments`). Limits and coverage are the server's to check.
 */
export function formToPolicy(form: PolicyForm): { ok: true; policy: NegotiationPolicy } | { ok: false; invalid: string[] } {
  const invalid: string[] = [];
  const buckets: PolicyBucket[] = form.buckets.map((row, i) => {
    const v: Record<string, number | null> = {};
    for (const field of BUCKET_FIELDS) {
      const value = cellValue(row[field.key], field.kind);
      if (value === "invalid") invalid.push(`buckets[${i}].${field.path}`);
      else v[field.key] = value;
    }
    const n = (key: keyof BucketForm) => (v[key] as number | undefined) ?? 0;
    return {
      fromDays: n("fromDays"), toDays: (v.toDays as number | null | undefined) ?? null,
      single: { chargesPercent: n("singleCharges"), principalPercent: n("singlePrincipal") },
      instalments: { chargesPercent: n("instalmentsCharges"), principalPercent: n("instalmentsPrincipal") },
      maxInstalments: n("maxInstalments"), minInstalmentCents: n("minInstalment"), minDownPaymentPercent: n("minDownPaymentPercent"),
      minDownPaymentCents: n("minDownPayment"), interestMonthlyPercent: n("interestMonthlyPercent"), firstDueDays: n("firstDueDays"),
    };
  });
  const affordabilityPercent = parseDecimalInput(form.affordabilityPercent);
  if (affordabilityPercent === null) invalid.push("affordabilityPercent");
  const minimumExistentialCents = parseMoneyInput(form.minimumExistential);
  if (minimumExistentialCents === null) invalid.push("minimumExistentialCents");
  const breakAfterDays = intOf(form.breakAfterDays);
  if (breakAfterDays === null) invalid.push("breakAfterDays");
  const promiseMaxDays = intOf(form.promiseMaxDays);
  if (promiseMaxDays === null) invalid.push("promiseMaxDays");
  if (invalid.length) return { ok: false, invalid };
  return {
    ok: true,
    policy: { buckets, affordabilityPercent: affordabilityPercent!, minimumExistentialCents: minimumExistentialCents!, breakAfterDays: breakAfterDays!, promiseMaxDays: promiseMaxDays!, ladderId: form.ladderId || null },
  };
}

/** A new last bucket after the current last one (which gets an end), copying its limits. */
export function addBucket(form: PolicyForm): PolicyForm {
  const last = form.buckets[form.buckets.length - 1];
  if (!last) return { ...form, buckets: [{ ...EMPTY_BUCKET }] };
  const from = intOf(last.fromDays) ?? 1;
  const end = intOf(last.toDays) ?? from + 29;
  const closed = { ...last, toDays: String(end) };
  return { ...form, buckets: [...form.buckets.slice(0, -1), closed, { ...last, fromDays: String(end + 1), toDays: "" }] };
}

/** Removes bucket `index`; the one before takes over its days (its end becomes the removed one's end). */
export function removeBucket(form: PolicyForm, index: number): PolicyForm {
  if (form.buckets.length <= 1) return form;
  const buckets = form.buckets.filter((_, i) => i !== index);
  if (index > 0 && index <= buckets.length) buckets[index - 1] = { ...buckets[index - 1]!, toDays: form.buckets[index]!.toDays };
  if (index === 0) buckets[0] = { ...buckets[0]!, fromDays: "1" };
  return { ...form, buckets };
}

const EMPTY_BUCKET: BucketForm = {
  fromDays: "1", toDays: "", singleCharges: "0", singlePrincipal: "0", instalmentsCharges: "0", instalmentsPrincipal: "0", maxInstalments: "1",
  minInstalment: "0", minDownPaymentPercent: "0", minDownPayment: "0", interestMonthlyPercent: "0", firstDueDays: "5",
};
