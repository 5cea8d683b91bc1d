import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AUDIT_ACTIONS as SERVER_ACTIONS, AUDIT_ENTITIES as SERVER_ENTITIES } from "../../../src/app/audit.ts";
import { EN, PT_BR } from "../i18n/messages.ts";
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from "./audit-labels.ts";

describe("audit filter lists", () => {
  it("are the server's, in its order: every action and entity it records can be filtered", () => {
    assert.deepEqual([...AUDIT_ACTIONS], [...SERVER_ACTIONS]);
    assert.deepEqual([...AUDIT_ENTITIES], [...SERVER_ENTITIES]);
  });

  it("have a label in both languages", () => {
    for (const [locale, messages] of Object.entries({ "pt-BR": PT_BR, en: EN })) {
      const dictionary = messages as Record<string, string>;
      const missing = [...AUDIT_ACTIONS.map((a) => `auditAction.${a}`), ...AUDIT_ENTITIES.map((e) => `auditEntity.${e}`)].filter((k) => !dictionary[k]);
      assert.deepEqual(missing, [], locale);
    }
  });
});
