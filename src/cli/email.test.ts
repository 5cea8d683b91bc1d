import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { freshDatabaseUrl, testDialects } from "../../test/support/db.ts";
import { REPO_ROOT } from "../../test/support/vectors.ts";
import { openDatabase } from "../db/database.ts";
import { fixedClock } from "../shared/clock.ts";
import type { CliContext } from "./context.ts";
import { runCli } from "./main.ts";

const workDir = mkdtempSync(join(tmpdir(), "regua-email-cli-"));
after(() => rmSync(workDir, { recursive: true, force: true }));
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
writeFileSync(join(workDir, "dkim.pem"), privateKey);

for (const dialect of testDialects()) {
  describe(`regua creditor email on ${dialect}`, () => {
    let env: Record<string, string>;
    let drop: () => Promise<void>;
    let creditorId: string;

    async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
      let out = "";
      let err = "";
      const ctx: CliContext = { io: { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false }, clock: fixedClock("2025-06-02T13:00:00Z"), env, cwd: workDir };
      const code = await runCli(argv, ctx);
      return { code, out, err };
    }

    before(async () => {
      const db = await freshDatabaseUrl(dialect);
      drop = db.drop;
      env = { DATABASE_URL: db.url, REGUA_MAIL_DOMAIN: "regua.exemplo.com.br" };
      const added = await run(["creditor", "add", "--name", "Loja Alfa Ltda", "--trade-name", "Loja Alfa", "--cnpj", "11222333000181", "--state", "SP", "--json"]);
      assert.equal(added.code, 0, added.err);
      creditorId = (JSON.parse(added.out) as { id: string }).id;
    });
    after(async () => drop());

    it("shows the defaults, then sets sender, reply-to, copies and DKIM from a key file", async () => {
      assert.deepEqual(await run(["creditor", "email", "--creditor", creditorId]), {
        code: 0,
        err: "",
        out: [
          "E-mail de cobrança do credor:",
          "  Remetente:        Loja Alfa <cobranca@regua.exemplo.com.br> (padrão)",
          "  Responder para:   (o próprio remetente)",
          "  Cópia:            (nenhuma)",
          "  Caixas compartilhadas de empresas: recebem mensagens sem detalhes da dívida",
          "  DKIM:             não configurado (mensagens sem assinatura tendem a cair no spam)",
          "",
        ].join("\n"),
      });
      const set = await run([
        "creditor", "email", "--creditor", creditorId, "--from-name", "Loja Alfa Cobrança", "--from-address", "cobranca@lojaalfa.com.br", "--reply-to", "renata@lojaalfa.com.br",
        "--cc", "supervisao@lojaalfa.com.br", "--dkim-domain", "lojaalfa.com.br", "--dkim-selector", "regua", "--dkim-key", "dkim.pem", "--allow-shared-mailbox-details",
      ]);
      assert.equal(set.code, 0, set.err);
      const lines = set.out.split("\n");
      assert.deepEqual(lines.slice(0, 6), [
        "E-mail de cobrança atualizado.",
        "  Remetente:        Loja Alfa Cobrança <cobranca@lojaalfa.com.br>",
        "  Responder para:   renata@lojaalfa.com.br",
        "  Cópia:            supervisao@lojaalfa.com.br",
        "  Caixas compartilhadas de empresas: recebem os detalhes da dívida",
        "  DKIM:             d=lojaalfa.com.br, s=regua",
      ]);
      assert.match(lines[6]!, /^ {2}Publique no DNS: {2}regua\._domainkey\.lojaalfa\.com\.br TXT "v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]+"$/);
      assert.ok(!set.out.includes("PRIVATE KEY"));
    });

    it("changes one thing at a time and refuses what DMARC would fail", async () => {
      const off = await run(["creditor", "email", "--creditor", creditorId, "--no-allow-shared-mailbox-details", "--reply-to", "none", "--json"]);
      assert.equal(off.code, 0, off.err);
      const view = JSON.parse(off.out) as { allowSharedMailboxDetails: boolean; replyTo: string | null; cc: string[]; dkim: { selector: string } };
      assert.deepEqual([view.allowSharedMailboxDetails, view.replyTo, view.cc, view.dkim.selector], [false, null, ["supervisao@lojaalfa.com.br"], "regua"]);
      const bad = await run(["creditor", "email", "--creditor", creditorId, "--from-address", "cobranca@outrodominio.com.br"]);
      assert.equal(bad.code, 2);
      assert.equal(bad.err, "erro: dkim.domain: o remetente (outrodominio.com.br) deve estar no domínio DKIM (lojaalfa.com.br) para passar no DMARC\n");
      const partial = await run(["creditor", "email", "--creditor", creditorId, "--dkim-domain", "lojaalfa.com.br"]);
      assert.equal(partial.code, 2);
      assert.match(partial.err, /^erro: para o DKIM informe --dkim-domain e --dkim-selector/);
      const missing = await run(["creditor", "email", "--creditor", creditorId, "--dkim-domain", "lojaalfa.com.br", "--dkim-selector", "s2", "--dkim-key", "nao-existe.pem"]);
      assert.equal(missing.code, 1);
      const removed = await run(["creditor", "email", "--creditor", creditorId, "--remove-dkim", "--json"]);
      assert.equal((JSON.parse(removed.out) as { dkim: unknown }).dkim, null);
      assert.equal((await run(["creditor", "email", "--creditor", "00000000-0000-4000-8000-000000000000"])).code, 4);
    });

    it("lists the addresses that stopped this creditor's copies through a copy's link", async () => {
      const database = await openDatabase(env.DATABASE_URL);
      try {
        await database.db.insertInto("email_copy_opt_outs").values({ creditor_id: creditorId, address: "supervisao@lojaalfa.com.br", opted_out_at: "2025-06-03T01:30:00.000Z", source: "one_click", action_id: null }).execute();
        const shown = await run(["creditor", "email", "--creditor", creditorId]);
        // 01:30 UTC on the 3rd is still the 2nd in Brasília.
        assert.ok(shown.out.includes("\n  Sem cópias (pediram pelo link da cópia): supervisao@lojaalfa.com.br (desde 02/06/2025)\n"), shown.out);
        const json = JSON.parse((await run(["creditor", "email", "--creditor", creditorId, "--json"])).out) as { copiesStopped: unknown };
        assert.deepEqual(json.copiesStopped, [{ address: "supervisao@lojaalfa.com.br", at: "2025-06-03T01:30:00.000Z" }]);
        await database.db.deleteFrom("email_copy_opt_outs").execute();
      } finally {
        await database.close();
      }
    });

    it("as a real subprocess, --json prints the settings document (never the key)", async () => {
      const exec = promisify(execFile);
      const { stdout } = await exec("node", ["bin/regua.mjs", "creditor", "email", "--creditor", creditorId, "--cc", "a@lojaalfa.com.br,b@lojaalfa.com.br", "--json"], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
      const view = JSON.parse(stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(view).sort(), ["allowSharedMailboxDetails", "cc", "copiesStopped", "dkim", "effective", "fromAddress", "fromName", "replyTo", "updatedAt", "updatedBy"]);
      assert.deepEqual(view.cc, ["a@lojaalfa.com.br", "b@lojaalfa.com.br"]);
      assert.deepEqual(view.effective, { fromName: "Loja Alfa Cobrança", fromAddress: "cobranca@lojaalfa.com.br" });
      assert.equal(view.updatedBy, "system:cli");
      assert.deepEqual(view.copiesStopped, []);
    });
  });
}
