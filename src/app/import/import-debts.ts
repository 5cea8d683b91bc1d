import { randomUUID } from "node:crypto";
import { retryLostRace } from "../../db/retry.ts";
import { AppError } from "../../shared/app-error.ts";
import { formatDocument } from "../../domain/br/documents.ts";
import { formatCents } from "../../domain/br/money.ts";
import { FIELD_LABELS, mapColumns } from "../../domain/import/columns.ts";
import { validateRow, type ImportRecord, type RowIssue } from "../../domain/import/validate-row.ts";
import { authorize, type Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import type { ImportStore, NewDebt, NewDebtor, NewEvent, StoredDebt, StoredDebtor } from "./import-store.ts";
import { postgresImportStore } from "./postgres-import-store.ts";
import { readTable, type Progress } from "./read-table.ts";
import { sqliteImportStore } from "./sqlite-import-store.ts";

export type ImportDebtsInput = {
  creditorId: string;
  path: string;
  fileName?: string;
  dryRun?: boolean;
  allOrNothing?: boolean;
  batchSize?: number;
  onProgress?: Progress;
};

/** The import report; its JSON form is the `--json` contract. */
export type ImportResult = {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: RowIssue[];
  warnings: RowIssue[];
};

const DEFAULT_BATCH = 5000;

class Rollback extends Error {}

/**
 * Imports a CSV/XLSX portfolio file for one creditor. Valid rows go in (one transaction
 * per batch, or one for the whole file with `allOrNothing`, rolled back if any row is
 * rejected); `dryRun` does everything and rolls it all back. Debtors are merged by
 * document, debts upserted by external id.
 */
export async function importDebts(deps: AppDeps, actor: Actor, input: ImportDebtsInput): Promise<ImportResult> {
  const scope = authorize(actor, input.creditorId, "import");
  const { database, clock } = deps;
  const creditor = await database.db.selectFrom("creditors").select("id").where("id", "=", scope.creditorId).executeTakeFirst();
  if (!creditor) throw new AppError("not_found", "Credor não encontrado.");

  const now = clock.now().toISOString();
  const importId = randomUUID();
  const store: ImportStore =
    database.dialect === "sqlite"
      ? sqliteImportStore(database, scope.creditorId, now, actor.label)
      : await postgresImportStore(database.pool, scope.creditorId, now, actor.label);

  const result: ImportResult = { imported: 0, updated: 0, unchanged: 0, rejected: [], warnings: [] };
  const outerTransaction = Boolean(input.dryRun || input.allOrNothing);
  const batchSize = input.batchSize ?? DEFAULT_BATCH;

  const processFile = async () => {
    const rows = readTable(input.path, input.onProgress);
    const first = await rows.next();
    if (first.done) throw new AppError("import_rejected", "arquivo vazio: falta a linha de cabeçalho", [{ line: 1, field: "", reason: "arquivo vazio" }]);
    const map = mapColumns(first.value.cells);
    const fileErrors: RowIssue[] = [
      ...map.missing.map((f) => ({ line: 1, field: FIELD_LABELS[f], reason: `coluna obrigatória ausente (${FIELD_LABELS[f]})` })),
      ...map.duplicated.map((h) => ({ line: 1, field: h, reason: "coluna repetida no cabeçalho" })),
    ];
    if (fileErrors.length > 0) {
      throw new AppError("import_rejected", `cabeçalho inválido: ${fileErrors.map((e) => e.reason).join("; ")}`, fileErrors);
    }
    for (const h of map.unknown) result.warnings.push({ line: 1, field: h, reason: "coluna desconhecida, ignorada" });

    const fields: WarnFields = { amount: map.fields.amount!.header, document: map.fields.document!.header };
    const firstLineOf = new Map<string, number>();
    let batch: ImportRecord[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const current = batch;
      batch = [];
      if (outerTransaction) return writeBatch(store, current, result, importId, fields);
      // A batch that lost a race (a deadlock with a payment, a debtor another import created
      // meanwhile) rolled back: its counts go back too, and it runs again.
      const counts = { imported: result.imported, updated: result.updated, unchanged: result.unchanged, warnings: result.warnings.length };
      await retryLostRace(async () => {
        try {
          await store.transaction(() => writeBatch(store, current, result, importId, fields));
        } catch (error) {
          Object.assign(result, { imported: counts.imported, updated: counts.updated, unchanged: counts.unchanged });
          result.warnings.length = counts.warnings;
          throw error;
        }
      });
    };
    for await (const { line, cells } of rows) {
      const row = validateRow(cells, map, line);
      for (const w of row.warnings) result.warnings.push(w);
      if (!row.record) {
        for (const r of row.rejected) result.rejected.push(r);
        continue;
      }
      const externalId = row.record.debt.externalId;
      const seen = firstLineOf.get(externalId);
      if (seen !== undefined) {
        result.rejected.push({ line, field: map.fields.debt_id!.header, reason: `título "${externalId}" repetido no arquivo (primeira ocorrência na linha ${seen})` });
        continue;
      }
      firstLineOf.set(externalId, line);
      batch.push(row.record);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  };

  try {
    if (outerTransaction) {
      try {
        // One transaction for the file: a lost race reads the whole file again.
        await retryLostRace(() => {
          Object.assign(result, { imported: 0, updated: 0, unchanged: 0, rejected: [], warnings: [] });
          return store.transaction(async () => {
            await processFile();
            if (input.dryRun || result.rejected.length > 0) throw new Rollback();
          });
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
        if (!input.dryRun) {
          result.imported = 0;
          result.updated = 0;
          result.unchanged = 0;
        }
      }
    } else {
      await processFile();
    }
  } finally {
    await store.close();
  }

  result.rejected.sort((a, b) => a.line - b.line);
  result.warnings.sort((a, b) => a.line - b.line);
  if (!input.dryRun) {
    const summary = { imported: result.imported, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected.length, warnings: result.warnings.length };
    await database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("imports")
        .values({ id: importId, creditor_id: scope.creditorId, file_name: input.fileName ?? input.path, at: now, actor: actor.label, dry_run: 0, summary: JSON.stringify(summary) })
        .execute();
      await recordAudit(trx, actor, clock.now(), { action: "import.debts", entity: "import", entityId: importId, creditorId: scope.creditorId, after: { file: input.fileName ?? input.path, ...summary } });
    });
  }
  return result;
}

function mergeDebtor(into: ImportRecord["debtor"], from: ImportRecord["debtor"]): void {
  if (from.name) into.name = from.name;
  if (from.state) into.state = from.state;
  if (from.city) into.city = from.city;
  if (from.zip) into.zip = from.zip;
  if (from.address) into.address = from.address;
  if (from.segment) into.segment = from.segment;
  if (from.tags.length) into.tags = [...new Set([...into.tags, ...from.tags])].sort();
  if (from.representativeEmail) into.representativeEmail = from.representativeEmail;
  if (from.riskBand) into.riskBand = from.riskBand;
}

/** The stored debtor after applying what the file says; `null` when nothing changes. */
function updatedDebtor(stored: StoredDebtor, incoming: ImportRecord["debtor"]): { next: StoredDebtor; changes: Record<string, [unknown, unknown]> } | null {
  const next: StoredDebtor = { ...stored };
  const changes: Record<string, [unknown, unknown]> = {};
  const set = <K extends "name" | "state" | "city" | "zip" | "address" | "segment" | "tags" | "representativeEmail" | "riskBand">(key: K, value: StoredDebtor[K] | null) => {
    if (value !== null && value !== "" && value !== stored[key]) {
      changes[key] = [stored[key], value];
      next[key] = value;
    }
  };
  set("name", incoming.name);
  set("state", incoming.state);
  set("city", incoming.city);
  set("zip", incoming.zip);
  set("address", incoming.address);
  set("segment", incoming.segment);
  set("representativeEmail", incoming.representativeEmail);
  set("riskBand", incoming.riskBand);
  if (incoming.tags.length) {
    const merged = [...new Set([...(JSON.parse(stored.tags) as string[]), ...incoming.tags])].sort();
    set("tags", JSON.stringify(merged));
  }
  return Object.keys(changes).length ? { next, changes } : null;
}

/** The columns, as written in the file, that `writeBatch` names in its warnings. */
type WarnFields = { amount: string; document: string };

/** Debts whose amount and debtor the file cannot change: money received, an agreement or a write-off fixed them. */
const FROZEN: Partial<Record<string, string>> = {
  settled: "título quitado",
  in_agreement: "título em acordo",
  written_off: "título baixado como perda",
};

/**
 * Why a row's new amount is not applied, or null when it is. The file cannot reopen a
 * settled debt, change one an agreement or a write-off fixed, or go below what was already
 * paid of the principal: those need a person (a refund, a new agreement). The rest of the
 * row still applies; the import reports the amount as a warning.
 */
function keptAmount(stored: StoredDebt, amountCents: number): string | null {
  if (amountCents === stored.originalCents) return null;
  const kept = `o valor continua ${formatCents(stored.originalCents)}`;
  const frozen = FROZEN[stored.status];
  if (frozen) return `${frozen}: ${kept}`;
  const paidCents = stored.originalCents - stored.openCents;
  if (amountCents <= paidCents) {
    return `o novo valor (${formatCents(amountCents)}) não passa do que já foi pago do principal (${formatCents(paidCents)}): ${kept}; acerte a diferença à mão`;
  }
  return null;
}

/** The stored debt after applying the row; `null` when nothing changes. */
function updatedDebt(stored: StoredDebt, debtorId: number, incoming: ImportRecord["debt"]): StoredDebt | null {
  const paidCents = stored.originalCents - stored.openCents;
  const next: StoredDebt = {
    ...stored,
    debtorId,
    description: incoming.description ?? stored.description,
    originalCents: incoming.amountCents,
    openCents: incoming.amountCents - paidCents,
    issueDate: incoming.issueDate ?? stored.issueDate,
    dueDate: incoming.dueDate,
    contract: incoming.contract ?? stored.contract,
    instalment: incoming.instalment ?? stored.instalment,
    ourNumber: incoming.ourNumber ?? stored.ourNumber,
  };
  const same =
    next.debtorId === stored.debtorId && next.description === stored.description && next.originalCents === stored.originalCents &&
    next.issueDate === stored.issueDate && next.dueDate === stored.dueDate && next.contract === stored.contract &&
    next.instalment === stored.instalment && next.ourNumber === stored.ourNumber;
  return same ? null : next;
}

async function writeBatch(store: ImportStore, records: ImportRecord[], result: ImportResult, importId: string, fields: WarnFields): Promise<void> {
  // Debts first, then debtors: the order the payment ledger locks them in on PostgreSQL, where
  // both finds lock their rows until the batch commits (a payment landing meanwhile waits, and
  // what this batch writes starts from what that payment left).
  const storedDebts = new Map((await store.findDebts(records.map((r) => r.debt.externalId))).map((d) => [d.externalId, d]));
  const debtorsByDocument = new Map<string, ImportRecord["debtor"]>();
  for (const r of records) {
    const known = debtorsByDocument.get(r.debtor.document);
    if (known) mergeDebtor(known, r.debtor);
    else debtorsByDocument.set(r.debtor.document, { ...r.debtor, tags: [...r.debtor.tags] });
  }

  const events: NewEvent[] = [];
  const debtorIds = new Map<string, number>();
  const created = new Set<number>();
  const existing = await store.findDebtors([...debtorsByDocument.keys()]);
  const toUpdate: StoredDebtor[] = [];
  for (const stored of existing) {
    debtorIds.set(stored.document, stored.id);
    const change = updatedDebtor(stored, debtorsByDocument.get(stored.document)!);
    if (change) {
      toUpdate.push(change.next);
      events.push({ debtorId: stored.id, debtId: null, kind: "debtor.updated", data: JSON.stringify({ importId, changes: change.changes }) });
    }
  }
  const fresh: NewDebtor[] = [];
  for (const [document, d] of debtorsByDocument) {
    if (debtorIds.has(document)) continue;
    fresh.push({
      document, kind: d.kind, name: d.name || formatDocument(document), state: d.state, city: d.city, zip: d.zip,
      address: d.address, segment: d.segment, tags: JSON.stringify(d.tags), representativeEmail: d.representativeEmail, riskBand: d.riskBand,
    });
  }
  const freshIds = await store.insertDebtors(fresh);
  fresh.forEach((d, i) => {
    debtorIds.set(d.document, freshIds[i]!);
    created.add(freshIds[i]!);
  });
  await store.updateDebtors(toUpdate);

  const newDebts: NewDebt[] = [];
  const changedDebts: StoredDebt[] = [];
  const perDebtor = new Map<number, { created: string[]; updated: string[] }>();
  const note = (debtorId: number, key: "created" | "updated", externalId: string) => {
    let entry = perDebtor.get(debtorId);
    if (!entry) perDebtor.set(debtorId, (entry = { created: [], updated: [] }));
    entry[key].push(externalId);
  };
  for (const r of records) {
    let debtorId = debtorIds.get(r.debtor.document)!;
    const stored = storedDebts.get(r.debt.externalId);
    if (!stored) {
      newDebts.push({
        externalId: r.debt.externalId, debtorId, description: r.debt.description, originalCents: r.debt.amountCents,
        openCents: r.debt.amountCents, issueDate: r.debt.issueDate, dueDate: r.debt.dueDate, contract: r.debt.contract,
        instalment: r.debt.instalment, ourNumber: r.debt.ourNumber, status: "open",
      });
      note(debtorId, "created", r.debt.externalId);
      result.imported++;
      continue;
    }
    const kept = keptAmount(stored, r.debt.amountCents);
    if (kept) result.warnings.push({ line: r.line, field: fields.amount, reason: kept });
    // Its payments, agreement and history belong to the debtor it has: the file cannot move it.
    const frozen = FROZEN[stored.status];
    if (frozen && debtorId !== stored.debtorId) {
      result.warnings.push({ line: r.line, field: fields.document, reason: `${frozen}: o título continua com o devedor que já tem` });
      debtorId = stored.debtorId;
    }
    const next = updatedDebt(stored, debtorId, kept ? { ...r.debt, amountCents: stored.originalCents } : r.debt);
    if (!next) {
      result.unchanged++;
      continue;
    }
    changedDebts.push(next);
    note(debtorId, "updated", r.debt.externalId);
    result.updated++;
    if (next.originalCents !== stored.originalCents) {
      events.push({
        debtorId, debtId: stored.id, kind: "debt.amount_changed",
        data: JSON.stringify({ importId, externalId: stored.externalId, beforeCents: stored.originalCents, afterCents: next.originalCents, openBeforeCents: stored.openCents, openAfterCents: next.openCents }),
      });
    }
  }
  await store.insertDebts(newDebts);
  await store.updateDebts(changedDebts);

  // A debtor's contacts repeat on each of its rows: send each one to the store once.
  const contacts = new Map<string, Parameters<ImportStore["insertContacts"]>[0][number]>();
  for (const r of records) {
    const debtorId = debtorIds.get(r.debtor.document)!;
    for (const c of r.contacts) {
      const key = `${debtorId}\u0000${c.kind}\u0000${c.value}`;
      if (!contacts.has(key)) contacts.set(key, { ...c, debtorId });
    }
  }
  await store.insertContacts([...contacts.values()]);

  for (const [debtorId, entry] of perDebtor) {
    events.push({ debtorId, debtId: null, kind: "debt.imported", data: JSON.stringify({ importId, debtorCreated: created.has(debtorId), created: entry.created, updated: entry.updated }) });
  }
  await store.insertEvents(events);
}
