import { connect, type Socket } from "node:net";
import { PassThrough, type Readable, type Writable } from "node:stream";
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool/index.js";
import { parseConnectionUrl } from "nodemailer/lib/shared/index.js";

/**
 * Sending over SMTP with nodemailer's pooled transport, and the one classification the
 * dispatcher decides on: accepted, transient (retry later), permanent (never retry) or
 * uncertain (the connection broke after the server accepted DATA and before its final
 * reply: it may have been accepted, so it is never resent automatically).
 */
export type EmailTransport = {
  readonly transporter: Transporter<SMTPPool.SentMessageInfo>;
  /** The server, without credentials (for logs and `serve`'s banner). */
  readonly description: string;
  close(): void;
};

export type RecipientRejection = { recipient: string; response: string; permanent: boolean };

export type SendOutcome =
  | { outcome: "accepted"; messageId: string; response: string; /** Copies (CC) the server refused while it accepted the rest. */ rejected: RecipientRejection[] }
  | { outcome: "transient"; error: string; code: string | null; responseCode: number | null }
  | { outcome: "permanent"; error: string; code: string | null; responseCode: number | null }
  | { outcome: "uncertain"; error: string; code: string | null; responseCode: number | null };

/**
 * How far one message got: before the server accepted DATA (354), or after. Past that
 * point a broken connection is uncertain: the content may be in the kernel's buffers or
 * the server's queue, and only the final reply could tell, so it never came.
 */
export type SendPhase = "before_data" | "data";

export type SmtpTransportOptions = {
  /** Simultaneous connections (default 5). */
  maxConnections?: number;
  /** Messages per connection before it is renewed (default 1000). */
  maxMessages?: number;
  /** The EHLO name; default the OS host name. */
  name?: string;
  /** Milliseconds; defaults 30 s to connect or greet, 60 s of silence. */
  connectionTimeout?: number;
  socketTimeout?: number;
};

type Progress = {
  phase: SendPhase;
  /**
   * Runs after the server accepted DATA and the whole message was handed over, before the
   * final "." that lets the server accept it: the dispatcher writes its "committing" mark
   * here, so a crash before it leaves a message the server cannot have taken (safe to send
   * again) and a crash after it leaves one to review. A rejection aborts the message.
   */
  beforeCommit?: () => Promise<void>;
};
type ProgressCarrier = { reguaProgress?: Progress };

/** `smtp://user:pass@host:587`, `smtps://…:465`; query parameters as nodemailer reads them (`?tls.rejectUnauthorized=false`). */
export function createSmtpTransport(url: string, options: SmtpTransportOptions = {}): EmailTransport {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`SMTP_URL inválida: use smtp://usuário:senha@servidor:587 ou smtps://… (recebido "${redact(url)}")`);
  }
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:") throw new Error(`SMTP_URL deve começar com smtp:// ou smtps:// (recebido "${redact(url)}")`);
  const secure = parsed.protocol === "smtps:";
  const host = parsed.hostname.replace(/^\[|\]$/g, "") || "localhost";
  const port = Number(parsed.port) || (secure ? 465 : 587);
  const connectionTimeout = options.connectionTimeout ?? 30_000;
  // Not `{ url, … }`: given a url, createTransport drops every other option (pool included).
  const fromUrl = parseConnectionUrl(url);
  const transporter = nodemailer.createTransport({
    ...fromUrl,
    pool: true,
    getSocket: (_opts: unknown, callback: (err: Error | null, socketOptions?: { connection: Socket }) => void) => openSocket(host, port, connectionTimeout, callback),
    maxConnections: options.maxConnections ?? 5,
    maxMessages: options.maxMessages ?? 1000,
    connectionTimeout,
    greetingTimeout: connectionTimeout,
    socketTimeout: options.socketTimeout ?? 60_000,
    disableFileAccess: true,
    disableUrlAccess: true,
    ...(options.name ? { name: options.name } : {}),
    // A pooled connection that closes mid-message would otherwise be retried by nodemailer
    // on its own, behind our back: exactly a duplicate send.
    maxRequeues: 0,
  } as SMTPPool.Options);
  const pool = transporter.transporter as unknown as { options: { maxRequeues?: number }; getSocket: unknown };
  if (pool.options.maxRequeues !== 0 || typeof pool.getSocket !== "function") throw new Error("transporte SMTP sem as garantias esperadas (maxRequeues 0, socket próprio)");
  transporter.use("stream", (mail, done) => {
    const progress = (mail.data as ProgressCarrier).reguaProgress;
    if (progress) trackPhase(mail.message as unknown as StreamSource, progress);
    done();
  });
  return { transporter, description: redact(url), close: () => transporter.close() };
}

/**
 * The TCP connection, opened here rather than by nodemailer for one reason: Nagle's
 * algorithm. nodemailer leaves it on, and the small final "." of each message then waits
 * for the server's delayed ACK — some 40 ms per message per connection, which caps a pool
 * at a few hundred messages a second. TLS (smtps://, STARTTLS) is still nodemailer's.
 */
function openSocket(host: string, port: number, timeoutMs: number, callback: (err: Error | null, socketOptions?: { connection: Socket }) => void): void {
  const socket = connect({ host, port });
  socket.setNoDelay(true);
  const timer = setTimeout(() => {
    socket.destroy();
    callback(Object.assign(new Error(`Connection timeout (${host}:${port})`), { code: "ETIMEDOUT" }));
  }, timeoutMs);
  socket.once("connect", () => {
    clearTimeout(timer);
    socket.removeAllListeners("error");
    socket.setKeepAlive(true);
    callback(null, { connection: socket });
  });
  socket.once("error", (error: Error & { code?: string }) => {
    clearTimeout(timer);
    socket.destroy();
    callback(Object.assign(error, { code: error.code ?? "ECONNECTION" }));
  });
}

type StreamSource = { createReadStream(options?: unknown): Readable };

/**
 * The connection pipes the message stream only once the server accepted DATA (354), so
 * the first `pipe` call on it marks the point after which a broken connection is uncertain.
 */
function trackPhase(node: StreamSource, progress: Progress): void {
  const create = node.createReadStream.bind(node);
  node.createReadStream = (options?: unknown) => {
    const source = create(options);
    const stream: Readable = progress.beforeCommit ? holdEnd(source, progress) : source;
    const pipe = stream.pipe.bind(stream) as (dest: Writable, opts?: { end?: boolean }) => Writable;
    (stream as { pipe: unknown }).pipe = (dest: Writable, opts?: { end?: boolean }) => {
      // A refused envelope (every RCPT TO refused, MAIL FROM refused) pipes the message into a bare PassThrough to
      // throw it away: the server never accepted DATA, so neither the phase nor the commit mark moves.
      if (Object.getPrototypeOf(dest) === PassThrough.prototype) {
        const piped = pipe(dest, opts);
        stream.emit("regua:discarded");
        return piped;
      }
      progress.phase = "data";
      const piped = pipe(dest, opts);
      stream.emit("regua:piped");
      return piped;
    };
    return stream;
  };
}

/** The message stream, whose end (and so the final ".") waits for `beforeCommit` once it is being sent. */
function holdEnd(source: Readable, progress: Progress): Readable {
  const out = new PassThrough();
  let sourceEnded = false;
  let piped = false;
  let committing = false;
  const finish = () => {
    if (!sourceEnded || !piped || committing) return;
    committing = true;
    progress.beforeCommit!().then(
      () => out.end(),
      (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  };
  source.on("error", (error) => out.destroy(error));
  source.on("end", () => {
    sourceEnded = true;
    finish();
  });
  source.pipe(out, { end: false });
  out.once("regua:piped", () => {
    piped = true;
    finish();
  });
  out.once("regua:discarded", () => {
    committing = true;
    source.unpipe(out);
    source.resume();
    out.end();
  });
  return out;
}

const NETWORK_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ETLS", "EPROTOCOL", "ECONNRESET", "EPIPE", "ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

type SmtpError = { message?: string; code?: string; responseCode?: number; command?: string };

/**
 * The outcome of a failed send, from nodemailer's error and the phase reached.
 * - A reply decides: 4xx transient, 5xx permanent (except authentication, a configuration
 *   problem that must not fail every message for good).
 * - No reply: a broken connection (or a timeout) after the server accepted DATA is
 *   uncertain; before DATA the server cannot have taken the message, so it is transient.
 * - A message we built wrong (no recipients, too large) is permanent.
 */
export function classifySendError(error: unknown, phase: SendPhase): Exclude<SendOutcome, { outcome: "accepted" }> {
  const e = (typeof error === "object" && error !== null ? error : { message: String(error) }) as SmtpError;
  const message = e.message ?? String(error);
  const code = typeof e.code === "string" ? e.code : null;
  const responseCode = typeof e.responseCode === "number" && e.responseCode >= 200 && e.responseCode <= 599 ? e.responseCode : null;
  const base = { error: message, code, responseCode };
  if (responseCode !== null && responseCode >= 400) {
    if (code === "EAUTH") return { outcome: "transient", ...base };
    return { outcome: responseCode >= 500 ? "permanent" : "transient", ...base };
  }
  if ((code === "EENVELOPE" || code === "EMESSAGE") && phase === "before_data") return { outcome: "permanent", ...base };
  if (code === "EAUTH" || code === "ENOAUTH" || code === "EDNS") return { outcome: "transient", ...base };
  if (code === null || NETWORK_CODES.has(code) || phase !== "before_data") {
    return { outcome: phase === "data" ? "uncertain" : "transient", ...base };
  }
  return { outcome: "transient", ...base };
}

/**
 * Sends one message and classifies the result; never throws. Pass the message from
 * `composeCollectionEmail` (its Message-ID is stable per action).
 */
export async function sendEmail(transport: EmailTransport, message: SendMailOptions, options: { beforeCommit?: () => Promise<void> } = {}): Promise<SendOutcome> {
  const progress: Progress = { phase: "before_data", ...(options.beforeCommit ? { beforeCommit: options.beforeCommit } : {}) };
  try {
    const info = await transport.transporter.sendMail({ ...message, reguaProgress: progress } as SendMailOptions);
    const rejectedErrors = (info.rejectedErrors ?? []) as (SmtpError & { recipient?: string; response?: string })[];
    const rejected: RecipientRejection[] = (info.rejected ?? []).map((recipient) => {
      const err = rejectedErrors.find((x) => x.recipient === recipient);
      return { recipient, response: err?.response ?? err?.message ?? "", permanent: (err?.responseCode ?? 500) >= 500 };
    });
    // A message given as `raw` MIME keeps the Message-ID it was built with (nodemailer would report one it made up).
    const messageId = message.raw && typeof message.messageId === "string" ? message.messageId : info.messageId;
    return { outcome: "accepted", messageId, response: info.response, rejected };
  } catch (error) {
    return classifySendError(error, progress.phase);
  }
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/]*)@/i, (_m, scheme: string, userinfo: string) => `${scheme}${userinfo.split(":")[0]}:***@`);
}
