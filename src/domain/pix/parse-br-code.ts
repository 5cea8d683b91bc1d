import { AMOUNT_MAX_LENGTH, MERCHANT_CITY_MAX, MERCHANT_NAME_MAX, PIX_GUI } from "./br-code-format.ts";
import { crc16 } from "./crc16.ts";

export type ParsedBrCode = {
  /** Pix key (static payloads). */
  key?: string;
  /** Location of the charge, without "https://" (dynamic payloads, sub-field 25). */
  url?: string;
  /** Field 54 normalised to two decimals ("10.00"), null when the payer types the amount. */
  amount: string | null;
  name: string;
  city: string;
  /** Field 62, sub-field 05 ("***" when the receiver gave none). */
  txid: string;
  /** Field 26, sub-field 02. */
  info?: string;
  crc: string;
};

export type ParseBrCodeResult = { ok: true; value: ParsedBrCode } | { ok: false; reason: string };

type Field = { id: string; value: string };

const AMOUNT = /^\d+(\.\d{1,2})?$/;
const HEX4 = /^[0-9A-F]{4}$/;

/** Parses and checks a Pix BR Code payload (TLV structure, CRC, mandatory fields). */
export function parseBrCode(payload: string): ParseBrCodeResult {
  const fail = (reason: string): ParseBrCodeResult => ({ ok: false, reason });

  if (payload.length < 8 || payload.slice(-8, -4) !== "6304") {
    return fail("payload sem o campo 63 (CRC) no final: esperado '6304' seguido de 4 dígitos hexadecimais");
  }
  const found = payload.slice(-4);
  const expected = crc16(payload.slice(0, -4));
  if (!HEX4.test(found) || found !== expected) return fail(`CRC inválido: esperado ${expected}, encontrado ${found}`);

  const top = parseTlv(payload, "payload");
  if (!top.ok) return fail(top.reason);
  const fields = top.fields;
  const byId = new Map<string, string>();
  for (const f of fields) {
    if (byId.has(f.id)) return fail(`campo ${f.id} repetido`);
    byId.set(f.id, f.value);
  }

  if (fields[0]?.id !== "00") return fail("o payload deve começar pelo campo 00 (Payload Format Indicator)");
  if (fields[0].value !== "01") return fail(`campo 00 (Payload Format Indicator) deve ser "01", encontrado "${fields[0].value}"`);
  if (fields[fields.length - 1]?.id !== "63") return fail("o campo 63 (CRC) deve ser o último");
  const initiation = byId.get("01");
  if (initiation !== undefined && initiation !== "11" && initiation !== "12") {
    return fail(`campo 01 (Point of Initiation Method) deve ser "11" ou "12", encontrado "${initiation}"`);
  }

  let account: Map<string, string> | undefined;
  for (const f of fields) {
    const id = Number(f.id);
    if (id < 26 || id > 51) continue;
    const sub = parseTlv(f.value, `campo ${f.id}`);
    if (!sub.ok) return fail(sub.reason);
    const subById = new Map(sub.fields.map((s) => [s.id, s.value] as const));
    if (subById.get("00")?.toLowerCase() === PIX_GUI) {
      account = subById;
      break;
    }
  }
  if (!account) return fail(`GUI ${PIX_GUI} ausente: nenhum campo 26–51 identifica um arranjo Pix`);
  const key = account.get("01");
  const url = account.get("25");
  if (key === undefined && url === undefined) return fail("o campo 26 não tem chave Pix (01) nem URL (25)");
  if (key !== undefined && url !== undefined) return fail("o campo 26 tem chave Pix (01) e URL (25) ao mesmo tempo");
  if (key === "" || url === "") return fail("chave Pix ou URL vazia no campo 26");

  const mcc = byId.get("52");
  if (mcc === undefined || !/^\d{4}$/.test(mcc)) return fail("campo 52 (Merchant Category Code) ausente ou inválido");
  const currency = byId.get("53");
  if (currency !== "986") return fail(`campo 53 (moeda) deve ser "986" (real), encontrado ${currency === undefined ? "nada" : `"${currency}"`}`);

  let amount: string | null = null;
  const rawAmount = byId.get("54");
  if (rawAmount !== undefined) {
    if (!AMOUNT.test(rawAmount) || rawAmount.length > AMOUNT_MAX_LENGTH) return fail(`campo 54 (valor) não é um decimal válido: "${rawAmount}"`);
    const [whole = "0", fraction = ""] = rawAmount.split(".");
    amount = `${String(Number(whole))}.${fraction.padEnd(2, "0")}`;
  }

  const country = byId.get("58");
  if (country !== "BR") return fail(`campo 58 (país) deve ser "BR", encontrado ${country === undefined ? "nada" : `"${country}"`}`);
  const name = byId.get("59");
  if (!name) return fail("campo 59 (nome do recebedor) ausente");
  if (name.length > MERCHANT_NAME_MAX) return fail(`campo 59 (nome do recebedor) com ${name.length} caracteres (máximo ${MERCHANT_NAME_MAX})`);
  const city = byId.get("60");
  if (!city) return fail("campo 60 (cidade do recebedor) ausente");
  if (city.length > MERCHANT_CITY_MAX) return fail(`campo 60 (cidade do recebedor) com ${city.length} caracteres (máximo ${MERCHANT_CITY_MAX})`);

  const additional = byId.get("62");
  if (additional === undefined) return fail("campo 62 (dados adicionais com o txid) ausente");
  const extra = parseTlv(additional, "campo 62");
  if (!extra.ok) return fail(extra.reason);
  const txid = extra.fields.find((f) => f.id === "05")?.value;
  if (!txid) return fail("campo 62 sem o subcampo 05 (txid)");

  const info = account.get("02");
  // Spread keeps the documented key order: key|url, amount, name, city, txid, info, crc.
  const value: ParsedBrCode = {
    ...(key !== undefined ? { key } : { url: url as string }),
    amount,
    name,
    city,
    txid,
    ...(info ? { info } : {}),
    crc: found,
  };
  return { ok: true, value };
}

function parseTlv(text: string, where: string): { ok: true; fields: Field[] } | { ok: false; reason: string } {
  const fields: Field[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (pos + 4 > text.length) return { ok: false, reason: `${where}: cabeçalho de campo incompleto na posição ${pos + 1}` };
    const id = text.slice(pos, pos + 2);
    const len = text.slice(pos + 2, pos + 4);
    if (!isDigits(id)) return { ok: false, reason: `${where}: identificador de campo inválido "${id}" na posição ${pos + 1}` };
    if (!isDigits(len)) return { ok: false, reason: `${where}: tamanho inválido "${len}" no campo ${id} (posição ${pos + 3})` };
    const size = Number(len);
    if (pos + 4 + size > text.length) {
      return { ok: false, reason: `${where}: o campo ${id} declara ${size} caracteres, mas só restam ${text.length - pos - 4}` };
    }
    fields.push({ id, value: text.slice(pos + 4, pos + 4 + size) });
    pos += 4 + size;
  }
  return { ok: true, fields };
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}
