import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, type Seed } from "../../../test/support/factories.ts";
import { fixedClock } from "../../shared/clock.ts";
import type { AppDeps } from "../deps.ts";
import { actorFromApiKey } from "./sessions.ts";

for (const dialect of testDialects()) {
  describe(`último uso de uma chave de API (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
    });
    after(async () => env?.cleanup());

    const lastUsed = async () =>
      (await env.deps.database.db.selectFrom("api_keys").select("last_used_at").where("id", "=", seed.apiKeyA.id).executeTakeFirstOrThrow()).last_used_at;
    const useAt = (at: string) => actorFromApiKey({ ...env.deps, clock: fixedClock(at) }, seed.apiKeyA.key);

    it("is stamped on use, at minute precision: a request within the minute writes nothing, the next minute does", async () => {
      assert.ok(await useAt("2026-11-23T10:00:00.000Z"));
      assert.equal(await lastUsed(), "2026-11-23T10:00:00.000Z");
      assert.ok(await useAt("2026-11-23T10:00:59.999Z"));
      assert.equal(await lastUsed(), "2026-11-23T10:00:00.000Z");
      assert.ok(await useAt("2026-11-23T10:01:00.000Z"));
      assert.equal(await lastUsed(), "2026-11-23T10:01:00.000Z");
    });
  });
}
