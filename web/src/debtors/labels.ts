import type { ContactKind, ContactValidity, DebtStatus } from "../api/types.ts";
import type { Translate } from "../i18n/i18n-context.tsx";
import { isMessageKey } from "../i18n/locale.ts";

export const DEBT_STATUSES: readonly DebtStatus[] = ["open", "in_agreement", "disputed", "settled", "written_off"];

export const DEBT_STATUS_COLOR: Record<DebtStatus, string> = {
  open: "orange",
  in_agreement: "indigo",
  disputed: "red",
  settled: "teal",
  written_off: "gray",
};

export const VALIDITY_COLOR: Record<ContactValidity, string> = {
  valid: "teal",
  invalid: "red",
  unknown: "gray",
};

/** A label for a server enum value: the dictionary entry `<prefix>.<value>`, or the raw value. */
export function enumLabel(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? t(key) : value;
}

export const debtStatusLabel = (t: Translate, status: DebtStatus | string) => enumLabel(t, "debtStatus", status);
export const contactKindLabel = (t: Translate, kind: ContactKind | string) => enumLabel(t, "contact.kind", kind);
export const validityLabel = (t: Translate, validity: ContactValidity | string) => enumLabel(t, "validity", validity);
export const sourceLabel = (t: Translate, source: string) => enumLabel(t, "source", source);
export const channelLabel = (t: Translate, channel: string) => enumLabel(t, "channel", channel);
/** Portuguese label of a timeline event kind ("debt.imported" → "Título importado"), raw kind otherwise. */
export const eventLabel = (t: Translate, kind: string) => enumLabel(t, "event", kind);

/** Who did it: "system:cli" → "sistema (cli)"; people and other actors as given. */
export function actorLabel(t: Translate, actor: string): string {
  const match = /^system(?::(.+))?$/.exec(actor);
  if (!match) return actor;
  return match[1] ? `${t("timeline.system")} (${match[1]})` : t("timeline.system");
}
