import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps } from "../../../test/support/factories.ts";
import { completeCnpj } from "../../domain/br/documents.ts";
import { parseBoleto } from "../../domain/boleto/parse-boleto.ts";
import { parseCnab } from "../../domain/cnab/parse-cnab.ts";
import { writeCnab240Return } from "../../domain/cnab/write-cnab240-return.ts";
import { writeCnab400Return } from "../../domain/cnab/write-cnab400-return.ts";
import { AppError } from "../../shared/app-error.ts";
import { SYSTEM_ACTOR, type Actor } from "../access.ts";
import { getDebtCharges } from "../charges/get-debt-charges.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { importCnab } from "../payments/import-cnab.ts";
import { kitDebt, kitDebtor } from "../payments/payments-test-kit.ts";
import { addBillingAccount, listBillingAccounts } from "./billing-accounts.ts";
import { storedOurNumber } from "./billing-rules.ts";
import { TEST_ACCOUNTS, testAccountInput, type TestAccountName } from "./billing-test-accounts.ts";
import { issueBoleto } from "./issue-boleto.ts";
import { getBoletoPdf, listDebtBoletos } from "./list-boletos.ts";

const person = (role: Actor["role"], creditorId: string): Actor => ({ kind: "user", id: role, role, creditorIds: [creditorId], label: `user:${role}@teste` });

async function rejects(promise: Promise<unknown>, code: string, message: RegExp): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    return error;
  }
  assert.fail(`esperava AppError ${code}`);
}

let cnpjSeq = 0;
const nextCnpj = () => completeCnpj(`${String(++cnpjSeq).padStart(8, "7")}0001`);

for (const dialect of testDialects()) {
  describe(`boleto issuing on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let deps: AppDeps;
    before(async () => {
      env = await openTestDeps(dialect);
      deps = env.deps;
    });
    after(async () => env.cleanup());
    const db = () => deps.database.db;

    /** A creditor in São Paulo with an address, and its debtor Ana with hers. */
    async function creditorWithDebtor(): Promise<{ creditorId: string; debtorId: number }> {
      const { id: creditorId } = await addCreditor(deps, SYSTEM_ACTOR, {
        legalName: "Alfa Comércio de Roupas Ltda", cnpj: nextCnpj(), address: "Rua das Flores, 100", city: "São Paulo", state: "SP", zip: "01001-000", sector: "retail",
      });
      const debtorId = await kitDebtor(db(), creditorId, "52998224725", { name: "Ana Clara Albuquerque" });
      await db().updateTable("debtors").set({ address: "Av. Brasil, 5", city: "Campinas", zip: "13010000" }).where("id", "=", debtorId).execute();
      return { creditorId, debtorId };
    }
    const debtRow = (id: number) => db().selectFrom("debts").select(["our_number", "status", "open_cents"]).where("id", "=", id).executeTakeFirstOrThrow();
    const nextOf = async (accountId: string) => Number((await db().selectFrom("billing_accounts").select("next_our_number").where("id", "=", Number(accountId)).executeTakeFirstOrThrow()).next_our_number);

    it("billing accounts: the first is the default, --default moves it, duplicates and bad data are refused in Portuguese, managers only, audited", async () => {
      const { creditorId } = await creditorWithDebtor();
      const first = await addBillingAccount(deps, person("manager", creditorId), creditorId, testAccountInput("itau", { instructions: ["Não receber após 30 dias"] }));
      assert.deepEqual(first, {
        id: first.id, name: "Itaú Unibanco ag. 1234 carteira 109", bank: "341", bankName: "Itaú Unibanco", agency: "1234", agencyDigit: null, account: "12345", accountDigit: null,
        wallet: "109", convenio: null, beneficiaryCode: null, modality: null, beneficiary: null, instructions: ["Não receber após 30 dias"], daysToPay: 3,
        nextOurNumber: 1, maxOurNumber: 99_999_999, isDefault: true, createdAt: "2025-06-02T13:00:00.000Z",
      });
      const second = await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("bradesco", { name: "Bradesco cobrança", daysToPay: 5, nextOurNumber: 500 }));
      assert.equal(second.isDefault, false);
      const third = await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("caixa", { isDefault: true, beneficiaryName: "Assessoria Cobra Bem Ltda", beneficiaryDocument: "45.723.174/0001-10", beneficiaryAddress: "Rua B, 2, Santos/SP" }));
      assert.deepEqual(third.beneficiary, { name: "Assessoria Cobra Bem Ltda", document: "45723174000110", address: "Rua B, 2, Santos/SP" });
      const list = await listBillingAccounts(deps, person("admin", creditorId), creditorId);
      assert.deepEqual(list.items.map((a) => [a.id, a.isDefault]), [[third.id, true], [first.id, false], [second.id, false]]);

      await rejects(addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("itau", { name: "de novo" })), "conflict", new RegExp(`Já existe a carteira ${first.id} \\(Itaú Unibanco ag\\. 1234 carteira 109\\) com esta numeração`));
      const bad = await rejects(
        addBillingAccount(deps, SYSTEM_ACTOR, creditorId, { ...testAccountInput("itau"), agency: "12", account: "1234567", daysToPay: 90, nextOurNumber: 0, instructions: ["a", "b", "c", "d"], beneficiaryName: "Só o nome" }),
        "validation",
        /dados da carteira de cobrança inválidos \(6 erros\)/,
      );
      assert.deepEqual(bad.errors, [
        { field: "account", reason: "conta deve ter até 5 dígitos (recebido: 7)" },
        { field: "beneficiaryDocument", reason: "informe nome, CPF/CNPJ e endereço do beneficiário juntos (ou nenhum, para usar os do credor)" },
        { field: "beneficiaryAddress", reason: "informe nome, CPF/CNPJ e endereço do beneficiário juntos (ou nenhum, para usar os do credor)" },
        { field: "instructions", reason: "no máximo 3 linhas de instruções (recebidas: 4)" },
        { field: "daysToPay", reason: "prazo para pagamento deve ser um número inteiro de dias entre 0 e 60" },
        { field: "nextOurNumber", reason: "próximo nosso número deve ser um número inteiro a partir de 1" },
      ]);
      await rejects(addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("bb6", { nextOurNumber: 100_000 })), "validation", /^nextOurNumber: próximo nosso número deve estar entre 1 e 99999 nesta carteira$/);
      await rejects(addBillingAccount(deps, person("collector", creditorId), creditorId, testAccountInput("sicoob")), "forbidden", /billing\.manage/);
      await rejects(listBillingAccounts(deps, person("auditor", creditorId), creditorId), "forbidden", /billing\.manage/);
      await rejects(listBillingAccounts(deps, person("manager", "outro"), creditorId), "not_found", /Credor não encontrado/);
      const audit = await db().selectFrom("audit_log").select(["action", "entity_id", "actor"]).where("creditor_id", "=", creditorId).where("entity", "=", "billing_account").orderBy("id").execute();
      assert.deepEqual(audit, [
        { action: "billing_account.create", entity_id: first.id, actor: "user:manager@teste" },
        { action: "billing_account.create", entity_id: second.id, actor: "system:cli" },
        { action: "billing_account.create", entity_id: third.id, actor: "system:cli" },
      ]);
    });

    it("every supported bank: the printed line parses back with amount, due date and bank; the debt keeps the account's nosso número, which CNAB 240 and 400 returns report back", async () => {
      const { creditorId, debtorId } = await creditorWithDebtor();
      const names = Object.keys(TEST_ACCOUNTS) as TestAccountName[];
      for (const [i, name] of names.entries()) {
        const spec = TEST_ACCOUNTS[name];
        const account = await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput(name, { nextOurNumber: 101 + i }));
        const cents = 12_345 + i;
        const debtId = await kitDebt(db(), creditorId, debtorId, `B-${name}`, cents, "2025-06-20");
        const issued = await issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { externalId: `B-${name}` }, accountId: account.id });
        const stored = storedOurNumber(spec, 101 + i);
        assert.deepEqual(
          [issued.bank, issued.ourNumber, issued.amountCents, issued.dueDate, issued.issueDate, issued.status, issued.externalId],
          [spec.bank, stored, cents, "2025-06-20", "2025-06-02", "issued", `B-${name}`],
          name,
        );
        assert.equal((await debtRow(debtId)).our_number, stored, name);
        const parsed = parseBoleto(issued.line, "2025-06-02");
        assert.ok(parsed.ok && parsed.value.kind === "bank", name);
        assert.deepEqual([parsed.value.barcode, parsed.value.amountCents, parsed.value.dueDate, parsed.value.bank], [issued.barcode, cents, "2025-06-20", spec.bank], name);
        assert.equal(await nextOf(account.id), 102 + i);

        const record = { ourNumber: stored, movement: "06", faceValueCents: cents, paidCents: cents, interestCents: 0, discountCents: 0, feeCents: 0, creditedCents: cents, dueDate: "2025-06-20", paidDate: "2025-06-20", creditDate: "2025-06-23" };
        for (const text of [writeCnab240Return([record], { bank: spec.bank, fileDate: "2025-06-23" }), writeCnab400Return([record], spec.bank, { fileDate: "2025-06-23" })]) {
          const file = parseCnab(text);
          assert.ok(file.ok, name);
          assert.equal(file.value.records[0]!.ourNumber, (await debtRow(debtId)).our_number, `${name} ${file.value.format}`);
        }
      }
    });

    it("an overdue debt: the amount is what is owed on the slip's due date (today + 3 days), with fine and interest after it printed, on the timeline and audited", async () => {
      const { creditorId, debtorId } = await creditorWithDebtor();
      const account = await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("itau", { instructions: ["Não receber após 30 dias do vencimento"] }));
      const debtId = await kitDebt(db(), creditorId, debtorId, "ALFA-0001", 15_000, "2025-05-10");
      const issued = await issueBoleto(deps, person("collector", creditorId), creditorId, { debt: { id: String(debtId) } });
      const owed = await getDebtCharges(deps, SYSTEM_ACTOR, creditorId, { id: debtId }, "2025-06-05");
      assert.deepEqual(owed, { principalCents: 15_000, fineCents: 300, interestCents: 130, correctionCents: 0, totalCents: 15_430, daysLate: 26 });
      assert.deepEqual(
        { ourNumber: issued.ourNumber, ourNumberFormatted: issued.ourNumberFormatted, amountCents: issued.amountCents, dueDate: issued.dueDate, charges: issued.charges, accountId: issued.accountId, issuedBy: issued.issuedBy },
        { ourNumber: "1", ourNumberFormatted: "109/00000001-0", amountCents: 15_430, dueDate: "2025-06-05", charges: owed, accountId: account.id, issuedBy: "user:collector@teste" },
      );
      assert.deepEqual(issued.instructions, [
        "Após o vencimento, cobrar juros de mora de 1 % ao mês (R$ 0,05 por dia de atraso); a multa já está incluída no valor.",
        "Referente ao título ALFA-0001, vencimento original 10/05/2025: principal R$ 150,00 + multa R$ 3,00 + juros R$ 1,30 = R$ 154,30.",
        "Não receber após 30 dias do vencimento",
        "Credor: Alfa Comércio de Roupas Ltda, CNPJ " + (await creditorCnpj(creditorId)) + ", Rua das Flores, 100, São Paulo/SP, CEP 01001-000 (CDC art. 42-A).",
      ]);
      const events = await db().selectFrom("events").select(["kind", "debt_id", "debtor_id", "actor", "data"]).where("creditor_id", "=", creditorId).execute();
      assert.deepEqual(events.map((e) => ({ ...e, data: JSON.parse(e.data) as unknown })), [
        {
          kind: "boleto.issued", debt_id: debtId, debtor_id: debtorId, actor: "user:collector@teste",
          data: { boletoId: issued.id, externalId: "ALFA-0001", accountId: account.id, bank: "341", ourNumber: "1", amountCents: 15_430, dueDate: "2025-06-05", replaced: [] },
        },
      ]);
      const audit = await db().selectFrom("audit_log").select(["action", "entity", "entity_id", "before", "after"]).where("creditor_id", "=", creditorId).where("action", "=", "boleto.issue").execute();
      assert.equal(audit.length, 1);
      assert.deepEqual([audit[0]!.entity, audit[0]!.entity_id, JSON.parse(audit[0]!.before!)], ["boleto", issued.id, { debtOurNumber: null }]);
      assert.equal((JSON.parse(audit[0]!.after!) as { line: string }).line, issued.line);

      const { pdf, fileName } = await getBoletoPdf(deps, person("auditor", creditorId), creditorId, { externalId: "ALFA-0001" }, issued.id);
      assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
      assert.equal(fileName, "boleto-ALFA-0001-1.pdf");
      await rejects(getBoletoPdf(deps, SYSTEM_ACTOR, creditorId, { id: debtId }, "999999"), "not_found", /^Boleto não encontrado\.$/);
      await rejects(issueBoleto(deps, person("auditor", creditorId), creditorId, { debt: { id: debtId } }), "forbidden", /boleto\.issue/);
    });

    async function creditorCnpj(creditorId: string): Promise<string> {
      const { cnpj } = await db().selectFrom("creditors").select("cnpj").where("id", "=", creditorId).executeTakeFirstOrThrow();
      return `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`;
    }

    it("a re-issue keeps the nosso número and the account, cancels the older slip and takes no new number", async () => {
      const { creditorId, debtorId } = await creditorWithDebtor();
      const itau = await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("itau"));
      const bradesco = await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("bradesco", { isDefault: true }));
      const debtId = await kitDebt(db(), creditorId, debtorId, "R-1", 15_000, "2025-05-10");
      const first = await issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { externalId: "R-1" }, accountId: itau.id });
      const second = await issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { externalId: "R-1" }, dueDate: "2025-06-30" });
      assert.equal(second.accountId, itau.id, "the account of the debt's last boleto, not the new default");
      assert.equal(second.ourNumber, first.ourNumber);
      assert.notEqual(second.line, first.line);
      assert.equal(second.amountCents, (await getDebtCharges(deps, SYSTEM_ACTOR, creditorId, { id: debtId }, "2025-06-30")).totalCents);
      assert.equal(await nextOf(itau.id), 2);
      const { items } = await listDebtBoletos(deps, person("auditor", creditorId), creditorId, { id: debtId });
      assert.deepEqual(items.map((b) => [b.id, b.status, b.cancelReason]), [[second.id, "issued", null], [first.id, "cancelled", `substituído pelo boleto ${second.id}`]]);
      await rejects(issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { id: debtId }, accountId: bradesco.id }), "validation", new RegExp(`já tem o nosso número 1, registrado pela carteira ${itau.id}: emita o boleto pela mesma carteira`));
      const replaced = await db().selectFrom("events").select("data").where("debt_id", "=", debtId).orderBy("id", "desc").executeTakeFirstOrThrow();
      assert.deepEqual((JSON.parse(replaced.data) as { replaced: string[] }).replaced, [first.id]);
    });

    it("refuses what cannot be issued, changing nothing", async () => {
      const { creditorId, debtorId } = await creditorWithDebtor();
      const settled = await kitDebt(db(), creditorId, debtorId, "S-1", 15_000, "2025-05-10", { status: "settled" });
      await rejects(issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { id: settled } }), "invalid_input", /O título S-1 não está em aberto \(situação: settled\)/);
      await kitDebt(db(), creditorId, debtorId, "N-1", 15_000, "2025-05-10");
      await rejects(issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { externalId: "N-1" } }), "invalid_input", /O credor não tem carteira de cobrança padrão: cadastre uma \(regua billing account add\)/);
      const account = await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("santander"));
      await rejects(issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { externalId: "N-1" }, dueDate: "2025-06-01" }), "validation", /^dueDate: o vencimento 01\/06\/2025 já passou \(hoje é 02\/06\/2025 no fuso do devedor\)$/);
      await rejects(issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { externalId: "N-1" }, dueDate: "2025-02-30" }), "validation", /^dueDate: data inválida '2025-02-30'/);
      await rejects(issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { externalId: "N-1" }, accountId: "999999" }), "not_found", /^Carteira de cobrança não encontrada\.$/);
      await rejects(issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { externalId: "NAO-EXISTE" } }), "not_found", /^Título não encontrado\.$/);
      await rejects(issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { id: "abc" } }), "not_found", /^Título não encontrado\.$/);
      assert.equal(await nextOf(account.id), 1);
      assert.equal(Number((await db().selectFrom("boletos").select((eb) => eb.fn.countAll().as("n")).where("creditor_id", "=", creditorId).executeTakeFirstOrThrow()).n), 0);

      // Another creditor's account id is not found either.
      const other = await creditorWithDebtor();
      const otherAccount = await addBillingAccount(deps, SYSTEM_ACTOR, other.creditorId, testAccountInput("itau"));
      await rejects(issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { externalId: "N-1" }, accountId: otherAccount.id }), "not_found", /^Carteira de cobrança não encontrada\.$/);
    });

    it("an imported nosso número is reused (without leading zeros); one outside the account's numbering is refused; numbers other debts carry are skipped", async () => {
      const { creditorId, debtorId } = await creditorWithDebtor();
      const account = await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("bb7"));
      const imported = await kitDebt(db(), creditorId, debtorId, "I-1", 10_000, "2025-06-10", { ourNumber: "0012345670000000777" });
      const reused = await issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { id: imported } });
      assert.deepEqual([reused.ourNumber, reused.ourNumberFormatted, (await debtRow(imported)).our_number], ["12345670000000777", "12345670000000777", "12345670000000777"]);
      const foreign = await kitDebt(db(), creditorId, debtorId, "I-2", 10_000, "2025-06-10", { ourNumber: "99999990000000001" });
      await rejects(issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { id: foreign } }), "validation", /o nosso número 99999990000000001 do título I-2 não cabe na numeração da carteira/);
      // Sequences 1 and 2 already belong to debts from the creditor's older system.
      await kitDebt(db(), creditorId, debtorId, "OLD-1", 10_000, "2025-06-10", { ourNumber: "12345670000000001" });
      await kitDebt(db(), creditorId, debtorId, "OLD-2", 10_000, "2025-06-10", { ourNumber: "12345670000000002" });
      const fresh = await kitDebt(db(), creditorId, debtorId, "I-3", 10_000, "2025-06-10");
      assert.equal((await issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { id: fresh } })).ourNumber, "12345670000000003");
      assert.equal(await nextOf(account.id), 4);
    });

    it("an exhausted numbering is a conflict, and the failed issue leaves the sequence and the debt as they were", async () => {
      const { creditorId, debtorId } = await creditorWithDebtor();
      const account = await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("bb6", { nextOurNumber: 99_999 }));
      await kitDebt(db(), creditorId, debtorId, "E-1", 10_000, "2025-06-10");
      const last = await kitDebt(db(), creditorId, debtorId, "E-2", 10_000, "2025-06-10");
      assert.equal((await issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { externalId: "E-1" } })).ourNumber, "12345699999");
      await rejects(issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { externalId: "E-2" } }), "conflict", /esgotou: o nosso número passa de 99999/);
      assert.equal(await nextOf(account.id), 100_000);
      assert.equal((await debtRow(last)).our_number, null);
    });

    it("concurrent issues for different debts never share a nosso número; two issues of one debt share its one number", async () => {
      const { creditorId, debtorId } = await creditorWithDebtor();
      const account = await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("itau"));
      const ids: number[] = [];
      for (let i = 0; i < 12; i++) ids.push(await kitDebt(db(), creditorId, debtorId, `C-${i}`, 1000 + i, "2025-06-10"));
      const issued = await Promise.all(ids.map((id) => issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { id } })));
      assert.deepEqual(issued.map((b) => Number(b.ourNumber)).sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i + 1));
      assert.equal(await nextOf(account.id), 13);
      const same = await kitDebt(db(), creditorId, debtorId, "C-SAME", 5000, "2025-06-10");
      const twice = await Promise.all([0, 1].map(() => issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { id: same } })));
      assert.equal(twice[0]!.ourNumber, twice[1]!.ourNumber);
      assert.equal((await debtRow(same)).our_number, twice[0]!.ourNumber);
      assert.equal(await nextOf(account.id), 14);
    });

    if (dialect === "postgres") {
      it("PostgreSQL: an issue racing an open transaction that took a number waits for it and takes the next one", async () => {
        const { creditorId, debtorId } = await creditorWithDebtor();
        const account = await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("santander", { nextOurNumber: 40 }));
        await kitDebt(db(), creditorId, debtorId, "RACE-1", 5000, "2025-06-10");
        let raced: Promise<{ ourNumber: string }> | undefined;
        let settledEarly = false;
        await db().transaction().execute(async (trx) => {
          const row = await trx.updateTable("billing_accounts").set((eb) => ({ next_our_number: eb("next_our_number", "+", 1) })).where("id", "=", Number(account.id)).returning("next_our_number").executeTakeFirstOrThrow();
          assert.equal(Number(row.next_our_number) - 1, 40);
          raced = issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { externalId: "RACE-1" } });
          void raced.then(() => (settledEarly = true), () => (settledEarly = true));
          await sleep(300);
          assert.equal(settledEarly, false, "the racing issue must wait for the row lock");
        });
        assert.equal((await raced!).ourNumber, "41");
        assert.equal(await nextOf(account.id), 42);
      });
    }

    it("end to end: issue → the bank's CNAB 240 return for that nosso número → import → the debt is settled and the slip shows as paid", async () => {
      const { creditorId, debtorId } = await creditorWithDebtor();
      await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("caixa", { nextOurNumber: 7 }));
      const debtId = await kitDebt(db(), creditorId, debtorId, "E2E-1", 15_000, "2025-05-10");
      const issued = await issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { id: debtId } });
      assert.equal(issued.ourNumber, "14000000000000007");
      const paid = issued.amountCents;
      const file = writeCnab240Return(
        [{ ourNumber: issued.ourNumber, movement: "06", faceValueCents: paid, paidCents: paid, interestCents: 0, discountCents: 0, feeCents: 250, creditedCents: paid - 250, dueDate: issued.dueDate, paidDate: issued.dueDate, creditDate: "2025-06-06" }],
        { bank: "104", fileDate: "2025-06-06" },
      );
      const result = await importCnab(deps, SYSTEM_ACTOR, creditorId, { content: Buffer.from(file, "latin1"), fileName: "retorno.ret" });
      assert.deepEqual([result.applied, result.unmatched, result.alreadyApplied], [1, [], 0]);
      assert.deepEqual(await debtRow(debtId), { our_number: "14000000000000007", status: "settled", open_cents: 0 });
      const { items } = await listDebtBoletos(deps, SYSTEM_ACTOR, creditorId, { externalId: "E2E-1" });
      assert.deepEqual(items.map((b) => b.status), ["paid"]);
      await rejects(issueBoleto(deps, SYSTEM_ACTOR, creditorId, { debt: { id: debtId } }), "invalid_input", /não está em aberto \(situação: settled\)/);
    });
  });
}
