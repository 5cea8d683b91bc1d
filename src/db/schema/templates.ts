import type { Generated } from "kysely";

/** Tables of the templates area (see migrations/0006-templates.ts). */
export type TemplatesSchema = {
  message_templates: MessageTemplateTable;
};

export type MessageTemplateTable = {
  id: Generated<number>;
  creditor_id: string;
  /** e.g. `varejo.lembrete.email`; a key equal to a pack key overrides that pack template. */
  key: string;
  /** 1, 2, 3… per creditor and key. */
  version: number;
  channel: string;
  stage: string;
  sector: string | null;
  content: string;
  /** The actor label of who saved it (`user:…`, `apikey:…`, `system:cli`). */
  author: string;
  restored_from: number | null;
  created_at: string;
};
