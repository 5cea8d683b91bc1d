import type { TimelineEvent } from "../api/types.ts";
import type { Translate } from "../i18n/i18n-context.tsx";
import type { MessageKey } from "../i18n/messages.ts";
import { channelLabel, contactKindLabel, enumLabel } from "./labels.ts";
import { formatPhone } from "./format-phone.ts";

export type EventFormat = { t: Translate; money: (cents: number) => string; date: (date: string) => string };

/** What a timeline entry says: a title for the kind, and the details that matter, in plain words. */
export type EventText = { title: string; details: string[] };

const str = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);
const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

/** At most `max` items, then "e mais N". */
function shortList(items: string[], t: Translate, max = 5): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} ${t("eventText.andMore", { count: items.length - max })}`;
}

function contactValue(kind: string | null, value: string | null): string | null {
  if (!value) return null;
  return kind === "phone" || kind === "whatsapp" ? formatPhone(value) : value;
}

const DEBTOR_FIELDS = ["name", "state", "city", "zip", "address", "segment", "tags"] as const;
/** Fields edited by hand on the debtor page, named by their own i18n blocks. */
const EDITED_FIELDS = new Map<string, MessageKey>([
  ["representativeEmail", "debtor.representative.field"],
  ["riskBand", "debtor.riskBand.field"],
]);

/**
 * Turns a stored event (kind + JSON data) into Portuguese (or English) sentences. Unknown
 * kinds keep their code as the title, so nothing is hidden; missing data is left out.
 */
export function describeEvent(event: TimelineEvent, f: EventFormat): EventText {
  const { t } = f;
  const d = event.data ?? {};
  const title = enumLabel(t, "event", event.kind);
  const details: string[] = [];
  const push = (text: string | null | false) => {
    if (text) details.push(text);
  };
  const externalId = str(d.externalId);
  const reason = str(d.reason);

  switch (event.kind) {
    case "debt.imported": {
      const created = list(d.created);
      const updated = list(d.updated);
      if (d.debtorCreated === true) push(t("eventText.debtorCreated"));
      if (created.length) push(t("eventText.debtsCreated", { count: created.length, list: shortList(created, t) }));
      if (updated.length) push(t("eventText.debtsUpdated", { count: updated.length, list: shortList(updated, t) }));
      break;
    }
    case "debtor.updated": {
      const changes = (typeof d.changes === "object" && d.changes !== null ? d.changes : {}) as Record<string, unknown>;
      for (const field of Object.keys(changes)) {
        const pair = changes[field];
        const edited = EDITED_FIELDS.get(field);
        const label = edited ? t(edited) : (DEBTOR_FIELDS as readonly string[]).includes(field) ? enumLabel(t, "debtorField", field) : field;
        if (Array.isArray(pair) && pair.length === 2) {
          const show = (value: unknown) => {
            const text = typeof value === "string" && value.startsWith("[") ? list(safeJson(value)).join(", ") : value === null || value === undefined ? "" : String(value);
            return text === "" ? "—" : text;
          };
          push(t("eventText.changed", { field: label, before: show(pair[0]), after: show(pair[1]) }));
        } else push(label);
      }
      break;
    }
    case "debt.amount_changed": {
      const before = num(d.beforeCents);
      const after = num(d.afterCents);
      if (before !== null && after !== null) push(t("eventText.amountChanged", { debt: externalId ?? "—", before: f.money(before), after: f.money(after) }));
      const openAfter = num(d.openAfterCents);
      if (openAfter !== null) push(t("eventText.openNow", { amount: f.money(openAfter) }));
      break;
    }
    case "contact.added":
    case "contact.invalidated": {
      const value = contactValue(str(d.kind), str(d.value));
      push(value && (str(d.kind) ? `${contactKindLabel(t, str(d.kind)!)}: ${value}` : value));
      push(reason && t("eventText.reason", { reason }));
      break;
    }
    case "contact.opted_out":
    case "contact.opted_in":
      push(str(d.channel) && t("eventText.channel", { channel: channelLabel(t, str(d.channel)!) }));
      push(reason && t("eventText.reason", { reason }));
      break;
    case "debt.disputed":
    case "debt.undisputed":
    case "debt.paused":
    case "debt.resumed":
      push(externalId && t("eventText.debt", { debt: externalId }));
      push(reason && t("eventText.reason", { reason }));
      push(str(d.until) && t("eventText.until", { date: f.date(str(d.until)!) }));
      break;
    case "debtor.paused":
    case "debtor.resumed":
      push(reason && t("eventText.reason", { reason }));
      push(str(d.until) && t("eventText.until", { date: f.date(str(d.until)!) }));
      break;
    case "payment.applied": {
      const amount = num(d.amountCents);
      if (amount !== null) push(t("eventText.paymentAmount", { amount: f.money(amount), date: str(d.paidDate) ? f.date(str(d.paidDate)!) : "—" }));
      const charges = (num(d.interestCents) ?? 0) + (num(d.fineCents) ?? 0) + (num(d.correctionCents) ?? 0);
      if (charges > 0) push(t("eventText.paymentCharges", { amount: f.money(charges) }));
      if (d.settled === true) push(t("eventText.settled"));
      else if (num(d.openCents) !== null) push(t("eventText.openNow", { amount: f.money(num(d.openCents)!) }));
      break;
    }
    case "payment.credit": {
      const credit = num(d.creditCents);
      if (credit !== null) push(t("eventText.credit", { amount: f.money(credit) }));
      break;
    }
    case "pix.charge_issued": {
      const amount = num(d.amountCents);
      if (amount !== null) push(t("eventText.pixAmount", { amount: f.money(amount) }));
      const debts = list(d.externalIds);
      if (debts.length) push(t("eventText.debts", { list: shortList(debts, t) }));
      push(str(d.dueDate) && t("eventText.dueOn", { date: f.date(str(d.dueDate)!) }));
      break;
    }
    case "email.copy_unsubscribed":
      push(str(d.address));
      break;
    case "email.bounced":
      push(str(d.email));
      push(str(d.diagnostic));
      break;
    case "boleto.issued": {
      push(externalId && t("eventText.debt", { debt: externalId }));
      const amount = num(d.amountCents);
      if (amount !== null) push(t("eventText.boletoAmount", { amount: f.money(amount), date: str(d.dueDate) ? f.date(str(d.dueDate)!) : "—" }));
      push(str(d.ourNumber) && t("eventText.ourNumber", { number: str(d.ourNumber)! }));
      if (list(d.replaced).length) push(t("eventText.boletoReplaced"));
      break;
    }
    case "message.sent":
    case "message.failed":
    case "message.cancelled":
    case "message.uncertain":
    case "message.copy_failed":
    case "action.approved":
    case "action.rejected": {
      const channel = str(d.channel);
      const stepId = str(d.stepId);
      if (channel && stepId) push(t("eventText.channelStep", { channel: channelLabel(t, channel), step: stepId }));
      else push(channel && t("eventText.channel", { channel: channelLabel(t, channel) }));
      push(str(d.to) && t("eventText.to", { to: str(d.to)! }));
      push(str(d.address) && t("eventText.to", { to: str(d.address)! }));
      if (list(d.copies).length) push(t("eventText.copies", { list: list(d.copies).join(", ") }));
      push(reason && t("eventText.reason", { reason: enumLabel(t, "cancelReason", reason) }));
      push(str(d.error) && t("eventText.error", { error: str(d.error)! }));
      break;
    }
    case "agreement.created":
    case "selfservice.accepted": {
      const count = num(d.instalments);
      const total = num(d.totalCents);
      if (count !== null && total !== null) push(t("eventText.agreementTerms", { count, total: f.money(total) }));
      const discount = num(d.discountCents);
      if (discount !== null && discount > 0) push(t("eventText.discount", { amount: f.money(discount) }));
      push(str(d.firstDueDate) && t("eventText.firstDue", { date: f.date(str(d.firstDueDate)!) }));
      const debts = list(d.debts);
      if (debts.length) push(t("eventText.debts", { list: shortList(debts, t) }));
      if (d.beyondPolicy === true) push(t("eventText.beyondPolicy"));
      break;
    }
    case "agreement.approval_requested":
    case "agreement.approval_approved":
    case "agreement.approval_rejected": {
      const count = num(d.instalments);
      const total = num(d.totalCents);
      if (count !== null && total !== null) push(t("eventText.agreementTerms", { count, total: f.money(total) }));
      push(reason && t("eventText.reason", { reason }));
      push(str(d.note) && t("eventText.note", { note: str(d.note)! }));
      break;
    }
    case "agreement.instalment_paid": {
      const n = num(d.number);
      const amount = num(d.amountCents);
      if (n !== null && amount !== null) push(t("eventText.instalmentPaid", { number: n, amount: f.money(amount), date: str(d.paidDate) ? f.date(str(d.paidDate)!) : "—" }));
      break;
    }
    case "agreement.settled": {
      const discount = num(d.discountCents);
      if (discount !== null && discount > 0) push(t("eventText.discount", { amount: f.money(discount) }));
      const debts = list(d.debts);
      if (debts.length) push(t("eventText.debts", { list: shortList(debts, t) }));
      break;
    }
    case "agreement.broken": {
      const n = num(d.instalment);
      if (n !== null) push(t("eventText.instalmentUnpaid", { number: n, date: str(d.dueDate) ? f.date(str(d.dueDate)!) : "—", days: num(d.daysLate) ?? 0 }));
      const paid = num(d.paidCents);
      if (paid !== null) push(t("eventText.paidInAgreement", { amount: f.money(paid) }));
      break;
    }
    case "debt.in_agreement":
    case "debt.settled_by_agreement":
    case "debt.agreement_broken": {
      push(externalId && t("eventText.debt", { debt: externalId }));
      const discount = num(d.discountCents);
      if (discount !== null && discount > 0) push(t("eventText.discount", { amount: f.money(discount) }));
      if (d.settled === true) push(t("eventText.settled"));
      else if (num(d.openCents) !== null && event.kind === "debt.agreement_broken") push(t("eventText.openNow", { amount: f.money(num(d.openCents)!) }));
      break;
    }
    case "promise.created":
    case "promise.kept":
    case "promise.broken":
    case "selfservice.promised": {
      const amount = num(d.amountCents);
      if (amount !== null) push(t("eventText.promise", { amount: f.money(amount), date: str(d.promisedDate) ? f.date(str(d.promisedDate)!) : "—" }));
      push(str(d.channel) && t("eventText.channel", { channel: enumLabel(t, "promiseChannel", str(d.channel)!) }));
      const paid = num(d.paidCents);
      if (paid !== null && event.kind !== "promise.created") push(t("eventText.promisePaid", { amount: f.money(paid) }));
      if (d.pauseApplied === true) push(t("eventText.promisePause"));
      break;
    }
    case "selfservice.verify_failed": {
      const remaining = num(d.remaining);
      if (remaining !== null) push(t("eventText.attemptsLeft", { count: remaining }));
      break;
    }
    case "selfservice.locked":
      push(str(d.until) && t("eventText.lockedUntil", { date: f.date(str(d.until)!.slice(0, 10)) }));
      break;
    case "selfservice.simulated": {
      const options = Array.isArray(d.options) ? d.options.filter((o): o is number => typeof o === "number") : [];
      if (options.length) push(t("eventText.optionsSeen", { list: options.join(", ") }));
      if (d.withIncome === true) push(t("eventText.withIncome"));
      break;
    }
    case "selfservice.opted_out":
      push(str(d.channel) && t("eventText.channel", { channel: channelLabel(t, str(d.channel)!) }));
      break;
    case "ladder.assigned":
      push(str(d.ladderId) ? t("eventText.ladder", { ladder: str(d.ladderId)! }) : t("eventText.ladderByRules"));
      push(externalId && t("eventText.debt", { debt: externalId }));
      break;
    default:
      push(externalId && t("eventText.debt", { debt: externalId }));
      push(reason && t("eventText.reason", { reason }));
  }
  return { title, details };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
