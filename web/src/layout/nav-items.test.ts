import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { activeNavItem, navItemsFor } from "./nav-items.ts";

describe("navItemsFor", () => {
  const paths = (role: Parameters<typeof navItemsFor>[0]) => navItemsFor(role).map((item) => item.path);
  it("shows each role only what it may do", () => {
    assert.deepEqual(paths("admin"), ["/", "/devedores", "/reguas", "/modelos", "/fila-de-ligacoes", "/caixa-de-saida", "/importacoes", "/pagamentos", "/configuracoes", "/auditoria"]);
    assert.deepEqual(paths("manager"), ["/", "/devedores", "/reguas", "/modelos", "/fila-de-ligacoes", "/caixa-de-saida", "/importacoes", "/pagamentos", "/configuracoes"]);
    assert.deepEqual(paths("collector"), ["/", "/devedores", "/fila-de-ligacoes"]);
    assert.deepEqual(paths("auditor"), ["/", "/devedores", "/caixa-de-saida", "/pagamentos", "/auditoria"]);
  });
});

describe("activeNavItem", () => {
  it("finds the entry of nested paths", () => {
    assert.equal(activeNavItem("/")?.path, "/");
    assert.equal(activeNavItem("/devedores/42")?.path, "/devedores");
    assert.equal(activeNavItem("/importacoes")?.path, "/importacoes");
    assert.equal(activeNavItem("/nada"), undefined);
  });
});
