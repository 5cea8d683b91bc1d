import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "./debtors.ts";

export type ImportSummaryView = {
  id: string;
  fileName: string;
  at: string;
  actor: string;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
};

function decodeBefore(raw: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(value) && typeof value[0] === "string" && !Number.isNaN(Date.parse(value[0])) && typeof value[1] === "string") {
      return [new Date(value[0]).toISOString(), value[1]];
    }
  } catch {
    // fall through
  }
  throw new AppError("validation", "before: cursor inválido", [{ field: "before", reason: "cursor inválido" }]);
}

/**
 * The creditor's past imports, most recent first (simulations are not recorded), paged by
 * `before` (the `nextBefore` of the previous page). Only their counts are kept; the per-row report is given once, by the import itself.
 */
export async function listImports(deps: AppDeps, actor: Actor, creditorId: string, input: { limit?: number; before?: string } = {}): Promise<{ items: ImportSummaryView[]; nextBefore: string | null }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "import");
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  let query = deps.database.db.selectFrom("imports").selectAll().where("creditor_id", "=", scope.creditorId).orderBy("at", "desc").orderBy("id", "desc").limit(limit + 1);
  if (input.before) {
    const [at, id] = decodeBefore(input.before);
    query = query.where((eb) => eb.or([eb("at", "<", at), eb.and([eb("at", "=", at), eb("id", "<", id)])]));
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => {
      const summary = JSON.parse(r.summary) as Partial<Record<"imported" | "updated" | "unchanged" | "rejected" | "warnings", number>>;
      return {
        id: r.id, fileName: r.file_name, at: r.at, actor: r.actor, imported: summary.imported ?? 0, updated: summary.updated ?? 0,
        unchanged: summary.unchanged ?? 0, rejected: summary.rejected ?? 0, warnings: summary.warnings ?? 0,
      };
    }),
    nextBefore: rows.length > limit ? Buffer.from(JSON.stringify([page[page.length - 1]!.at, page[page.length - 1]!.id])).toString("base64url") : null,
  };
}
