/**
 * Actions and entities the audit log records, for its filters (labels in the dictionary:
 * `auditAction.*`, `auditEntity.*`). The server's lists (src/app/audit.ts), copied: a test
 * keeps them equal.
 */
export const AUDIT_ACTIONS = [
  "contact.add", "contact.invalidate", "contact.opt_out", "contact.opt_in", "creditor.create", "creditor.update", "creditor.contact_policy",
  "import.debts", "debtor.update", "debtor.pause", "debtor.resume", "debt.pause", "debt.resume", "debt.dispute", "debt.undispute",
  "payment.record", "payment.match", "payment.reject", "cnab.import", "billing_account.create", "boleto.issue",
  "pix.charge.issue", "pix.charge.paid", "pix.webhook.register", "pix.webhook.token",
  "ladder.apply", "ladder.assign", "ladder.run", "action.approve", "action.reject", "exit_point.configure", "template.save", "template.restore",
  "email.settings.update", "email.opt_out", "email.copy_opt_out", "index.import",
  "negotiation_policy.set", "agreement.create", "agreement.settle", "agreement.break", "agreement_approval.request", "agreement_approval.approve",
  "agreement_approval.reject", "promise.create", "promise.keep", "promise.break", "call.record", "selfservice.verify", "selfservice.lock",
  "user.create", "user.deactivate", "user.activate", "user.password_change", "apikey.create", "apikey.revoke",
] as const;

export const AUDIT_ENTITIES = [
  "creditor", "debtor", "debt", "contact", "import", "index", "payment", "cnab_file", "billing_account", "boleto", "pix_charge", "pix_webhook",
  "ladder", "run", "action", "message_template", "negotiation_policy", "agreement", "agreement_approval", "promise", "call_attempt", "user", "api_key",
] as const;
