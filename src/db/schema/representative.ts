import type { Generated } from "kysely";

/** The column migration 0016 adds to `debtors` (intersected with its type in `Schema`). */
export type RepresentativeSchema = {
  debtors: {
    /** The account representative's e-mail (normalised like an e-mail contact), copied on collection e-mails; null = none. */
    representative_email: Generated<string | null>;
  };
};
