import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { importReportCsv, reportFileName } from "./report-csv.ts";

const LABELS = { kind: "tipo", line: "linha", field: "campo", reason: "motivo", rejected: "recusada", warning: "aviso" };

describe("importReportCsv", () => {
  it("writes rejected rows then warnings, quoted where needed, with BOM and CRLF", () => {
    const csv = importReportCsv(
      {
        imported: 1, updated: 0, unchanged: 0,
        rejected: [{ line: 3, field: "documento", reason: "CPF com dígito verificador inválido" }, { line: 7, field: "valor", reason: 'valor "abc"; use 1.234,56' }],
        warnings: [{ line: 4, field: "email", reason: "e-mail inválido" }],
      },
      LABELS,
    );
    assert.equal(
      csv,
      '\ufefftipo;linha;campo;motivo\r\nrecusada;3;documento;CPF com dígito verificador inválido\r\nrecusada;7;valor;"valor ""abc""; use 1.234,56"\r\naviso;4;email;e-mail inválido\r\n',
    );
  });
  it("has only the header for a clean import", () => {
    assert.equal(importReportCsv({ imported: 2, updated: 0, unchanged: 0, rejected: [], warnings: [] }, LABELS), "\ufefftipo;linha;campo;motivo\r\n");
  });
  it("names the file after the upload", () => {
    assert.equal(reportFileName("carteira.csv"), "carteira-relatorio.csv");
    assert.equal(reportFileName("Carteira Junho.xlsx"), "Carteira Junho-relatorio.csv");
    assert.equal(reportFileName(".csv"), "importacao-relatorio.csv");
  });
});
