import type { Generated } from "kysely";

/** Tables of the pix area (see migrations/0008-pix.ts). */
export type PixSchema = {
  pix_charges: PixChargeTable;
  pix_charge_debts: { charge_id: number; debt_id: number; amount_cents: number };
  pix_received: PixReceivedTable;
  pix_webhooks: PixWebhookTable;
};

export type PixChargeStatus = "ATIVA" | "CONCLUIDA" | "REMOVIDA_PELO_USUARIO_RECEBEDOR" | "REMOVIDA_PELO_PSP";

export type PixChargeTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  txid: string;
  kind: "cob" | "cobv";
  amount_cents: number;
  due_date: string | null;
  expires_at: string | null;
  status: PixChargeStatus;
  pix_key: string;
  pix_copia_e_cola: string;
  location: string;
  revision: Generated<number>;
  paid_cents: number | null;
  end_to_end_id: string | null;
  paid_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
};

export type PixReceivedTable = {
  end_to_end_id: string;
  creditor_id: string;
  txid: string | null;
  charge_id: number | null;
  amount_cents: number;
  paid_at: string;
  paid_date: string;
  payer_info: string | null;
  outcome: "applied" | "already_applied" | "unmatched";
  payment_id: string | null;
  received_at: string;
};

export type PixWebhookTable = {
  creditor_id: string;
  token_hash: string;
  pix_key: string | null;
  url: string | null;
  registered_at: string | null;
  created_at: string;
  updated_at: string;
};
