import type { Translate } from "../i18n/i18n-context.tsx";
import { enumLabel } from "./labels.ts";

// Labels for the server's vocabulary of ladder actions, holds, agreements and promises
// (dictionary entries `<prefix>.<value>`; an unknown value shows as it came).

export const actionStatusLabel = (t: Translate, status: string) => enumLabel(t, "actionStatus", status);
export const stageLabel = (t: Translate, stage: string) => enumLabel(t, "stage", stage);
export const outcomeLabel = (t: Translate, outcome: string) => enumLabel(t, "outcome", outcome);
export const skipReasonLabel = (t: Translate, reason: string) => enumLabel(t, "skipReason", reason);
export const cancelReasonLabel = (t: Translate, reason: string) => enumLabel(t, "cancelReason", reason);
export const agreementStatusLabel = (t: Translate, status: string) => enumLabel(t, "agreementStatus", status);
export const instalmentStatusLabel = (t: Translate, status: string) => enumLabel(t, "instalmentStatus", status);
export const promiseStatusLabel = (t: Translate, status: string) => enumLabel(t, "promiseStatus", status);
export const promiseChannelLabel = (t: Translate, channel: string) => enumLabel(t, "promiseChannel", channel);
export const ladderViaLabel = (t: Translate, via: string) => enumLabel(t, "ladderVia", via);

/** Channels a debtor can opt out of (src/app/holds/opt-out.ts). */
export const OPT_OUT_CHANNELS = ["email", "sms", "whatsapp", "phone", "letter"] as const;

/** What a person may promise through (src/app/negotiation/promises.ts). */
export const PROMISE_CHANNELS = ["phone", "email", "sms", "whatsapp", "letter", "in_person"] as const;

/** Statuses of an action still ahead of us. */
export const PENDING_ACTION_STATUSES: readonly string[] = ["planned", "awaiting_approval", "sending"];

export const ACTION_STATUS_COLOR: Record<string, string> = {
  planned: "indigo",
  awaiting_approval: "yellow",
  sending: "blue",
  sent: "teal",
  failed: "red",
  cancelled: "gray",
  rejected: "gray",
  uncertain: "orange",
};

export const OUTCOME_COLOR: Record<string, string> = { performed: "teal", planned: "indigo", skipped: "orange", superseded: "gray", future: "gray" };
export const AGREEMENT_STATUS_COLOR: Record<string, string> = { active: "indigo", settled: "teal", broken: "red" };
export const INSTALMENT_STATUS_COLOR: Record<string, string> = { open: "orange", paid: "teal", cancelled: "gray" };
export const PROMISE_STATUS_COLOR: Record<string, string> = { open: "indigo", kept: "teal", broken: "red" };

/** "5 dias após o vencimento", "no dia do vencimento", "3 dias antes do vencimento". */
export function offsetPhrase(t: Translate, offsetDays: number): string {
  if (offsetDays === 0) return t("ladderWhy.onDueDate");
  if (offsetDays > 0) return offsetDays === 1 ? t("ladderWhy.dayAfter") : t("ladderWhy.daysAfter", { days: offsetDays });
  return offsetDays === -1 ? t("ladderWhy.dayBefore") : t("ladderWhy.daysBefore", { days: -offsetDays });
}
