import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { freshDatabase, testDialects } from "../../../test/support/db.ts";
import { AppError } from "../../shared/app-error.ts";
import { fixedClock } from "../../shared/clock.ts";
import { normalizeDocument } from "../../domain/br/documents.ts";
import { DEMO_HEADERS, generateDemoRows } from "../../domain/demo/generate-portfolio.ts";
import { SYSTEM_ACTOR, type Actor } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { importDebts } from "../import/import-debts.ts";
import { writeCsv } from "../import/write-csv.ts";
import { bucketDueRange, listDebtors, type ListDebtorsInput } from "./list-debtors.ts";
import { nameKey, prefixUpperBound } from "./name-key.ts";

const TODAY = "2026-11-23";
const SEGMENTS = ["varejo", "cartão", "empréstimo"];

describe("nameKey and prefixUpperBound", () => {
  it("fold case and Portuguese accents the way the index does", () => {
    const cases: [string, string][] = [
      ["JOÃO DA SILVA", "joao da silva"],
      ["Conceição Araújo", "conceicao araujo"],
      ["ÂNGELA ÉRICA ÍRIS ÔMEGA ÚRSULA ÇÃO", "angela erica iris omega ursula cao"],
      ["Müller Ñandú", "muller nandu"],
      ["Açougue São José Ltda-ME", "acougue sao jose ltda-me"],
      ["123.456.789-09", "123.456.789-09"],
      ["Łukasz Øst", "Łukasz Øst"],
      ["", ""],
    ];
    for (const [input, expected] of cases) assert.equal(nameKey(input), expected, input);
  });
  it("bound a prefix from above in code point order", () => {
    assert.equal(prefixUpperBound("maria"), "marib");
    assert.equal(prefixUpperBound("maria "), "maria!");
    assert.equal(prefixUpperBound("z"), "{");
    assert.equal(prefixUpperBound(""), null);
    assert.equal(prefixUpperBound("a\uffff"), "b");
    for (const name of ["maria", "maria silva", "mariazinha", "maria-jose", "maria\u00e9"]) {
      assert.ok(name >= "maria" && name < prefixUpperBound("maria")!, name);
    }
    for (const name of ["mari", "marib", "mariz", "marja"]) assert.ok(!(name >= "maria" && name < prefixUpperBound("maria")!), name);
  });
});

describe("bucketDueRange", () => {
  it("sends every lateness to exactly one bucket, at each boundary", () => {
    const table: [number, string][] = [
      [-30, "not_due"], [0, "not_due"], [1, "1_30"], [30, "1_30"], [31, "31_90"], [90, "31_90"], [91, "91_180"],
      [180, "91_180"], [181, "181_360"], [360, "181_360"], [361, "361_plus"], [4000, "361_plus"],
    ];
    for (const [daysLate, expected] of table) {
      const due = new Date(Date.parse(`${TODAY}T00:00:00Z`) - daysLate * 86_400_000).toISOString().slice(0, 10);
      const hits = (["not_due", "1_30", "31_90", "91_180", "181_360", "361_plus"] as const).filter((b) => {
        const r = bucketDueRange(b, TODAY);
        return (r.from === null || due >= r.from) && (r.to === null || due <= r.to);
      });
      assert.deepEqual(hits, [expected], `${daysLate} dias de atraso (vencimento ${due})`);
    }
  });
});

type Ref = { id: number; key: string; document: string; state: string | null; segment: string | null; tags: string[]; openCents: number; openDebts: number; oldest: string | null; statuses: Set<string>; externalIds: string[]; contacts: string[] };

/** The list as a slow, obvious reference computes it. */
function expectedIds(all: Ref[], input: ListDebtorsInput): number[] {
  const sort = input.sort ?? "name";
  const dir = input.dir ?? (sort === "balance" ? "desc" : "asc");
  const sign = dir === "asc" ? 1 : -1;
  let rows = all.filter((r) => {
    if (input.state && r.state !== input.state.toUpperCase()) return false;
    if (input.segment && r.segment !== input.segment) return false;
    if (input.tag && !r.tags.includes(input.tag.toLowerCase())) return false;
    if (input.status && !r.statuses.has(input.status)) return false;
    if (input.bucket) {
      const range = bucketDueRange(input.bucket as never, TODAY);
      if (!r.oldest || (range.from && r.oldest < range.from) || (range.to && r.oldest > range.to)) return false;
    }
    return true;
  });
  const q = input.q?.trim();
  if (q) {
    const prefix = nameKey(q);
    const document = normalizeDocument(q);
    rows = rows.filter((r) => r.key.startsWith(prefix) || r.document === document || r.externalIds.includes(q) || r.contacts.includes(q.toLowerCase()));
  }
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  if (sort === "name") return rows.sort((a, b) => sign * (cmp(a.key, b.key) || a.id - b.id)).map((r) => r.id);
  const open = rows.filter((r) => r.openDebts > 0);
  const closed = input.bucket || input.status === "open" ? [] : rows.filter((r) => r.openDebts === 0).sort((a, b) => a.id - b.id);
  if (sort === "balance") open.sort((a, b) => sign * (a.openCents - b.openCents) || a.id - b.id);
  else open.sort((a, b) => sign * (cmp(a.oldest!, b.oldest!) || a.id - b.id));
  return [...open, ...closed].map((r) => r.id);
}

for (const dialect of testDialects()) {
  describe(`listDebtors on ${dialect}`, () => {
    let deps: AppDeps & { cleanup(): Promise<void> };
    let creditorId: string;
    let otherId: string;
    let refs: Ref[];
    const dir = mkdtempSync(join(tmpdir(), "regua-list-test-"));

    before(async () => {
      const database = await freshDatabase(dialect);
      deps = { database, clock: fixedClock(`${TODAY}T12:00:00Z`), cleanup: () => database.cleanup() };
      creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja A", cnpj: "11222333000181", state: "SP" })).id;
      otherId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja B", cnpj: "11444777000161", state: "RJ" })).id;
      let n = 0;
      const rows = [...generateDemoRows({ debtors: 90, seed: 5, today: TODAY })].map((row) => {
        n++;
        return { ...row, segmento: SEGMENTS[n % 3]!, tags: n % 4 === 0 ? "VIP" : n % 5 === 0 ? "vip|judicial" : "" };
      });
      // Names that only differ by case and accents, and a second debt of the same debtor on one due date.
      rows.push({ ...rows[0]!, documento: "529.982.247-25", nome: "JOÃO ÁVILA", titulo: "X-1", segmento: "varejo", tags: "" });
      rows.push({ ...rows[0]!, documento: "529.982.247-25", nome: "JOÃO ÁVILA", titulo: "X-2", segmento: "varejo", tags: "" });
      rows.push({ ...rows[0]!, documento: "111.444.777-35", nome: "joão avila", titulo: "X-3", segmento: "varejo", tags: "" });
      const path = join(dir, "a.csv");
      await writeCsv(path, [...DEMO_HEADERS, "segmento", "tags"], rows);
      await importDebts(deps, SYSTEM_ACTOR, { creditorId, path });
      await writeCsv(path, [...DEMO_HEADERS, "segmento", "tags"], rows.slice(0, 20).map((r) => ({ ...r, titulo: `B-${r.titulo}` })));
      await importDebts(deps, SYSTEM_ACTOR, { creditorId: otherId, path });
      const { db } = database;
      // Some debts settled, disputed or in agreement; a few debtors end up with nothing open.
      const debts = await db.selectFrom("debts").select(["id", "debtor_id"]).where("creditor_id", "=", creditorId).orderBy("id").execute();
      for (const [i, d] of debts.entries()) {
        if (i % 6 === 1) await db.updateTable("debts").set({ status: "settled", open_cents: 0 }).where("id", "=", d.id).execute();
        else if (i % 11 === 2) await db.updateTable("debts").set({ status: "disputed" }).where("id", "=", d.id).execute();
        else if (i % 13 === 3) await db.updateTable("debts").set({ status: "in_agreement" }).where("id", "=", d.id).execute();
      }
      // Equal balances, to exercise the tie on id.
      const first = debts.slice(10, 14).map((d) => d.id);
      await db.updateTable("debts").set({ status: "open", original_cents: 12345, open_cents: 12345 }).where("id", "in", first).execute();

      const debtors = await db.selectFrom("debtors").selectAll().where("creditor_id", "=", creditorId).execute();
      const all = await db.selectFrom("debts").selectAll().where("creditor_id", "=", creditorId).execute();
      const contacts = await db.selectFrom("contacts").select(["debtor_id", "value"]).where("creditor_id", "=", creditorId).execute();
      refs = debtors.map((d) => {
        const own = all.filter((x) => x.debtor_id === d.id);
        const open = own.filter((x) => x.status === "open");
        return {
          id: d.id, key: nameKey(d.name), document: d.document, state: d.state, segment: d.segment, tags: JSON.parse(d.tags) as string[],
          openCents: open.reduce((s, x) => s + Number(x.open_cents), 0), openDebts: open.length,
          oldest: open.length ? open.map((x) => x.due_date).sort()[0]! : null, statuses: new Set(own.map((x) => x.status)),
          externalIds: own.map((x) => x.external_id), contacts: contacts.filter((c) => c.debtor_id === d.id).map((c) => c.value),
        };
      });
      assert.ok(refs.some((r) => r.openDebts === 0), "há devedores sem título em aberto");
      assert.ok(refs.some((r) => r.statuses.has("disputed")));
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await deps.cleanup();
    });

    /** All pages; `selective` per page (0 walks the indexes, a large one computes from candidates). */
    async function walk(input: ListDebtorsInput, actor: Actor = SYSTEM_ACTOR, selective: (page: number) => number | undefined = () => undefined): Promise<number[]> {
      const ids: number[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 100; page++) {
        const res = await listDebtors(deps, actor, creditorId, { ...input, limit: 7, cursor }, { selective: selective(page) });
        assert.ok(res.items.length <= 7);
        ids.push(...res.items.map((i) => Number(i.id)));
        if (!res.nextCursor) return ids;
        assert.equal(res.items.length, 7, "a page before the last one is full");
        cursor = res.nextCursor;
      }
      throw new Error("paginação sem fim");
    }

    const sample = () => refs.find((r) => r.openDebts > 1 && r.contacts.some((c) => c.includes("@")))!;
    const inputs = (): [string, ListDebtorsInput][] => {
      const s = sample();
      const out: [string, ListDebtorsInput][] = [];
      for (const sort of ["name", "balance", "oldest_due"] as const) {
        for (const dir of ["asc", "desc"] as const) {
          out.push([`${sort} ${dir}`, { sort, dir }]);
          out.push([`${sort} ${dir} SP + varejo`, { sort, dir, state: "sp", segment: "varejo" }]);
          out.push([`${sort} ${dir} tag VIP`, { sort, dir, tag: "VIP" }]);
          out.push([`${sort} ${dir} disputed`, { sort, dir, status: "disputed" }]);
          out.push([`${sort} ${dir} open`, { sort, dir, status: "open" }]);
          for (const bucket of ["not_due", "1_30", "31_90", "91_180", "181_360", "361_plus"]) out.push([`${sort} ${dir} ${bucket}`, { sort, dir, bucket }]);
          out.push([`${sort} ${dir} "joão"`, { sort, dir, q: "joão" }]);
          out.push([`${sort} ${dir} "JOAO A"`, { sort, dir, q: "JOAO A" }]);
          out.push([`${sort} ${dir} "a"`, { sort, dir, q: "a" }]);
          out.push([`${sort} ${dir} document`, { sort, dir, q: s.document }]);
        }
      }
      return out;
    };

    it("every search, filter, order and direction matches the reference, across pages, by either strategy", async () => {
      for (const [name, input] of inputs()) {
        const expected = expectedIds(refs, input);
        assert.deepEqual(await walk(input), expected, name);
        assert.deepEqual(await walk(input, SYSTEM_ACTOR, () => 0), expected, `${name} (percorrendo os índices)`);
        // A cursor made by one strategy continues in the other: the filters' selectivity may change between pages.
        assert.deepEqual(await walk(input, SYSTEM_ACTOR, (page) => (page % 2 === 0 ? 0 : 1_000_000)), expected, `${name} (estratégias alternadas)`);
      }
    });

    it("finds a debtor by CPF/CNPJ with or without mask, debt id, e-mail or phone; a name from its start only", async () => {
      const s = sample();
      const masked = s.document.length === 11 ? `${s.document.slice(0, 3)}.${s.document.slice(3, 6)}.${s.document.slice(6, 9)}-${s.document.slice(9)}` : s.document;
      const email = s.contacts.find((c) => c.includes("@"))!;
      const phone = s.contacts.find((c) => c.startsWith("+55"));
      const probes = [s.document, masked, s.externalIds[0]!, email, email.toUpperCase(), ...(phone ? [phone, `(${phone.slice(3, 5)}) ${phone.slice(5)}`] : [])];
      for (const q of probes) {
        const res = await listDebtors(deps, SYSTEM_ACTOR, creditorId, { q });
        assert.ok(res.items.some((i) => Number(i.id) === s.id), `busca por ${q}`);
      }
      const joao = await listDebtors(deps, SYSTEM_ACTOR, creditorId, { q: "joao avila" });
      assert.deepEqual(joao.items.map((i) => i.name).sort(), ["JOÃO ÁVILA", "joão avila"]);
      assert.deepEqual((await listDebtors(deps, SYSTEM_ACTOR, creditorId, { q: "avila" })).items, [], "o meio do nome não é buscado");
    });

    it("returns the list columns of each debtor", async () => {
      const res = await listDebtors(deps, SYSTEM_ACTOR, creditorId, { q: "529.982.247-25" });
      assert.equal(res.items.length, 1);
      const ref = refs.find((r) => r.document === "52998224725")!;
      assert.deepEqual(res.items[0], {
        id: String(ref.id), document: "52998224725", kind: "person", name: "JOÃO ÁVILA", state: res.items[0]!.state, city: res.items[0]!.city,
        segment: "varejo", tags: [], openBalanceCents: ref.openCents, openDebts: ref.openDebts, oldestDueDate: ref.oldest,
      });
    });

    it("never shows another creditor's debtors", async () => {
      const manager: Actor = { kind: "user", id: "m", role: "manager", creditorIds: [creditorId], label: "user:m" };
      const b = await listDebtors(deps, { ...manager, creditorIds: [otherId] }, otherId, { limit: 200 });
      const inB = await deps.database.db.selectFrom("debtors").select("id").where("creditor_id", "=", otherId).execute();
      assert.deepEqual(b.items.map((i) => Number(i.id)).sort((x, y) => x - y), inB.map((r) => r.id).sort((x, y) => x - y));
      assert.ok(b.items.every((i) => !refs.some((r) => r.id === Number(i.id))), "B lista só os seus");
      const bDebt = await deps.database.db.selectFrom("debts").select("external_id").where("creditor_id", "=", otherId).executeTakeFirstOrThrow();
      assert.deepEqual((await listDebtors(deps, manager, creditorId, { q: bDebt.external_id })).items, [], "título de B buscado em A");
      const ids = await walk({ sort: "balance" }, manager);
      assert.deepEqual(new Set(ids), new Set(refs.map((r) => r.id)));
      await assert.rejects(listDebtors(deps, manager, otherId, {}), (e: unknown) => e instanceof AppError && e.code === "not_found");
    });

    it("refuses bad filters and a cursor of another order, in Portuguese, naming the field", async () => {
      const cases: [ListDebtorsInput, string, string][] = [
        [{ status: "pago" }, "status", "situação inválida: pago (use open, settled, in_agreement, written_off, disputed, cancelled)"],
        [{ bucket: "2_3" }, "bucket", "faixa de atraso inválida: 2_3 (use not_due, 1_30, 31_90, 91_180, 181_360, 361_plus)"],
        [{ state: "XX" }, "state", "UF inválida: XX"],
        [{ sort: "idade" }, "sort", "ordenação inválida: idade (use name, balance, oldest_due)"],
        [{ dir: "up" }, "dir", "direção inválida: up (use asc ou desc)"],
        [{ cursor: "não-é-cursor" }, "cursor", "cursor inválido"],
      ];
      for (const [input, field, reason] of cases) {
        await assert.rejects(listDebtors(deps, SYSTEM_ACTOR, creditorId, input), (e: unknown) => {
          assert.ok(e instanceof AppError && e.code === "validation", String(e));
          assert.deepEqual(e.errors, [{ field, reason }]);
          return true;
        });
      }
      const page = await listDebtors(deps, SYSTEM_ACTOR, creditorId, { sort: "balance", limit: 3 });
      await assert.rejects(listDebtors(deps, SYSTEM_ACTOR, creditorId, { sort: "name", cursor: page.nextCursor! }), /o cursor é de outra ordenação/);
    });
  });
}
