/**
 * The check-digit rules of Brazilian payment slips. All take a string of digits and
 * return the check digit as a number (or a string where a bank prints letters).
 */

function digitsOf(value: string): number[] {
  if (!/^\d*$/.test(value)) throw new Error(`não é uma sequência de dígitos: ${value}`);
  return Array.from(value, (c) => c.charCodeAt(0) - 48);
}

/** Sum of the digits weighted 2, 3, …, `maxWeight`, 2, 3, … from the right. */
export function weightedSumFromRight(value: string, maxWeight = 9): number {
  const digits = digitsOf(value);
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += (digits[i] ?? 0) * weight;
    weight = weight === maxWeight ? 2 : weight + 1;
  }
  return sum;
}

/** FEBRABAN module 10: weights 2, 1, 2, … from the right, products above 9 summed digit by digit. */
export function mod10(value: string): number {
  const digits = digitsOf(value);
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    const product = (digits[i] ?? 0) * weight;
    sum += product > 9 ? product - 9 : product;
    weight = weight === 2 ? 1 : 2;
  }
  return (10 - (sum % 10)) % 10;
}

/** General check digit of a bank slip barcode (position 5): module 11, weights 2–9; 0, 10 and 11 become 1. */
export function bankBarcodeDv(value43: string): number {
  const dv = 11 - (weightedSumFromRight(value43) % 11);
  return dv === 0 || dv === 10 || dv === 11 ? 1 : dv;
}

/**
 * Module 11 with weights 2–9 where remainder 0 or 1 gives 0, otherwise 11 − remainder: collection
 * ("arrecadação") slips, Caixa and Santander.
 */
export function mod11(value: string): number {
  const remainder = weightedSumFromRight(value) % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

/** Banco do Brasil's nosso número digit: module 11 weights 9…2 from the right, remainder 10 printed as "X". */
export function bancoDoBrasilDv(value: string): string {
  const remainder = weightedSumFromRight(value) % 11;
  if (remainder === 0) return "0";
  if (remainder === 1) return "X";
  return String(11 - remainder);
}

/** Bradesco's nosso número digit: module 11 weights 2–7 over carteira + nosso número; remainder 1 is "P". */
export function bradescoDv(value: string): string {
  const remainder = weightedSumFromRight(value, 7) % 11;
  if (remainder === 0) return "0";
  if (remainder === 1) return "P";
  return String(11 - remainder);
}

/** Sicoob's nosso número digit: weights 3, 1, 9, 7 repeated from the left; remainder 0 or 1 gives 0. */
export function sicoobDv(value: string): number {
  const weights = [3, 1, 9, 7];
  const sum = digitsOf(value).reduce((acc, d, i) => acc + d * (weights[i % 4] ?? 0), 0);
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}
