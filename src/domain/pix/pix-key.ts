/** The five kinds of Pix key registered in the DICT. */
export type PixKeyType = "cpf" | "cnpj" | "email" | "phone" | "evp";

export type PixKeyResult = { ok: true; value: { type: PixKeyType; key: string } } | { ok: false; reason: string };

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const PHONE = /^\+55[1-9]\d\d{8,9}$/;
const EVP = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOCUMENT_CHARS = /^[\d./-]+$/;

/** Maximum length of a Pix key (an e-mail key may have up to 77 characters). */
export const PIX_KEY_MAX_LENGTH = 77;

/**
 * Validates a Pix key and returns it in the form it takes inside a BR Code:
 * CPF/CNPJ as digits only (punctuation is removed), e-mail as given, phone as
 * +55DDNNNNNNNNN, random key (EVP) as a lowercase UUID.
 */
export function validatePixKey(raw: string): PixKeyResult {
  const key = raw.trim();
  if (key === "") return { ok: false, reason: "chave Pix vazia" };
  if (key.length > PIX_KEY_MAX_LENGTH) return { ok: false, reason: `chave Pix com mais de ${PIX_KEY_MAX_LENGTH} caracteres` };
  if (DOCUMENT_CHARS.test(key)) {
    const digits = key.replace(/\D/g, "");
    if (digits.length === 11) {
      return isValidCpf(digits)
        ? { ok: true, value: { type: "cpf", key: digits } }
        : { ok: false, reason: `chave Pix CPF inválida: ${key} (dígitos verificadores não conferem)` };
    }
    if (digits.length === 14) {
      return isValidCnpj(digits)
        ? { ok: true, value: { type: "cnpj", key: digits } }
        : { ok: false, reason: `chave Pix CNPJ inválida: ${key} (dígitos verificadores não conferem)` };
    }
  }
  if (PHONE.test(key)) return { ok: true, value: { type: "phone", key } };
  if (EVP.test(key)) return { ok: true, value: { type: "evp", key: key.toLowerCase() } };
  if (EMAIL.test(key)) return { ok: true, value: { type: "email", key } };
  return {
    ok: false,
    reason: `chave Pix inválida: ${key} (use CPF, CNPJ, e-mail, celular no formato +55DDNÚMERO ou chave aleatória)`,
  };
}

function allSameDigit(digits: string): boolean {
  for (let i = 1; i < digits.length; i++) if (digits[i] !== digits[0]) return false;
  return true;
}

function mod11Digit(digits: string, weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * (weights[i] as number);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

function isValidCpf(digits: string): boolean {
  if (allSameDigit(digits)) return false;
  const d1 = mod11Digit(digits, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11Digit(digits, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  return d1 === Number(digits[9]) && d2 === Number(digits[10]);
}

function isValidCnpj(digits: string): boolean {
  if (allSameDigit(digits)) return false;
  const d1 = mod11Digit(digits, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11Digit(digits, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  return d1 === Number(digits[12]) && d2 === Number(digits[13]);
}
