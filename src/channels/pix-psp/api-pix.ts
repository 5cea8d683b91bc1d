// The wire format of the Banco Central's "API Pix" (bacen/pix-api, v2): what a PSP
// recebedor exposes for dynamic charges (cob, cobv), webhooks and received Pix. Shared by
// the HTTP adapter and the local simulator so both speak exactly the same dialect.

/** txid of a cob/cobv created with PUT: 26 to 35 letters and digits (the PSP-generated form of POST /cob is not used). */
export const TXID_PATTERN = /^[a-zA-Z0-9]{26,35}$/;
/** Every monetary field of the API: "123.45", dot as decimal separator, no thousands separator. */
export const VALOR_PATTERN = /^\d{1,10}\.\d{2}$/;
/** endToEndId: "E" + ISPB (8 digits) + yyyyMMddHHmm + 11 letters/digits = 32 characters. */
export const END_TO_END_PATTERN = /^[EeDd]\d{8}\d{12}[a-zA-Z0-9]{11}$/;

export const COB_STATUSES = ["ATIVA", "CONCLUIDA", "REMOVIDA_PELO_USUARIO_RECEBEDOR", "REMOVIDA_PELO_PSP"] as const;
export type CobStatus = (typeof COB_STATUSES)[number];

/** Cobrança imediata: `calendario.expiracao` in seconds from creation (default 86400). */
export type CobDevedor = { cpf?: string; cnpj?: string; nome: string };
export type CobVDevedor = CobDevedor & { logradouro?: string; cidade?: string; uf?: string; cep?: string; email?: string };
export type InfoAdicional = { nome: string; valor: string };

export type CobRequest = {
  calendario?: { expiracao?: number };
  devedor?: CobDevedor;
  valor: { original: string; modalidadeAlteracao?: 0 | 1 };
  chave: string;
  solicitacaoPagador?: string;
  infoAdicionais?: InfoAdicional[];
};

/** modalidade: multa 1 valor fixo / 2 percentual; juros 1–8 (valor or % per day/month/year, calendar or business days). */
export type ValorPerc = { modalidade: number; valorPerc: string };
export type Desconto = { modalidade: number; descontoDataFixa?: { data: string; valorPerc: string }[]; valorPerc?: string };

/** Cobrança com vencimento: due date, days it stays payable after it, and the charges the PSP applies. */
export type CobVRequest = {
  calendario: { dataDeVencimento: string; validadeAposVencimento?: number };
  devedor: CobVDevedor;
  valor: { original: string; multa?: ValorPerc; juros?: ValorPerc; abatimento?: ValorPerc; desconto?: Desconto };
  chave: string;
  solicitacaoPagador?: string;
  infoAdicionais?: InfoAdicional[];
};

export type Loc = { id: number; location: string; tipoCob: "cob" | "cobv"; criacao: string };

/** A Pix received for a charge, as listed in `pix[]` of a cob and in the webhook body. */
export type PixRecebido = {
  endToEndId: string;
  txid?: string;
  valor: string;
  chave?: string;
  horario: string;
  infoPagador?: string;
};

type CobCommon = {
  txid: string;
  revisao: number;
  loc: Loc;
  location: string;
  status: CobStatus;
  chave: string;
  solicitacaoPagador?: string;
  infoAdicionais?: InfoAdicional[];
  pixCopiaECola: string;
  pix?: PixRecebido[];
};

export type CobResponse = CobCommon & {
  calendario: { criacao: string; expiracao: number };
  devedor?: CobDevedor;
  valor: { original: string; modalidadeAlteracao?: 0 | 1 };
};

export type CobVResponse = CobCommon & {
  calendario: { criacao: string; dataDeVencimento: string; validadeAposVencimento: number };
  devedor: CobVDevedor;
  recebedor?: { nome: string; cnpj?: string; cpf?: string; logradouro?: string; cidade?: string; uf?: string; cep?: string };
  valor: CobVRequest["valor"];
};

export type WebhookConfig = { webhookUrl: string; chave: string; criacao: string };

/** Body the PSP POSTs to `{webhookUrl}/pix`. */
export type PixWebhookBody = { pix: PixRecebido[] };

/** One broken rule of a request, as the API lists them in `violacoes`. */
export type Violacao = { razao: string; propriedade?: string; valor?: string };

/** RFC 7807 problem of the API Pix; `type` is `https://pix.bcb.gov.br/api/v2/error/<TipoErro>`. */
export type PixProblem = { type: string; title: string; status: number; detail?: string; correlationId?: string; violacoes?: Violacao[] };

export const PIX_ERROR_TYPE_PREFIX = "https://pix.bcb.gov.br/api/v2/error/";

/** 12345 → "123.45". */
export function centsToValor(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`valor inválido: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** "123.45" → 12345, exactly; null when the string is not of the API's money pattern. */
export function valorToCents(valor: string): number | null {
  if (!VALOR_PATTERN.test(valor)) return null;
  const [whole, fraction] = valor.split(".") as [string, string];
  return Number(whole) * 100 + Number(fraction);
}
