import { localDateOf } from "../../domain/br/dates.ts";
import { isContactAllowed, nextContactInstant } from "../../domain/guard/contact-window.ts";
import { formatLocalInstant } from "../../domain/ladder/decide-actions.ts";
import { debtorZone } from "../../domain/ladder/debtor-zone.ts";
import { AppError, fieldErrors, type FieldError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { PROMISE_PAUSE_CANCEL_REASON, recordPromise, type PromiseView } from "../negotiation/promises.ts";
import { authorizeExisting, parseId } from "../portfolio/debtors.ts";
import { invalidateContact } from "../portfolio/debts-contacts.ts";
import { actionStatusOfOutcome, CALL_OUTCOMES, CALLBACK_MAX_DAYS, isCallOutcome, type CallOutcome } from "./call-priority.ts";
import { debtorPhoneActions } from "./call-queue.ts";
import { callViews, type CallAttemptView } from "./list-calls.ts";
import { phoneGuard } from "./next-call.ts";

export type RecordCallInput = {
  debtorId: string;
  /** The phone contact dialled. */
  contactId: string;
  outcome: string;
  note?: string | null;
  /** Outcome `callback`: when to call back (ISO 8601 with offset). */
  callbackAt?: string | null;
  /** Outcome `promise`: what the debtor promised. */
  promise?: { amountCents: number; date: string } | null;
};

export type RecordCallResult = {
  attempt: CallAttemptView;
  /** The promise recorded (outcome `promise`). */
  promise: PromiseView | null;
  /** The contact marked invalid (outcome `wrong_number`). */
  invalidatedContact: { id: string; value: string } | null;
  /** The ladder's planned phone actions the call performed, with the status they got. */
  actions: { id: string; status: "sent" | "failed" }[];
};

/** The reason `invalidateContact` records for a number the call found to be someone else's. */
export const WRONG_NUMBER_REASON = "número errado (informado na ligação)";

function fail(errors: FieldError[]): never {
  throw fieldErrors(errors);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Records the outcome of a call: a `call_attempts` row and a `call.<outcome>` timeline event,
 * and what the outcome means —
 * - `wrong_number`: the phone contact is marked invalid (invalidateContact);
 * - `promise`: a promise to pay is recorded (recordPromise: it pauses the ladder and plans
 *   the reminder);
 * - `callback`: the queue offers the debtor again at `callbackAt` (inside the phone contact
 *   window, at most CALLBACK_MAX_DAYS ahead);
 * - the debtor's planned phone actions of the ladder that are due are performed: `sent` when
 *   the debtor was reached, `failed` otherwise (actionStatusOfOutcome);
 * - the collector's claim on the debtor ends.
 *
 * The promise and the invalidation are their own use cases with their own transactions and
 * permissions; they run first, so a refused promise (another one open, a date too far)
 * records no call. The attempt, the actions, the event and the audit entry then commit together.
 */
export async function recordCall(deps: AppDeps, actor: Actor, creditorId: string, input: RecordCallInput): Promise<RecordCallResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "call.work");
  const { db } = deps.database;
  const now = deps.clock.now();
  const nowIso = now.toISOString();

  const errors: FieldError[] = [];
  const outcome = input.outcome;
  if (!isCallOutcome(outcome)) errors.push({ field: "outcome", reason: `use ${CALL_OUTCOMES.join(", ")}` });
  const note = (input.note ?? "").trim() || null;
  if (note && note.length > 1000) errors.push({ field: "note", reason: "no máximo 1000 caracteres" });
  const hasCallback = input.callbackAt !== undefined && input.callbackAt !== null && input.callbackAt !== "";
  if (outcome === "callback" && !hasCallback) errors.push({ field: "callbackAt", reason: "informe quando ligar de volta" });
  if (outcome !== "callback" && hasCallback) errors.push({ field: "callbackAt", reason: "só com o resultado callback" });
  const hasPromise = input.promise !== undefined && input.promise !== null;
  if (outcome === "promise" && !hasPromise) errors.push({ field: "promise", reason: "informe o valor e a data prometidos" });
  if (outcome !== "promise" && hasPromise) errors.push({ field: "promise", reason: "só com o resultado promise" });
  if (errors.length) fail(errors);

  const debtorId = parseId(input.debtorId, "Devedor");
  const debtor = await db
    .selectFrom("debtors")
    .innerJoin("creditors", "creditors.id", "debtors.creditor_id")
    .select(["debtors.id", "debtors.state", "debtors.city", "creditors.state as creditor_state"])
    .where("debtors.creditor_id", "=", scope.creditorId)
    .where("debtors.id", "=", debtorId)
    .executeTakeFirst();
  if (!debtor) throw new AppError("not_found", "Devedor não encontrado.");
  const contactId = parseId(input.contactId, "Contato");
  const contact = await db.selectFrom("contacts").select(["id", "kind", "value", "validity"]).where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).where("id", "=", contactId).executeTakeFirst();
  if (!contact) throw new AppError("not_found", "Contato não encontrado.");
  if (contact.kind !== "phone") fail([{ field: "contactId", reason: "a ligação é para um contato de telefone" }]);
  const zone = debtorZone(debtor.state, debtor.city, debtor.creditor_state);

  let callbackAt: string | null = null;
  if (outcome === "callback") {
    const raw = String(input.callbackAt);
    const at = ISO_INSTANT.test(raw) ? new Date(raw) : new Date(Number.NaN);
    if (Number.isNaN(at.getTime())) fail([{ field: "callbackAt", reason: "use data e hora ISO 8601 com fuso (ex.: 2025-06-02T15:00:00-03:00)" }]);
    if (at.getTime() <= now.getTime()) fail([{ field: "callbackAt", reason: "o retorno deve ser depois de agora" }]);
    if (at.getTime() > now.getTime() + CALLBACK_MAX_DAYS * 86_400_000) fail([{ field: "callbackAt", reason: `no máximo ${CALLBACK_MAX_DAYS} dias à frente` }]);
    const guard = await phoneGuard(db, scope.creditorId);
    if (!isContactAllowed(at.toISOString(), zone.uf, guard.windows, zone.timeZone)) {
      const next = nextContactInstant(at.toISOString(), zone.uf, guard.windows, zone.timeZone);
      const hint = next ? ` — a próxima janela começa em ${formatLocalInstant(next, zone.timeZone)}` : "";
      fail([{ field: "callbackAt", reason: `fora da janela de contato por telefone${hint}` }]);
    }
    callbackAt = at.toISOString();
  }

  // The ladder's phone actions this call performs, read before a promise cancels the debtor's pending actions.
  const actions = await debtorPhoneActions(db, scope, debtorId, nowIso);

  let promise: PromiseView | null = null;
  if (outcome === "promise") {
    const p = input.promise!;
    promise = await recordPromise(deps, actor, scope.creditorId, { id: String(debtorId) }, { amountCents: p.amountCents, date: p.date, channel: "phone", note });
  }
  let invalidatedContact: RecordCallResult["invalidatedContact"] = null;
  if (outcome === "wrong_number" && contact.validity !== "invalid") {
    await invalidateContact(deps, actor, scope.creditorId, String(debtorId), String(contactId), WRONG_NUMBER_REASON);
    invalidatedContact = { id: String(contactId), value: contact.value };
  }

  const call = outcome as CallOutcome;
  const status = actionStatusOfOutcome(call);
  const localDay = localDateOf(now, zone.timeZone);
  const attemptId = await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("call_attempts")
      .values({
        creditor_id: scope.creditorId, debtor_id: debtorId, contact_id: contactId, phone: contact.value, actor: actor.label, at: nowIso, local_day: localDay,
        outcome: call, note, callback_at: callbackAt, promise_id: promise ? Number(promise.id) : null, action_id: actions[0]?.id ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (actions.length) {
      await trx
        .updateTable("actions")
        .set((eb) => ({
          status, sent_at: status === "sent" ? nowIso : null, last_error: status === "failed" ? `ligação: ${call}` : null, cancel_reason: null,
          contact_id: contactId, recipient: contact.value, attempts: eb("attempts", "+", 1), updated_at: nowIso,
        }))
        .where("creditor_id", "=", scope.creditorId)
        .where("id", "in", actions.map((a) => a.id))
        // Planned, or cancelled a moment ago by this call's own promise.
        .where((eb) => eb.or([eb("status", "=", "planned"), eb.and([eb("status", "=", "cancelled"), eb("cancel_reason", "=", PROMISE_PAUSE_CANCEL_REASON), eb("updated_at", ">=", nowIso)])]))
        .execute();
    }
    const data = {
      attemptId: String(id), contactId: String(contactId), phone: contact.value, outcome: call, note, callbackAt,
      promiseId: promise?.id ?? null, amountCents: promise?.amountCents ?? null, promisedDate: promise?.promisedDate ?? null,
      actionIds: actions.map((a) => String(a.id)), actionStatus: actions.length ? status : null,
    };
    await trx.insertInto("events").values({ creditor_id: scope.creditorId, debtor_id: debtorId, debt_id: null, kind: `call.${call}`, at: nowIso, actor: actor.label, data: JSON.stringify(data) }).execute();
    await recordAudit(trx, actor, now, { action: "call.record", entity: "call_attempt", entityId: String(id), creditorId: scope.creditorId, after: { ...data, debtorId: String(debtorId) } });
    await trx.deleteFrom("call_claims").where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).execute();
    return Number(id);
  });

  const [attempt] = await callViews(db, scope, [attemptId]);
  return { attempt: attempt!, promise, invalidatedContact, actions: actions.map((a) => ({ id: String(a.id), status })) };
}
