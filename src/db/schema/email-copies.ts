import type { Generated } from "kysely";

/** Migration 0017: copies of collection e-mails as messages of their own (see the migration). */
export type EmailCopiesSchema = {
  actions: {
    /** JSON `CopyRecord[]` (src/app/email/email-copies.ts); null when the message had no copies. */
    copies: Generated<string | null>;
  };
  email_copy_opt_outs: EmailCopyOptOutTable;
};

export type EmailCopyOptOutTable = {
  id: Generated<number>;
  creditor_id: string;
  /** Lower-case, as copied. */
  address: string;
  opted_out_at: string;
  source: string;
  action_id: number | null;
};
