import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PERMISSIONS as SERVER } from "../../../src/app/access.ts";
import { PERMISSIONS, can } from "./permissions.ts";

describe("web permissions", () => {
  it("are the server's, for every permission the app asks about", () => {
    for (const [permission, roles] of Object.entries(PERMISSIONS)) {
      assert.deepEqual([...roles].sort(), [...SERVER[permission as keyof typeof SERVER]].sort(), permission);
    }
  });
  it("answer per role", () => {
    assert.equal(can("collector", "contact.write"), true);
    assert.equal(can("auditor", "contact.write"), false);
    assert.equal(can("manager", "user.manage"), false);
    assert.equal(can("auditor", "audit.read"), true);
    assert.equal(can("collector", "import"), false);
  });
});
