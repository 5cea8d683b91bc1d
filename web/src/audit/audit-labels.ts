/** Actions and entities the audit log records, for its filters (labels in the dictionary: `auditAction.*`, `auditEntity.*`). */
export const AUDIT_ACTIONS = [
  "contact.add", "contact.invalidate", "contact.opt_out", "contact.opt_in", "creditor.create", "creditor.update", "creditor.contact_policy",
  "import.debts", "debtor.pause", "debtor.resume", "debt.pause", "debt.resume", "debt.dispute", "debt.undispute",
  "payment.record", "payment.match", "payment.reject", "cnab.import", "boleto.issue", "pix.charge.issue", "pix.charge.paid",
  "ladder.apply", "ladder.assign", "ladder.run", "action.approve", "action.reject", "template.save", "template.restore",
  "email.settings.update", "email.opt_out", "index.import",
  "user.create", "user.deactivate", "user.activate", "user.password_change", "apikey.create", "apikey.revoke",
] as const;

export const AUDIT_ENTITIES = [
  "creditor", "debtor", "debt", "contact", "import", "payment", "cnab_file", "boleto", "pix_charge", "ladder", "action", "message_template", "user", "api_key",
] as const;
