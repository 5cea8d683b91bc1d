import { parseLadderDocument, type Ladder, type LadderIssue } from "../../domain/ladder/ladder-document.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";

export type LadderValidation = { ok: true; document: Ladder; warnings: LadderIssue[] } | { ok: false; errors: LadderIssue[] };

/**
 * Checks a ladder document exactly as saving would, without saving: the editor calls it as
 * the manager types and shows each error beside its step (`steps[1].offsetDays: …`).
 */
export async function checkLadderDocument(deps: AppDeps, actor: Actor, creditorId: string, document: unknown): Promise<LadderValidation> {
  await authorizeExisting(deps, actor, creditorId, "ladder.write");
  const parsed = parseLadderDocument(document);
  return parsed.ok ? { ok: true, document: parsed.ladder, warnings: parsed.warnings } : { ok: false, errors: parsed.errors };
}
