import { createHash, createPrivateKey, createSign } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { EmailSettingsTable } from "../../db/schema/email.ts";
import { normalizeEmail } from "../../domain/br/email.ts";
import { cleanHeaderText, type SenderSettings } from "../../channels/email/compose-email.ts";
import { dkimDnsRecord } from "../../channels/email/dkim-verify.ts";
import { AppError, type FieldError, fieldErrors } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { isSealed, openSealed, sealSecret } from "../../shared/sealed-secret.ts";
import { emailContextOf, secretsKey } from "./email-context.ts";

/** A creditor's e-mail settings as the API shows them: never the private key. */
export type EmailSettingsView = {
  fromName: string | null;
  fromAddress: string | null;
  replyTo: string | null;
  cc: string[];
  allowSharedMailboxDetails: boolean;
  /**
   * The key's public half, as the TXT record to publish at `dnsName`; null with
   * `keyReadable: false` when the stored key was sealed with another REGUA_SECRET (it must
   * be sent again: nothing is signed meanwhile).
   */
  dkim: { domain: string; selector: string; dnsName: string; dnsRecord: string | null; keyReadable: boolean } | null;
  /** What goes out, defaults applied. */
  effective: { fromName: string; fromAddress: string };
  updatedAt: string | null;
  updatedBy: string | null;
  /** Addresses (supervisors in `cc`, account representatives) that stopped this creditor's copies through a copy's link, oldest first. */
  copiesStopped: { address: string; at: string }[];
};

/**
 * A change: an absent field stays as it is, null clears it. `dkim` without `privateKey`
 * keeps the stored key (a client that read the settings never had it).
 */
export type EmailSettingsPatch = {
  fromName?: string | null;
  fromAddress?: string | null;
  replyTo?: string | null;
  cc?: string[];
  allowSharedMailboxDetails?: boolean;
  dkim?: { domain: string; selector: string; privateKey?: string } | null;
};

const MAX_CC = 5;

type Row = Selectable<EmailSettingsTable>;
type CreditorNames = { legal_name: string; trade_name: string | null };

/** What a stored DKIM key is bound to: a sealed key moved to another creditor's row does not open. */
const dkimContext = (creditorId: string) => `dkim:${creditorId}`;

/** The private key as stored: sealed when REGUA_SECRET gives a key (see `secretsKey`), else as given. */
function storedPrivateKey(key: Buffer | null, creditorId: string, pem: string): string {
  return key ? sealSecret(key, dkimContext(creditorId), pem) : pem;
}

/** The PEM of a stored key; null when it is sealed and this key does not open it (REGUA_SECRET changed or absent). */
function openPrivateKey(key: Buffer | null, creditorId: string, stored: string): string | null {
  if (!isSealed(stored)) return stored;
  return key ? openSealed(key, dkimContext(creditorId), stored) : null;
}

const UNREADABLE_KEY =
  "A chave DKIM do credor está cifrada com outro REGUA_SECRET (ou ele não foi configurado) e não pode ser lida: configure o REGUA_SECRET com que ela foi cadastrada, ou cadastre a chave de novo.";

/** Default From: the creditor's trade name (else legal name) at `cobranca@<REGUA_MAIL_DOMAIN>`; `privateKey` opened (null: unreadable). */
function resolve(row: Row | undefined, creditor: CreditorNames, mailDomain: string, key: Buffer | null): SenderSettings & { dkimUnreadable: boolean } {
  const stored = row?.dkim_domain && row.dkim_selector && row.dkim_private_key ? row.dkim_private_key : null;
  const pem = stored === null ? null : openPrivateKey(key, row!.creditor_id, stored);
  return {
    fromName: row?.from_name ?? creditor.trade_name ?? creditor.legal_name,
    fromAddress: row?.from_address ?? `cobranca@${mailDomain}`,
    replyTo: row?.reply_to ?? null,
    dkim: pem !== null ? { domain: row!.dkim_domain!, selector: row!.dkim_selector!, privateKey: pem } : null,
    dkimUnreadable: stored !== null && pem === null,
    cc: row ? (JSON.parse(row.cc) as string[]) : [],
    allowSharedMailboxDetails: row?.allow_shared_mailbox_details === 1,
  };
}

/**
 * The sender of one creditor's messages, private key included, for the dispatcher (which
 * runs as the system; the caller has checked the creditor). Works inside a transaction.
 * A stored key that cannot be opened stops the sending (`conflict`: retried, never sent
 * unsigned, which would hurt the creditor's deliverability without anybody knowing).
 */
export async function loadSenderSettings(deps: AppDeps, db: Kysely<Schema>, creditorId: string): Promise<SenderSettings> {
  const creditor = await db.selectFrom("creditors").select(["legal_name", "trade_name"]).where("id", "=", creditorId).executeTakeFirst();
  if (!creditor) throw new AppError("not_found", "Credor não encontrado.");
  const row = await db.selectFrom("email_settings").selectAll().where("creditor_id", "=", creditorId).executeTakeFirst();
  const { dkimUnreadable, ...sender } = resolve(row, creditor, emailContextOf(deps).mailDomain, secretsKey(deps));
  if (dkimUnreadable) throw new AppError("conflict", UNREADABLE_KEY);
  return sender;
}

function view(row: Row | undefined, creditor: CreditorNames, mailDomain: string, key: Buffer | null, copiesStopped: EmailSettingsView["copiesStopped"]): EmailSettingsView {
  const effective = resolve(row, creditor, mailDomain, key);
  const dkim = (domain: string, selector: string, dnsRecord: string | null) => ({ domain, selector, dnsName: `${selector}._domainkey.${domain}`, dnsRecord, keyReadable: dnsRecord !== null });
  return {
    fromName: row?.from_name ?? null,
    fromAddress: row?.from_address ?? null,
    replyTo: row?.reply_to ?? null,
    cc: effective.cc,
    allowSharedMailboxDetails: effective.allowSharedMailboxDetails,
    dkim: effective.dkim
      ? dkim(effective.dkim.domain, effective.dkim.selector, dkimDnsRecord(effective.dkim.privateKey))
      : effective.dkimUnreadable
        ? dkim(row!.dkim_domain!, row!.dkim_selector!, null)
        : null,
    effective: { fromName: effective.fromName, fromAddress: effective.fromAddress },
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
    copiesStopped,
  };
}

async function copiesStoppedOf(db: Kysely<Schema>, creditorId: string): Promise<EmailSettingsView["copiesStopped"]> {
  const rows = await db.selectFrom("email_copy_opt_outs").select(["address", "opted_out_at"]).where("creditor_id", "=", creditorId).orderBy("id").execute();
  return rows.map((r) => ({ address: r.address, at: r.opted_out_at }));
}

export async function getEmailSettings(deps: AppDeps, actor: Actor, creditorId: string): Promise<EmailSettingsView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  const creditor = await db.selectFrom("creditors").select(["legal_name", "trade_name"]).where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
  const row = await db.selectFrom("email_settings").selectAll().where("creditor_id", "=", scope.creditorId).executeTakeFirst();
  return view(row, creditor, emailContextOf(deps).mailDomain, secretsKey(deps), await copiesStoppedOf(db, scope.creditorId));
}

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const SELECTOR = /^[a-z0-9](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9](?:[a-z0-9_-]{0,62}))*$/i;

function checkAddress(field: string, raw: string, errors: FieldError[]): string {
  const e = normalizeEmail(raw);
  if (!e.ok) {
    errors.push({ field, reason: `e-mail inválido: ${e.reason}` });
    return raw;
  }
  return e.email;
}

/** A PEM RSA private key of at least 1024 bits that can sign; the reason otherwise. */
function checkPrivateKey(pem: string): string | null {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== "rsa") return "a chave DKIM deve ser RSA (rsa-sha256)";
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 1024) return `chave RSA de ${bits} bits: use pelo menos 1024 (recomendado 2048)`;
    createSign("RSA-SHA256").update("regua").sign(key);
    return null;
  } catch {
    return "chave privada ilegível: envie a chave RSA em PEM (-----BEGIN PRIVATE KEY----- ou -----BEGIN RSA PRIVATE KEY-----)";
  }
}

export async function updateEmailSettings(deps: AppDeps, actor: Actor, creditorId: string, patch: EmailSettingsPatch): Promise<EmailSettingsView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "creditor.update");
  const { mailDomain } = emailContextOf(deps);
  const key = secretsKey(deps);
  const now = deps.clock.now().toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const creditor = await trx.selectFrom("creditors").select(["legal_name", "trade_name"]).where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
    const before = await trx.selectFrom("email_settings").selectAll().where("creditor_id", "=", scope.creditorId).executeTakeFirst();
    const errors: FieldError[] = [];
    const next: Row = before
      ? { ...before }
      : { creditor_id: scope.creditorId, from_name: null, from_address: null, reply_to: null, dkim_domain: null, dkim_selector: null, dkim_private_key: null, cc: "[]", allow_shared_mailbox_details: 0, updated_at: now, updated_by: actor.label };
    if (patch.fromName !== undefined) {
      const name = patch.fromName === null ? "" : cleanHeaderText(patch.fromName, 1000);
      if (patch.fromName !== null && (name === "" || name.length > 120)) errors.push({ field: "fromName", reason: "nome do remetente deve ter de 1 a 120 caracteres" });
      next.from_name = name || null;
    }
    if (patch.fromAddress !== undefined) next.from_address = patch.fromAddress === null ? null : checkAddress("fromAddress", patch.fromAddress, errors);
    if (patch.replyTo !== undefined) next.reply_to = patch.replyTo === null ? null : checkAddress("replyTo", patch.replyTo, errors);
    if (patch.cc !== undefined) {
      if (patch.cc.length > MAX_CC) errors.push({ field: "cc", reason: `no máximo ${MAX_CC} endereços em cópia` });
      const cc = [...new Set(patch.cc.map((a, i) => checkAddress(`cc[${i}]`, a, errors)))];
      next.cc = JSON.stringify(cc);
    }
    if (patch.allowSharedMailboxDetails !== undefined) next.allow_shared_mailbox_details = patch.allowSharedMailboxDetails ? 1 : 0;
    if (patch.dkim === null) {
      next.dkim_domain = null;
      next.dkim_selector = null;
      next.dkim_private_key = null;
    } else if (patch.dkim !== undefined) {
      const domain = patch.dkim.domain.trim().toLowerCase().replace(/\.$/, "");
      const selector = patch.dkim.selector.trim();
      if (!HOSTNAME.test(domain)) errors.push({ field: "dkim.domain", reason: `domínio inválido: ${patch.dkim.domain}` });
      if (!SELECTOR.test(selector)) errors.push({ field: "dkim.selector", reason: `seletor inválido: ${patch.dkim.selector}` });
      const kept = before?.dkim_private_key ? openPrivateKey(key, scope.creditorId, before.dkim_private_key) : null;
      const privateKey = patch.dkim.privateKey?.trim() ? `${patch.dkim.privateKey.trim()}\n` : kept;
      if (!privateKey) {
        const unreadable = before?.dkim_private_key && kept === null;
        errors.push({ field: "dkim.privateKey", reason: unreadable ? "a chave guardada não pode ser lida (cifrada com outro REGUA_SECRET): envie a chave privada de novo" : "chave privada obrigatória ao configurar o DKIM" });
      } else {
        const problem = checkPrivateKey(privateKey);
        if (problem) errors.push({ field: "dkim.privateKey", reason: problem });
      }
      next.dkim_domain = domain;
      next.dkim_selector = selector;
      next.dkim_private_key = privateKey ? storedPrivateKey(key, scope.creditorId, privateKey) : null;
    }
    if (next.dkim_domain && errors.length === 0) {
      // DMARC passes on DKIM only when the From's domain is the signing domain or under it.
      const fromDomain = (next.from_address ?? `cobranca@${mailDomain}`).split("@").pop()!;
      if (fromDomain !== next.dkim_domain && !fromDomain.endsWith(`.${next.dkim_domain}`)) {
        errors.push({ field: "dkim.domain", reason: `o remetente (${fromDomain}) deve estar no domínio DKIM (${next.dkim_domain}) para passar no DMARC` });
      }
    }
    if (errors.length) throw fieldErrors(errors);
    // A key kept from before REGUA_SECRET was set is sealed on the next save, whatever it changes.
    if (key && next.dkim_private_key && !isSealed(next.dkim_private_key)) next.dkim_private_key = storedPrivateKey(key, scope.creditorId, next.dkim_private_key);
    next.updated_at = now;
    next.updated_by = actor.label;
    if (before) await trx.updateTable("email_settings").set(next).where("creditor_id", "=", scope.creditorId).execute();
    else await trx.insertInto("email_settings").values(next).execute();
    await recordAudit(trx, actor, deps.clock.now(), { action: "email.settings.update", entity: "creditor", entityId: scope.creditorId, creditorId: scope.creditorId, before: before ? auditView(before, key) : null, after: auditView(next, key) });
    return view(next, creditor, mailDomain, key, await copiesStoppedOf(trx, scope.creditorId));
  });
}

/** What the audit log keeps: everything but the private key (only whether it changed). */
function auditView(row: Row, key: Buffer | null) {
  const pem = row.dkim_private_key ? openPrivateKey(key, row.creditor_id, row.dkim_private_key) : null;
  return {
    fromName: row.from_name, fromAddress: row.from_address, replyTo: row.reply_to, cc: JSON.parse(row.cc) as string[],
    allowSharedMailboxDetails: row.allow_shared_mailbox_details === 1, dkimDomain: row.dkim_domain, dkimSelector: row.dkim_selector,
    dkimKeyFingerprint: pem ? createHash("sha256").update(dkimDnsRecord(pem)).digest("hex").slice(0, 16) : row.dkim_private_key ? "ilegível" : null,
  };
}
