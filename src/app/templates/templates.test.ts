import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, type Seed } from "../../../test/support/factories.ts";
import { AppError } from "../../shared/app-error.ts";
import { SYSTEM_ACTOR, type Actor } from "../access.ts";
import { chargesForDebts } from "../charges/get-debt-charges.ts";
import { updateCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { formatCents } from "../../domain/br/money.ts";
import { getTemplate } from "./get-template.ts";
import { lintTemplateSource } from "./lint-template-source.ts";
import { listTemplates } from "./list-templates.ts";
import { previewTemplate } from "./preview-template.ts";
import { renderActionMessage, type ActionMessageInput } from "./render-action-message.ts";
import { restoreTemplate } from "./restore-template.ts";
import { saveTemplate } from "./save-template.ts";
import { templateHistory } from "./template-history.ts";

const GOOD = "Assunto: Olá, {{ debtor.firstName }}\n\nOlá, {{ debtor.name }}. Seu débito de {{ totals.totalCents | money }} está em aberto.\nPague: {{ links.payment }}\n";
const GOOD_2 = "Assunto: Lembrete de {{ creditor.legalName }}\n\nOlá, {{ debtor.firstName }}. Urgente: o débito está em aberto. {{ links.payment }}\n";
const BAD = "Assunto: Aviso\n\nOlá.\nVOCÊ SERÁ PRESO se não pagar!!\nLigaremos para seu chefe.";

const actorOf = (id: string, role: Actor["role"], creditorIds: string[]): Actor => ({ kind: "user", id, role, creditorIds, label: `user:${id}` });

async function rejects(promise: Promise<unknown>, code: string, message?: RegExp): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail(`esperava erro ${code}`);
}

for (const dialect of testDialects()) {
  describe(`templates on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let deps: AppDeps;
    let seed: Seed;
    let A: string;
    let B: string;
    before(async () => {
      env = await openTestDeps(dialect);
      deps = env.deps;
      seed = await seedTenants(deps);
      A = seed.a.creditor.id;
      B = seed.b.creditor.id;
    });
    after(async () => env?.cleanup());

    const manager = () => actorOf("gestor", "manager", [A]);

    it("saves versions, never overwrites, returns warnings, and keeps the history", async () => {
      const v1 = await saveTemplate(deps, manager(), A, { key: "alfa.aviso.email", channel: "email", stage: "firm", content: GOOD });
      assert.deepEqual({ created: v1.created, version: v1.template.version, author: v1.template.author, source: v1.template.source, sector: v1.template.sector }, { created: true, version: 1, author: "user:gestor", source: "creditor", sector: "retail" });
      assert.deepEqual(v1.warnings, []);
      const same = await saveTemplate(deps, manager(), A, { key: "alfa.aviso.email", channel: "email", stage: "firm", content: GOOD.replace(/\n/g, "\r\n") });
      assert.deepEqual({ created: same.created, version: same.template.version }, { created: false, version: 1 });
      const v2 = await saveTemplate(deps, manager(), A, { key: "alfa.aviso.email", channel: "email", stage: "firm", content: GOOD_2 });
      assert.equal(v2.template.version, 2);
      assert.deepEqual(v2.warnings.map((w) => [w.rule, w.line, w.column, w.excerpt]), [["spam_words", 3, 30, "Urgente"]]);

      const history = await templateHistory(deps, SYSTEM_ACTOR, A, "alfa.aviso.email");
      assert.deepEqual(history.items.map((v) => [v.version, v.content]), [[2, GOOD_2], [1, GOOD]]);
      assert.equal(history.pack, null);

      const restored = await restoreTemplate(deps, manager(), A, "alfa.aviso.email", 1);
      assert.deepEqual({ version: restored.template.version, restoredFrom: restored.template.restoredFrom, content: restored.template.content }, { version: 3, restoredFrom: 1, content: GOOD });
      assert.equal((await getTemplate(deps, SYSTEM_ACTOR, A, "alfa.aviso.email")).version, 3);
      assert.equal((await getTemplate(deps, SYSTEM_ACTOR, A, "alfa.aviso.email", 2)).content, GOOD_2);
      await rejects(restoreTemplate(deps, manager(), A, "alfa.aviso.email", 9), "not_found", /^Versão 9 do modelo alfa\.aviso\.email não encontrada\.$/);

      const audit = await deps.database.db.selectFrom("audit_log").select(["action", "entity_id", "actor"]).where("entity", "=", "message_template").orderBy("id").execute();
      assert.deepEqual(audit, [
        { action: "template.save", entity_id: "alfa.aviso.email@1", actor: "user:gestor" },
        { action: "template.save", entity_id: "alfa.aviso.email@2", actor: "user:gestor" },
        { action: "template.restore", entity_id: "alfa.aviso.email@3", actor: "user:gestor" },
      ]);
    });

    it("refuses a template with lint errors (422, each error with line and column) and stores nothing", async () => {
      const before = await deps.database.db.selectFrom("message_templates").select("id").execute();
      const error = await rejects(saveTemplate(deps, manager(), A, { key: "alfa.ameaca.email", channel: "email", stage: "firm", content: BAD }), "invalid_input", /^O modelo tem 4 erros e não foi salvo\. Primeiro: linha 4, coluna 1: /);
      assert.equal(error.status, 422);
      assert.deepEqual(
        error.errors.map((e) => [e.field, e.line, (e as { column?: number }).column, (e as { rule?: string }).rule]),
        [["content", 4, 1, "shouting_caps"], ["content", 4, 11, "threat_arrest"], ["content", 4, 29, "shouting_exclamation"], ["content", 5, 16, "third_party"]],
      );
      assert.match(error.errors[1]!.reason, /^Ameaça de prisão: .*\(“PRESO”\)$/);
      assert.deepEqual(await deps.database.db.selectFrom("message_templates").select("id").execute(), before);
    });

    it("a key keeps its channel; a pack key keeps the pack's channel; input is validated", async () => {
      await rejects(saveTemplate(deps, manager(), A, { key: "alfa.aviso.email", channel: "sms", stage: "firm", content: "{{ creditor.legalName }} {{ creditor.cnpj }} oi" }), "conflict", /é do canal email/);
      await rejects(saveTemplate(deps, manager(), A, { key: "varejo.firme.email", channel: "whatsapp", stage: "firm", content: "{{ creditor.legalName }} {{ creditor.cnpj }} oi" }), "conflict", /modelo padrão do canal email/);
      await rejects(saveTemplate(deps, manager(), A, { key: "chave com espaço", channel: "email", stage: "firm", content: GOOD }), "validation");
      await rejects(saveTemplate(deps, manager(), A, { key: "x", channel: "credit_bureau", stage: "firm", content: GOOD }), "validation", /canal sem modelo de mensagem/);
      await rejects(saveTemplate(deps, manager(), A, { key: "x", channel: "email", stage: "urgente", content: GOOD }), "validation", /fase inválida/);
    });

    it("authorises: collectors and auditors read but do not write; another tenant's creditor is not found", async () => {
      const collector = actorOf("op", "collector", [A]);
      await rejects(saveTemplate(deps, collector, A, { key: "x.y.email", channel: "email", stage: "firm", content: GOOD }), "forbidden");
      await rejects(restoreTemplate(deps, actorOf("aud", "auditor", [A]), A, "alfa.aviso.email", 1), "forbidden");
      assert.ok((await listTemplates(deps, collector, A)).items.length > 0);
      await rejects(listTemplates(deps, manager(), B), "not_found", /^Credor não encontrado\.$/);
      await rejects(saveTemplate(deps, manager(), B, { key: "x.y.email", channel: "email", stage: "firm", content: GOOD }), "not_found");
      await rejects(templateHistory(deps, manager(), B, "alfa.aviso.email"), "not_found");
      await rejects(lintTemplateSource(deps, manager(), B, { content: "x", channel: "sms" }), "not_found");
    });

    it("concurrent saves of one key get consecutive versions", async () => {
      const contents = [1, 2, 3].map((n) => `{{ creditor.legalName }} CNPJ {{ creditor.cnpj }}: lembrete ${n}`);
      const results = await Promise.all(contents.map((content) => saveTemplate(deps, manager(), A, { key: "alfa.paralelo.sms", channel: "sms", stage: "friendly", content })));
      assert.deepEqual(results.map((r) => r.template.version).sort(), [1, 2, 3]);
    });

    it("lists the creditor's templates and the pack of its sector, marking overrides", async () => {
      await saveTemplate(deps, manager(), A, { key: "varejo.amigavel.email", channel: "email", stage: "friendly", content: GOOD });
      const { items } = await listTemplates(deps, SYSTEM_ACTOR, A);
      const own = items.filter((i) => i.source === "creditor").map((i) => [i.key, i.version, i.overridesPack]);
      assert.deepEqual(own, [["alfa.aviso.email", 3, false], ["alfa.paralelo.sms", 3, false], ["varejo.amigavel.email", 1, true]]);
      const pack = items.filter((i) => i.source === "pack");
      assert.equal(pack.length, 22);
      assert.ok(pack.every((i) => i.key.startsWith("varejo.") && i.version === null));
      assert.ok(!("content" in items[0]!));
      const history = await templateHistory(deps, SYSTEM_ACTOR, A, "varejo.lembrete.email");
      assert.deepEqual({ items: history.items, pack: history.pack?.source }, { items: [], pack: "pack" });
      assert.equal((await getTemplate(deps, SYSTEM_ACTOR, A, "varejo.lembrete.email")).source, "pack");
      await rejects(getTemplate(deps, SYSTEM_ACTOR, A, "nao.existe"), "not_found", /^Modelo não encontrado: nao\.existe\.$/);
    });

    const links = { payment: "https://regua.example/p/abc", unsubscribe: "https://regua.example/s/abc" };
    const action = (over: Partial<ActionMessageInput> = {}): ActionMessageInput => ({
      creditorId: A, debtorId: seed.a.debtor.id, debtIds: [seed.a.debt.id], stepId: "d+5", stage: "friendly", channel: "email", templateKey: null, links, ...over,
    });

    it("renderActionMessage refuses an e-mail while the creditor has no address (CDC art. 42-A) or no unsubscribe link", async () => {
      await rejects(renderActionMessage(deps, action()), "invalid_input", /^Mensagem não pode ser enviada: o cadastro do credor não tem endereço \(CDC art\. 42-A\)\.$/);
      await updateCreditor(deps, SYSTEM_ACTOR, A, { address: "Av. Paulista, 1000", city: "São Paulo", state: "SP", zip: "01310-100" });
      await rejects(renderActionMessage(deps, action({ links: { payment: links.payment, unsubscribe: "" } })), "invalid_input", /falta o link de descadastro/);
    });

    it("renderActionMessage: the creditor's version of the default key wins over the pack; charges of today are in the context", async () => {
      const message = await renderActionMessage(deps, action());
      assert.deepEqual(message.template, { key: "varejo.amigavel.email", version: 1, source: "creditor" });
      const charges = (await chargesForDebts(deps, A, [seed.a.debt.id], "2025-06-02")).get(Number(seed.a.debt.id))!;
      assert.ok(charges.totalCents > 15000, "a debt 23 days late carries fine and interest");
      assert.equal(message.subject, "Olá, Ana");
      assert.equal(
        message.text,
        `Olá, Ana Clara Albuquerque. Seu débito de ${formatCents(charges.totalCents)} está em aberto.\nPague: https://regua.example/p/abc\n\n-- \nAlfa Comércio de Roupas Ltda · CNPJ 11.222.333/0001-81\nAv. Paulista, 1000 · São Paulo/SP · CEP 01310-100\nPara deixar de receber e-mails de cobrança de Alfa Comércio de Roupas Ltda, acesse: https://regua.example/s/abc\n`,
      );
      assert.ok(message.html!.includes('<a href="https://regua.example/s/abc"'));
      assert.deepEqual(message.warnings, []);
    });

    it("renderActionMessage resolves keys: explicit, short, pack, before due date, and reports mismatches", async () => {
      const pack = await renderActionMessage(deps, action({ stage: "firm" }));
      assert.deepEqual(pack.template, { key: "varejo.firme.email", version: null, source: "pack" });
      assert.equal(pack.subject, "Sua parcela com Alfa Comércio de Roupas Ltda está em atraso");
      const short = await renderActionMessage(deps, action({ templateKey: "notificacao", stage: "formal" }));
      assert.equal(short.template.key, "varejo.notificacao.email");
      assert.match(short.text, /art\. 43, § 2º/);
      const explicit = await renderActionMessage(deps, action({ templateKey: "alfa.aviso.email" }));
      assert.deepEqual(explicit.template, { key: "alfa.aviso.email", version: 3, source: "creditor" });
      const sms = await renderActionMessage(deps, action({ channel: "sms", stage: "firm" }));
      assert.equal(sms.template.key, "varejo.firme.sms");
      assert.match(sms.text, /^Alfa Comercio de Roupas Ltda \(CNPJ 11\.222\.333\/0001-81\): Ana, seu debito de R\$ \d+,\d\d esta com 23 dias de atraso\. Pague ou negocie: https:\/\/regua\.example\/p\/abc$/);
      assert.deepEqual(sms.sms, { length: sms.text.length, segments: 1 });
      const letter = await renderActionMessage(deps, action({ channel: "letter", stage: "formal" }));
      assert.equal(letter.subject, "Notificação prévia — art. 43, § 2º, do Código de Defesa do Consumidor");
      assert.deepEqual(letter.sender, { legalName: "Alfa Comércio de Roupas Ltda", cnpj: "11.222.333/0001-81", addressLine: "Av. Paulista, 1000 · São Paulo/SP · CEP 01310-100" });
      assert.match((await renderActionMessage(deps, action({ channel: "phone", stage: "firm" }))).text, /^Roteiro de ligação — fase firme/);

      await rejects(renderActionMessage(deps, action({ templateKey: "nao.existe" })), "not_found", /^Modelo não encontrado: nao\.existe\.$/);
      await rejects(renderActionMessage(deps, action({ templateKey: "alfa.paralelo.sms" })), "invalid_input", /é do canal sms, mas a etapa usa o canal email/);
      await rejects(renderActionMessage(deps, action({ stage: "judicial" })), "not_found", /Não há modelo padrão para a fase judicial/);
      await rejects(renderActionMessage(deps, action({ channel: "credit_bureau" })), "invalid_input");
    });

    it("renderActionMessage: a debt before its due date gets the reminder on a friendly step", async () => {
      const clock = { now: () => new Date("2025-05-07T13:00:00Z") };
      const message = await renderActionMessage({ ...deps, clock }, action({ channel: "whatsapp" }));
      assert.equal(message.template.key, "varejo.lembrete.whatsapp");
      assert.match(message.text, /Parcela: R\$ 150,00, vencimento em 10\/05\/2025/);
    });

    it("renderActionMessage keeps tenants apart: B's debtor or debt under A is not found", async () => {
      await rejects(renderActionMessage(deps, action({ debtorId: seed.b.debtor.id, debtIds: [seed.b.debt.id] })), "not_found", /^Devedor não encontrado\.$/);
      await rejects(renderActionMessage(deps, action({ debtIds: [seed.b.debt.id] })), "not_found", /^Título não encontrado\.$/);
      await rejects(renderActionMessage(deps, action({ creditorId: "00000000-0000-4000-8000-00000000dead" })), "not_found");
    });

    it("previews a stored, pack or draft template with a real debtor, with lint", async () => {
      const stored = await previewTemplate(deps, manager(), A, { debtorId: seed.a.debtor.id, key: "alfa.aviso.email" });
      assert.deepEqual(stored.template, { key: "alfa.aviso.email", version: 3, source: "creditor" });
      assert.equal(stored.message.channel, "email");
      if (stored.message.channel === "email") assert.match(stored.message.text, /^Olá, Ana Clara Albuquerque\. Seu débito de R\$ \d+,\d\d está em aberto\.\nPague: https:\/\/regua\.invalid\/pagar\/previa\n/);
      const byDocument = await previewTemplate(deps, manager(), A, { debtorDocument: "529.982.247-25", key: "varejo.extrajudicial.letter" });
      assert.equal(byDocument.template.source, "pack");
      assert.equal(byDocument.message.channel, "letter");
      const draft = await previewTemplate(deps, actorOf("op", "collector", [A]), A, { debtorId: seed.a.debtor.id, content: "Olá {{ debtor.firstName }}, ligaremos para seu chefe.", channel: "sms" });
      assert.deepEqual(draft.template, { key: null, version: null, source: "draft" });
      assert.deepEqual(draft.message, { channel: "sms", text: "Ola Ana, ligaremos para seu chefe.", length: 34, segments: 1 });
      assert.deepEqual(draft.lint.errors.map((e) => e.rule), ["third_party"]);
      assert.deepEqual(draft.lint.warnings.map((e) => e.rule), ["missing_creditor_name", "missing_creditor_document"]);
      await rejects(previewTemplate(deps, manager(), A, { debtorId: seed.b.debtor.id, key: "alfa.aviso.email" }), "not_found", /^Devedor não encontrado\.$/);
      await rejects(previewTemplate(deps, manager(), A, { debtorDocument: seed.b.debtor.document, key: "alfa.aviso.email" }), "not_found", /^Devedor não encontrado\.$/);
      await rejects(previewTemplate(deps, manager(), B, { debtorId: seed.b.debtor.id, key: "alfa.aviso.email" }), "not_found", /^Credor não encontrado\.$/);
      await rejects(previewTemplate(deps, manager(), A, { debtorId: seed.a.debtor.id, content: "Assunto: x\n\n{{ x | nada }}", channel: "email" }), "invalid_input", /filtro desconhecido: nada \(linha 3, coluna 1\)/);
    });

    it("lints without saving", async () => {
      const r = await lintTemplateSource(deps, actorOf("aud", "auditor", [A]), A, { content: BAD, channel: "email", stage: "firm" });
      assert.deepEqual(r.errors.map((e) => e.rule), ["shouting_caps", "threat_arrest", "shouting_exclamation", "third_party"]);
    });
  });
}
