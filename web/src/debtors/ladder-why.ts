import type { Explanation, LadderAction, StepTrace } from "../api/types.ts";
import type { Translate } from "../i18n/i18n-context.tsx";
import { PENDING_ACTION_STATUSES, cancelReasonLabel, offsetPhrase } from "./action-labels.ts";

/** The step of the explanation an outbox action came from, with its ladder's name. */
export function traceOfAction(action: LadderAction, explanation: Explanation | undefined): { step: StepTrace; ladder: string | null } | null {
  if (!explanation) return null;
  const id = Number(action.id);
  for (const debt of explanation.debts) {
    const step = debt.steps.find((s) => s.actionId === id);
    if (step) return { step, ladder: debt.ladder?.name ?? null };
  }
  // A grouped message traces to the step of each of its debts; any of them says the same.
  for (const debt of explanation.debts) {
    if (!action.debtExternalIds.includes(debt.externalId)) continue;
    const step = debt.steps.find((s) => s.stepId === action.stepId);
    if (step) return { step, ladder: debt.ladder?.name ?? null };
  }
  return null;
}

/**
 * Why an action of the outbox exists (or stopped), in plain words: the ladder step and the
 * day it falls on, then what happens next ("sent at the first allowed hour", "waits for a
 * manager", "cancelled because the debt was paid").
 */
export function whyOfAction(action: LadderAction, explanation: Explanation | undefined, t: Translate, date: (day: string) => string): string {
  const found = traceOfAction(action, explanation);
  const parts: string[] = [];
  if (found) {
    const params = { step: action.stepId, when: offsetPhrase(t, found.step.offsetDays), day: date(found.step.day) };
    parts.push(found.ladder ? t("ladderWhy.stepOf", { ...params, ladder: found.ladder }) : t("ladderWhy.step", params));
  } else {
    parts.push(t("ladderWhy.stepOnly", { step: action.stepId, ladder: action.ladderId }));
  }
  switch (action.status) {
    case "planned":
      parts.push(t("ladderWhy.planned"));
      break;
    case "awaiting_approval":
      parts.push(t("ladderWhy.awaiting"));
      break;
    case "cancelled":
      parts.push(action.cancelReason ? t("ladderWhy.cancelledBecause", { reason: cancelReasonLabel(t, action.cancelReason) }) : t("ladderWhy.cancelled"));
      break;
    case "rejected":
      parts.push(action.cancelReason ? t("ladderWhy.rejectedBecause", { reason: action.cancelReason }) : t("ladderWhy.rejected"));
      break;
    case "failed":
      parts.push(t("ladderWhy.failed"));
      break;
    case "uncertain":
      parts.push(t("ladderWhy.uncertain"));
      break;
    default:
      break;
  }
  return parts.join(" ");
}

/** Pending first (soonest first), then the rest, newest first. */
export function orderActions(actions: LadderAction[]): LadderAction[] {
  const pending = actions.filter((a) => PENDING_ACTION_STATUSES.includes(a.status)).sort((a, b) => a.sendAt.localeCompare(b.sendAt) || Number(a.id) - Number(b.id));
  const done = actions.filter((a) => !PENDING_ACTION_STATUSES.includes(a.status)).sort((a, b) => Number(b.id) - Number(a.id));
  return [...pending, ...done];
}
