import { getBoletoPdf } from "../boleto/list-boletos.ts";
import type { AppDeps } from "../deps.ts";
import { findOwnDebt } from "./own-debt.ts";
import type { SelfServiceSession } from "./sessions.ts";

/** The PDF of a boleto of one of the session's debtor's debts (the boleto area's `getBoletoPdf`). */
export async function getSelfServiceBoletoPdf(deps: AppDeps, session: SelfServiceSession, debtIdRaw: string, boletoIdRaw: string): Promise<{ pdf: Buffer; fileName: string }> {
  const debt = await findOwnDebt(deps, session, debtIdRaw);
  const { pdf, fileName } = await getBoletoPdf(deps, session.actor, session.creditorId, { id: debt.id }, boletoIdRaw);
  return { pdf, fileName };
}
