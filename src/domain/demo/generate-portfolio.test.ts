import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateDocument } from "../br/documents.ts";
import { parseDate, diffDays } from "../br/dates.ts";
import { normalizeEmail } from "../br/email.ts";
import { normalizePhone } from "../br/phone.ts";
import { generateDemoRows } from "./generate-portfolio.ts";

const rows = (seed: number, debtors = 2000) => [...generateDemoRows({ debtors, seed, today: "2026-11-23" })];

describe("generateDemoRows", () => {
  it("is reproducible from its seed and differs across seeds", () => {
    assert.deepEqual(rows(1, 50), rows(1, 50));
    assert.notDeepEqual(rows(1, 50), rows(2, 50));
  });
  it("is realistic: valid documents, all 27 states, unique debt ids, mixed contacts and aging", () => {
    const all = rows(42);
    assert.ok(all.length > 3000 && all.length < 5000, `${all.length} rows`);
    assert.ok(all.every((r) => validateDocument(r.documento!).ok));
    assert.equal(new Set(all.map((r) => r.uf)).size, 27);
    assert.equal(new Set(all.map((r) => r.titulo)).size, all.length);
    assert.ok(all.some((r) => /^[0-9A-Z]{12}\d{2}$/.test(r.documento!) && /[A-Z]/.test(r.documento!)), "alphanumeric CNPJ present");
    const emails = all.filter((r) => r.email).map((r) => normalizeEmail(r.email!).ok);
    assert.ok(emails.some((ok) => !ok) && emails.filter(Boolean).length > emails.length * 0.8);
    assert.ok(all.some((r) => !normalizePhone(r.telefone!).ok));
    const ages = all.map((r) => diffDays("2026-11-23", (parseDate(r.vencimento!) as { date: string }).date));
    assert.ok(ages.some((d) => d < 0), "not yet due");
    assert.ok(ages.some((d) => d > 5 * 365), "older than 5 years");
    assert.ok(all.some((r) => r.contrato && r.parcela));
  });
});
