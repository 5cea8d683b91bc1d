import type { Migration } from "kysely";
import { columnTypes, type Dialect } from "./migrations/column-types.ts";
import { foundation } from "./migrations/0001-foundation.ts";
import { charges } from "./migrations/0002-charges.ts";
import { payments } from "./migrations/0003-payments.ts";
import { ladder } from "./migrations/0004-ladder.ts";
import { holds } from "./migrations/0005-holds.ts";
import { templates } from "./migrations/0006-templates.ts";
import { email } from "./migrations/0007-email.ts";
import { pix } from "./migrations/0008-pix.ts";
import { billing } from "./migrations/0009-billing.ts";
import { negotiation } from "./migrations/0010-negotiation.ts";
import { selfService } from "./migrations/0011-self-service.ts";
import { dispatch } from "./migrations/0012-dispatch.ts";
import { calls } from "./migrations/0013-calls.ts";
import { exitPoint } from "./migrations/0014-exit-point.ts";
import { debtorBalances } from "./migrations/0015-debtor-balances.ts";
import { representative } from "./migrations/0016-representative.ts";
import { emailCopies } from "./migrations/0017-email-copies.ts";
import { balanceDeferral } from "./migrations/0018-balance-deferral.ts";
import { paymentsPaidOrder } from "./migrations/0019-payments-paid-order.ts";
import { debtorRecountLock } from "./migrations/0020-debtor-recount-lock.ts";

export type { Dialect } from "./migrations/column-types.ts";

/**
 * The migrations, written once for both dialects, one file per area under
 * `migrations/`. Never edit a migration that has shipped: add a new one.
 */
export function buildMigrations(dialect: Dialect): Record<string, Migration> {
  const t = columnTypes(dialect);
  return {
    "0001_foundation": foundation(t),
    "0002_charges": charges(t),
    "0003_payments": payments(t),
    "0004_ladder": ladder(t),
    "0005_holds": holds(t),
    "0006_templates": templates(t),
    "0007_email": email(t),
    "0008_pix": pix(t),
    "0009_billing": billing(t),
    "0010_negotiation": negotiation(t),
    "0011_self_service": selfService(t),
    "0012_dispatch": dispatch(t),
    "0013_calls": calls(t),
    "0014_exit_point": exitPoint(t),
    "0015_debtor_balances": debtorBalances(t),
    "0016_representative": representative(t),
    "0017_email_copies": emailCopies(t),
    "0018_balance_deferral": balanceDeferral(t),
    "0019_payments_paid_order": paymentsPaidOrder(t),
    "0020_debtor_recount_lock": debtorRecountLock(t),
  };
}
