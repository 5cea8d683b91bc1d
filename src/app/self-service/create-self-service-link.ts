import { AppError } from "../../shared/app-error.ts";
import type { AppDeps } from "../deps.ts";
import { signLinkToken } from "./link-token.ts";
import { linkKey, publicUrlOf, selfServiceSettingsOf } from "./self-service-context.ts";

export type SelfServiceLinkOptions = {
  /** Validity in days; default the settings' `linkDays` (30). */
  expiresInDays?: number;
};

/**
 * The signed, expiring link to the self-service page of one debtor of one creditor:
 * `{REGUA_PUBLIC_URL}/p/{token}`. What every message carries as `links.payment`. No
 * authorisation: callers are the system (the dispatcher, previews) and already hold the
 * creditor's scope; the debtor must belong to the creditor.
 */
export async function createSelfServiceLink(deps: AppDeps, creditorId: string, debtorId: number | string, options: SelfServiceLinkOptions = {}): Promise<string> {
  const id = typeof debtorId === "number" ? debtorId : Number(debtorId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError("not_found", "Devedor não encontrado.");
  const days = options.expiresInDays ?? selfServiceSettingsOf(deps).linkDays;
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new AppError("validation", "expiresInDays: use de 1 a 365 dias", [{ field: "expiresInDays", reason: "de 1 a 365" }]);
  const debtor = await deps.database.db.selectFrom("debtors").select("id").where("creditor_id", "=", creditorId).where("id", "=", id).executeTakeFirst();
  if (!debtor) throw new AppError("not_found", "Devedor não encontrado.");
  return selfServiceLinkOf(deps, creditorId, id, days);
}

/** The link itself, for a caller that already knows the debtor is the creditor's (the dispatcher's lots). */
export async function selfServiceLinkOf(deps: AppDeps, creditorId: string, debtorId: number, days = selfServiceSettingsOf(deps).linkDays): Promise<string> {
  const expiresAt = new Date(deps.clock.now().getTime() + days * 86_400_000);
  const token = signLinkToken(await linkKey(deps), { creditorId, debtorId, expiresAt });
  return `${publicUrlOf(deps)}/p/${token}`;
}
