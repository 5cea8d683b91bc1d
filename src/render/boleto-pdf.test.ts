import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inflateSync } from "node:zlib";
import { makeBoleto } from "../domain/boleto/make-boleto.ts";
import { renderBoletoPdf, type BoletoPdfSlip } from "./boleto-pdf.ts";

/**
 * Reads the text back from an uncompressed pdfkit document: each TJ array is decoded through
 * the ToUnicode map of the font selected by the preceding Tf.
 */
function extractText(pdf: Buffer): string[] {
  const source = pdf.toString("latin1");
  const objects = new Map<string, string>();
  for (const match of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) objects.set(match[1]!, match[2]!);
  const unicodeMaps = new Map<string, Map<number, string>>();
  const fontRefs = /\/Font\s*<<([^>]*)>>/.exec(source)?.[1] ?? "";
  for (const [, name, ref] of fontRefs.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(ref!) ?? "")?.[1];
    const cmap = objects.get(toUnicode ?? "") ?? "";
    const map = new Map<number, string>();
    for (const [, start, list] of cmap.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/g)) {
      [...list!.matchAll(/<([0-9a-f ]+)>/g)].forEach(([, units], i) => {
        const text = units!.split(" ").map((u) => String.fromCharCode(parseInt(u, 16)));
        map.set(parseInt(start!, 16) + i, text.join(""));
      });
    }
    unicodeMaps.set(name!, map);
  }
  const texts: string[] = [];
  let font = new Map<number, string>();
  for (const [, fontName, tj] of source.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
    if (fontName) {
      font = unicodeMaps.get(fontName) ?? new Map();
      continue;
    }
    let text = "";
    for (const [, hex] of tj!.matchAll(/<([0-9a-f]+)>/g)) {
      for (let i = 0; i < hex!.length; i += 4) text += font.get(parseInt(hex!.slice(i, i + 4), 16)) ?? "�";
    }
    texts.push(text);
  }
  return texts;
}

const made = makeBoleto({
  bank: "237",
  agency: "0001",
  wallet: "25",
  ourNumber: "00056631487",
  account: "1234567",
  accountDigit: "3",
  amountCents: 123456,
  dueDate: "2025-02-23",
});

const slip: BoletoPdfSlip = {
  ...made,
  beneficiary: { name: "Cobranças Exemplo Ltda.", document: "12.345.678/0001-95", address: "Rua das Acácias, 100 — São Paulo/SP" },
  payer: { name: "José da Silva Conceição", document: "123.456.789-09", address: "Av. Paulista, 1000 — São Paulo/SP" },
  instructions: ["Após o vencimento, cobrar multa de 2% e juros de 1% ao mês.", "Acordo nº 123 — parcela 1 de 3."],
  documentNumber: "AC-123/1",
  issueDate: "2025-02-10",
};

describe("renderBoletoPdf", () => {
  it("renders one A4 page with the formatted line, amounts, dates and Portuguese labels", async () => {
    const pdf = await renderBoletoPdf(slip, { compress: false });
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
    assert.equal((pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length, 1);
    const texts = extractText(pdf);
    const line = "23790.00124 50005.663146 87123.456706 8 10010000123456";
    assert.equal(made.line, line.replace(/[ .]/g, ""));
    // The line is printed twice: in the receipt and in the ficha de compensação.
    assert.equal(texts.filter((t) => t === line).length, 2);
    for (const expected of [
      "237-2",
      "Recibo do Pagador",
      "Ficha de Compensação",
      "Local de pagamento",
      "Pagável em qualquer banco até o vencimento",
      "Vencimento",
      "23/02/2025",
      "Beneficiário",
      "Agência/Código do beneficiário",
      "0001/1234567-3",
      "Data do documento",
      "10/02/2025",
      "Nosso número",
      "25/00056631487-2",
      "(=) Valor do documento",
      "R$ 1.234,56",
      "Instruções (texto de responsabilidade do beneficiário)",
      "Pagador",
      "Corte na linha pontilhada",
      "AC-123/1",
    ]) {
      assert.ok(texts.includes(expected), `falta "${expected}" em ${JSON.stringify(texts)}`);
    }
    const all = texts.join("\n");
    assert.match(all, /José da Silva Conceição — CPF\/CNPJ 123\.456\.789-09/);
    assert.match(all, /Acordo nº 123 — parcela 1 de 3\./);
  });

  it("embeds the barcode as one image 103 mm × 13 mm", async () => {
    const source = (await renderBoletoPdf(slip, { compress: false })).toString("latin1");
    assert.equal((source.match(/\/I\d+ Do/g) ?? []).length, 1);
    // pdfkit places images with a "w 0 0 h x y cm" matrix
    const mm = 72 / 25.4;
    const placement = /([\d.]+) 0 0 -?([\d.]+) [\d.]+ [\d.]+ cm\s*\/I\d+ Do/.exec(source);
    assert.ok(placement, "imagem do código de barras não encontrada");
    assert.ok(Math.abs(Number(placement[1]) - 103 * mm) < 0.01);
    assert.ok(Math.abs(Number(placement[2]) - 13 * mm) < 0.01);
  });

  it("compresses by default and stays small", async () => {
    const pdf = await renderBoletoPdf(slip);
    assert.equal(pdf.subarray(0, 4).toString("latin1"), "%PDF");
    assert.ok(pdf.length < 80_000, `PDF com ${pdf.length} bytes`);
    const stream = /stream\r?\n([\s\S]*?)endstream/.exec(pdf.toString("latin1"));
    assert.ok(stream);
    assert.doesNotThrow(() => inflateSync(Buffer.from(stream[1]!, "latin1")));
  });

  it("uses the defaults for payment place and document kind and prints a bank without a known name", async () => {
    const other = makeBoleto({ bank: "756", agency: "4327", wallet: "1", ourNumber: "2", beneficiaryCode: "229385", amountCents: 5000, dueDate: "2026-02-18" });
    const texts = extractText(await renderBoletoPdf({ ...slip, ...other, paymentPlace: "Pagável em qualquer banco ou lotérica" }, { compress: false }));
    assert.ok(texts.includes("Sicoob"));
    assert.ok(texts.includes("756-0"));
    assert.ok(texts.includes("Pagável em qualquer banco ou lotérica"));
    assert.ok(texts.includes("DM"));
    assert.ok(texts.includes("R$ 50,00"));
  });
});
