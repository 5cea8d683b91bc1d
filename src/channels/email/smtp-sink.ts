import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import nodemailer from "nodemailer";
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { buildDsn, type DsnRecipient } from "./dsn.ts";

/**
 * The embedded SMTP server of a system without SMTP_URL: it accepts what Régua sends on
 * loopback and hands every message to `onMessage` (which stores it for the "caixa de
 * saída"). It behaves like a real server, failures included, so tests and demos can see
 * each outcome. By the recipient's domain:
 *
 * | domain            | behaviour                                                              |
 * |-------------------|------------------------------------------------------------------------|
 * | `rejeitado.test`  | RCPT TO refused: `550 5.1.1` (permanent)                               |
 * | `temporario.test` | RCPT TO refused: `451 4.3.0` (transient)                               |
 * | `queda.test`      | message read to the end, then the connection is dropped with no reply  |
 * | `devolvido.test`  | accepted (250), then a DSN (5.1.1) is sent back to the envelope sender |
 *
 * and for every recipient, by mode: `normal`, `drop_after_data` (like queda.test) or
 * `bounce_all` (like devolvido.test). DSNs go over SMTP to the sink itself with the null
 * sender, so they arrive as any bounce would; no DSN answers a message with a null sender.
 */
export type SinkMode = "normal" | "drop_after_data" | "bounce_all";
export const SINK_MODES: readonly SinkMode[] = ["normal", "drop_after_data", "bounce_all"];

export const SINK_DOMAINS = { reject: "rejeitado.test", tempfail: "temporario.test", drop: "queda.test", bounce: "devolvido.test" } as const;

export type SinkReceived = {
  raw: Buffer;
  envelopeFrom: string;
  envelopeTo: string[];
  /** `dropped`: read completely, then the connection was cut without a reply. */
  outcome: "accepted" | "dropped";
  receivedAt: Date;
};

export type SmtpSinkOptions = {
  /** Default 127.0.0.1: the sink is never reachable from outside. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  mode?: SinkMode;
  /** Host name in the greeting and the DSNs' Reporting-MTA. */
  name?: string;
  /** Stores a message; a rejection makes the server answer 451 4.3.0 (nothing is lost silently). */
  onMessage(message: SinkReceived): Promise<void>;
  now?: () => Date;
  /** Failures that have nobody to answer to (a DSN that could not be delivered). */
  onError?(error: Error): void;
  /** Largest message accepted, bytes (default 25 MB). */
  maxSize?: number;
};

export type SmtpSink = {
  readonly host: string;
  readonly port: number;
  /** `smtp://127.0.0.1:PORT` for `createSmtpTransport`. */
  readonly url: string;
  readonly name: string;
  mode: SinkMode;
  /** Resolves when every message handler and every DSN in flight is done (tests, shutdown). */
  settled(): Promise<void>;
  close(): Promise<void>;
};

const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpSink(options: SmtpSinkOptions): Promise<SmtpSink> {
  const host = options.host ?? "127.0.0.1";
  const name = options.name ?? "sink.regua.local";
  const now = options.now ?? (() => new Date());
  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(() => {});
    return p;
  };
  // By client port: the sink listens on loopback only, so the port names the connection.
  const sockets = new Map<number, Socket>();
  const state = { mode: options.mode ?? "normal" as SinkMode, port: 0 };

  const server = new SMTPServer({
    name,
    banner: "Régua — servidor SMTP local (caixa de saída)",
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    hideENHANCEDSTATUSCODES: false,
    logger: false,
    // A reverse DNS lookup per connection would stall every greeting where DNS is slow or absent.
    disableReverseLookup: true,
    size: options.maxSize ?? 25 * 1024 * 1024,
    rejectOversized: true,
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const domain = domainOf(address.address);
      if (domain === SINK_DOMAINS.reject) return callback(smtpError(550, `<${address.address}>: caixa postal inexistente (user unknown)`));
      if (domain === SINK_DOMAINS.tempfail) return callback(smtpError(451, `<${address.address}>: falha temporaria, tente mais tarde`));
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        const drop = state.mode === "drop_after_data" || envelopeTo.some((r) => domainOf(r) === SINK_DOMAINS.drop);
        const bounced = envelopeTo.filter((r) => state.mode === "bounce_all" || domainOf(r) === SINK_DOMAINS.bounce);
        const receivedAt = now();
        void track(
          (async () => {
            try {
              await options.onMessage({ raw, envelopeFrom, envelopeTo, outcome: drop ? "dropped" : "accepted", receivedAt });
            } catch (error) {
              return callback(smtpError(451, `falha local ao guardar a mensagem: ${(error as Error).message}`));
            }
            if (drop) {
              // The whole message arrived; the reply never leaves: the client cannot know.
              const socket = sockets.get(session.remotePort);
              if (socket) return void socket.destroy();
            }
            if (bounced.length > 0 && envelopeFrom !== "") {
              const recipients: DsnRecipient[] = bounced.map((r) => ({ recipient: r.toLowerCase(), action: "failed", status: "5.1.1", diagnostic: `550 5.1.1 <${r}>: caixa postal inexistente (user unknown)` }));
              // Like a real MTA, the bounce comes after the 250, on a connection of its own.
              void track(new Promise((resolve) => setImmediate(resolve)).then(() => sendDsn(envelopeFrom, recipients, raw.toString("utf8"), receivedAt)));
            }
            callback(null, `mensagem recebida (${raw.length} bytes)`);
          })(),
        );
      });
    },
  });

  server.server.on("connection", (socket: Socket) => {
    const key = socket.remotePort ?? 0;
    sockets.set(key, socket);
    socket.once("close", () => {
      if (sockets.get(key) === socket) sockets.delete(key);
    });
  });

  async function sendDsn(to: string, recipients: DsnRecipient[], original: string, arrivalDate: Date): Promise<void> {
    const raw = buildDsn({ reportingMta: name, to, recipients, original, arrivalDate, date: now(), id: randomBytes(8).toString("hex") });
    const transport = nodemailer.createTransport({ host, port: state.port, secure: false, ignoreTLS: true, disableFileAccess: true, disableUrlAccess: true });
    try {
      await transport.sendMail({ envelope: { from: "", to: [to] }, raw });
    } catch (error) {
      options.onError?.(error as Error);
    } finally {
      transport.close();
    }
  }

  // smtp-server re-emits its socket's errors as its own "error" event.
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error & { code?: string }) =>
      reject(error.code === "EADDRINUSE" ? new Error(`a porta ${options.port} do servidor SMTP local já está em uso (SMTP_SINK_PORT)`) : error);
    server.once("error", failed);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", failed);
      resolve();
    });
  });
  server.on("error", (error: Error) => options.onError?.(error));
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("servidor SMTP local sem porta TCP");
  state.port = address.port;

  return {
    host,
    port: address.port,
    url: `smtp://${host}:${address.port}`,
    name,
    get mode() {
      return state.mode;
    },
    set mode(mode: SinkMode) {
      state.mode = mode;
    },
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets.values()) socket.destroy();
      }),
  };
}
