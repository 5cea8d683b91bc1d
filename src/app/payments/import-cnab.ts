import { createHash } from "node:crypto";
import { formatCnabError, type CnabFormat, type CnabRecord } from "../../domain/cnab/cnab-types.ts";
import { parseCnab } from "../../domain/cnab/parse-cnab.ts";
import { AppError, type FieldError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import type { LedgerInput } from "./payment-ledger.ts";
import type { UnmatchedReason } from "./payment-types.ts";
import { recordPaymentBatch } from "./record-payment.ts";

export type ImportCnabInput = {
  /** The file as received (CNAB is Latin-1). */
  content: Buffer;
  fileName: string;
  /** CNAB 240 only: accept a fragment of detail records without headers and trailers. */
  requireEnvelope?: boolean;
  /** Settlements per transaction (default 5,000). */
  batchSize?: number;
  /** Called after each batch is committed. */
  onBatch?: (done: number, total: number) => void | Promise<void>;
};

/** One settlement of the file that matched no debt: it waits in the reconciliation queue as `paymentId`. */
export type CnabUnmatchedItem = { paymentId: string; ourNumber: string; paidCents: number; paidDate: string; line: number; reason: UnmatchedReason };

export type ImportCnabResult = {
  /** Settlements recorded and imputed now. */
  applied: number;
  /** Settlements recorded now in the reconciliation queue. */
  unmatched: CnabUnmatchedItem[];
  /** Settlements recorded by an earlier import (applied, queued or rejected then): nothing changed. */
  alreadyApplied: number;
  /** Records that are not settlements (entries, cancellations, instructions…): not payments. */
  ignored: number;
  /** What the settlements applied now paid, in centavos. */
  appliedCents: number;
  format: CnabFormat;
  bank: string;
  records: number;
  fileId: string;
  sha256: string;
};

const DEFAULT_BATCH = 5000;

/**
 * The idempotency key of a settlement: the same settlement reported again — the same file
 * imported twice, or repeated in the next day's file — is recorded once.
 */
export function cnabSettlementKey(bank: string, r: CnabRecord): string {
  return `cnab:${bank}:${r.ourNumber}:${r.movement}:${r.paidDate}:${r.paidCents}`;
}

/**
 * Imports a bank return file: checks all of it first (a malformed file applies nothing),
 * then records its settlements (movements the parser marks as liquidation) through the
 * ledger, one transaction per batch. A crash mid-file leaves whole batches applied; the
 * re-run finds their keys and applies only the rest.
 */
export async function importCnab(deps: AppDeps, actor: Actor, creditorId: string, input: ImportCnabInput): Promise<ImportCnabResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "import");
  const parsed = parseCnab(input.content.toString("latin1"), { requireEnvelope: input.requireEnvelope ?? true });
  if (!parsed.ok) throw cnabError(parsed.errors);
  const file = parsed.value;

  const settlements = file.records.filter((r) => r.settlement);
  const problems: { line: number; reason: string }[] = [];
  for (const r of settlements) {
    if (r.paidDate === null) problems.push({ line: r.line, reason: "liquidação sem data da ocorrência (data do pagamento)" });
    if (r.paidCents <= 0) problems.push({ line: r.line, reason: "liquidação com valor pago zero" });
  }
  if (problems.length) throw cnabError(problems);

  const sha256 = createHash("sha256").update(input.content).digest("hex");
  const receivedAt = deps.clock.now().toISOString();
  const { id: fileId } = await deps.database.db
    .insertInto("cnab_files")
    .values({ creditor_id: scope.creditorId, sha256, file_name: input.fileName, bank: file.bank, format: file.format, status: "processing", actor: actor.label, received_at: receivedAt, completed_at: null, summary: "{}" })
    .returning("id")
    .executeTakeFirstOrThrow();

  const result: ImportCnabResult = {
    applied: 0, unmatched: [], alreadyApplied: 0, ignored: file.records.length - settlements.length, appliedCents: 0,
    format: file.format, bank: file.bank, records: file.records.length, fileId: String(fileId), sha256,
  };
  const batchSize = Math.max(1, input.batchSize ?? DEFAULT_BATCH);
  for (let start = 0; start < settlements.length; start += batchSize) {
    const batch = settlements.slice(start, start + batchSize);
    const inputs = batch.map((r): LedgerInput => ({
      source: "cnab",
      method: "boleto",
      idempotencyKey: cnabSettlementKey(file.bank, r),
      amountCents: r.paidCents,
      paidDate: r.paidDate!,
      creditedDate: r.creditDate,
      feeCents: r.feeCents,
      ourNumber: r.ourNumber,
      cnabFileId: Number(fileId),
      // Bank and format are on the file; face value and due date help a person place an unmatched settlement.
      details: r.interestCents || r.discountCents
        ? { movement: r.movement, line: r.line, faceValueCents: r.faceValueCents, dueDate: r.dueDate, creditedCents: r.creditedCents, interestCents: r.interestCents, discountCents: r.discountCents }
        : { movement: r.movement, line: r.line, faceValueCents: r.faceValueCents, dueDate: r.dueDate, creditedCents: r.creditedCents },
    }));
    // The file is audited once below, with its counts; each payment row names the file and the actor.
    const outcomes = await recordPaymentBatch(deps, actor, scope.creditorId, inputs, { audit: "none" });
    outcomes.forEach((o, n) => {
      const r = batch[n]!;
      if (o.status === "applied") {
        result.applied++;
        result.appliedCents += r.paidCents;
      } else if (o.status === "already_applied") {
        result.alreadyApplied++;
      } else {
        result.unmatched.push({ paymentId: String(o.paymentId), ourNumber: r.ourNumber, paidCents: r.paidCents, paidDate: r.paidDate!, line: r.line, reason: o.unmatchedReason! });
      }
    });
    await input.onBatch?.(Math.min(start + batchSize, settlements.length), settlements.length);
  }

  const summary = { records: result.records, settlements: settlements.length, applied: result.applied, unmatched: result.unmatched.length, alreadyApplied: result.alreadyApplied, ignored: result.ignored, appliedCents: result.appliedCents };
  const completedAt = deps.clock.now();
  await deps.database.db.transaction().execute(async (trx) => {
    await trx.updateTable("cnab_files").set({ status: "completed", completed_at: completedAt.toISOString(), summary: JSON.stringify(summary) }).where("id", "=", fileId).execute();
    await recordAudit(trx, actor, completedAt, { action: "cnab.import", entity: "cnab_file", entityId: String(fileId), creditorId: scope.creditorId, after: { fileName: input.fileName, sha256, bank: file.bank, format: file.format, ...summary } });
  });
  return result;
}

function cnabError(errors: readonly { line: number; reason: string }[]): AppError {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  const first = sorted[0];
  const fields: FieldError[] = sorted.map((e) => ({ field: "arquivo", line: e.line, reason: e.reason }));
  return new AppError("invalid_input", `arquivo CNAB inválido (${sorted.length} erro${sorted.length === 1 ? "" : "s"}), nada foi aplicado${first ? `; ${formatCnabError(first)}` : ""}`, fields);
}
