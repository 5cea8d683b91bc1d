import { renderBoletoPdf } from "../../render/boleto-pdf.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import type { DebtRef } from "../charges/get-debt-charges.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, parseId } from "../portfolio/debtors.ts";
import { isBoletoBank } from "./billing-rules.ts";
import { presentBoletos, resolveDebtId, selectBoletoRows, type BoletoView, type StoredSlip } from "./boleto-views.ts";

/** Every boleto issued for one debt, newest first (anyone who reads the portfolio). */
export async function listDebtBoletos(deps: AppDeps, actor: Actor, creditorId: string, debt: DebtRef): Promise<{ items: BoletoView[] }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  const debtId = await resolveDebtId(db, scope, debt);
  return { items: await presentBoletos(db, scope.creditorId, await selectBoletoRows(db, scope, debtId)) };
}

/**
 * The printable slip of one boleto of a debt, exactly as issued (parties and instructions
 * were stored with it): the payer's receipt and the ficha de compensação on one A4 page.
 */
export async function getBoletoPdf(deps: AppDeps, actor: Actor, creditorId: string, debt: DebtRef, boletoIdRaw: string | number): Promise<{ pdf: Buffer; fileName: string; boleto: BoletoView }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  const debtId = await resolveDebtId(db, scope, debt);
  const boletoId = typeof boletoIdRaw === "number" ? boletoIdRaw : parseId(boletoIdRaw, "Boleto");
  const [row] = await selectBoletoRows(db, scope, debtId, boletoId);
  if (!row) throw new AppError("not_found", "Boleto não encontrado.");
  const [boleto] = await presentBoletos(db, scope.creditorId, [row]);
  const slip = JSON.parse(row.slip) as StoredSlip;
  if (!isBoletoBank(row.bank)) throw new AppError("internal", `boleto de banco não suportado: ${row.bank}`);
  const pdf = await renderBoletoPdf({
    barcode: row.barcode, line: row.line, bank: row.bank, amountCents: Number(row.amount_cents), dueDate: row.due_date, ourNumberFormatted: row.our_number_formatted,
    agencyCode: slip.agencyCode, wallet: slip.wallet, beneficiary: slip.beneficiary, payer: slip.payer, instructions: slip.instructions,
    documentNumber: slip.documentNumber, issueDate: row.issue_date, paymentPlace: slip.paymentPlace,
  });
  return { pdf, fileName: boletoFileName(row.external_id, row.our_number), boleto: boleto! };
}

/** "boleto-ALFA-0001-123.pdf": ASCII letters, digits, "-" and "_" only, safe in a Content-Disposition header. */
export function boletoFileName(externalId: string, ourNumber: string): string {
  const safe = externalId.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, 60);
  return `boleto-${safe}-${ourNumber}.pdf`;
}
