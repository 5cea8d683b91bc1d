import type { Translate } from "../i18n/i18n-context.tsx";
import { enumLabel } from "../debtors/labels.ts";

export const PAYMENT_STATUSES = ["applied", "unmatched", "rejected"] as const;
export const PAYMENT_SOURCES = ["cnab", "pix", "manual"] as const;
/** What a person may record by hand (boleto and PIX arrive from the bank and the PSP). */
export const MANUAL_METHODS = ["cash", "transfer", "card", "cheque"] as const;

export const PAYMENT_STATUS_COLOR: Record<string, string> = { applied: "teal", unmatched: "orange", rejected: "gray" };

export const paymentStatusLabel = (t: Translate, status: string) => enumLabel(t, "paymentStatus", status);
export const paymentSourceLabel = (t: Translate, source: string) => enumLabel(t, "paymentSource", source);
export const paymentMethodLabel = (t: Translate, method: string) => enumLabel(t, "paymentMethod", method);
export const unmatchedReasonLabel = (t: Translate, reason: string) => enumLabel(t, "unmatchedReason", reason);
