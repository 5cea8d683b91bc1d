import type { Generated } from "kysely";

/** The columns migration 0012 adds to `actions` (intersected with the ladder's type in `Schema`). */
export type DispatchSchema = {
  actions: {
    claimed_at: Generated<string | null>;
    committing_at: Generated<string | null>;
    recipient: Generated<string | null>;
    template_key: Generated<string | null>;
    template_version: Generated<number | null>;
  };
};
