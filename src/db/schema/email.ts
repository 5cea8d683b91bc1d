import type { Generated } from "kysely";

/** Tables of the email area (see migrations/0007-email.ts). */
export type EmailSchema = {
  email_settings: EmailSettingsTable;
  sink_messages: SinkMessageTable;
  tracking_events: TrackingEventTable;
  email_keys: EmailKeyTable;
};

export type EmailSettingsTable = {
  creditor_id: string;
  from_name: string | null;
  from_address: string | null;
  reply_to: string | null;
  dkim_domain: string | null;
  dkim_selector: string | null;
  /** PEM; never leaves the server (the API shows the public key's DNS record instead). */
  dkim_private_key: string | null;
  /** JSON array of addresses copied on every collection e-mail (a supervisor). */
  cc: string;
  allow_shared_mailbox_details: number;
  updated_at: string;
  updated_by: string;
};

export type SinkMessageTable = {
  id: Generated<number>;
  creditor_id: string | null;
  action_id: number | null;
  kind: "message" | "dsn";
  outcome: "accepted" | "dropped";
  received_at: string;
  envelope_from: string;
  /** JSON array. */
  envelope_to: string;
  message_id: string | null;
  from_header: string | null;
  /** JSON arrays of addresses. */
  to_header: string;
  cc_header: string;
  reply_to: string | null;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  /** JSON array of [name, value] in message order. */
  headers: string;
  list_unsubscribe: string | null;
  list_unsubscribe_post: string | null;
  dkim: "none" | "pass" | "fail" | "unverified";
  dkim_domain: string | null;
  /** JSON object of the X-Regua-* headers, lower-case names without the prefix. */
  regua_headers: string;
  size: number;
  raw: string;
};

export type TrackingEventKind = "opened" | "clicked" | "bounced" | "complained" | "unsubscribed";

export type TrackingEventTable = {
  id: Generated<number>;
  creditor_id: string;
  action_id: number | null;
  debtor_id: number | null;
  contact_id: number | null;
  kind: TrackingEventKind;
  at: string;
  data: string;
};

export type EmailKeyTable = {
  id: string;
  secret: string;
  created_at: string;
};
