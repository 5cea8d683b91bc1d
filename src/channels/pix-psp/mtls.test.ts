// Mutual TLS to the PSP, for real: certificates made with openssl, the simulator serving
// https and demanding a client certificate signed by its CA, and the client configured
// the way `regua serve` configures it (src/config.ts → setupPix).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setupPix } from "../../app/pix/configure-pix.ts";
import { readConfig } from "../../config.ts";
import type { CobRequest } from "./api-pix.ts";
import { makeTestCertificates, type TestCertificates } from "./mtls-test-kit.ts";
import { createPixPspClient, type PixPspOptions } from "./psp-client.ts";
import { startPixSimulator, type PixSimulator } from "./simulator.ts";
import { rejectsWithPspError } from "./psp-test-kit.ts";

const KEY = "5f84a4c5-c5cb-4599-9f13-7eb4d419dacc";
const COB: CobRequest = { calendario: { expiracao: 3600 }, valor: { original: "10.00" }, chave: KEY };
const TXID = (n: number) => `mtls${String(n).padStart(28, "0")}`;

let certs: TestCertificates;
let sim: PixSimulator;
let waits: number[];

before(async () => {
  certs = makeTestCertificates();
  sim = await startPixSimulator({ keys: [KEY], tls: { cert: certs.serverCert, key: certs.serverKey, ca: certs.ca } });
});
after(async () => {
  await sim.close();
  certs.cleanup();
});

function client(tls: PixPspOptions["tls"]) {
  waits = [];
  return createPixPspClient({ baseUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret, tls, sleep: async (ms) => void waits.push(ms) });
}

describe("PSP Pix com TLS mútuo (mTLS)", () => {
  it("the simulator serves https and the client certificate (PEM) is presented on the token and on every API call", async () => {
    assert.match(sim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const before = sim.requests.length;
    const psp = client({ cert: certs.clientCert, key: certs.clientKey, ca: certs.ca });
    const cob = await psp.putCob(TXID(1), COB);
    assert.equal(cob.status, "ATIVA");
    assert.equal((await psp.getCob(TXID(1))).txid, TXID(1));
    assert.deepEqual(sim.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.status}`), [
      "POST /oauth/token 200",
      `PUT /cob/${TXID(1)} 201`,
      `GET /cob/${TXID(1)} 200`,
    ]);
  });

  it("a PKCS#12 bundle with its password works the same", async () => {
    const psp = client({ pfx: certs.clientPfx, passphrase: certs.pfxPassphrase, ca: certs.ca });
    assert.equal((await psp.putCob(TXID(2), COB)).status, "ATIVA");
  });

  it("without a client certificate: a clear error naming the variables, no retry, nothing reaches the API", async () => {
    const before = sim.requests.length;
    const error = await rejectsWithPspError(client({ ca: certs.ca }).putCob(TXID(3), COB));
    assert.equal(error.kind, "auth");
    assert.equal(error.status, 502);
    assert.equal(error.exitCode, 69);
    assert.match(error.message, /^o PSP Pix em https:\/\/127\.0\.0\.1:\d+ exige certificado de cliente \(mTLS\): configure PIX_PSP_CERT e PIX_PSP_KEY, ou PIX_PSP_PFX, com o certificado emitido pelo PSP \(token OAuth; ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\)$/);
    assert.deepEqual(waits, []);
    assert.equal(sim.requests.length, before);
  });

  it("a PSP certificate from a CA the system does not trust: the error points at PIX_PSP_CA", async () => {
    for (const tls of [undefined, { cert: certs.clientCert, key: certs.clientKey }]) {
      const error = await rejectsWithPspError(client(tls).putCob(TXID(4), COB));
      assert.equal(error.kind, "auth");
      assert.match(error.message, /^não foi possível verificar o certificado TLS do PSP Pix em https:\/\/127\.0\.0\.1:\d+ \(token OAuth\): SELF_SIGNED_CERT_IN_CHAIN; se o PSP usa uma autoridade certificadora própria, informe-a em PIX_PSP_CA$/);
      assert.deepEqual(waits, []);
    }
  });

  it("a client certificate of another CA: the PSP drops the connection and the error says the certificate may be refused", async () => {
    const error = await rejectsWithPspError(client({ cert: certs.rogueCert, key: certs.rogueKey, ca: certs.ca }).putCob(TXID(5), COB));
    assert.equal(error.kind, "transient");
    assert.match(error.message, /se persistir, o PSP pode estar recusando o certificado de cliente \(mTLS\): confira PIX_PSP_CERT\/PIX_PSP_KEY ou PIX_PSP_PFX \(3 tentativas\)$/);
  });

  it("configured from the environment as `regua serve` does: PIX_PSP_CERT/KEY/CA and PIX_PSP_PFX both reach the PSP", async () => {
    const base = { PIX_PSP_URL: sim.url, PIX_PSP_CLIENT_ID: sim.clientId, PIX_PSP_CLIENT_SECRET: sim.clientSecret, PIX_KEY: KEY, PIX_PSP_CA: certs.paths.ca };
    const envs = [
      { ...base, PIX_PSP_CERT: certs.paths.clientCert, PIX_PSP_KEY: certs.paths.clientKey },
      // Relative paths are taken from the working directory.
      { ...base, PIX_PSP_PFX: "client.p12", PIX_PSP_PFX_PASSPHRASE: certs.pfxPassphrase },
    ];
    for (const [i, env] of envs.entries()) {
      const config = readConfig(env, certs.dir);
      const setup = await setupPix(config.pix, { allowSimulator: false });
      assert.equal(setup.simulator, null);
      assert.equal((await setup.pix.psp.putCob(TXID(10 + i), COB)).status, "ATIVA");
      await setup.close();
    }
  });
});
