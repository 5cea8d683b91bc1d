import type { Actor } from "../access.ts";

/** The e-mail channel acting on its own: DSNs the sink received, tracking. */
export const EMAIL_SYSTEM_ACTOR: Actor = { kind: "system", id: "email", role: "admin", creditorIds: "all", label: "system:email" };

/**
 * The debtor, through a signed link of a message (unsubscribe, one-click). Never passed to
 * `authorize`: the signature on the link is the authority, and it names one action.
 */
export const DEBTOR_LINK_ACTOR: Actor = { kind: "system", id: "debtor-link", role: "collector", creditorIds: [], label: "debtor:link" };
