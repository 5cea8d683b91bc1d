import type { Generated } from "kysely";

/** Tables of the self-service area (see migrations/0011-self-service.ts). */
export type SelfServiceSchema = {
  self_service_keys: SelfServiceKeyTable;
  self_service_attempts: SelfServiceAttemptTable;
  self_service_sessions: SelfServiceSessionTable;
};

export type SelfServiceKeyTable = {
  id: string;
  secret: string;
  created_at: string;
};

export type SelfServiceAttemptTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  /** A hash of the link the answer came through (see app/self-service/link-token.ts). */
  link_id: string;
  at: string;
  /** 1 = the right digits, 0 = wrong. */
  ok: number;
};

export type SelfServiceSessionTable = {
  /** SHA-256 of the cookie's token (base64url). */
  id: string;
  creditor_id: string;
  debtor_id: number;
  link_id: string;
  created_at: string;
  /** Sliding: every request moves it `sessionMinutes` ahead, up to the absolute limit. */
  expires_at: string;
  ended_at: string | null;
};
