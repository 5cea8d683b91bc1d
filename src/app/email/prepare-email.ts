import type { Kysely } from "kysely";
import type { SendMailOptions } from "nodemailer";
import type { Schema } from "../../db/schema.ts";
import { addTracking, copyUnsubscribeLinks, trackingLinks, type TrackingLinks } from "../../channels/email/tracking.ts";
import {
  bounceAddressFor, composeCollectionEmail, composeCopyEmail, copyBounceAddressFor, shouldWithholdDebtDetails, type CollectionEmailInput, type SenderSettings,
} from "../../channels/email/compose-email.ts";
import type { AppDeps } from "../deps.ts";
import { emailContextOf, trackingSigner } from "./email-context.ts";
import { loadSenderSettings } from "./email-settings.ts";

/**
 * One action's e-mail built from the database, a call at a time (the benchmark's floor and
 * the tests use it to make a message by hand):
 *
 *   const links = await emailLinksFor(deps, action.id);            // unsubscribe URL for the template
 *   const rendered = renderActionMessage(…, { unsubscribeUrl: links.unsubscribeUrl, … });
 *   const withhold = await withholdDetailsFor(deps, db, creditorId, debtorKind, to, sender); // shared mailbox → no debt details
 *   const mail = await buildCollectionEmail(deps, db, { actionId, creditorId, debtorId, to, subject, html, text, links, sender });
 *   const outcome = await sendEmail(transport, mail);              // accepted | transient | permanent | uncertain
 *
 * The dispatcher renders its lots with `renderJob` (dispatch/render-job.ts), from the same
 * parts (`trackingLinks`, `composeCollectionEmail`, `composeCopyEmail`) over rows it read.
 */
export async function emailLinksFor(deps: AppDeps, actionId: number): Promise<TrackingLinks> {
  const { publicUrl, mailDomain } = emailContextOf(deps);
  return trackingLinks(await trackingSigner(deps), publicUrl, mailDomain, actionId);
}

/** True when the message to `to` must leave the debts out (a company's shared mailbox the creditor did not allow). */
export async function withholdDetailsFor(deps: AppDeps, db: Kysely<Schema>, creditorId: string, debtorKind: string, to: string, known?: SenderSettings): Promise<boolean> {
  const sender = known ?? (await loadSenderSettings(deps, db, creditorId));
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
  /** Addresses that stopped copies of this creditor's messages (`loadCopyOptOuts`). */
  copiesStopped?: ReadonlySet<string>;
  subject: string;
  html: string;
  text: string;
  /** From `emailLinksFor`; omitted, they are made here. */
  links?: TrackingLinks;
  /** Open pixel and click redirects (default true). */
  track?: boolean;
  /** The creditor's `loadSenderSettings`, when the caller has it already (the dispatcher reads it once per pass). */
  sender?: SenderSettings;
};

/**
 * The complete nodemailer message of one action: the creditor's sender settings (From,
 * Reply-To, CC, DKIM key), tracking added to the HTML, List-Unsubscribe, the VERP bounce
 * address and the stable Message-ID. Reads with `db` (the dispatcher's transaction or not),
 * nothing when `links` and `sender` are given.
 */
export async function buildCollectionEmail(deps: AppDeps, db: Kysely<Schema>, input: BuildCollectionEmailInput): Promise<SendMailOptions> {
  const links = input.links ?? (await emailLinksFor(deps, input.actionId));
  return composeCollectionEmail(await collectionEmailInput(deps, db, input, { ...links, html: input.track === false ? input.html : addTracking(input.html, links) }));
}

/** The unsubscribe link to render into the `index`-th copy's body (it stops that address's copies, not the debtor's e-mail). */
export async function copyUnsubscribeUrlFor(deps: AppDeps, actionId: number, index: number): Promise<string> {
  const { publicUrl, mailDomain } = emailContextOf(deps);
  return copyUnsubscribeLinks(await trackingSigner(deps), publicUrl, mailDomain, actionId, index).unsubscribeUrl;
}

/**
 * The `index`-th copy (Cc) of an action's message, as a message of its own
 * (`composeCopyEmail`): `input.html` and `text` are the body rendered with
 * `copyUnsubscribeUrlFor`, sent without tracking; `input.links` are ignored.
 */
export async function buildCopyEmail(deps: AppDeps, db: Kysely<Schema>, input: BuildCollectionEmailInput, index: number): Promise<SendMailOptions> {
  const { publicUrl, mailDomain } = emailContextOf(deps);
  const links = copyUnsubscribeLinks(await trackingSigner(deps), publicUrl, mailDomain, input.actionId, index);
  const base = await collectionEmailInput(deps, db, input, { ...links, html: input.html });
  return composeCopyEmail(base, { index, ...links, bounceAddress: copyBounceAddressFor(mailDomain, input.actionId) });
}

async function collectionEmailInput(
  deps: AppDeps,
  db: Kysely<Schema>,
  input: BuildCollectionEmailInput,
  body: { html: string; unsubscribeUrl: string; unsubscribeMailto: string },
): Promise<CollectionEmailInput> {
  const { mailDomain } = emailContextOf(deps);
  const sender = input.sender ?? (await loadSenderSettings(deps, db, input.creditorId));
  return {
    sender,
    creditorId: input.creditorId,
    actionId: input.actionId,
    debtorId: input.debtorId,
    to: input.to,
    toName: input.toName,
    cc: input.cc,
    copiesStopped: input.copiesStopped,
    subject: input.subject,
    html: body.html,
    text: input.text,
    unsubscribeUrl: body.unsubscribeUrl,
    unsubscribeMailto: body.unsubscribeMailto,
    bounceAddress: bounceAddressFor(mailDomain, input.actionId),
    date: deps.clock.now(),
  };
}
