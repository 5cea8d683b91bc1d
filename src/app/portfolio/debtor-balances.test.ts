// The per-debtor totals of open debts (debtors.open_cents, open_debts, oldest_open_due_date)
// and the tag table are kept by triggers (db/migrations/0015-debtor-balances.ts): after every
// kind of writer they must equal a recomputation from `debts` and `debtors.tags`.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { sql } from "kysely";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps } from "../../../test/support/factories.ts";
import type { CnabRecordInput } from "../../domain/cnab/cnab-types.ts";
import { writeCnab240Return } from "../../domain/cnab/write-cnab240-return.ts";
import { DEMO_HEADERS, generateDemoRows, type DemoRow } from "../../domain/demo/generate-portfolio.ts";
import { SYSTEM_ACTOR, type Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { disputeDebt, undisputeDebt } from "../holds/dispute.ts";
import { importDebts } from "../import/import-debts.ts";
import { writeCsv } from "../import/write-csv.ts";
import { acceptAgreement } from "../negotiation/accept-agreement.ts";
import { applyInstalmentPayment } from "../negotiation/apply-instalment-payment.ts";
import { checkAgreements } from "../negotiation/check-agreements.ts";
import { importCnab } from "../payments/import-cnab.ts";
import { kitCreditor, kitDebt, kitDebtor } from "../payments/payments-test-kit.ts";
import { recordManualPayment } from "../payments/record-manual-payment.ts";
import { recordPayment } from "../payments/record-payment.ts";
import { listDebtors } from "./list-debtors.ts";

type Totals = { id: number; openCents: number; openDebts: number; oldest: string | null; tags: string[] };

for (const dialect of testDialects()) {
  describe(`debtor totals kept by the database on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let deps: AppDeps;
    let now = "2026-05-04T13:00:00.000Z";
    const dir = mkdtempSync(join(tmpdir(), "regua-balances-test-"));
    before(async () => {
      env = await openTestDeps(dialect);
      deps = { database: env.deps.database, clock: { now: () => new Date(now) } };
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await env?.cleanup();
    });
    const db = () => deps.database.db;

    /** Every debtor of the creditor: what the triggers stored, and what `debts` and `tags` say. */
    async function both(creditorId: string): Promise<{ stored: Totals[]; recomputed: Totals[] }> {
      const debtors = await db().selectFrom("debtors").select(["id", "tags", "open_cents", "open_debts", "oldest_open_due_date"]).where("creditor_id", "=", creditorId).orderBy("id").execute();
      const debts = await db().selectFrom("debts").select(["debtor_id", "open_cents", "due_date", "status"]).where("creditor_id", "=", creditorId).execute();
      const tags = await db().selectFrom("debtor_tags").select(["debtor_id", "tag"]).where("creditor_id", "=", creditorId).orderBy("tag").execute();
      const stored = debtors.map((d) => ({
        id: Number(d.id), openCents: Number(d.open_cents), openDebts: Number(d.open_debts), oldest: d.oldest_open_due_date,
        tags: tags.filter((t) => Number(t.debtor_id) === Number(d.id)).map((t) => t.tag),
      }));
      const recomputed = debtors.map((d) => {
        const open = debts.filter((x) => Number(x.debtor_id) === Number(d.id) && x.status === "open");
        return {
          id: Number(d.id), openCents: open.reduce((s, x) => s + Number(x.open_cents), 0), openDebts: open.length,
          oldest: open.length ? open.map((x) => x.due_date).sort()[0]! : null, tags: (JSON.parse(d.tags) as string[]).sort(),
        };
      });
      return { stored, recomputed };
    }

    async function assertKept(creditorId: string, after: string): Promise<Totals[]> {
      const { stored, recomputed } = await both(creditorId);
      assert.deepEqual(stored, recomputed, `depois de: ${after}`);
      // A writer that deferred the update triggers (migration 0018) put them back.
      const deferrals = await sql<{ n: number }>`SELECT count(*) AS n FROM debt_balance_deferral`.execute(db());
      assert.equal(Number(deferrals.rows[0]!.n), 0, `adiamento esquecido depois de: ${after}`);
      return stored;
    }

    async function importRows(creditorId: string, rows: Record<string, string>[]): Promise<void> {
      const path = join(dir, `${creditorId}.csv`);
      await writeCsv(path, [...DEMO_HEADERS, "tags"], rows);
      await importDebts(deps, SYSTEM_ACTOR, { creditorId, path });
    }

    it("import, then a re-import that changes amounts, due dates, tags and the debtor of a debt", async () => {
      const creditorId = await kitCreditor(deps);
      const rows: (DemoRow & { tags: string })[] = [...generateDemoRows({ debtors: 30, seed: 3, today: "2026-05-04" })].map((r, i) => ({ ...r, tags: i % 3 === 0 ? "VIP|Judicial" : "" }));
      await importRows(creditorId, rows);
      const first = await assertKept(creditorId, "importação");
      assert.ok(first.some((t) => t.openDebts > 1) && first.some((t) => t.tags.length === 2), "devedores com vários títulos e etiquetas");

      const second = rows.map((r, i) => ({
        ...r,
        valor: i % 4 === 0 ? "1.234,56" : r.valor,
        vencimento: i % 5 === 0 ? "15/01/2026" : r.vencimento,
        tags: i % 3 === 0 ? "vip" : i % 7 === 0 ? "novo" : "",
        // The debt of row 1 now belongs to the debtor of row 10.
        ...(i === 1 ? { documento: rows[10]!.documento, nome: rows[10]!.nome } : {}),
      }));
      await importRows(creditorId, second);
      const again = await assertKept(creditorId, "reimportação com valores, vencimentos, etiquetas e devedor alterados");
      assert.notDeepEqual(again, first);
      assert.ok(again.some((t) => t.oldest === "2026-01-15"));
    });

    it("payments: partial and full by debt, manual, by nosso número, and a CNAB 240 return", async () => {
      const creditorId = await kitCreditor(deps, { fineBp: 0, interestBp: 0 });
      const a = await kitDebtor(db(), creditorId, "52998224725");
      const b = await kitDebtor(db(), creditorId, "11144477735");
      const a1 = await kitDebt(db(), creditorId, a, "A-1", 10_000, "2026-03-02", { ourNumber: "101" });
      await kitDebt(db(), creditorId, a, "A-2", 20_000, "2026-04-01", { ourNumber: "102" });
      await kitDebt(db(), creditorId, b, "B-1", 30_000, "2026-02-10", { ourNumber: "201" });
      await kitDebt(db(), creditorId, b, "B-2", 40_000, "2026-06-10", { ourNumber: "202" });
      await assertKept(creditorId, "títulos inseridos");
      const pay = (key: string, amountCents: number, ref: { debtIds?: number[]; ourNumber?: string; debtorId?: number }, source: "manual" | "pix" = "manual") =>
        recordPayment(deps, SYSTEM_ACTOR, creditorId, { source, method: source === "pix" ? "pix" : "cash", idempotencyKey: key, amountCents, paidDate: "2026-05-04", note: "teste", ...ref });

      await pay("p1", 4_000, { debtIds: [a1] });
      const partial = await assertKept(creditorId, "pagamento parcial");
      assert.deepEqual(partial.find((t) => t.id === a), { id: a, openCents: 26_000, openDebts: 2, oldest: "2026-03-02", tags: [] });
      await pay("p2", 6_000, { debtIds: [a1] });
      const full = await assertKept(creditorId, "pagamento que quita o título mais antigo");
      assert.deepEqual(full.find((t) => t.id === a), { id: a, openCents: 20_000, openDebts: 1, oldest: "2026-04-01", tags: [] });
      await pay("p3", 5_000, { ourNumber: "102" }, "pix");
      await assertKept(creditorId, "PIX pelo nosso número");
      await recordManualPayment(deps, SYSTEM_ACTOR, creditorId, { debtorDocument: "529.982.247-25", amountCents: 15_000, method: "transfer", paidDate: "2026-05-04", note: "transferência" });
      const manual = await assertKept(creditorId, "pagamento manual que quita o devedor");
      assert.deepEqual(manual.find((t) => t.id === a), { id: a, openCents: 0, openDebts: 0, oldest: null, tags: [] });

      const paid = (ourNumber: string, cents: number): CnabRecordInput => ({
        ourNumber, movement: "06", faceValueCents: cents, paidCents: cents, interestCents: 0, discountCents: 0, feeCents: 0, creditedCents: cents,
        dueDate: "2026-02-10", paidDate: "2026-05-04", creditDate: "2026-05-05",
      });
      const content = Buffer.from(writeCnab240Return([paid("201", 30_000), paid("202", 10_000)], { bank: "341", fileDate: "2026-05-05" }), "latin1");
      const result = await importCnab(deps, SYSTEM_ACTOR, creditorId, { content, fileName: "retorno.ret" });
      assert.equal(result.applied, 2);
      const cnab = await assertKept(creditorId, "retorno CNAB com uma baixa e um pagamento parcial");
      assert.deepEqual(cnab.find((t) => t.id === b), { id: b, openCents: 30_000, openDebts: 1, oldest: "2026-06-10", tags: [] });
    });

    it("an agreement: originals in agreement, instalments open, an instalment paid, then broken (originals back, instalments cancelled)", async () => {
      const creditorId = await kitCreditor(deps);
      const collector: Actor = { kind: "user", id: "op", role: "collector", creditorIds: [creditorId], label: "user:op" };
      const debtorId = await kitDebtor(db(), creditorId, "39053344705");
      await kitDebt(db(), creditorId, debtorId, "N-1", 100_000, "2026-02-02");
      await kitDebt(db(), creditorId, debtorId, "N-2", 50_000, "2026-03-02");
      await kitDebt(db(), creditorId, debtorId, "N-3", 20_000, "2026-06-10");
      now = "2026-05-04T13:00:00.000Z";
      const agreement = await acceptAgreement(deps, collector, creditorId, { document: "39053344705" }, { option: 3 });
      const accepted = await assertKept(creditorId, "acordo aceito");
      assert.equal(accepted[0]!.openDebts, 4, "três parcelas e o título a vencer");
      now = "2026-05-13T15:00:00.000Z";
      await applyInstalmentPayment(deps, collector, creditorId, { agreementId: agreement.id, number: 1, amountCents: agreement.downPaymentCents, paidDate: "2026-05-13", method: "cash", note: "caixa" });
      await assertKept(creditorId, "entrada do acordo paga");
      now = "2026-06-26T09:00:00.000Z";
      assert.deepEqual((await checkAgreements(deps, creditorId, "2026-06-26")).broken, [agreement.id]);
      const broken = await assertKept(creditorId, "acordo rompido");
      assert.deepEqual([broken[0]!.openDebts, broken[0]!.oldest], [3, "2026-02-02"]);
      now = "2026-05-04T13:00:00.000Z";
    });

    it("a dispute and its end, a write-off, a debt moved, re-dated and deleted by hand", async () => {
      const creditorId = await kitCreditor(deps);
      const a = await kitDebtor(db(), creditorId, "52998224725");
      const b = await kitDebtor(db(), creditorId, "11144477735");
      const d1 = await kitDebt(db(), creditorId, a, "D-1", 10_000, "2026-01-05");
      const d2 = await kitDebt(db(), creditorId, a, "D-2", 20_000, "2026-02-05");
      await kitDebt(db(), creditorId, b, "D-3", 30_000, "2026-03-05");
      const d4 = await kitDebt(db(), creditorId, b, "D-4", 40_000, "2025-10-05");
      await disputeDebt(deps, SYSTEM_ACTOR, creditorId, { externalId: "D-1" }, { reason: "não reconhece" });
      const disputed = await assertKept(creditorId, "contestação");
      assert.deepEqual(disputed.find((t) => t.id === a), { id: a, openCents: 20_000, openDebts: 1, oldest: "2026-02-05", tags: [] });
      await undisputeDebt(deps, SYSTEM_ACTOR, creditorId, { externalId: "D-1" }, { reason: "nota apresentada" });
      await assertKept(creditorId, "fim da contestação");
      await db().updateTable("debts").set({ status: "written_off" }).where("id", "=", d2).execute();
      await assertKept(creditorId, "baixa como perda");
      await db().updateTable("debts").set({ debtor_id: b, due_date: "2025-12-01" }).where("id", "=", d1).execute();
      const moved = await assertKept(creditorId, "título passado a outro devedor e com outro vencimento");
      assert.deepEqual(moved.map((t) => [t.openDebts, t.oldest]), [[0, null], [3, "2025-10-05"]]);
      await db().deleteFrom("debts").where("id", "=", d4).execute();
      const deleted = await assertKept(creditorId, "título apagado");
      assert.deepEqual(deleted.map((t) => [t.openDebts, t.oldest]), [[0, null], [2, "2025-12-01"]]);
      await db().updateTable("debtors").set({ tags: '["a","b"]' }).where("id", "=", a).execute();
      await db().updateTable("debtors").set({ tags: '["b","c"]' }).where("id", "=", a).execute();
      await assertKept(creditorId, "etiquetas trocadas");
    });

    it("any sequence of writes, one statement at a time or many rows per statement, keeps every debtor's totals", async () => {
      const creditorId = await kitCreditor(deps);
      const debtors: number[] = [];
      for (const doc of ["52998224725", "11144477735", "39053344705"]) debtors.push(await kitDebtor(db(), creditorId, doc));
      const statuses = ["open", "open", "settled", "disputed", "in_agreement", "written_off", "cancelled"] as const;
      const dates = ["2026-01-10", "2026-02-10", "2026-03-10", "2026-04-10"];
      type Op =
        | { kind: "insert"; debtor: number; cents: number; date: number; status: number }
        | { kind: "status" | "cents" | "date" | "debtor" | "delete"; debt: number; value: number }
        | { kind: "bulk"; status: number; cents: number };
      const op: fc.Arbitrary<Op> = fc.oneof(
        fc.record({ kind: fc.constant("insert" as const), debtor: fc.nat(2), cents: fc.integer({ min: 1, max: 50_000 }), date: fc.nat(3), status: fc.nat(6) }),
        fc.record({ kind: fc.constantFrom("status" as const, "cents" as const, "date" as const, "debtor" as const, "delete" as const), debt: fc.nat(20), value: fc.nat(50_000) }),
        fc.record({ kind: fc.constant("bulk" as const), status: fc.nat(6), cents: fc.nat(50_000) }),
      );
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
          for (const o of ops) {
            const ids = (await db().selectFrom("debts").select("id").where("creditor_id", "=", creditorId).orderBy("id").execute()).map((r) => Number(r.id));
            const pick = "debt" in o && ids.length ? ids[o.debt % ids.length]! : null;
            if (o.kind === "insert") await kitDebt(db(), creditorId, debtors[o.debtor]!, `P-${++n}`, o.cents, dates[o.date]!, { status: statuses[o.status]! });
            else if (o.kind === "bulk") {
              // Many rows in one statement (the PostgreSQL triggers run once per statement).
              await sql`UPDATE debts SET status = ${statuses[o.status]!}, open_cents = CASE WHEN id % 2 = 0 THEN ${o.cents} ELSE open_cents END
                WHERE creditor_id = ${creditorId} AND id % 3 <> 0`.execute(db());
            } else if (pick !== null) {
              const q = db().updateTable("debts").where("id", "=", pick);
              if (o.kind === "status") await q.set({ status: statuses[o.value % statuses.length]! }).execute();
              else if (o.kind === "cents") await q.set({ open_cents: o.value }).execute();
              else if (o.kind === "date") await q.set({ due_date: dates[o.value % dates.length]! }).execute();
              else if (o.kind === "debtor") await q.set({ debtor_id: debtors[o.value % debtors.length]! }).execute();
              else await db().deleteFrom("debts").where("id", "=", pick).execute();
            }
          }
          const { stored, recomputed } = await both(creditorId);
          assert.deepEqual(stored, recomputed, JSON.stringify(ops));
        }),
        { numRuns: 25, seed: 15 },
      );
    });

    it("two transactions writing debts of one debtor at once (PostgreSQL, READ COMMITTED) leave the right totals", { skip: dialect !== "postgres" }, async () => {
      if (deps.database.dialect !== "postgres") return;
      const creditorId = await kitCreditor(deps);
      const a = await kitDebtor(db(), creditorId, "52998224725");
      const d1 = await kitDebt(db(), creditorId, a, "C-1", 10_000, "2026-01-05");
      const d2 = await kitDebt(db(), creditorId, a, "C-2", 20_000, "2026-02-05");
      await kitDebt(db(), creditorId, a, "C-3", 30_000, "2026-03-05");
      const [t1, t2, t3] = await Promise.all([1, 2, 3].map(() => (deps.database.dialect === "postgres" ? deps.database.pool.connect() : null)));
      try {
        await t1!.query("BEGIN");
        await t2!.query("BEGIN");
        await t3!.query("BEGIN");
        await t1!.query("UPDATE debts SET status = 'settled', open_cents = 0 WHERE id = $1", [d1]);
        // Each waits for the debtor's row, then counts what the others committed.
        const second = t2!.query("UPDATE debts SET status = 'disputed' WHERE id = $1", [d2]);
        const third = t3!.query(
          `INSERT INTO debts (creditor_id, debtor_id, external_id, original_cents, open_cents, due_date, status, created_at, updated_at)
           VALUES ($1, $2, 'C-4', 5000, 5000, '2025-12-01', 'open', now(), now())`, [creditorId, a]);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await t1!.query("COMMIT");
        await Promise.all([second.then(() => t2!.query("COMMIT")), third.then(() => t3!.query("COMMIT"))]);
      } finally {
        for (const t of [t1, t2, t3]) t?.release();
      }
      const kept = await assertKept(creditorId, "três transações concorrentes");
      assert.deepEqual(kept.map((t) => [t.openCents, t.openDebts, t.oldest]), [[35_000, 2, "2025-12-01"]]);
    });

    it("the list shows the stored totals", async () => {
      const creditorId = await kitCreditor(deps);
      const a = await kitDebtor(db(), creditorId, "52998224725");
      await kitDebt(db(), creditorId, a, "L-1", 10_000, "2026-01-05");
      await kitDebt(db(), creditorId, a, "L-2", 25_000, "2025-12-05");
      await kitDebt(db(), creditorId, a, "L-3", 99_000, "2025-11-05", { status: "settled" });
      const page = await listDebtors(deps, SYSTEM_ACTOR, creditorId, { sort: "balance" });
      assert.deepEqual(page.items.map((i) => [i.openBalanceCents, i.openDebts, i.oldestDueDate]), [[35_000, 2, "2025-12-05"]]);
    });
  });
}
