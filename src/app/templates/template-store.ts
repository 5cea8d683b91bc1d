/**
 * What the template use cases share: the stored row as a view, the latest version of a
 * key, input checks, and lint findings turned into a 422 with positions.
 */

import type { Kysely, Transaction } from "kysely";
import { AppError, type FieldError } from "../../shared/app-error.ts";
import { isStage, type Stage } from "../../domain/ladder/channels.ts";
import type { Finding, LintResult } from "../../domain/templates/lint.ts";
import { isMessageChannel, MESSAGE_CHANNELS, type MessageChannel } from "../../domain/templates/message.ts";
import type { PackTemplate } from "../../domain/templates/pack.ts";
import type { Schema } from "../../db/schema.ts";
import type { MessageTemplateTable } from "../../db/schema/templates.ts";

/** Same alphabet as a ladder step's `template`, so any key a ladder names can be saved. */
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$/;
export const MAX_CONTENT_CHARS = 50_000;

export type TemplateSource = "creditor" | "pack";

export type TemplateView = {
  key: string;
  channel: MessageChannel;
  stage: Stage;
  sector: string | null;
  /** null for a pack template (it has no stored versions). */
  version: number | null;
  content: string;
  author: string | null;
  createdAt: string | null;
  restoredFrom: number | null;
  source: TemplateSource;
};

export type TemplateSummary = Omit<TemplateView, "content"> & { overridesPack: boolean };

type Row = Omit<MessageTemplateTable, "id"> & { id: number };

export function rowView(row: Row): TemplateView {
  return {
    key: row.key, channel: row.channel as MessageChannel, stage: row.stage as Stage, sector: row.sector, version: Number(row.version), content: row.content,
    author: row.author, createdAt: row.created_at, restoredFrom: row.restored_from === null ? null : Number(row.restored_from), source: "creditor",
  };
}

export function packView(t: PackTemplate): TemplateView {
  return { key: t.key, channel: t.channel, stage: t.stage, sector: t.sector, version: null, content: t.content, author: null, createdAt: null, restoredFrom: null, source: "pack" };
}

export async function latestRow(db: Kysely<Schema> | Transaction<Schema>, creditorId: string, key: string): Promise<Row | undefined> {
  return db.selectFrom("message_templates").selectAll().where("creditor_id", "=", creditorId).where("key", "=", key).orderBy("version", "desc").limit(1).executeTakeFirst();
}

export function checkKey(key: string): string {
  const k = key.trim();
  if (!KEY_PATTERN.test(k)) {
    throw new AppError("validation", `key: chave de modelo inválida: "${key}" (letras, dígitos, ".", "-", "_" ou "+", até 64 caracteres, ex.: varejo.lembrete.email)`, [
      { field: "key", reason: "use letras, dígitos, \".\", \"-\", \"_\" ou \"+\" (até 64)" },
    ]);
  }
  return k;
}

export function checkChannel(channel: string): MessageChannel {
  if (!isMessageChannel(channel)) {
    throw new AppError("validation", `channel: canal sem modelo de mensagem: "${channel}" (use ${MESSAGE_CHANNELS.join(", ")})`, [{ field: "channel", reason: `use ${MESSAGE_CHANNELS.join(", ")}` }]);
  }
  return channel;
}

export function checkStage(stage: string): Stage {
  if (!isStage(stage)) throw new AppError("validation", `stage: fase inválida: "${stage}" (use friendly, firm, formal, extrajudicial ou judicial)`, [{ field: "stage", reason: "use friendly, firm, formal, extrajudicial ou judicial" }]);
  return stage;
}

export function checkContent(content: string): string {
  if (content.trim() === "") throw new AppError("validation", "content: o modelo está vazio", [{ field: "content", reason: "obrigatório" }]);
  if (content.length > MAX_CONTENT_CHARS) throw new AppError("validation", `content: modelo grande demais (até ${MAX_CONTENT_CHARS} caracteres)`, [{ field: "content", reason: `até ${MAX_CONTENT_CHARS} caracteres` }]);
  return content.replace(/\r\n?/g, "\n");
}

/** A finding as a problem+json error entry: `line` and `column` point into the template. */
export function findingError(f: Finding): FieldError {
  const entry = { field: "content", reason: f.excerpt ? `${f.message} (“${f.excerpt}”)` : f.message, line: f.line, column: f.column, rule: f.rule };
  return entry;
}

/** The 422 a template with lint errors gets: nothing is saved. */
export function lintRefusal(lint: LintResult): AppError {
  const n = lint.errors.length;
  const first = lint.errors[0]!;
  return new AppError(
    "invalid_input",
    `O modelo tem ${n} ${n === 1 ? "erro" : "erros"} e não foi salvo. Primeiro: linha ${first.line}, coluna ${first.column}: ${first.message}`,
    lint.errors.map(findingError),
  );
}

/** True for a unique-constraint violation of either database (two saves raced for the same version). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e.code === "23505" || e.code === "SQLITE_CONSTRAINT_UNIQUE" || (typeof e.message === "string" && e.message.includes("UNIQUE constraint failed"));
}
