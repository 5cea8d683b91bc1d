import { Type } from "@fastify/type-provider-typebox";
import { localDateOf } from "../../domain/br/dates.ts";
import { BOLETO_BANKS, makeBoleto, type BoletoBank } from "../../domain/boleto/make-boleto.ts";
import { boletoView, parseBoleto } from "../../domain/boleto/parse-boleto.ts";
import { formatCnabError } from "../../domain/cnab/cnab-types.ts";
import { cnabFileView, parseCnab } from "../../domain/cnab/parse-cnab.ts";
import { makeStaticBrCode } from "../../domain/pix/make-static-br-code.ts";
import { parseBrCode } from "../../domain/pix/parse-br-code.ts";
import { AppError } from "../../shared/app-error.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";

const IsoDate = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "AAAA-MM-DD" });

/**
 * The Brazilian formats as stateless tools for integrations, with the same JSON as the
 * CLI's `--json`: read and make boletos and static PIX codes, read CNAB return files.
 * Any authenticated user or key; nothing is stored.
 */
export const toolsRoutes: Routes = (app, deps) => {
  app.post("/api/tools/boleto/parse", {
    schema: {
      tags: ["ferramentas"], summary: "Lê um código de barras (44 dígitos) ou linha digitável (47 ou 48) e confere os dígitos verificadores",
      body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 80 }), referenceDate: Type.Optional(IsoDate) }, { additionalProperties: false }),
    },
  }, async (request) => {
    actorOf(request);
    const result = parseBoleto(request.body.code, request.body.referenceDate ?? localDateOf(deps.clock.now(), "America/Sao_Paulo") /* today in Brasília */);
    if (!result.ok) throw new AppError("invalid_input", `boleto inválido: ${result.reason}`, [{ field: "code", reason: result.reason }]);
    return boletoView(result.value);
  });

  app.post("/api/tools/boleto/make", {
    schema: {
      tags: ["ferramentas"], summary: "Gera código de barras e linha digitável de um boleto bancário",
      body: Type.Object({
        bank: Type.String({ description: `banco: ${BOLETO_BANKS.join(", ")}` }),
        agency: Type.String({ maxLength: 10 }),
        account: Type.Optional(Type.String({ maxLength: 20 })),
        accountDigit: Type.Optional(Type.String({ maxLength: 2 })),
        wallet: Type.String({ maxLength: 5 }),
        ourNumber: Type.String({ maxLength: 20 }),
        amountCents: Type.Integer({ minimum: 0 }),
        dueDate: IsoDate,
        convenio: Type.Optional(Type.String({ maxLength: 10 })),
        beneficiaryCode: Type.Optional(Type.String({ maxLength: 10 })),
        modality: Type.Optional(Type.String({ maxLength: 2 })),
        installment: Type.Optional(Type.String({ maxLength: 3 })),
      }, { additionalProperties: false }),
    },
  }, async (request) => {
    actorOf(request);
    const b = request.body;
    if (!(BOLETO_BANKS as readonly string[]).includes(b.bank)) throw new AppError("validation", `banco '${b.bank}' não suportado`, [{ field: "bank", reason: `use ${BOLETO_BANKS.join(", ")}` }]);
    const made = makeBoleto({ ...b, bank: b.bank as BoletoBank });
    return { kind: "bank", barcode: made.barcode, line: made.line, amountCents: made.amountCents, bank: made.bank, dueDate: made.dueDate, ourNumber: made.ourNumberFormatted };
  });

  app.post("/api/tools/pix/parse", {
    schema: {
      tags: ["ferramentas"], summary: "Lê e confere um BR Code Pix (estrutura, campos obrigatórios e CRC)",
      body: Type.Object({ payload: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false }),
    },
  }, async (request) => {
    actorOf(request);
    const parsed = parseBrCode(request.body.payload.trim());
    if (!parsed.ok) throw new AppError("invalid_input", `BR Code inválido: ${parsed.reason}`, [{ field: "payload", reason: parsed.reason }]);
    return parsed.value;
  });

  app.post("/api/tools/pix/make", {
    schema: {
      tags: ["ferramentas"], summary: "Gera o BR Code estático (copia e cola) de uma chave Pix",
      body: Type.Object({
        key: Type.String({ minLength: 1, maxLength: 77 }),
        name: Type.String({ minLength: 1, maxLength: 200 }),
        city: Type.String({ minLength: 1, maxLength: 200 }),
        amountCents: Type.Optional(Type.Integer({ minimum: 1 })),
        txid: Type.Optional(Type.String({ maxLength: 25 })),
        info: Type.Optional(Type.String({ maxLength: 72 })),
      }, { additionalProperties: false }),
    },
  }, async (request) => {
    actorOf(request);
    return { payload: makeStaticBrCode(request.body) };
  });

  app.post("/api/tools/cnab/parse", {
    bodyLimit: 60 * 1024 * 1024,
    schema: {
      tags: ["ferramentas"], summary: "Lê um arquivo de retorno CNAB 240 ou 400 e confere cabeçalhos, trailers e contagens",
      body: Type.Object({
        content: Type.String({ minLength: 1, maxLength: 50 * 1024 * 1024, description: "o arquivo, como texto" }),
        requireEnvelope: Type.Optional(Type.Boolean({ description: "CNAB 240: exigir cabeçalhos e trailers (padrão true)" })),
      }, { additionalProperties: false }),
    },
  }, async (request) => {
    actorOf(request);
    const parsed = parseCnab(request.body.content, { requireEnvelope: request.body.requireEnvelope ?? true });
    if (!parsed.ok) {
      throw new AppError("invalid_input", `arquivo CNAB inválido: ${parsed.errors[0] ? formatCnabError(parsed.errors[0]) : "sem registros"}`, parsed.errors.map((e) => ({ field: "content", line: e.line, reason: e.reason })));
    }
    return cnabFileView(parsed.value);
  });
};
