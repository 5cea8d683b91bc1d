// A `fetch` over node:https with the PSP's client certificate: the Banco Central's API Pix
// requires mutual TLS, and Node's global fetch cannot present a client certificate
// without undici's Agent, which is not a dependency here. Only what psp-client.ts uses:
// method, headers, a string body, an abort signal; the answer is a standard Response.
import { Agent, request } from "node:https";

/**
 * The client certificate for mutual TLS, as PEM certificate + private key or as one
 * PKCS#12 bundle, and optionally the CA that signed the PSP's server certificate (when
 * not one the system trusts). Contents, not paths (src/config.ts reads the files).
 */
export type PixPspTls = {
  cert?: Buffer | string;
  key?: Buffer | string;
  pfx?: Buffer;
  passphrase?: string;
  ca?: Buffer | string;
};

/** True when the settings carry a client certificate (not only a CA). */
export function hasClientCertificate(tls: PixPspTls | undefined): boolean {
  return Boolean(tls && (tls.pfx || (tls.cert && tls.key)));
}

/** A fetch whose every request goes through one keep-alive https Agent holding the client certificate. */
export function createMtlsFetch(tls: PixPspTls): typeof fetch {
  const agent = new Agent({ keepAlive: true, cert: tls.cert, key: tls.key, pfx: tls.pfx, passphrase: tls.passphrase, ca: tls.ca, minVersion: "TLSv1.2" });
  const mtlsFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== "https:") return Promise.reject(new TypeError(`mTLS exige https:// (recebido ${url.origin})`));
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      const req = request(url, { method: init.method ?? "GET", headers, agent, signal: init.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const status = res.statusCode ?? 502;
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined) continue;
            for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, v);
          }
          const noBody = status === 204 || status === 205 || status === 304;
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? "", headers: responseHeaders }));
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  };
  return mtlsFetch as typeof fetch;
}
