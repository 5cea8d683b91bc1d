import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readConfig } from "./config.ts";

describe("readConfig", () => {
  it("takes the defaults from an empty environment", () => {
    const c = readConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.email.smtpUrl, undefined);
    assert.equal(c.email.mailDomain, "localhost");
    assert.equal(c.secret, undefined);
  });
  it("refuses a REGUA_SECRET too short to sign links", () => {
    assert.throws(() => readConfig({ REGUA_SECRET: "curto" }), /REGUA_SECRET deve ter pelo menos 16 caracteres/);
    assert.equal(readConfig({ REGUA_SECRET: "x".repeat(16) }).secret, "x".repeat(16));
  });
  it("names the variable and the value it could not read", () => {
    assert.throws(() => readConfig({ PORT: "oitenta" }), /PORT deve ser um número inteiro \(recebido "oitenta"\)/);
    assert.throws(() => readConfig({ SMTP_SINK_MODE: "x" }), /SMTP_SINK_MODE deve ser normal, drop_after_data, bounce_all/);
  });
});
