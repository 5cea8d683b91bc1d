import { readFileSync } from "node:fs";
import { formatCents } from "../domain/br/money.ts";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import bwipjs from "bwip-js";
import PDFDocument from "pdfkit";
import { formatDateBr } from "../domain/br/dates.ts";
import { bankCodeWithDigit, bankName, formatDigitableLine } from "../domain/boleto/format-boleto.ts";
import type { MadeBoleto } from "../domain/boleto/make-boleto.ts";

export type BoletoPdfParty = { name: string; document: string; address: string };

/** What the slip shows: a made boleto plus the people and texts around it. */
export type BoletoPdfSlip = Pick<MadeBoleto, "barcode" | "line" | "bank" | "amountCents" | "dueDate" | "ourNumberFormatted"> &
  Partial<Pick<MadeBoleto, "agencyCode" | "wallet">> & {
    beneficiary: BoletoPdfParty;
    payer: BoletoPdfParty;
    instructions: string[];
    documentNumber?: string;
    issueDate: string;
    paymentPlace?: string;
    /** Espécie do documento (default "DM", duplicata mercantil). */
    documentKind?: string;
  };

export type BoletoPdfOptions = {
  /** Deflate the content streams (default true); tests turn it off to read the text back. */
  compress?: boolean;
};

const MM = 72 / 25.4;
const PAGE_WIDTH = 595.28; // A4
const SLIP_WIDTH = 180 * MM;
const LEFT = (PAGE_WIDTH - SLIP_WIDTH) / 2;
const RIGHT_COLUMN = 50 * MM;
const MAIN_COLUMN = SLIP_WIDTH - RIGHT_COLUMN;
const ROW = 8.5 * MM;
const LABEL_SIZE = 5.8;
const VALUE_SIZE = 8.5;
const BARCODE_WIDTH = 103 * MM; // 405 modules of 0.254 mm (narrow:wide 1:3)
const BARCODE_HEIGHT = 13 * MM;
/** Header 9 + rows 92 + footer 4 + bars 13 mm, ending 12 mm above the bottom of the page. */
const FICHA_TOP = 841.89 - (9 + 92 + 4 + 13 + 12) * MM;
const DEFAULT_PAYMENT_PLACE = "Pagável em qualquer banco até o vencimento";

let fontCache: { regular: Buffer; bold: Buffer } | undefined;

/** DejaVu Sans, read from disk once per process and reused by every document. */
function fonts(): { regular: Buffer; bold: Buffer } {
  if (!fontCache) {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
    fontCache = {
      regular: readFileSync(join(dir, "DejaVuSans.ttf")),
      bold: readFileSync(join(dir, "DejaVuSans-Bold.ttf")),
    };
  }
  return fontCache;
}

type Doc = InstanceType<typeof PDFDocument>;
type CellOptions = { align?: "left" | "right" | "center"; bold?: boolean; size?: number; lines?: number; shade?: boolean };

/** One box of the form: a small label on top and its value below, clipped to the box. */
function cell(doc: Doc, x: number, y: number, w: number, h: number, label: string, value: string, options: CellOptions = {}): void {
  if (options.shade) doc.save().rect(x, y, w, h).fill("#ececec").restore();
  doc.rect(x, y, w, h).lineWidth(0.5).stroke("#000000");
  doc.font("regular").fontSize(LABEL_SIZE).fillColor("#000000");
  doc.text(label, x + 2, y + 1.6, { width: w - 4, lineBreak: false, ellipsis: true, height: LABEL_SIZE + 2 });
  if (value === "") return;
  const size = options.size ?? VALUE_SIZE;
  doc.font(options.bold ? "bold" : "regular").fontSize(size);
  const lines = options.lines ?? 1;
  doc.text(value, x + 2, y + LABEL_SIZE + 3.4, {
    width: w - 4,
    align: options.align ?? "left",
    height: lines * size * 1.25,
    ellipsis: true,
    lineBreak: lines > 1,
  });
}

/** Bold text on one line in the largest size up to `maxSize` that fits `width`, standing on `baseline`. */
function fitText(doc: Doc, text: string, x: number, baseline: number, width: number, maxSize: number, align: "left" | "right"): void {
  doc.font("bold").fontSize(1);
  const size = Math.min(maxSize, width / doc.widthOfString(text));
  doc.fontSize(size).text(text, x, baseline - size, { width, align, lineBreak: false });
}

/** The header of each part: bank name, code with digit between thick rules, and the digitable line. */
function header(doc: Doc, y: number, slip: BoletoPdfSlip): number {
  const h = 9 * MM;
  const nameWidth = 40 * MM;
  const codeWidth = 20 * MM;
  fitText(doc, bankName(slip.bank) ?? `Banco ${slip.bank}`, LEFT, y + h - 3, nameWidth - 4, 11, "left");
  doc.lineWidth(1.6);
  doc.moveTo(LEFT + nameWidth, y + 2).lineTo(LEFT + nameWidth, y + h).stroke();
  doc.moveTo(LEFT + nameWidth + codeWidth, y + 2).lineTo(LEFT + nameWidth + codeWidth, y + h).stroke();
  doc.font("bold").fontSize(15).text(bankCodeWithDigit(slip.bank), LEFT + nameWidth, y + h - 18, {
    width: codeWidth,
    align: "center",
    lineBreak: false,
  });
  const lineX = LEFT + nameWidth + codeWidth + 3;
  fitText(doc, formatDigitableLine(slip.line), lineX, y + h - 3, SLIP_WIDTH - (lineX - LEFT), 12, "right");
  doc.lineWidth(1.2).moveTo(LEFT, y + h).lineTo(LEFT + SLIP_WIDTH, y + h).stroke();
  return y + h;
}

const party = (p: BoletoPdfParty) => (p.document.trim() ? `${p.name} — CPF/CNPJ ${p.document}` : p.name);

function receipt(doc: Doc, top: number, slip: BoletoPdfSlip): number {
  doc.font("bold").fontSize(8).text("Recibo do Pagador", LEFT, top, { width: SLIP_WIDTH, align: "right" });
  let y = header(doc, top + 4 * MM, slip);
  const beneficiaryHeight = 11 * MM;
  cell(doc, LEFT, y, MAIN_COLUMN, beneficiaryHeight, "Beneficiário", `${party(slip.beneficiary)}\n${slip.beneficiary.address}`, { lines: 2 });
  cell(doc, LEFT + MAIN_COLUMN, y, RIGHT_COLUMN, beneficiaryHeight, "Vencimento", formatDateBr(slip.dueDate), {
    align: "right",
    bold: true,
    shade: true,
  });
  y += beneficiaryHeight;
  const third = MAIN_COLUMN / 3;
  cell(doc, LEFT, y, third, ROW, "Agência/Código do beneficiário", slip.agencyCode ?? "");
  cell(doc, LEFT + third, y, third, ROW, "Nosso número", slip.ourNumberFormatted);
  cell(doc, LEFT + 2 * third, y, third, ROW, "Nº do documento", slip.documentNumber ?? "");
  cell(doc, LEFT + MAIN_COLUMN, y, RIGHT_COLUMN, ROW, "(=) Valor do documento", formatCents(slip.amountCents), {
    align: "right",
    bold: true,
    shade: true,
  });
  y += ROW;
  cell(doc, LEFT, y, MAIN_COLUMN, ROW, "Pagador", party(slip.payer));
  cell(doc, LEFT + MAIN_COLUMN, y, RIGHT_COLUMN, ROW, "Data do documento", formatDateBr(slip.issueDate), { align: "right" });
  y += ROW;
  doc.font("regular").fontSize(LABEL_SIZE).text("Autenticação mecânica", LEFT + MAIN_COLUMN, y + 2, { width: RIGHT_COLUMN, align: "right" });
  return y + 6 * MM;
}

function cutLine(doc: Doc, y: number): void {
  doc.save().lineWidth(0.6).dash(3, { space: 2 }).moveTo(LEFT - 6 * MM, y).lineTo(LEFT + SLIP_WIDTH + 6 * MM, y).stroke().undash().restore();
  doc.font("regular").fontSize(9).text("✂", LEFT - 6 * MM, y - 5.5, { lineBreak: false });
  doc.font("regular").fontSize(LABEL_SIZE).text("Corte na linha pontilhada", LEFT, y + 1.5, { width: SLIP_WIDTH, align: "right" });
}

async function barcodeImage(barcode: string): Promise<Buffer> {
  return bwipjs.toBuffer({
    bcid: "interleaved2of5",
    text: barcode,
    includetext: false,
    height: 13,
    scaleX: 6,
    scaleY: 1,
  });
}

function compensationSlip(doc: Doc, top: number, slip: BoletoPdfSlip, barcodePng: Buffer): void {
  let y = header(doc, top, slip);
  const money = formatCents(slip.amountCents);
  cell(doc, LEFT, y, MAIN_COLUMN, ROW, "Local de pagamento", slip.paymentPlace ?? DEFAULT_PAYMENT_PLACE);
  cell(doc, LEFT + MAIN_COLUMN, y, RIGHT_COLUMN, ROW, "Vencimento", formatDateBr(slip.dueDate), { align: "right", bold: true, shade: true });
  y += ROW;
  const beneficiaryHeight = 11 * MM;
  cell(doc, LEFT, y, MAIN_COLUMN, beneficiaryHeight, "Beneficiário", `${party(slip.beneficiary)}\n${slip.beneficiary.address}`, { lines: 2 });
  cell(doc, LEFT + MAIN_COLUMN, y, RIGHT_COLUMN, beneficiaryHeight, "Agência/Código do beneficiário", slip.agencyCode ?? "", { align: "right" });
  y += beneficiaryHeight;
  const row3: [string, string, number][] = [
    ["Data do documento", formatDateBr(slip.issueDate), 24],
    ["Nº do documento", slip.documentNumber ?? "", 30],
    ["Espécie doc.", slip.documentKind ?? "DM", 16],
    ["Aceite", "N", 12],
    ["Data do processamento", formatDateBr(slip.issueDate), 48],
  ];
  let x = LEFT;
  for (const [label, value, width] of row3) {
    cell(doc, x, y, width * MM, ROW, label, value);
    x += width * MM;
  }
  cell(doc, LEFT + MAIN_COLUMN, y, RIGHT_COLUMN, ROW, "Nosso número", slip.ourNumberFormatted, { align: "right" });
  y += ROW;
  const row4: [string, string, number][] = [
    ["Uso do banco", "", 24],
    ["Carteira", slip.wallet ?? "", 20],
    ["Espécie", "R$", 14],
    ["Quantidade", "", 24],
    ["Valor", "", 48],
  ];
  x = LEFT;
  for (const [label, value, width] of row4) {
    cell(doc, x, y, width * MM, ROW, label, value);
    x += width * MM;
  }
  cell(doc, LEFT + MAIN_COLUMN, y, RIGHT_COLUMN, ROW, "(=) Valor do documento", money, { align: "right", bold: true, shade: true });
  y += ROW;
  const deductions = ["(−) Desconto/Abatimento", "(−) Outras deduções", "(+) Mora/Multa", "(+) Outros acréscimos", "(=) Valor cobrado"];
  const instructionsHeight = deductions.length * ROW;
  cell(doc, LEFT, y, MAIN_COLUMN, instructionsHeight, "Instruções (texto de responsabilidade do beneficiário)", "");
  doc.font("regular").fontSize(8).text(slip.instructions.join("\n"), LEFT + 2, y + LABEL_SIZE + 4, {
    width: MAIN_COLUMN - 4,
    height: instructionsHeight - LABEL_SIZE - 6,
    ellipsis: true,
    lineGap: 1.5,
  });
  deductions.forEach((label, i) => cell(doc, LEFT + MAIN_COLUMN, y + i * ROW, RIGHT_COLUMN, ROW, label, ""));
  y += instructionsHeight;
  const payerHeight = 13 * MM;
  cell(doc, LEFT, y, SLIP_WIDTH, payerHeight, "Pagador", `${party(slip.payer)}\n${slip.payer.address}`, { lines: 2 });
  y += payerHeight;
  doc.font("regular").fontSize(LABEL_SIZE).text("Sacador/Avalista:", LEFT + 2, y + 2, { lineBreak: false });
  doc.text("Autenticação mecânica", LEFT + MAIN_COLUMN, y + 2, { width: RIGHT_COLUMN, align: "right", lineBreak: false });
  doc.font("bold").fontSize(8).text("Ficha de Compensação", LEFT + MAIN_COLUMN, y + 2 + LABEL_SIZE + 2.5, {
    width: RIGHT_COLUMN,
    align: "right",
    lineBreak: false,
  });
  y += 4 * MM;
  // A quiet zone of 5 mm on the left of the bars.
  doc.image(barcodePng, LEFT + 5 * MM, y, { width: BARCODE_WIDTH, height: BARCODE_HEIGHT });
}

/**
 * The printable boleto on one A4 page: the payer's receipt ("recibo do pagador") on top, a cut
 * line, and the "ficha de compensação" with the Interleaved 2 of 5 barcode at the bottom.
 */
export async function renderBoletoPdf(slip: BoletoPdfSlip, options: BoletoPdfOptions = {}): Promise<Buffer> {
  const barcodePng = await barcodeImage(slip.barcode);
  const { regular, bold } = fonts();
  const doc = new PDFDocument({
    size: "A4",
    margin: 0,
    compress: options.compress ?? true,
    info: {
      Title: `Boleto ${formatDigitableLine(slip.line)}`,
      Subject: `Vencimento ${formatDateBr(slip.dueDate)} — ${formatCents(slip.amountCents)}`,
      Creator: "Régua",
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);
  receipt(doc, 12 * MM, slip);
  // On A4 the ficha de compensação goes at the bottom of the page, below the cut line.
  cutLine(doc, FICHA_TOP - 7 * MM);
  compensationSlip(doc, FICHA_TOP, slip, barcodePng);
  doc.end();
  return done;
}
