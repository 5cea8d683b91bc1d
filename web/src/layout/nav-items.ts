import type { Role } from "../api/types.ts";
import { PERMISSIONS } from "../auth/permissions.ts";
import type { MessageKey } from "../i18n/messages.ts";

export type NavIconName = "dashboard" | "debtors" | "ladders" | "templates" | "callQueue" | "outbox" | "imports" | "payments" | "settings" | "audit";

export type NavItem = {
  path: string;
  label: MessageKey;
  icon: NavIconName;
  group: "nav.groupPortfolio" | "nav.groupOperation" | "nav.groupAdmin";
  /** False while the area has no backend: it shows the "Em breve" page. */
  ready: boolean;
  /** The roles that see the entry and may open the page; nobody is offered what they cannot do. */
  roles: readonly Role[];
};

const EVERYONE: readonly Role[] = ["admin", "manager", "collector", "auditor"];

export const NAV_ITEMS: readonly NavItem[] = [
  { path: "/", label: "nav.dashboard", icon: "dashboard", group: "nav.groupPortfolio", ready: true, roles: EVERYONE },
  { path: "/devedores", label: "nav.debtors", icon: "debtors", group: "nav.groupPortfolio", ready: true, roles: PERMISSIONS["portfolio.read"] },
  { path: "/reguas", label: "nav.ladders", icon: "ladders", group: "nav.groupOperation", ready: true, roles: PERMISSIONS["ladder.write"] },
  { path: "/modelos", label: "nav.templates", icon: "templates", group: "nav.groupOperation", ready: true, roles: PERMISSIONS["ladder.write"] },
  { path: "/fila-de-ligacoes", label: "nav.callQueue", icon: "callQueue", group: "nav.groupOperation", ready: true, roles: PERMISSIONS["call.work"] },
  { path: "/caixa-de-saida", label: "nav.outbox", icon: "outbox", group: "nav.groupOperation", ready: true, roles: ["admin", "manager", "auditor"] },
  { path: "/importacoes", label: "nav.imports", icon: "imports", group: "nav.groupOperation", ready: true, roles: PERMISSIONS.import },
  { path: "/pagamentos", label: "nav.payments", icon: "payments", group: "nav.groupOperation", ready: true, roles: ["admin", "manager", "auditor"] },
  { path: "/configuracoes", label: "nav.settings", icon: "settings", group: "nav.groupAdmin", ready: true, roles: PERMISSIONS["creditor.update"] },
  { path: "/auditoria", label: "nav.audit", icon: "audit", group: "nav.groupAdmin", ready: true, roles: PERMISSIONS["audit.read"] },
];

/** The entries a role sees, in menu order. */
export function navItemsFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

/** The nav entry a pathname belongs to ("/devedores/42" → Devedores). */
export function activeNavItem(pathname: string): NavItem | undefined {
  if (pathname === "/") return NAV_ITEMS[0];
  return NAV_ITEMS.find((item) => item.path !== "/" && (pathname === item.path || pathname.startsWith(`${item.path}/`)));
}
