import type { SendMailOptions } from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import {
  bounceAddressFor, composeCollectionEmail, composeCopyEmail, copyBounceAddressFor, copyRecipients, shouldWithholdDebtDetails,
  type CollectionEmailInput, type SenderSettings,
} from "../../channels/email/compose-email.ts";
import { addTracking, copyUnsubscribeLinks, createTokenSigner, trackingLinks, type TokenSigner } from "../../channels/email/tracking.ts";
import type { ChargeBreakdown } from "../../domain/charges/charges.ts";
import type { Stage } from "../../domain/ladder/channels.ts";
import { AppError } from "../../shared/app-error.ts";
import { signLinkToken } from "../self-service/link-token.ts";
import type { MessageCreditorRow, MessageDebtorRow, MessageDebtRow } from "../templates/build-message-context.ts";
import { renderActionMessageFrom } from "../templates/render-action-message.ts";
import type { TemplateView } from "../templates/template-store.ts";
import { withheldDetailsMessage } from "./withheld-message.ts";

/**
 * The dispatcher's render of one message over plain data: the template (LiquidJS), the
 * signed links, tracking, the creditor's sender settings, the copies, and the MIME bytes.
 * It reads no database and no clock, so it runs the same on the main thread and in a
 * render worker (`RenderPool`): the dispatcher reads the facts, this turns them into bytes.
 */

/** What stays the same for a whole pass: the keys and the addresses links and messages use. */
export type RenderEnv = {
  /** The derived key of tracking and unsubscribe tokens (`trackingKey`). */
  trackingKey: Uint8Array;
  /** The derived key of self-service links (`linkKey`). */
  linkKey: Uint8Array;
  /** Base of tracking and unsubscribe links (REGUA_PUBLIC_URL). */
  publicUrl: string;
  /** Base of self-service links (`publicUrlOf`). */
  selfServiceBase: string;
  mailDomain: string;
  /** Days a self-service link stays valid. */
  linkDays: number;
};

/** A template the main thread resolved for a message, or the error resolving it threw. */
export type TemplateOutcome = { ok: true; view: TemplateView } | { ok: false; error: SerializedError };

/** An error as it crosses a thread: an AppError keeps its code (it decides failed or retried). */
export type SerializedError = { app: boolean; code?: string; message: string; errors?: unknown[] };

/** One message to render: the rows the dispatcher read, and the keys of the pass data it uses. */
export type RenderJob = {
  actionId: number;
  creditorId: string;
  debtorId: number;
  stepId: string;
  stage: string;
  templateKey: string | null;
  creditor: MessageCreditorRow;
  debtor: MessageDebtorRow & { representative_email: string | null };
  debts: MessageDebtRow[];
  charges: Map<number, ChargeBreakdown>;
  today: string;
  dueDebtIds: number[];
  /** The debtor's address. */
  to: string;
  /** The dispatcher's clock when the job was made (epoch ms): the Date header and the links' expiry. */
  now: number;
  /** Key of the message's template in `PassData.templates`. */
  template: string;
};

/** A message as MIME bytes, with what the transport needs beside them. */
export type RenderedMail = Pick<SendMailOptions, "envelope" | "dkim"> & { raw: Uint8Array; messageId: string };

export type RenderResult =
  | { ok: true; mail: RenderedMail; copies: { address: string; mail: RenderedMail }[]; template: { key: string; version: number | null } }
  | { ok: false; error: SerializedError };

/** What a pass's jobs share, kept by whoever renders them (the dispatcher, or each worker). */
export type PassData = {
  env: RenderEnv;
  senders: Map<string, SenderSettings>;
  /** Addresses that stopped copies, by creditor. */
  copyOptOuts: Map<string, ReadonlySet<string>>;
  templates: Map<string, TemplateOutcome>;
  signer?: TokenSigner;
  linkKey?: Buffer;
};

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) return { app: true, code: error.code, message: error.message, errors: error.errors };
  return { app: false, message: error instanceof Error ? error.message : String(error) };
}

export function deserializeError(e: SerializedError): Error {
  if (e.app) return new AppError(e.code as AppError["code"], e.message, (e.errors ?? []) as AppError["errors"]);
  return new Error(e.message);
}

/** The MIME bytes nodemailer would build at send time, built now. */
async function toRaw(mail: SendMailOptions): Promise<RenderedMail> {
  const raw = await new MailComposer(mail).compile().build();
  if (typeof mail.messageId !== "string") throw new Error("mensagem sem Message-ID");
  return { raw, envelope: mail.envelope, messageId: mail.messageId, ...(mail.dkim ? { dkim: mail.dkim } : {}) };
}

/** The debtor's message and its copies; a failure (template, identification, sender) comes back as an error, never thrown. */
export async function renderJob(pass: PassData, job: RenderJob): Promise<RenderResult> {
  try {
    const { env } = pass;
    const signer = (pass.signer ??= createTokenSigner(Buffer.from(env.trackingKey)));
    const linkKey = (pass.linkKey ??= Buffer.from(env.linkKey));
    const sender = pass.senders.get(job.creditorId);
    if (!sender) throw new Error(`remetente do credor ${job.creditorId} ausente na passada`);
    const template = pass.templates.get(job.template);
    if (!template) throw new Error(`modelo ${job.template} ausente na passada`);
    const lookup = async () => {
      if (!template.ok) throw deserializeError(template.error);
      return template.view;
    };
    const links = trackingLinks(signer, env.publicUrl, env.mailDomain, job.actionId);
    const expiresAt = new Date(job.now + env.linkDays * 86_400_000);
    const paymentUrl = `${env.selfServiceBase}/p/${signLinkToken(linkKey, { creditorId: job.creditorId, debtorId: job.debtorId, expiresAt })}`;
    // A company's shared mailbox gets no debt details unless the creditor allowed them.
    const withhold = shouldWithholdDebtDetails({ debtorKind: job.debtor.kind, email: job.to, allowSharedMailboxDetails: sender.allowSharedMailboxDetails });
    /** The message with these unsubscribe links: the debtor's, or a copy's (whose link stops only that copy). */
    const bodyWith = async (unsubscribe: string) => {
      const message = await renderActionMessageFrom(
        {
          creditorId: job.creditorId,
          debtorId: job.debtorId,
          debtIds: job.dueDebtIds,
          stepId: job.stepId,
          stage: job.stage as Stage,
          channel: "email",
          templateKey: job.templateKey,
          links: { payment: paymentUrl, unsubscribe },
        },
        { creditor: job.creditor, debtor: job.debtor, debts: job.debts, charges: job.charges, today: job.today },
        lookup,
      );
      const body = withhold ? withheldDetailsMessage(job.creditor, { payment: paymentUrl, unsubscribe }) : { subject: message.subject ?? "", html: message.html ?? "", text: message.text };
      return { message, body };
    };
    const date = new Date(job.now);
    const input = (body: { subject: string; html: string; text: string }, unsubscribe: { unsubscribeUrl: string; unsubscribeMailto: string }): CollectionEmailInput => ({
      sender,
      creditorId: job.creditorId,
      actionId: job.actionId,
      debtorId: job.debtorId,
      to: job.to,
      toName: job.debtor.name,
      cc: job.debtor.representative_email ? [job.debtor.representative_email] : undefined,
      copiesStopped: pass.copyOptOuts.get(job.creditorId),
      subject: body.subject,
      html: body.html,
      text: body.text,
      unsubscribeUrl: unsubscribe.unsubscribeUrl,
      unsubscribeMailto: unsubscribe.unsubscribeMailto,
      bounceAddress: bounceAddressFor(env.mailDomain, job.actionId),
      date,
    });
    const { message, body } = await bodyWith(links.unsubscribeUrl);
    const debtorInput = input(body, links);
    const mail = await toRaw(composeCollectionEmail({ ...debtorInput, html: addTracking(body.html, links) }));
    // The creditor's supervisors and the account representative get copies of exactly this message (withheld too when
    // the debtor's is), each a message of its own, without tracking: see the dispatcher's `sendCopies`.
    const copies: { address: string; mail: RenderedMail }[] = [];
    const addresses = copyRecipients(debtorInput);
    for (let index = 0; index < addresses.length; index++) {
      const copyLinks = copyUnsubscribeLinks(signer, env.publicUrl, env.mailDomain, job.actionId, index);
      const copyBody = (await bodyWith(copyLinks.unsubscribeUrl)).body;
      const copy = composeCopyEmail(input(copyBody, copyLinks), { index, ...copyLinks, bounceAddress: copyBounceAddressFor(env.mailDomain, job.actionId) });
      copies.push({ address: addresses[index]!, mail: await toRaw(copy) });
    }
    return { ok: true, mail, copies, template: { key: message.template.key, version: message.template.version } };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}
