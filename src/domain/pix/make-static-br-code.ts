import { invalid } from "../../shared/app-error.ts";
import {
  AMOUNT_MAX_LENGTH,
  DEFAULT_TXID,
  FIELD_MAX,
  MERCHANT_CITY_MAX,
  MERCHANT_NAME_MAX,
  PIX_GUI,
  TXID_MAX,
  formatAmount,
  tlv,
} from "./br-code-format.ts";
import { crc16 } from "./crc16.ts";
import { normalizeBrCodeText } from "./normalize-br-code-text.ts";
import { validatePixKey } from "./pix-key.ts";

export type StaticBrCodeInput = {
  /** Pix key: CPF, CNPJ, e-mail, +55 phone or random key (EVP). */
  key: string;
  /** Receiver's name; accents stripped and cut to 25 characters. */
  name: string;
  /** Receiver's city; accents stripped and cut to 15 characters. */
  city: string;
  /** Fixed amount; omitted means the payer types it. */
  amountCents?: number;
  /** Up to 25 letters and digits; "***" when absent. */
  txid?: string;
  /** Free text shown to the payer (field 26, sub-field 02). */
  info?: string;
};

const TXID = /^[A-Za-z0-9]+$/;

/** Builds a static Pix BR Code ("copia e cola") payload, CRC included; throws AppError("validation") on bad input. */
export function makeStaticBrCode(input: StaticBrCodeInput): string {
  const key = validatePixKey(input.key);
  if (!key.ok) throw invalid("key", key.reason);

  const name = normalizeBrCodeText(input.name, MERCHANT_NAME_MAX);
  if (name === "") throw invalid("name", "nome do recebedor é obrigatório (após remover acentos e símbolos ficou vazio)");
  const city = normalizeBrCodeText(input.city, MERCHANT_CITY_MAX);
  if (city === "") throw invalid("city", "cidade do recebedor é obrigatória (após remover acentos e símbolos ficou vazia)");

  const txid = input.txid ?? DEFAULT_TXID;
  if (input.txid !== undefined && (!TXID.test(txid) || txid.length > TXID_MAX)) {
    throw invalid("txid", `txid inválido: "${txid}" (use de 1 a ${TXID_MAX} letras sem acento ou dígitos, sem espaços nem símbolos)`);
  }

  let amount: string | null = null;
  if (input.amountCents !== undefined) {
    const cents = input.amountCents;
    if (!Number.isSafeInteger(cents) || cents <= 0) throw invalid("amount", `valor inválido: ${cents} centavos (informe um valor positivo)`);
    amount = formatAmount(cents);
    if (amount.length > AMOUNT_MAX_LENGTH) throw invalid("amount", `valor grande demais: ${amount} (máximo de ${AMOUNT_MAX_LENGTH} caracteres no campo 54)`);
  }

  const info = input.info === undefined ? "" : normalizeBrCodeText(input.info, FIELD_MAX);
  let account = tlv("00", PIX_GUI) + tlv("01", key.value.key);
  if (info !== "") {
    const room = FIELD_MAX - account.length - 4;
    if (info.length > room) {
      throw invalid(
        "info",
        `chave e informação adicional não cabem no campo 26 (máximo ${FIELD_MAX} caracteres): a informação pode ter no máximo ${Math.max(room, 0)} caracteres com esta chave, tem ${info.length}`,
      );
    }
    account += tlv("02", info);
  }

  const body =
    tlv("00", "01") +
    tlv("26", account) +
    tlv("52", "0000") +
    tlv("53", "986") +
    (amount === null ? "" : tlv("54", amount)) +
    tlv("58", "BR") +
    tlv("59", name) +
    tlv("60", city) +
    tlv("62", tlv("05", txid)) +
    "6304";
  return body + crc16(body);
}
