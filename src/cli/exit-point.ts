import { SYSTEM_ACTOR } from "../app/access.ts";
import { getExitPointConfig, updateExitPointConfig, type ExitPointConfigView, type ExitPointPatch } from "../app/exit-point/exit-point-config.ts";
import { listExitPointDebts, type ExitPointList } from "../app/exit-point/list-exit-point-debts.ts";
import { formatDateBr } from "../domain/br/dates.ts";
import { formatCents } from "../domain/br/money.ts";
import { BUCKET_KEYS, COST_KEYS, COST_LABELS, bucketLabel, formatRateBp, isBucketKey, isCostKey } from "../domain/exit-point/exit-point.ts";
import { AppError } from "../shared/app-error.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson, type CliIo } from "./context.ts";
import { amountOption, withDeps } from "./shared.ts";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** "chave=valor" pairs of --set; "padrao" puts the key back to its default (null). */
function parsePairs<K extends string>(pairs: string[], isKey: (k: string) => k is K, keys: readonly string[], parse: (v: string, key: string) => number): Record<K, number | null> {
  const out = {} as Record<K, number | null>;
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const key = at < 0 ? pair : pair.slice(0, at).trim();
    if (at < 0 || !isKey(key)) throw new AppError("validation", `--set: use chave=valor com a chave entre ${keys.join(", ")} (recebido "${pair}")`, [{ field: "set", reason: "chave=valor" }]);
    const value = pair.slice(at + 1).trim();
    out[key] = /^padr[aã]o$/i.test(value) ? null : parse(value, key);
  }
  return out;
}

/** "25" / "12,5" (percent) → basis points. */
function parsePercent(value: string, key: string): number {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(value);
  const bp = m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : Number.NaN;
  if (!(bp >= 0 && bp <= 10000)) throw new AppError("validation", `--set ${key}: use uma porcentagem de 0 a 100, ex.: 12,5 (recebido "${value}")`, [{ field: `defaultRates.${key}`, reason: "porcentagem de 0 a 100" }]);
  return bp;
}

function parseInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,7}$/.test(value)) throw new AppError("validation", `${flag}: use um número inteiro (recebido "${value}")`, [{ field: flag, reason: "inteiro" }]);
  return Number(value);
}

const mark = (c: ExitPointConfigView, field: string) => (c.customized.includes(field) ? "  (alterado)" : "");

function printHeader(io: CliIo, c: ExitPointConfigView): void {
  io.out(`Ponto de saída do credor ${c.creditorId}: ${c.enabled ? "ligado" : "DESLIGADO (nenhuma etapa é pulada por custo)"}${mark(c, "enabled")}\n`);
}

function printCosts(io: CliIo, c: ExitPointConfigView): void {
  io.out("Custo por acionamento:\n");
  for (const k of COST_KEYS) io.out(`  ${COST_LABELS[k].padEnd(22)} ${formatCents(c.costs[k]).padStart(13)}${mark(c, `costs.${k}`)}\n`);
}

function printRates(io: CliIo, c: ExitPointConfigView): void {
  io.out(`Taxas de recuperação em ${formatDateBr(c.asOf)} (pagamentos em até ${c.windowDays} dias da entrada na faixa, últimos 12 meses; credibilidade: ${c.credibilityDebts} títulos valem metade)${mark(c, "windowDays")}${mark(c, "credibilityDebts")}\n`);
  io.out(`  ${"faixa".padEnd(22)} ${"títulos".padStart(8)} ${"exposição".padStart(16)} ${"recuperado".padStart(16)} ${"observada".padStart(10)} ${"padrão".padStart(8)} ${"peso".padStart(8)} ${"em vigor".padStart(9)}\n`);
  for (const r of c.rates) {
    const learned = r.fromDays !== null;
    io.out(
      `  ${bucketLabel(r.bucket).padEnd(22)} ${(learned ? r.debts.toLocaleString("pt-BR") : "—").padStart(8)} ${(learned ? formatCents(r.exposureCents) : "—").padStart(16)} ` +
        `${(learned ? formatCents(r.recoveredCents) : "—").padStart(16)} ${(r.observedBp === null ? "—" : formatRateBp(r.observedBp)).padStart(10)} ${formatRateBp(r.defaultBp).padStart(8)} ` +
        `${formatRateBp(r.weightBp).padStart(8)} ${formatRateBp(r.rateBp).padStart(9)}${mark(c, `defaultRates.${r.bucket}`)}\n`,
    );
  }
}

function printList(io: CliIo, l: ExitPointList): void {
  if (!l.enabled) return io.out("O ponto de saída está desligado para este credor: nenhum título é indicado.\n");
  const t = l.totals;
  io.out(`Títulos abaixo do ponto de saída em ${l.at}: ${t.debts} título(s) de ${t.debtors} devedor(es), ${formatCents(t.openCents)} em aberto, recuperação esperada ${formatCents(t.expectedRecoveryCents)}\n`);
  if (t.debts === 0) return;
  io.out("Indicados para baixa ou venda (a etapa do dia custa mais do que se espera recuperar):\n");
  for (const d of l.items) {
    io.out(
      `  ${d.debtorDocument}  ${d.externalId}  vence ${formatDateBr(d.dueDate)} (${d.daysLate} dias)  ${formatCents(d.openCents)} em aberto; etapa ${d.stepId}: ` +
        `${COST_LABELS[d.costKey]} ${formatCents(d.costCents)} > recuperação esperada ${formatCents(d.expectedRecoveryCents)} (${formatRateBp(d.rateBp)})\n`,
    );
  }
  if (l.truncated) io.out(`  … e mais ${t.debts - l.items.length} (use --limit ou --json)\n`);
}

export const registerExitPointCommands: RegisterCommands = (program, ctx) => {
  const area = program.command("exit-point").description("ponto de saída: custo por canal, taxas de recuperação e títulos que não compensa cobrar");

  area
    .command("list")
    .description("títulos abaixo do ponto de saída (a etapa do dia custa mais do que se espera recuperar): candidatos a baixa ou venda")
    .requiredOption("--creditor <id>", "credor")
    .option("--at <instante>", "instante, ISO 8601 com fuso (padrão: agora)")
    .option("--limit <n>", "quantos listar (padrão 500, máximo 5000; os totais contam todos)")
    .option("--json", "saída em JSON")
    .action(async (opts: { creditor: string; at?: string; limit?: string; json?: boolean }) => {
      const r = await withDeps(ctx, (deps) => listExitPointDebts(deps, SYSTEM_ACTOR, opts.creditor, { at: opts.at, limit: parseInteger(opts.limit, "--limit") }));
      if (opts.json) return printJson(ctx.io, r);
      printList(ctx.io, r);
    });

  area
    .command("costs")
    .description("mostra ou altera o custo de um acionamento por canal (em reais; \"padrao\" volta ao valor padrão)")
    .requiredOption("--creditor <id>", "credor")
    .option("--set <canal=valor>", `ex.: --set letter=4,20 --set sms=padrao (canais: ${COST_KEYS.join(", ")})`, collect)
    .option("--json", "saída em JSON")
    .action(async (opts: { creditor: string; set?: string[]; json?: boolean }) => {
      const costs = parsePairs(opts.set ?? [], isCostKey, COST_KEYS, (value, key) => amountOption(value, `--set ${key}`, { allowZero: true }));
      const c = await withDeps(ctx, (deps) => (opts.set?.length ? updateExitPointConfig(deps, SYSTEM_ACTOR, opts.creditor, { costs }) : getExitPointConfig(deps, SYSTEM_ACTOR, opts.creditor)));
      if (opts.json) return printJson(ctx.io, { creditorId: c.creditorId, enabled: c.enabled, costs: c.costs, customized: c.customized.filter((f) => f.startsWith("costs.")) });
      printHeader(ctx.io, c);
      printCosts(ctx.io, c);
    });

  area
    .command("rates")
    .description("taxas de recuperação por faixa de atraso: aprendidas do histórico do credor, com as taxas padrão quando o histórico é pouco")
    .requiredOption("--creditor <id>", "credor")
    .option("--at <data>", "dia da medição, AAAA-MM-DD (padrão: hoje)")
    .option("--set <faixa=porcentagem>", `taxa padrão de uma faixa, ex.: --set 31-90=20 (faixas: ${BUCKET_KEYS.join(", ")}; "padrao" volta ao padrão)`, collect)
    .option("--window <dias>", "dias após a entrada na faixa em que um pagamento conta como recuperado (padrão 30)")
    .option("--credibility <títulos>", "títulos de histórico que pesam tanto quanto a taxa padrão (padrão 30)")
    .option("--json", "saída em JSON")
    .action(async (opts: { creditor: string; at?: string; set?: string[]; window?: string; credibility?: string; json?: boolean }) => {
      const patch: ExitPointPatch = {};
      if (opts.set?.length) patch.defaultRates = parsePairs(opts.set, isBucketKey, BUCKET_KEYS, parsePercent);
      if (opts.window !== undefined) patch.windowDays = parseInteger(opts.window, "--window");
      if (opts.credibility !== undefined) patch.credibilityDebts = parseInteger(opts.credibility, "--credibility");
      const changing = Object.keys(patch).length > 0;
      if (changing && opts.at) throw new AppError("validation", "--at: só para consultar; altere sem --at", [{ field: "at", reason: "só na consulta" }]);
      const c = await withDeps(ctx, (deps) => (changing ? updateExitPointConfig(deps, SYSTEM_ACTOR, opts.creditor, patch) : getExitPointConfig(deps, SYSTEM_ACTOR, opts.creditor, { at: opts.at })));
      if (opts.json) return printJson(ctx.io, { creditorId: c.creditorId, asOf: c.asOf, windowDays: c.windowDays, credibilityDebts: c.credibilityDebts, defaultRates: c.defaultRates, rates: c.rates });
      printHeader(ctx.io, c);
      printRates(ctx.io, c);
    });

  area
    .command("config")
    .description("mostra todo o ponto de saída do credor; liga, desliga ou volta tudo ao padrão")
    .requiredOption("--creditor <id>", "credor")
    .option("--enable", "liga o ponto de saída")
    .option("--disable", "desliga: nenhuma etapa é pulada por custo")
    .option("--reset", "descarta todas as alterações do credor (volta aos padrões)")
    .option("--json", "saída em JSON")
    .action(async (opts: { creditor: string; enable?: boolean; disable?: boolean; reset?: boolean; json?: boolean }) => {
      if (opts.enable && opts.disable) throw new AppError("validation", "use --enable ou --disable, não os dois", [{ field: "enable", reason: "um dos dois" }]);
      const patch: ExitPointPatch = { ...(opts.reset ? { reset: true } : {}), ...(opts.enable ? { enabled: true } : opts.disable ? { enabled: false } : {}) };
      const c = await withDeps(ctx, (deps) => (Object.keys(patch).length ? updateExitPointConfig(deps, SYSTEM_ACTOR, opts.creditor, patch) : getExitPointConfig(deps, SYSTEM_ACTOR, opts.creditor)));
      if (opts.json) return printJson(ctx.io, c);
      printHeader(ctx.io, c);
      printCosts(ctx.io, c);
      printRates(ctx.io, c);
    });
};
