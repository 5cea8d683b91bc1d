import type { ContactKind, ContactValidity, DebtStatus } from "../api/types.ts";
import type { Translate } from "../i18n/i18n-context.tsx";
import { isMessageKey } from "../i18n/locale.ts";

export const DEBT_STATUSES: readonly DebtStatus[] = ["open", "in_agreement", "disputed", "settled", "written_off", "cancelled"];

export const DEBT_STATUS_COLOR: Record<DebtStatus, string> = {
  open: "orange",
  in_agreement: "indigo",
  disputed: "red",
  settled: "teal",
  written_off: "gray",
  cancelled: "gray",
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
/** Where a contact came from: the import, or the person or key that added it. */
export function sourceLabel(t: Translate, source: string): string {
  if (/^(user|apikey|system|debtor):/.test(source)) return t("source.addedBy", { actor: actorLabel(t, source) });
  return enumLabel(t, "source", source);
}
export const channelLabel = (t: Translate, channel: string) => enumLabel(t, "channel", channel);
/** Portuguese label of a timeline event kind ("debt.imported" → "Título importado"), raw kind otherwise. */
export const eventLabel = (t: Translate, kind: string) => enumLabel(t, "event", kind);

/** Who did it: "user:ana@x.com" → "ana@x.com", "apikey:ab12" → "chave de API ab12", "system:cli" → "sistema (cli)", "debtor:link" → "o devedor (link)". */
export function actorLabel(t: Translate, actor: string): string {
  const match = /^(user|apikey|system|debtor)(?::(.+))?$/.exec(actor);
  if (!match) return actor;
  const [, kind, rest] = match;
  if (kind === "user") return rest ?? actor;
  if (kind === "apikey") return t("actor.apiKey", { id: rest ?? "" });
  if (kind === "debtor") return t("actor.debtor");
  return rest ? `${t("timeline.system")} (${rest})` : t("timeline.system");
}
