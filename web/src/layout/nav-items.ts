import type { MessageKey } from "../i18n/messages.ts";

export type NavIconName = "dashboard" | "debtors" | "ladders" | "templates" | "callQueue" | "outbox" | "imports" | "settings" | "audit";

export type NavItem = {
  path: string;
  label: MessageKey;
  icon: NavIconName;
  group: "nav.groupPortfolio" | "nav.groupOperation" | "nav.groupAdmin";
  /** False while the area has no backend: it shows the "Em breve" page. */
  ready: boolean;
};

export const NAV_ITEMS: readonly NavItem[] = [
  { path: "/", label: "nav.dashboard", icon: "dashboard", group: "nav.groupPortfolio", ready: false },
  { path: "/devedores", label: "nav.debtors", icon: "debtors", group: "nav.groupPortfolio", ready: true },
  { path: "/reguas", label: "nav.ladders", icon: "ladders", group: "nav.groupOperation", ready: false },
  { path: "/modelos", label: "nav.templates", icon: "templates", group: "nav.groupOperation", ready: false },
  { path: "/fila-de-ligacoes", label: "nav.callQueue", icon: "callQueue", group: "nav.groupOperation", ready: false },
  { path: "/caixa-de-saida", label: "nav.outbox", icon: "outbox", group: "nav.groupOperation", ready: false },
  { path: "/importacoes", label: "nav.imports", icon: "imports", group: "nav.groupOperation", ready: false },
  { path: "/configuracoes", label: "nav.settings", icon: "settings", group: "nav.groupAdmin", ready: false },
  { path: "/auditoria", label: "nav.audit", icon: "audit", group: "nav.groupAdmin", ready: false },
];

/** The nav entry a pathname belongs to ("/devedores/42" → Devedores). */
export function activeNavItem(pathname: string): NavItem | undefined {
  if (pathname === "/") return NAV_ITEMS[0];
  return NAV_ITEMS.find((item) => item.path !== "/" && (pathname === item.path || pathname.startsWith(`${item.path}/`)));
}
