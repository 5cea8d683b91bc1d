// Shared by the PSP client's tests.
import assert from "node:assert/strict";
import { PixPspError } from "./psp-client.ts";

/** Awaits `promise` and returns the PixPspError it rejects with; fails on anything else. */
export async function rejectsWithPspError(promise: Promise<unknown>): Promise<PixPspError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PixPspError, String(error));
    return error;
  }
  assert.fail("esperava PixPspError");
}
