import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  addTracking, clickToken, copyUnsubscribeLinks, copyUnsubscribeToken, createTokenSigner, insertTrackingPixel, isWebUrl, openToken, rewriteLinks, trackingLinks, unsubscribeToken,
  verifyActionToken, verifyClickToken, verifyCopyUnsubscribeToken,
} from "./tracking.ts";

const signer = createTokenSigner("chave-de-teste-com-32-bytes-ok!!");
const other = createTokenSigner("outra-chave-de-teste-32-bytes!!!");

describe("signed tracking tokens", () => {
  it("round-trips each purpose and has the documented shape", () => {
    const open = openToken(signer, 42);
    assert.match(open, /^42\.[0-9a-f]{32}$/);
    assert.equal(verifyActionToken(signer, "open", open), 42);
    assert.equal(verifyActionToken(signer, "unsubscribe", unsubscribeToken(signer, 7)), 7);
    const click = clickToken(signer, 9, "https://pague.exemplo.com.br/boleto?id=1&x=ã");
    assert.deepEqual(verifyClickToken(signer, click), { actionId: 9, url: "https://pague.exemplo.com.br/boleto?id=1&x=ã" });
  });

  it("a copy's unsubscribe token names the action and the copy, and is never the debtor's", () => {
    const token = copyUnsubscribeToken(signer, 42, 1);
    assert.match(token, /^42\.1\.[0-9a-f]{32}$/);
    assert.deepEqual(verifyCopyUnsubscribeToken(signer, token), { actionId: 42, index: 1 });
    assert.deepEqual(verifyCopyUnsubscribeToken(signer, token.toUpperCase().replace(/^42\.1\./, "42.1.")), { actionId: 42, index: 1 }, "survives an upper-cased mailbox");
    const mac = token.split(".")[2]!;
    assert.equal(verifyCopyUnsubscribeToken(signer, `42.0.${mac}`), null, "another copy");
    assert.equal(verifyCopyUnsubscribeToken(signer, `43.1.${mac}`), null, "another action");
    assert.equal(verifyCopyUnsubscribeToken(other, token), null, "another key");
    assert.equal(verifyActionToken(signer, "unsubscribe", token), null, "not the debtor's unsubscribe");
    assert.equal(verifyCopyUnsubscribeToken(signer, unsubscribeToken(signer, 42)), null, "the debtor's token is not a copy's");
    assert.deepEqual(copyUnsubscribeLinks(signer, "https://regua.test/", "cobranca.test", 42, 1), {
      unsubscribeUrl: `https://regua.test/u/c/${token}`,
      unsubscribeMailto: `mailto:descadastro+${token}@cobranca.test?subject=descadastrar`,
    });
  });

  it("rejects tampering: another action, another URL, another purpose, another key, a cut MAC", () => {
    const open = openToken(signer, 42);
    const mac = open.split(".")[1]!;
    assert.equal(verifyActionToken(signer, "open", `43.${mac}`), null, "ação trocada");
    assert.equal(verifyActionToken(signer, "unsubscribe", open), null, "token de abertura usado para descadastrar");
    assert.equal(verifyActionToken(other, "open", open), null, "outra chave");
    assert.equal(verifyActionToken(signer, "open", open.slice(0, -1)), null, "MAC truncado");
    assert.equal(verifyActionToken(signer, "open", `42.${"0".repeat(32)}`), null, "MAC zerado");
    assert.equal(verifyActionToken(signer, "open", "42"), null, "sem MAC");
    assert.equal(verifyActionToken(signer, "open", ""), null);
    const click = clickToken(signer, 9, "https://exemplo.com.br/a");
    const [id, url, cmac] = click.split(".");
    const evil = Buffer.from("https://golpe.exemplo.net/", "utf8").toString("base64url");
    assert.equal(verifyClickToken(signer, `${id}.${evil}.${cmac}`), null, "URL trocada: nada de redirecionamento aberto");
    assert.equal(verifyClickToken(signer, `10.${url}.${cmac}`), null);
  });

  it("accepts the MAC in upper case (a mail system may upper-case an address) but nothing else changed", () => {
    const token = unsubscribeToken(signer, 123);
    assert.equal(verifyActionToken(signer, "unsubscribe", token.toUpperCase()), 123);
  });

  it("never redirects to a non-web URL even when signed", () => {
    for (const url of ["javascript:alert(1)", "data:text/html,x", "mailto:a@b.com", "/relativo", "//sem-esquema.com", "ftp://x.com/a"]) {
      assert.equal(isWebUrl(url), false, url);
      assert.equal(verifyClickToken(signer, clickToken(signer, 1, url)), null, url);
    }
  });

  it("property: changing any one character of a token makes it invalid (or names the same payload)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.nat(), fc.constantFrom(..."0123456789abcdef.xZ"), (actionId, pos, ch) => {
        const token = unsubscribeToken(signer, actionId);
        const i = pos % token.length;
        if (token[i]!.toLowerCase() === ch.toLowerCase()) return;
        const tampered = token.slice(0, i) + ch + token.slice(i + 1);
        assert.equal(verifyActionToken(signer, "unsubscribe", tampered), null, tampered);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses keys shorter than 16 bytes", () => {
    assert.throws(() => createTokenSigner("curta"));
  });
});

describe("link rewriting and the pixel", () => {
  const links = trackingLinks(signer, "https://cobranca.exemplo.com.br/", "exemplo.com.br", 5);

  it("builds the links under the public URL", () => {
    assert.equal(links.openPixelUrl, `https://cobranca.exemplo.com.br/t/o/${openToken(signer, 5)}`);
    assert.equal(links.unsubscribeUrl, `https://cobranca.exemplo.com.br/u/${unsubscribeToken(signer, 5)}`);
    assert.equal(links.unsubscribeMailto, `mailto:descadastro+${unsubscribeToken(signer, 5)}@exemplo.com.br?subject=descadastrar`);
    assert.ok(`descadastro+${unsubscribeToken(signer, 5)}`.length <= 64, "cabe na parte local de um endereço");
  });

  it("rewrites web links only, keeps quotes safe and decodes entities before signing", () => {
    const html = `<p><a href="https://pague.exemplo.com.br/x?a=1&amp;b=2">Pagar</a> <a class="b" href='http://exemplo.com.br'>site</a> <a href="mailto:ajuda@exemplo.com.br">e-mail</a> <a href="#topo">topo</a> <a name="x">âncora</a></p>`;
    const seen: string[] = [];
    const out = rewriteLinks(html, (url) => {
      seen.push(url);
      return `https://t.exemplo/c/${seen.length}?q="x"&y`;
    });
    assert.deepEqual(seen, ["https://pague.exemplo.com.br/x?a=1&b=2", "http://exemplo.com.br"]);
    assert.equal(
      out,
      `<p><a href="https://t.exemplo/c/1?q=&quot;x&quot;&amp;y">Pagar</a> <a class="b" href="https://t.exemplo/c/2?q=&quot;x&quot;&amp;y">site</a> <a href="mailto:ajuda@exemplo.com.br">e-mail</a> <a href="#topo">topo</a> <a name="x">âncora</a></p>`,
    );
  });

  it("puts the pixel before </body>, or at the end of a fragment", () => {
    const img = `<img src="https://x/t/o/1.ab" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;" />`;
    assert.equal(insertTrackingPixel("<html><body><p>Oi</p></BODY></html>", "https://x/t/o/1.ab"), `<html><body><p>Oi</p>${img}</BODY></html>`);
    assert.equal(insertTrackingPixel("<p>Oi</p>", "https://x/t/o/1.ab"), `<p>Oi</p>${img}`);
  });

  it("addTracking leaves the unsubscribe link alone and signs the others", () => {
    const html = `<a href="https://pague.exemplo.com.br/">Pagar</a> <a href="${links.unsubscribeUrl}">Descadastrar</a>`;
    const out = addTracking(html, links);
    assert.ok(out.includes(`href="${links.unsubscribeUrl}"`));
    const clicked = /href="https:\/\/cobranca\.exemplo\.com\.br\/t\/c\/([^"]+)"/.exec(out);
    assert.ok(clicked);
    assert.deepEqual(verifyClickToken(signer, clicked[1]!), { actionId: 5, url: "https://pague.exemplo.com.br/" });
    assert.ok(out.endsWith(`alt="" style="display:block;width:1px;height:1px;border:0;" />`));
  });
});
