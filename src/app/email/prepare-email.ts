import type { Kysely } from "kysely";
import type { SendMailOptions } from "nodemailer";
import type { Schema } from "../../db/schema.ts";
import { addTracking, trackingLinks, type TrackingLinks } from "../../channels/email/tracking.ts";
import { bounceAddressFor, composeCollectionEmail, shouldWithholdDebtDetails } from "../../channels/email/compose-email.ts";
import type { AppDeps } from "../deps.ts";
import { emailContextOf, trackingSigner } from "./email-context.ts";
import { loadSenderSettings } from "./email-settings.ts";

/**
 * The dispatcher's two calls around rendering, in order:
 *
 *   const links = await emailLinksFor(deps, action.id);            // unsubscribe URL for the template
 *   const withhold = await withholdDetailsFor(db, creditorId, debtorKind, to); // shared mailbox → no debt details
 *   const rendered = renderActionMessage(…, { unsubscribeUrl: links.unsubscribeUrl, … });
 *   const mail = await buildCollectionEmail(deps, db, { actionId, creditorId, debtorId, to, subject, html, text, links });
 *   const outcome = await sendEmail(transport, mail);              // accepted | transient | permanent | uncertain
 */
export async function emailLinksFor(deps: AppDeps, actionId: number): Promise<TrackingLinks> {
  const { publicUrl, mailDomain } = emailContextOf(deps);
  return trackingLinks(await trackingSigner(deps), publicUrl, mailDomain, actionId);
}

/** True when the message to `to` must leave the debts out (a company's shared mailbox the creditor did not allow). */
export async function withholdDetailsFor(deps: AppDeps, db: Kysely<Schema>, creditorId: string, debtorKind: string, to: string): Promise<boolean> {
  const sender = await loadSenderSettings(db, creditorId, emailContextOf(deps).mailDomain);
  return shouldWithholdDebtDetails({ debtorKind, email: to, allowSharedMailboxDetails: sender.allowSharedMailboxDetails });
}

export type BuildCollectionEmailInput = {
  actionId: number;
  creditorId: string;
  debtorId: number;
  to: string;
  toName?: string;
  /** Extra copies for this message (the debtor's account representative). */
  cc?: string[];
  subject: string;
  html: string;
  text: string;
  /** From `emailLinksFor`; omitted, they are made here. */
  links?: TrackingLinks;
  /** Open pixel and click redirects (default true). */
  track?: boolean;
};

/**
 * The complete nodemailer message of one action: the creditor's sender settings (From,
 * Reply-To, CC, DKIM key), tracking added to the HTML, List-Unsubscribe, the VERP bounce
 * address and the stable Message-ID. Reads with `db` (the dispatcher's transaction or not).
 */
export async function buildCollectionEmail(deps: AppDeps, db: Kysely<Schema>, input: BuildCollectionEmailInput): Promise<SendMailOptions> {
  const { mailDomain } = emailContextOf(deps);
  const links = input.links ?? (await emailLinksFor(deps, input.actionId));
  const sender = await loadSenderSettings(db, input.creditorId, mailDomain);
  return composeCollectionEmail({
    sender,
    creditorId: input.creditorId,
    actionId: input.actionId,
    debtorId: input.debtorId,
    to: input.to,
    toName: input.toName,
    cc: input.cc,
    subject: input.subject,
    html: input.track === false ? input.html : addTracking(input.html, links),
    text: input.text,
    unsubscribeUrl: links.unsubscribeUrl,
    unsubscribeMailto: links.unsubscribeMailto,
    bounceAddress: bounceAddressFor(mailDomain, input.actionId),
    date: deps.clock.now(),
  });
}
