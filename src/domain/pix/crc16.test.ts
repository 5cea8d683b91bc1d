import assert from "node:assert/strict";
import { test } from "node:test";
import { readVectorJson } from "../../../test/support/vectors.ts";
import { crc16 } from "./crc16.ts";

type PixVectors = { payloads: { payload: string; crc: string }[] };

test("crc16: CRC-16/CCITT-FALSE check value and edge cases", () => {
  assert.equal(crc16("123456789"), "29B1");
  assert.equal(crc16(""), "FFFF");
  assert.equal(crc16("A"), "B915");
  // Four uppercase hex digits, zero-padded.
  assert.match(crc16("0002010102"), /^[0-9A-F]{4}$/);
});

test("crc16: matches the CRC of every vector payload (computed up to and including 6304)", () => {
  for (const v of readVectorJson<PixVectors>("pix.json").payloads) {
    assert.equal(crc16(v.payload.slice(0, -4)), v.crc, v.payload);
  }
});

test("crc16: non-ASCII text is hashed as UTF-8 bytes", () => {
  // Reference values: CRC-16/CCITT-FALSE of the bytes C3 A9 and of "S" C3 A3 "o Paulo".
  assert.equal(crc16("é"), "7ACB");
  assert.equal(crc16("São Paulo"), "E390");
});
