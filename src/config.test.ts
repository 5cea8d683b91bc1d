import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { makeTestCertificates, type TestCertificates } from "./channels/pix-psp/mtls-test-kit.ts";
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
  it("render workers: one by default, 0 renders on the main thread, anything else but a count is refused", () => {
    assert.equal(readConfig({}).email.renderWorkers, 1);
    assert.equal(readConfig({ REGUA_RENDER_WORKERS: "0" }).email.renderWorkers, 0);
    assert.equal(readConfig({ REGUA_RENDER_WORKERS: "3" }).email.renderWorkers, 3);
    assert.throws(() => readConfig({ REGUA_RENDER_WORKERS: "-1" }), /REGUA_RENDER_WORKERS deve ser um número inteiro \(recebido "-1"\)/);
  });
});

describe("readConfig: the PSP's mutual TLS", () => {
  let c: TestCertificates;
  before(() => {
    c = makeTestCertificates();
  });
  after(() => c.cleanup());
  const url = { PIX_PSP_URL: "https://pix.psp.example/api/v2" };

  it("reads the PEM pair and the CA, or the PKCS#12 bundle with its password; nothing set, no TLS", () => {
    assert.equal(readConfig({}).pix.tls, undefined);
    const pem = readConfig({ ...url, PIX_PSP_CERT: c.paths.clientCert, PIX_PSP_KEY: c.paths.clientKey, PIX_PSP_CA: c.paths.ca }).pix.tls;
    assert.deepEqual(pem, { cert: c.clientCert, key: c.clientKey, ca: c.ca });
    const pfx = readConfig({ ...url, PIX_PSP_PFX: "client.p12", PIX_PSP_PFX_PASSPHRASE: c.pfxPassphrase }, c.dir).pix.tls;
    assert.deepEqual(pfx, { pfx: c.clientPfx, passphrase: c.pfxPassphrase });
  });

  it("refuses half or double configurations, naming the variables", () => {
    const cases: [Record<string, string>, string][] = [
      [{ ...url, PIX_PSP_PFX: c.paths.clientPfx, PIX_PSP_CERT: c.paths.clientCert, PIX_PSP_KEY: c.paths.clientKey }, "certificado do cliente Pix definido de duas formas: use PIX_PSP_PFX (PKCS#12) ou PIX_PSP_CERT e PIX_PSP_KEY (PEM), não ambas"],
      [{ ...url, PIX_PSP_CERT: c.paths.clientCert }, "PIX_PSP_CERT exige PIX_PSP_KEY (a chave privada do certificado de cliente)"],
      [{ ...url, PIX_PSP_KEY: c.paths.clientKey }, "PIX_PSP_KEY exige PIX_PSP_CERT (o certificado de cliente da chave)"],
      [{ ...url, PIX_PSP_PFX_PASSPHRASE: "x" }, "PIX_PSP_PFX_PASSPHRASE só se aplica com PIX_PSP_PFX"],
      [{ PIX_PSP_CERT: c.paths.clientCert, PIX_PSP_KEY: c.paths.clientKey }, "certificado do PSP Pix (PIX_PSP_CERT, PIX_PSP_PFX ou PIX_PSP_CA) sem PIX_PSP_URL: defina o endereço do PSP"],
      [{ PIX_PSP_URL: "http://pix.psp.example", PIX_PSP_PFX: c.paths.clientPfx }, 'PIX_PSP_URL deve usar https:// com certificado de cliente (mTLS) (recebido "http://pix.psp.example")'],
    ];
    for (const [env, message] of cases) assert.throws(() => readConfig(env), (e: unknown) => e instanceof Error && e.message === message, message);
  });

  it("a missing or unreadable file, or one that is not what the variable says, stops the start with the path", () => {
    const dir = join(c.dir, "pasta");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(c.dir, "lixo.pem"), "isto não é um certificado\n");
    const cases: [Record<string, string>, string][] = [
      [{ ...url, PIX_PSP_CERT: "nao-existe.crt", PIX_PSP_KEY: c.paths.clientKey }, `PIX_PSP_CERT: arquivo não encontrado: ${join(c.dir, "nao-existe.crt")}`],
      [{ ...url, PIX_PSP_CERT: c.paths.clientCert, PIX_PSP_KEY: dir }, `PIX_PSP_KEY: ${dir} é um diretório, não um arquivo`],
      [{ ...url, PIX_PSP_CA: "nao-existe-ca.crt" }, `PIX_PSP_CA: arquivo não encontrado: ${join(c.dir, "nao-existe-ca.crt")}`],
      [{ ...url, PIX_PSP_CA: "lixo.pem" }, `PIX_PSP_CA: ${join(c.dir, "lixo.pem")} não é um certificado (PEM ou DER) de autoridade certificadora`],
      [{ ...url, PIX_PSP_CERT: "lixo.pem", PIX_PSP_KEY: c.paths.clientKey }, `PIX_PSP_CERT: ${join(c.dir, "lixo.pem")} não é um certificado PEM (-----BEGIN CERTIFICATE-----)`],
      [{ ...url, PIX_PSP_CERT: c.paths.clientCert, PIX_PSP_KEY: c.paths.clientCert }, `PIX_PSP_KEY: ${c.paths.clientCert} não é uma chave privada PEM sem senha (-----BEGIN PRIVATE KEY-----)`],
      [{ ...url, PIX_PSP_CERT: c.paths.clientCert, PIX_PSP_KEY: c.paths.rogueKey }, `PIX_PSP_CERT e PIX_PSP_KEY não formam um par: a chave privada ${c.paths.rogueKey} não corresponde ao certificado ${c.paths.clientCert}`],
      [{ ...url, PIX_PSP_PFX: c.paths.clientPfx, PIX_PSP_PFX_PASSPHRASE: "errada" }, `PIX_PSP_PFX: não foi possível abrir ${c.paths.clientPfx}: senha errada (PIX_PSP_PFX_PASSPHRASE)`],
      [{ ...url, PIX_PSP_PFX: c.paths.clientCert }, `PIX_PSP_PFX: não foi possível abrir ${c.paths.clientCert}: não é um arquivo PKCS#12 (.pfx/.p12) válido`],
    ];
    for (const [env, message] of cases) assert.throws(() => readConfig(env, c.dir), (e: unknown) => e instanceof Error && e.message === message, message);
  });
});
