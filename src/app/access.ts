import { AppError } from "../shared/app-error.ts";

export const ROLES = ["admin", "manager", "collector", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "portfolio.read": ["admin", "manager", "collector", "auditor"],
  "portfolio.write": ["admin", "manager"],
  "contact.write": ["admin", "manager", "collector"],
  import: ["admin", "manager"],
  "creditor.create": ["admin"],
  "creditor.update": ["admin", "manager"],
  "user.manage": ["admin"],
  "apikey.manage": ["admin"],
  "audit.read": ["admin", "auditor"],
  // Ladders and their runs are the manager's; formal steps (listing, protest, lawsuit) wait for a manager's approval.
  "ladder.write": ["admin", "manager"],
  "ladder.run": ["admin", "manager"],
  "action.approve": ["admin", "manager"],
  "index.manage": ["admin"],
  // Collectors record payments received during calls; matching the bank's unmatched money is back-office work.
  "payment.write": ["admin", "manager", "collector"],
  "payment.reconcile": ["admin", "manager"],
  // Stopping the ladder for a debtor or debt, and resolving a dispute, are the manager's call; a collector
  // records what the debtor says on the phone: a dispute ("I never bought this") or "stop calling me".
  "hold.pause": ["admin", "manager"],
  "hold.dispute": ["admin", "manager", "collector"],
  "hold.resolve": ["admin", "manager"],
  "optout.write": ["admin", "manager", "collector"],
  "optin.write": ["admin", "manager"],
  // Everyone who works the portfolio reads templates (collectors read the call scripts); managers write them.
  "template.read": ["admin", "manager", "collector", "auditor"],
  "template.write": ["admin", "manager"],
  // Issuing a PIX charge is what a collector does during a call.
  "pix.issue": ["admin", "manager", "collector"],
  // Bank accounts (carteiras de cobrança) are the back office's; a collector issues boletos during a call.
  "billing.manage": ["admin", "manager"],
  "boleto.issue": ["admin", "manager", "collector"],
  // The manager sets the negotiation policy; collectors close agreements and record promises within it,
  // and anything beyond it waits for a manager's approval.
  "negotiation.policy": ["admin", "manager"],
  "agreement.write": ["admin", "manager", "collector"],
  "agreement.approve": ["admin", "manager"],
  "promise.write": ["admin", "manager", "collector"],
  // The call queue is the collector's workspace; managers and admins may work it too.
  "call.work": ["admin", "manager", "collector"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * Who is acting: a person, an API key or the system itself (CLI run by the operator,
 * jobs). `creditorIds` is the set of tenants it may touch; "all" only for admins and
 * the system.
 */
export type Actor = {
  kind: "user" | "apikey" | "system";
  id: string;
  role: Role;
  creditorIds: readonly string[] | "all";
  /** How the actor appears on timelines and in the audit log, e.g. `user:…`. */
  label: string;
};

export const SYSTEM_ACTOR: Actor = { kind: "system", id: "cli", role: "admin", creditorIds: "all", label: "system:cli" };

/**
 * Proof that an actor may touch one creditor's data. Query functions on tenant data take
 * a scope, and only `authorize` makes one, so no query can run unchecked.
 */
export type CreditorScope = { readonly creditorId: string; readonly actor: Actor; readonly __scope: true };

export function can(actor: Actor, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError("forbidden", `O perfil "${actor.role}" não permite esta operação (${permission}).`);
}

export function hasCreditor(actor: Actor, creditorId: string): boolean {
  return actor.creditorIds === "all" || actor.creditorIds.includes(creditorId);
}

/**
 * Checks permission and tenant, and returns the scope for the data layer. A creditor the
 * actor cannot see is reported as not found, so ids of other tenants leak nothing.
 */
export function authorize(actor: Actor, creditorId: string, permission: Permission): CreditorScope {
  if (!hasCreditor(actor, creditorId)) throw new AppError("not_found", "Credor não encontrado.");
  requirePermission(actor, permission);
  return { creditorId, actor, __scope: true };
}
