import { END_TO_END_PATTERN, valorToCents, type PixRecebido } from "../../channels/pix-psp/api-pix.ts";
import { localDateOf } from "../../domain/br/dates.ts";
import { isUf, timeZoneOf } from "../../domain/br/uf.ts";
import { AppError, type FieldError, fieldErrors } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { recordPayment } from "../payments/record-payment.ts";
import { verifyPixWebhookToken } from "./pix-webhook-token.ts";

export type PixWebhookOutcome = { received: number; applied: number; alreadyApplied: number; unmatched: number };

/** Who records what the PSP notified: the system, for that one creditor. */
export function pixWebhookActor(creditorId: string): Actor {
  return { kind: "system", id: "pix-webhook", role: "admin", creditorIds: [creditorId], label: "system:pix-webhook" };
}

export const UNAUTHENTICATED_WEBHOOK = "Notificação Pix recusada: token do webhook ausente ou inválido.";

type Checked = { item: PixRecebido; amountCents: number; paidAt: Date };

/**
 * The PSP's notification `{pix: [{endToEndId, txid, valor, horario, infoPagador?}]}` for
 * the creditor whose webhook URL it called. Authenticated by the URL's token (nothing is
 * applied otherwise). Each Pix becomes one `recordPayment` with idempotency key
 * `pix:<endToEndId>`, so a notification delivered twice is applied once. A known txid
 * names the charge's debts and marks the charge CONCLUIDA; an unknown one goes to the
 * reconciliation queue of the creditor called. Charges are found by txid (unique across
 * creditors): the PSP keeps one webhook per Pix key, so creditors sharing a key share it.
 */
export async function receivePixWebhook(deps: AppDeps, creditorId: string, token: string | undefined, body: { pix: PixRecebido[] }): Promise<PixWebhookOutcome> {
  if (!(await verifyPixWebhookToken(deps, creditorId, token))) throw new AppError("unauthenticated", UNAUTHENTICATED_WEBHOOK);
  const checked = checkItems(body.pix);
  const outcome: PixWebhookOutcome = { received: checked.length, applied: 0, alreadyApplied: 0, unmatched: 0 };
  const { db } = deps.database;
  for (const { item, amountCents, paidAt } of checked) {
    const done = await db.selectFrom("pix_received").select("outcome").where("end_to_end_id", "=", item.endToEndId).executeTakeFirst();
    if (done) {
      outcome.alreadyApplied++;
      continue;
    }
    const charge = item.txid
      ? await db.selectFrom("pix_charges").select(["id", "creditor_id", "debtor_id", "status", "paid_cents", "end_to_end_id"]).where("txid", "=", item.txid).executeTakeFirst()
      : undefined;
    const owner = charge?.creditor_id ?? creditorId;
    const debtIds = charge
      ? (await db.selectFrom("pix_charge_debts").select("debt_id").where("charge_id", "=", charge.id).orderBy("debt_id").execute()).map((r) => Number(r.debt_id))
      : [];
    const paidDate = localDateOf(paidAt, await zoneOf(deps, owner, charge ? Number(charge.debtor_id) : null));
    const actor = pixWebhookActor(owner);
    const result = await recordPayment(deps, actor, owner, {
      source: "pix",
      method: "pix",
      idempotencyKey: `pix:${item.endToEndId}`,
      amountCents,
      paidDate,
      txid: item.txid ?? null,
      endToEndId: item.endToEndId,
      ...(debtIds.length ? { debtIds } : {}),
      details: { horario: item.horario, ...(item.chave ? { chave: item.chave } : {}), ...(item.infoPagador ? { infoPagador: item.infoPagador } : {}) },
    });
    if (result.status === "applied") outcome.applied++;
    else if (result.status === "already_applied") outcome.alreadyApplied++;
    else outcome.unmatched++;

    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("pix_received")
        .values({
          end_to_end_id: item.endToEndId, creditor_id: owner, txid: item.txid ?? null, charge_id: charge ? Number(charge.id) : null, amount_cents: amountCents,
          paid_at: paidAt.toISOString(), paid_date: paidDate, payer_info: item.infoPagador ?? null, outcome: result.status, payment_id: String(result.paymentId), received_at: now.toISOString(),
        })
        .onConflict((oc) => oc.column("end_to_end_id").doNothing())
        .execute();
      if (charge) {
        // A second, different Pix for a concluded charge adds up; the same one again (a retry after a crash) does not.
        const before = charge.status === "CONCLUIDA" && charge.end_to_end_id !== item.endToEndId ? (charge.paid_cents ?? 0) : 0;
        await trx
          .updateTable("pix_charges")
          .set({ status: "CONCLUIDA", paid_cents: before + amountCents, end_to_end_id: item.endToEndId, paid_at: paidAt.toISOString(), updated_at: now.toISOString() })
          .where("id", "=", charge.id)
          .execute();
        await recordAudit(trx, actor, now, { action: "pix.charge.paid", entity: "pix_charge", entityId: String(charge.id), creditorId: owner, after: { txid: item.txid, endToEndId: item.endToEndId, amountCents, paymentId: result.paymentId, outcome: result.status } });
      }
    });
  }
  return outcome;
}

function checkItems(items: PixRecebido[]): Checked[] {
  const errors: FieldError[] = [];
  const out: Checked[] = [];
  items.forEach((item, i) => {
    const at = `pix.${i}`;
    if (typeof item.endToEndId !== "string" || !END_TO_END_PATTERN.test(item.endToEndId)) errors.push({ field: `${at}.endToEndId`, reason: "endToEndId inválido (32 caracteres: E + ISPB + data e hora + sequencial)" });
    const amountCents = typeof item.valor === "string" ? valorToCents(item.valor) : null;
    if (amountCents === null || amountCents <= 0) errors.push({ field: `${at}.valor`, reason: 'valor inválido (use "123.45", maior que zero)' });
    const paidAt = typeof item.horario === "string" ? new Date(item.horario) : null;
    if (!paidAt || Number.isNaN(paidAt.getTime())) errors.push({ field: `${at}.horario`, reason: "horário inválido (RFC 3339)" });
    if (item.txid !== undefined && (typeof item.txid !== "string" || item.txid.length > 35)) errors.push({ field: `${at}.txid`, reason: "txid inválido" });
    if (errors.length === 0) out.push({ item, amountCents: amountCents!, paidAt: paidAt! });
  });
  if (errors.length) throw fieldErrors(errors, "Notificação Pix inválida");
  return out;
}

/** The debtor's time zone (by UF), else the creditor's: the calendar of the payment date. */
async function zoneOf(deps: AppDeps, creditorId: string, debtorId: number | null): Promise<string> {
  const { db } = deps.database;
  if (debtorId !== null) {
    const debtor = await db.selectFrom("debtors").select("state").where("creditor_id", "=", creditorId).where("id", "=", debtorId).executeTakeFirst();
    if (debtor?.state && isUf(debtor.state)) return timeZoneOf(debtor.state);
  }
  const creditor = await db.selectFrom("creditors").select("time_zone").where("id", "=", creditorId).executeTakeFirst();
  return creditor?.time_zone ?? "America/Sao_Paulo";
}
