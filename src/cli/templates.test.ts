import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { freshDatabaseUrl, testDialects } from "../../test/support/db.ts";
import { seedTenants, TEST_NOW, type Seed } from "../../test/support/factories.ts";
import { REPO_ROOT } from "../../test/support/vectors.ts";
import { openDatabase, type Database } from "../db/database.ts";
import { fixedClock } from "../shared/clock.ts";
import type { CliContext } from "./context.ts";
import { runCli } from "./main.ts";

const workDir = mkdtempSync(join(tmpdir(), "regua-templates-cli-"));
after(() => rmSync(workDir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  writeFileSync(join(workDir, name), content);
  return name;
}

const GOOD_EMAIL = "Assunto: Olá, {{ debtor.firstName }}\n\nSeu débito de {{ totals.totalCents | money }} está em aberto: {{ links.payment }}\n";
const BAD_SMS = "{{ creditor.legalName }} {{ creditor.cnpj }}: PAGUE JÁ ou chamaremos a polícia!!\n";

async function run(argv: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const ctx: CliContext = { io: { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false }, clock: fixedClock(TEST_NOW), env, cwd: workDir };
  const code = await runCli(argv, ctx);
  return { code, out, err };
}

describe("regua template lint (no database)", () => {
  it("prints the findings in Portuguese and exits 1 on errors", async () => {
    const r = await run(["template", "lint", file("bad.txt", BAD_SMS), "--channel", "sms"]);
    assert.equal(r.code, 1);
    assert.equal(
      r.out,
      [
        "Erros (impedem salvar):",
        "  linha 1, coluna 47 (“PAGUE JÁ”): Texto em maiúsculas equivale a gritar e constrange o devedor (CDC art. 42). Escreva em letras normais; siglas conhecidas (CPF, CNPJ, PIX, SPC…) são aceitas.",
        "  linha 1, coluna 72 (“polícia”): Ameaça com polícia: dívida civil não é caso de polícia, e a cobrança não pode usar ameaça nem coação (CDC art. 42 e 71).",
        "  linha 1, coluna 79 (“!!”): Pontuação de grito (“!!”, “?!”): soa agressiva (CDC art. 42) e é marca de spam.",
        "",
      ].join("\n"),
    );
    const clean = await run(["template", "lint", file("ok.txt", GOOD_EMAIL), "--channel", "email"]);
    assert.deepEqual(clean, { code: 0, out: "Nenhum problema encontrado.\n", err: "" });
  });

  it("as a real subprocess: --json prints exactly {errors, warnings}", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, "bin/regua.mjs"), "template", "lint", join(workDir, "ok.txt"), "--channel", "sms", "--json"], { cwd: workDir, env: { ...process.env, DATABASE_URL: "" } });
    assert.equal(
      stdout,
      '{"errors":[],"warnings":[{"rule":"missing_creditor_name","line":1,"column":1,"excerpt":"","message":"O modelo não identifica o credor: use {{ creditor.tradeName }} ou {{ creditor.legalName }} (CDC art. 42-A). Este canal não tem rodapé automático."},{"rule":"missing_creditor_document","line":1,"column":1,"excerpt":"","message":"O modelo não traz o CNPJ do credor: use {{ creditor.cnpj }} (CDC art. 42-A). Este canal não tem rodapé automático."}]}\n',
    );
  });
});

for (const dialect of testDialects()) {
  describe(`regua template on ${dialect}`, () => {
    let url: string;
    let drop: () => Promise<void>;
    let database: Database;
    let seed: Seed;
    let A: string;
    const env = () => ({ DATABASE_URL: url });

    before(async () => {
      ({ url, drop } = await freshDatabaseUrl(dialect));
      database = await openDatabase(url);
      seed = await seedTenants({ database, clock: fixedClock(TEST_NOW) });
      A = seed.a.creditor.id;
    });
    after(async () => {
      await database?.close();
      await drop?.();
    });

    it("save → history → restore → show, in Portuguese and in JSON", async () => {
      const saved = await run(["template", "save", file("aviso.txt", GOOD_EMAIL), "--creditor", A, "--key", "alfa.aviso.email", "--channel", "email", "--stage", "firm"], env());
      assert.deepEqual(saved, { code: 0, out: "Modelo alfa.aviso.email salvo: versão 1.\n", err: "" });
      const v2 = await run(["template", "save", file("aviso2.txt", `${GOOD_EMAIL}Urgente.\n`), "--creditor", A, "--key", "alfa.aviso.email", "--channel", "email", "--stage", "firm"], env());
      assert.equal(v2.out, "Modelo alfa.aviso.email salvo: versão 2.\nAvisos:\n  linha 4, coluna 1 (“Urgente”): Expressão típica de spam (“urgente”, “clique aqui”, “última chance”…): prejudica a entrega do e-mail e soa como pressão.\n");
      const refused = await run(["template", "save", file("bad.txt", BAD_SMS), "--creditor", A, "--key", "alfa.ameaca.sms", "--channel", "sms", "--stage", "firm"], env());
      assert.equal(refused.code, 1);
      assert.match(refused.err, /^erro: O modelo tem 3 erros e não foi salvo\. Primeiro: linha 1, coluna 47: /);
      assert.match(refused.err, /\n {2}linha 1, content: Ameaça com polícia: .*\(“polícia”\)\n/);

      const restored = await run(["template", "restore", "--creditor", A, "--key", "alfa.aviso.email", "--version", "1", "--json"], env());
      assert.equal(restored.code, 0, restored.err);
      const body = JSON.parse(restored.out) as { template: { version: number; restoredFrom: number; content: string; author: string }; warnings: unknown[] };
      assert.deepEqual([body.template.version, body.template.restoredFrom, body.template.content, body.template.author, body.warnings], [3, 1, GOOD_EMAIL, "system:cli", []]);

      const history = await run(["template", "history", "--creditor", A, "--key", "alfa.aviso.email"], env());
      assert.equal(history.out, `v3  ${TEST_NOW}  system:cli  (restaura a v1)\nv2  ${TEST_NOW}  system:cli\nv1  ${TEST_NOW}  system:cli\n`);
      const show = await run(["template", "show", "--creditor", A, "--key", "alfa.aviso.email", "--version", "2"], env());
      assert.equal(show.out, `alfa.aviso.email — e-mail, fase firme — versão 2, por system:cli em ${TEST_NOW}\n\n${GOOD_EMAIL}Urgente.\n`);
      const list = await run(["template", "list", "--creditor", A, "--json"], env());
      const items = (JSON.parse(list.out) as { items: { key: string; source: string }[] }).items;
      assert.equal(items.length, 24);
      assert.equal(items[0]!.key, "alfa.aviso.email");
      const missing = await run(["template", "show", "--creditor", A, "--key", "nada.aqui"], env());
      assert.deepEqual(missing, { code: 4, out: "", err: "erro: Modelo não encontrado: nada.aqui.\n" });
    });

    it("preview --key K --debtor DOCUMENT renders with the debtor's real data", async () => {
      const r = await run(["template", "preview", "--creditor", A, "--key", "varejo.firme.sms", "--debtor", seed.a.debtor.formattedDocument], env());
      assert.equal(r.code, 0, r.err);
      // No trade name: the legal name makes this SMS long, and the preview says so.
      assert.match(r.out, /^Alfa Comercio de Roupas Ltda \(CNPJ 11\.222\.333\/0001-81\): Ana, seu debito de R\$ \d+,\d\d esta com 23 dias de atraso\. Pague ou negocie: https:\/\/regua\.invalid\/pagar\/previa\n\n\(165 caracteres, 2 SMS concatenados\)\naviso: o SMS tem 165 caracteres: será enviado em 2 partes \(160 caracteres cabem em um SMS\)\n$/);
      const draft = await run(["template", "preview", file("draft.txt", GOOD_EMAIL), "--channel", "email", "--creditor", A, "--debtor", seed.a.debtor.document, "--json"], env());
      const body = JSON.parse(draft.out) as { template: { source: string }; message: { subject: string }; warnings: string[] };
      assert.deepEqual([body.template.source, body.message.subject, body.warnings], ["draft", "Olá, Ana", ["o cadastro do credor não tem endereço (CDC art. 42-A)"]]);
      const other = await run(["template", "preview", "--creditor", A, "--key", "varejo.firme.sms", "--debtor", seed.b.debtor.document], env());
      assert.deepEqual(other, { code: 4, out: "", err: "erro: Devedor não encontrado.\n" });
    });

    it("as a real subprocess: save --json prints {template, created, warnings}", async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(REPO_ROOT, "bin/regua.mjs"), "template", "save", "aviso.txt", "--creditor", A, "--key", "alfa.sub.email", "--channel", "email", "--stage", "friendly", "--json"],
        { cwd: workDir, env: { ...process.env, DATABASE_URL: url } },
      );
      const body = JSON.parse(stdout) as { template: Record<string, unknown>; created: boolean; warnings: unknown[] };
      assert.deepEqual(Object.keys(body), ["template", "created", "warnings"]);
      assert.deepEqual(Object.keys(body.template), ["key", "channel", "stage", "sector", "version", "content", "author", "createdAt", "restoredFrom", "source"]);
      assert.deepEqual([body.template.key, body.template.version, body.template.source, body.created, body.warnings], ["alfa.sub.email", 1, "creditor", true, []]);
    });
  });
}
