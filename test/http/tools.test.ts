// The Brazilian formats through the API, with the shared vectors as they are: the same JSON
// as the CLI's --json, for integrations that cannot run the CLI.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { openTestDeps, seedTenants, type Seed } from "../support/factories.ts";
import { assertProblem, startServer, type TestServer } from "../support/http.ts";
import { readVectorJson, vectorPath } from "../support/vectors.ts";

type BankVector = { barcode: string; line: string; bank: string; amountCents: number; dueDate: string | null };
type CollectionVector = { barcode: string; line: string; segment: string; amountCents: number };
type PixVector = { payload: string; key?: string; url?: string; amount: string | null; name: string; city: string; txid: string; info?: string; crc: string };

describe("format tools over HTTP", () => {
  let server: TestServer;
  let seed: Seed;
  let cleanup: () => Promise<void>;
  before(async () => {
    const opened = await openTestDeps("sqlite");
    cleanup = opened.cleanup;
    seed = await seedTenants(opened.deps);
    server = await startServer(opened.deps);
  });
  after(async () => {
    await server.close();
    await cleanup();
  });
  const post = (path: string, json: unknown) => server.call("POST", path, { bearer: seed.apiKeyA.key, json });

  it("reads every boleto vector, barcode and line, bank and collection slips", async () => {
    const vectors = readVectorJson<{ bank: BankVector[]; collection: CollectionVector[] }>("boleto.json");
    for (const v of vectors.bank) {
      for (const code of [v.barcode, v.line]) {
        const res = await post("/api/tools/boleto/parse", { code, referenceDate: v.dueDate ?? "2025-03-01" });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body, { kind: "bank", barcode: v.barcode, line: v.line, amountCents: v.amountCents, bank: v.bank, dueDate: v.dueDate });
      }
    }
    for (const v of vectors.collection) {
      const res = await post("/api/tools/boleto/parse", { code: v.line });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { kind: "collection", barcode: v.barcode, line: v.line, amountCents: v.amountCents, segment: v.segment });
    }
  });

  it("refuses a code with a wrong check digit, naming the check, in Portuguese", async () => {
    const v = readVectorJson<{ bank: BankVector[] }>("boleto.json").bank[0]!;
    const wrong = v.barcode.slice(0, 4) + String((Number(v.barcode[4]) + 1) % 10) + v.barcode.slice(5);
    const problem = assertProblem(await post("/api/tools/boleto/parse", { code: wrong }), 422);
    assert.match(problem.detail, /boleto inválido: .*dígito/i);
  });

  it("what make prints, parse reads back", async () => {
    const made = await post("/api/tools/boleto/make", { bank: "341", agency: "1234", account: "12345", accountDigit: "1", wallet: "109", ourNumber: "12345678", amountCents: 15000, dueDate: "2026-12-10" });
    assert.equal(made.status, 200, made.text);
    const m = made.body as { line: string; barcode: string };
    const parsed = await post("/api/tools/boleto/parse", { code: m.line, referenceDate: "2026-11-23" });
    assert.deepEqual(parsed.body, { kind: "bank", barcode: m.barcode, line: m.line, amountCents: 15000, bank: "341", dueDate: "2026-12-10" });
  });

  it("reads every PIX vector and refuses a wrong CRC", async () => {
    for (const v of readVectorJson<{ payloads: PixVector[] }>("pix.json").payloads) {
      const res = await post("/api/tools/pix/parse", { payload: v.payload });
      assert.equal(res.status, 200, res.text);
      const { payload: _payload, ...expected } = v;
      assert.deepEqual(res.body, expected);
    }
    const first = readVectorJson<{ payloads: PixVector[] }>("pix.json").payloads[0]!.payload;
    const problem = assertProblem(await post("/api/tools/pix/parse", { payload: first.slice(0, -4) + "0000" }), 422);
    assert.match(problem.detail, /CRC inválido/);
  });

  it("makes a static BR Code that reads back", async () => {
    const made = await post("/api/tools/pix/make", { key: "fulano@exemplo.com.br", name: "Fulano de Tal", city: "São Paulo", amountCents: 1050, txid: "PEDIDO123" });
    assert.equal(made.status, 200, made.text);
    const parsed = await post("/api/tools/pix/parse", { payload: (made.body as { payload: string }).payload });
    assert.deepEqual({ ...(parsed.body as object), crc: undefined }, { key: "fulano@exemplo.com.br", amount: "10.50", name: "Fulano de Tal", city: "Sao Paulo", txid: "PEDIDO123", crc: undefined });
  });

  it("reads the CNAB 240 vector (segments T and U without the envelope) and checks the envelope when asked", async () => {
    const content = readFileSync(vectorPath("cnab240-one-payment.ret"), "latin1");
    const res = await post("/api/tools/cnab/parse", { content, requireEnvelope: false });
    assert.equal(res.status, 200, res.text);
    const file = res.body as { format: string; records: Record<string, unknown>[] };
    assert.equal(file.format, "cnab240");
    assert.deepEqual(file.records, [
      { ourNumber: "1", movement: "06", settlement: true, faceValueCents: 15000, paidCents: 15000, interestCents: 0, discountCents: 0, feeCents: 250, creditedCents: 14750, dueDate: "2026-03-10", paidDate: "2026-03-11", creditDate: "2026-03-12" },
    ]);
    const strict = assertProblem(await post("/api/tools/cnab/parse", { content }), 422);
    assert.ok(strict.errors && strict.errors.length > 0 && strict.errors[0]!.field === "content");
  });

  it("answers 401 without credentials", async () => {
    const res = await server.call("POST", "/api/tools/pix/parse", { json: { payload: "x" } });
    assert.equal(res.status, 401);
  });
});
