import { randomBytes } from "node:crypto";

/** Crockford's base 32 in lower case: digits and letters without i, l, o and u. */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * A new random id for a creditor or a user: 10 characters of 5 random bits each (50 bits).
 *
 * A creditor's id is stored in every row of its portfolio and leads every index of it
 * (debts, debtors, payments, events…): 10 bytes instead of a UUID's 36 cut what a bank
 * return or an import writes to disk by about a third. Uniqueness is the primary key's
 * (tenants number in the thousands: a repeat is one in a billion, and fails loudly).
 */
export function newId(): string {
  const bytes = randomBytes(10);
  let id = "";
  for (const b of bytes) id += ALPHABET[b & 31];
  return id;
}
