import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signed links of a collection e-mail: the open pixel (`/t/o/…`), click-through redirects
 * (`/t/c/…`) and the unsubscribe page and one-click endpoint (`/u/…`). A token names the
 * action it belongs to (and, for a click, the destination URL) and carries an HMAC-SHA256
 * of its purpose and payload, truncated to 128 bits. Nothing else is trusted: a click
 * redirects only to the URL its own signature covers, so the redirect is never open.
 */
export type TokenPurpose = "open" | "click" | "unsubscribe" | "copy_unsubscribe";

export type TokenSigner = {
  /** `payload` must not contain "." except where the purpose's format puts one. */
  sign(purpose: TokenPurpose, payload: string): string;
  /** The payload, or null when the token was not signed by this key for this purpose. */
  verify(purpose: TokenPurpose, token: string): string | null;
};

const MAC_BYTES = 16;

/**
 * Signer over a key. Tokens are `PAYLOAD.MAC` with the MAC in lower-case hex, so an
 * unsubscribe token survives a mail system that lower-cases the local part of an address.
 */
export function createTokenSigner(key: string | Buffer): TokenSigner {
  if (key.length < 16) throw new Error("chave de assinatura curta demais (mínimo 16 bytes)");
  const mac = (purpose: TokenPurpose, payload: string) => createHmac("sha256", key).update(`regua-email:${purpose}:${payload}`).digest().subarray(0, MAC_BYTES);
  return {
    sign(purpose, payload) {
      return `${payload}.${mac(purpose, payload).toString("hex")}`;
    },
    verify(purpose, token) {
      if (token.length > 4096) return null;
      const dot = token.lastIndexOf(".");
      if (dot <= 0) return null;
      const payload = token.slice(0, dot);
      const given = token.slice(dot + 1).toLowerCase();
      if (!/^[0-9a-f]+$/.test(given) || given.length !== MAC_BYTES * 2) return null;
      const expected = mac(purpose, payload);
      return timingSafeEqual(Buffer.from(given, "hex"), expected) ? payload : null;
    },
  };
}

/** Only web links are rewritten or redirected to: never javascript:, data:, mailto: or relative paths. */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === "https:" || u.protocol === "http:") && u.hostname !== "";
  } catch {
    return false;
  }
}

export function openToken(signer: TokenSigner, actionId: number): string {
  return signer.sign("open", String(actionId));
}

export function unsubscribeToken(signer: TokenSigner, actionId: number): string {
  return signer.sign("unsubscribe", String(actionId));
}

export function clickToken(signer: TokenSigner, actionId: number, url: string): string {
  return signer.sign("click", `${actionId}.${Buffer.from(url, "utf8").toString("base64url")}`);
}

/** The action of an open or unsubscribe token, or null. */
export function verifyActionToken(signer: TokenSigner, purpose: "open" | "unsubscribe", token: string): number | null {
  const payload = signer.verify(purpose, token);
  if (payload === null || !/^\d{1,15}$/.test(payload)) return null;
  return Number(payload);
}

/** The unsubscribe token of the `index`-th copy (Cc) of an action's message: it stops copies to that address, never the debtor's e-mail. */
export function copyUnsubscribeToken(signer: TokenSigner, actionId: number, index: number): string {
  return signer.sign("copy_unsubscribe", `${actionId}.${index}`);
}

/** The action and copy position of a copy's unsubscribe token, or null. */
export function verifyCopyUnsubscribeToken(signer: TokenSigner, token: string): { actionId: number; index: number } | null {
  const payload = signer.verify("copy_unsubscribe", token);
  const match = payload === null ? null : /^(\d{1,15})\.(\d{1,3})$/.exec(payload);
  return match ? { actionId: Number(match[1]), index: Number(match[2]) } : null;
}

/** The action and destination of a click token, or null (also when the URL is not a web URL). */
export function verifyClickToken(signer: TokenSigner, token: string): { actionId: number; url: string } | null {
  const payload = signer.verify("click", token);
  if (payload === null) return null;
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]+)$/.exec(payload);
  if (!match) return null;
  const url = Buffer.from(match[2]!, "base64url").toString("utf8");
  return isWebUrl(url) ? { actionId: Number(match[1]), url } : null;
}

/** Every signed link of one action's message. */
export type TrackingLinks = {
  actionId: number;
  openPixelUrl: string;
  /** The page behind the link in the message body and the RFC 8058 one-click POST target. */
  unsubscribeUrl: string;
  /** `mailto:` alternative for List-Unsubscribe (handled by the sink; elsewhere by whoever reads that mailbox). */
  unsubscribeMailto: string;
  clickUrl(url: string): string;
};

/** Links under `publicUrl` (e.g. https://cobranca.exemplo.com.br) for action `actionId`. */
export function trackingLinks(signer: TokenSigner, publicUrl: string, mailDomain: string, actionId: number): TrackingLinks {
  const base = publicUrl.replace(/\/+$/, "");
  const unsubscribe = unsubscribeToken(signer, actionId);
  return {
    actionId,
    openPixelUrl: `${base}/t/o/${openToken(signer, actionId)}`,
    unsubscribeUrl: `${base}/u/${unsubscribe}`,
    unsubscribeMailto: `mailto:${UNSUBSCRIBE_LOCAL_PART}+${unsubscribe}@${mailDomain}?subject=descadastrar`,
    clickUrl: (url) => `${base}/t/c/${clickToken(signer, actionId, url)}`,
  };
}

/** The unsubscribe links of the `index`-th copy of an action's message (`/u/c/…`, and the same mailbox as the debtor's). */
export function copyUnsubscribeLinks(signer: TokenSigner, publicUrl: string, mailDomain: string, actionId: number, index: number): { unsubscribeUrl: string; unsubscribeMailto: string } {
  const token = copyUnsubscribeToken(signer, actionId, index);
  return {
    unsubscribeUrl: `${publicUrl.replace(/\/+$/, "")}/u/c/${token}`,
    unsubscribeMailto: `mailto:${UNSUBSCRIBE_LOCAL_PART}+${token}@${mailDomain}?subject=descadastrar`,
  };
}

/** Local part of the mailbox that receives `mailto:` unsubscribe requests (`descadastro+TOKEN@domínio`). */
export const UNSUBSCRIBE_LOCAL_PART = "descadastro";

const HTML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'", "#x27": "'" };
const decodeAttr = (s: string) => s.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/gi, (_m, e: string) => HTML_ENTITIES[e.toLowerCase()] ?? _m);
const encodeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Rewrites the `href` of every `<a>` whose target is a web URL through `track` (the
 * click-through redirect). Links `track` returns null for stay as they are: mailto:,
 * tel:, anchors, and whatever the caller excludes (the unsubscribe link itself).
 */
export function rewriteLinks(html: string, track: (url: string) => string | null): string {
  return html.replace(/(<a\b[^>]*?\shref\s*=\s*)(?:"([^"]*)"|'([^']*)')/gi, (whole, prefix: string, dq: string | undefined, sq: string | undefined) => {
    const url = decodeAttr((dq ?? sq ?? "").trim());
    if (!isWebUrl(url)) return whole;
    const tracked = track(url);
    return tracked === null ? whole : `${prefix}"${encodeAttr(tracked)}"`;
  });
}

/** Appends the 1×1 open pixel just before `</body>` (or at the end of a fragment). */
export function insertTrackingPixel(html: string, pixelUrl: string): string {
  const img = `<img src="${encodeAttr(pixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;" />`;
  const close = html.search(/<\/body\s*>/i);
  return close >= 0 ? `${html.slice(0, close)}${img}${html.slice(close)}` : `${html}${img}`;
}

/** Click tracking on every web link but the unsubscribe page, and the open pixel. */
export function addTracking(html: string, links: TrackingLinks): string {
  const tracked = rewriteLinks(html, (url) => (url === links.unsubscribeUrl ? null : links.clickUrl(url)));
  return insertTrackingPixel(tracked, links.openPixelUrl);
}

/** The 1×1 transparent GIF served for opens. */
export const TRACKING_GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
