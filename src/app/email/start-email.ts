import { createSmtpTransport, type EmailTransport } from "../../channels/email/smtp-transport.ts";
import { RenderPool } from "../dispatch/render-pool.ts";
import { startSmtpSink, type SinkMode, type SmtpSink } from "../../channels/email/smtp-sink.ts";
import type { AppDeps } from "../deps.ts";
import { configureEmail, type EmailContext } from "./email-context.ts";
import { receiveSinkMessage } from "./sink-messages.ts";

export type StartEmailOptions = {
  /** SMTP_URL; absent, the embedded sink is started and used. */
  smtpUrl?: string;
  /** SMTP_SINK_PORT (0 or absent: a free port). */
  sinkPort?: number;
  sinkMode?: SinkMode;
  mailDomain: string;
  publicUrl: string;
  secret?: string;
  /** SMTP_MAX_CONNECTIONS. */
  maxConnections?: number;
  /** REGUA_RENDER_WORKERS: threads that render the dispatcher's messages (0 or absent: the main thread). */
  renderWorkers?: number;
  /** Failures with nobody to answer to (a sink message that could not be stored after the reply, a DSN undelivered). */
  onError?(error: Error): void;
};

export type RunningEmail = {
  context: EmailContext;
  transport: EmailTransport;
  /** The embedded sink, when there is no SMTP_URL. */
  sink: SmtpSink | null;
  close(): Promise<void>;
};

/**
 * The e-mail channel of a running process: the real SMTP server of SMTP_URL, or the
 * embedded sink on loopback, and the context (links, domain, signing key) that the
 * dispatcher and the tracking routes share through `emailContextOf(deps)`.
 */
export async function startEmail(deps: AppDeps, options: StartEmailOptions): Promise<RunningEmail> {
  let sink: SmtpSink | null = null;
  let url = options.smtpUrl;
  if (!url) {
    sink = await startSmtpSink({
      port: options.sinkPort ?? 0,
      mode: options.sinkMode,
      name: `sink.${options.mailDomain}`,
      now: () => deps.clock.now(),
      onMessage: async (message) => {
        await receiveSinkMessage(deps, message);
      },
      onError: options.onError,
    });
    url = sink.url;
  }
  const transport = createSmtpTransport(url, { maxConnections: options.maxConnections, name: options.mailDomain === "localhost" ? undefined : options.mailDomain });
  // Workers start with the first large pass, not here.
  const renderPool = options.renderWorkers ? new RenderPool(options.renderWorkers) : null;
  const context = configureEmail(deps, { publicUrl: options.publicUrl, mailDomain: options.mailDomain, secret: options.secret, transport, sink, renderPool });
  return {
    context,
    transport,
    sink,
    close: async () => {
      transport.close();
      await renderPool?.close();
      if (sink) {
        await sink.settled();
        await sink.close();
      }
    },
  };
}
