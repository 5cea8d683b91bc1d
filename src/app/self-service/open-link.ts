import type { AppDeps } from "../deps.ts";
import { verifyLinkToken } from "./link-token.ts";
import { linkKey } from "./self-service-context.ts";

/** A link whose signature checked, not yet expired, of a debtor that exists. */
export type OpenedLink = { token: string; creditorId: string; debtorId: number; linkId: string; expiresAt: Date };

/** invalid: tampered, truncated, not ours, or its debtor is gone; expired: ours, but too old. Neither says more. */
export type LinkOutcome = { kind: "invalid" } | { kind: "expired" } | { kind: "ok"; link: OpenedLink };

/** Checks the token of `/p/{token}` and that its debtor still belongs to its creditor. Reads only. */
export async function openSelfServiceLink(deps: AppDeps, token: string): Promise<LinkOutcome> {
  const check = verifyLinkToken(await linkKey(deps), token, deps.clock.now());
  if (!check.ok) return { kind: check.reason === "expired" ? "expired" : "invalid" };
  const debtor = await deps.database.db.selectFrom("debtors").select("id").where("creditor_id", "=", check.creditorId).where("id", "=", check.debtorId).executeTakeFirst();
  if (!debtor) return { kind: "invalid" };
  return { kind: "ok", link: { token, creditorId: check.creditorId, debtorId: check.debtorId, linkId: check.linkId, expiresAt: check.expiresAt } };
}
