import type { Role } from "../api/types.ts";

/**
 * Who may do what, as the server decides it (src/app/access.ts): the app only offers what
 * the signed-in role may do. A test keeps this table equal to the server's.
 */
export const PERMISSIONS = {
  "portfolio.read": ["admin", "manager", "collector", "auditor"],
  "contact.write": ["admin", "manager", "collector"],
  import: ["admin", "manager"],
  "creditor.update": ["admin", "manager"],
  "user.manage": ["admin"],
  "apikey.manage": ["admin"],
  "audit.read": ["admin", "auditor"],
  "ladder.write": ["admin", "manager"],
  "ladder.run": ["admin", "manager"],
  "action.approve": ["admin", "manager"],
  "template.read": ["admin", "manager", "collector", "auditor"],
  "template.write": ["admin", "manager"],
  "payment.write": ["admin", "manager", "collector"],
  "payment.reconcile": ["admin", "manager"],
  "hold.pause": ["admin", "manager"],
  "hold.dispute": ["admin", "manager", "collector"],
  "hold.resolve": ["admin", "manager"],
  "optout.write": ["admin", "manager", "collector"],
  "optin.write": ["admin", "manager"],
  "pix.issue": ["admin", "manager", "collector"],
  "boleto.issue": ["admin", "manager", "collector"],
  "billing.manage": ["admin", "manager"],
  "negotiation.policy": ["admin", "manager"],
  "agreement.write": ["admin", "manager", "collector"],
  "promise.write": ["admin", "manager", "collector"],
  "call.work": ["admin", "manager", "collector"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
