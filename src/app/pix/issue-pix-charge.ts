import { randomBytes } from "node:crypto";
import QRCode from "qrcode";
import { centsToValor, type CobRequest, type CobResponse, type CobVRequest, type CobVResponse, type CobVDevedor } from "../../channels/pix-psp/api-pix.ts";
import { isValidIsoDate, localDateOf } from "../../domain/br/dates.ts";
import { normalizeDocument } from "../../domain/br/documents.ts";
import { isUf, timeZoneOf } from "../../domain/br/uf.ts";
import { AppError, invalid } from "../../shared/app-error.ts";
import type { Actor, CreditorScope } from "../access.ts";
import { recordAudit } from "../audit.ts";
import { chargesForDebts } from "../charges/get-debt-charges.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { pixOf, type PixAppDeps } from "./pix-deps.ts";
import { loadPixChargeView, type PixChargeView } from "./list-pix-charges.ts";
import { ensurePixWebhook } from "./register-pix-webhook.ts";

export type IssuePixChargeInput = {
  /** Debts by id (API) … */
  debtIds?: (string | number)[];
  /** … or by the creditor's external id (CLI) … */
  externalIds?: string[];
  /** … or every open debt of the debtor with this CPF/CNPJ. */
  debtorDocument?: string;
  /** With a due date: a cobrança com vencimento (cobv), payable until that day; without: an immediate cob. */
  dueDate?: string;
  /** Also render the QR Code as a PNG (base64). */
  withQr?: boolean;
};

export type IssuedPixCharge = PixChargeView & { qrPngBase64?: string };

type DebtRow = { id: number; debtor_id: number; external_id: string; open_cents: number; status: string };

/** 32 letters and digits: inside the API's 26–35 for a txid chosen by the receiver. */
export function newTxid(): string {
  return `rg${randomBytes(15).toString("hex")}`;
}

/**
 * Issues a dynamic PIX charge for one or more debts of one debtor: amount = what the debts
 * owe today (principal + fine + interest + correction, in the debtor's time zone), through
 * the PSP (`PUT /cob/{txid}`, or `PUT /cobv/{txid}` with a due date), stored with the debts
 * it covers, on the debtor's timeline. The webhook is registered at the PSP first if needed.
 */
export async function issuePixCharge(deps: PixAppDeps, actor: Actor, creditorId: string, input: IssuePixChargeInput): Promise<IssuedPixCharge> {
  const scope = await authorizeExisting(deps, actor, creditorId, "pix.issue");
  const { db } = deps.database;
  const debts = await selectDebts(deps, scope, input);
  const debtorIds = new Set(debts.map((d) => d.debtor_id));
  if (debtorIds.size > 1) throw invalid("debtIds", "os títulos pertencem a devedores diferentes: uma cobrança Pix é de um só devedor");
  for (const d of debts) {
    if (d.status !== "open") throw new AppError("invalid_input", `O título ${d.external_id} não está em aberto (situação: ${d.status}).`, [{ field: "debtIds", reason: `título ${d.external_id} não está em aberto` }]);
    if (d.open_cents <= 0) throw new AppError("invalid_input", `O título ${d.external_id} não tem saldo em aberto.`, [{ field: "debtIds", reason: `título ${d.external_id} sem saldo` }]);
  }
  const debtorId = debts[0]!.debtor_id;
  const debtor = await db.selectFrom("debtors").select(["id", "document", "kind", "name", "state", "city", "zip", "address"]).where("creditor_id", "=", scope.creditorId).where("id", "=", debtorId).executeTakeFirstOrThrow();
  const creditor = await db.selectFrom("creditors").select(["legal_name", "trade_name", "time_zone"]).where("id", "=", scope.creditorId).executeTakeFirstOrThrow();

  const now = deps.clock.now();
  const zone = debtor.state && isUf(debtor.state) ? timeZoneOf(debtor.state) : creditor.time_zone;
  const today = localDateOf(now, zone);
  if (input.dueDate !== undefined) {
    if (!isValidIsoDate(input.dueDate)) throw invalid("dueDate", `data inválida "${input.dueDate}" (use AAAA-MM-DD)`);
    if (input.dueDate < today) throw invalid("dueDate", `o vencimento ${input.dueDate} já passou (hoje é ${today} no fuso do devedor)`);
  }

  const charges = await chargesForDebts(deps, scope, debts.map((d) => d.id), today);
  const owed = debts.map((d) => ({ debt: d, cents: charges.get(d.id)?.totalCents ?? d.open_cents }));
  const amountCents = owed.reduce((sum, o) => sum + o.cents, 0);
  if (amountCents <= 0) throw new AppError("invalid_input", "Nada a cobrar: os títulos não têm saldo.");

  const pix = pixOf(deps);
  await ensurePixWebhook(deps, scope);
  const txid = newTxid();
  const creditorName = creditor.trade_name || creditor.legal_name;
  const externalIds = debts.map((d) => d.external_id);
  const solicitacao = clip(`${creditorName}: pagamento ${externalIds.length === 1 ? "do título" : "dos títulos"} ${externalIds.join(", ")}`, 140);
  const infoAdicionais = [{ nome: externalIds.length === 1 ? "Título" : "Títulos", valor: clip(externalIds.join(", "), 200) }];
  const document = normalizeDocument(debtor.document);
  const identity = document.length === 11 ? { cpf: document } : { cnpj: document };
  const nome = clip(debtor.name, 200);

  let response: CobResponse | CobVResponse;
  if (input.dueDate === undefined) {
    const body: CobRequest = {
      calendario: { expiracao: pix.cobExpirationSeconds ?? 86400 },
      devedor: { ...identity, nome },
      valor: { original: centsToValor(amountCents) },
      chave: pix.pixKey,
      solicitacaoPagador: solicitacao,
      infoAdicionais,
    };
    response = await pix.psp.putCob(txid, body);
  } else {
    const devedor: CobVDevedor = { ...identity, nome };
    if (debtor.address) devedor.logradouro = clip(debtor.address, 200);
    if (debtor.city) devedor.cidade = clip(debtor.city, 200);
    if (debtor.state && isUf(debtor.state)) devedor.uf = debtor.state;
    const zip = (debtor.zip ?? "").replace(/\D/g, "");
    if (zip.length === 8) devedor.cep = zip;
    // The amount is what is owed today; after the due date the debtor asks for a new charge
    // with updated charges, so the PSP adds no fine or interest and refuses late payment.
    const body: CobVRequest = {
      calendario: { dataDeVencimento: input.dueDate, validadeAposVencimento: 0 },
      devedor,
      valor: { original: centsToValor(amountCents) },
      chave: pix.pixKey,
      solicitacaoPagador: solicitacao,
      infoAdicionais,
    };
    response = await pix.psp.putCobV(txid, body);
  }

  const kind = input.dueDate === undefined ? "cob" : "cobv";
  const expiresAt = kind === "cob" ? new Date(Date.parse((response as CobResponse).calendario.criacao) + (response as CobResponse).calendario.expiracao * 1000).toISOString() : null;
  const at = now.toISOString();
  const chargeId = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("pix_charges")
      .values({
        creditor_id: scope.creditorId, debtor_id: debtorId, txid, kind, amount_cents: amountCents, due_date: input.dueDate ?? null,
        expires_at: Number.isNaN(Date.parse(expiresAt ?? "")) ? null : expiresAt, status: response.status, pix_key: pix.pixKey,
        pix_copia_e_cola: response.pixCopiaECola, location: response.location, revision: response.revisao, paid_cents: null,
        end_to_end_id: null, paid_at: null, created_by: actor.label, created_at: at, updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    await trx.insertInto("pix_charge_debts").values(owed.map((o) => ({ charge_id: id, debt_id: o.debt.id, amount_cents: o.cents }))).execute();
    await trx
      .insertInto("events")
      .values({
        creditor_id: scope.creditorId, debtor_id: debtorId, debt_id: debts.length === 1 ? debts[0]!.id : null, kind: "pix.charge_issued", at, actor: actor.label,
        data: JSON.stringify({ txid, kind, amountCents, dueDate: input.dueDate ?? null, debtIds: debts.map((d) => String(d.id)), externalIds }),
      })
      .execute();
    await recordAudit(trx, actor, now, { action: "pix.charge.issue", entity: "pix_charge", entityId: String(id), creditorId: scope.creditorId, after: { txid, kind, amountCents, dueDate: input.dueDate ?? null, debtIds: debts.map((d) => d.id) } });
    return id;
  });

  const view = await loadPixChargeView(db, scope.creditorId, chargeId);
  if (!input.withQr) return view;
  const png = await QRCode.toBuffer(view.pixCopiaECola, { type: "png", errorCorrectionLevel: "M", margin: 4, width: 320 });
  return { ...view, qrPngBase64: png.toString("base64") };
}

async function selectDebts(deps: PixAppDeps, scope: CreditorScope, input: IssuePixChargeInput): Promise<DebtRow[]> {
  const { db } = deps.database;
  const given = [input.debtIds?.length ? "debtIds" : null, input.externalIds?.length ? "externalIds" : null, input.debtorDocument ? "debtorDocument" : null].filter(Boolean);
  if (given.length !== 1) throw invalid("debtIds", "informe os títulos (debtIds) ou o CPF/CNPJ do devedor (debtorDocument), um dos dois");
  const columns = ["id", "debtor_id", "external_id", "open_cents", "status"] as const;
  if (input.debtIds?.length) {
    const ids = [...new Set(input.debtIds.map((id) => Number(id)))];
    if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) throw invalid("debtIds", "id de título inválido");
    const rows = await db.selectFrom("debts").select(columns).where("creditor_id", "=", scope.creditorId).where("id", "in", ids).orderBy("due_date").orderBy("id").execute();
    if (rows.length !== ids.length) throw new AppError("not_found", "Título não encontrado.");
    return rows;
  }
  if (input.externalIds?.length) {
    const ids = [...new Set(input.externalIds.map((id) => id.trim()))];
    const rows = await db.selectFrom("debts").select(columns).where("creditor_id", "=", scope.creditorId).where("external_id", "in", ids).orderBy("due_date").orderBy("id").execute();
    const missing = ids.filter((id) => !rows.some((r) => r.external_id === id));
    if (missing.length) throw new AppError("not_found", `Título não encontrado: ${missing.join(", ")}.`);
    return rows;
  }
  const document = normalizeDocument(input.debtorDocument!);
  const debtor = await db.selectFrom("debtors").select("id").where("creditor_id", "=", scope.creditorId).where("document", "=", document).executeTakeFirst();
  if (!debtor) throw new AppError("not_found", "Devedor não encontrado.");
  const rows = await db.selectFrom("debts").select(columns).where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtor.id).where("status", "=", "open").where("open_cents", ">", 0).orderBy("due_date").orderBy("id").execute();
  if (rows.length === 0) throw new AppError("invalid_input", "O devedor não tem títulos em aberto.");
  return rows;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
