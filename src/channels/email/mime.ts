/**
 * The little MIME reading the e-mail channel needs (DSNs, DKIM verification): split a raw
 * message into its header fields and body, unfold headers, read a Content-Type's
 * parameters and the parts of a multipart body. Not a general parser: mailparser does
 * that where a whole message is shown.
 */
export type HeaderField = { name: string; /** As received, folding included, without the trailing CRLF. */ raw: string; /** Unfolded value, trimmed. */ value: string };

export type RawMessage = { headers: HeaderField[]; body: string };

/** Splits at the first empty line; accepts CRLF or bare LF line ends. */
export function splitMessage(raw: string): RawMessage {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : "";
  const headers: HeaderField[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      const last = headers[headers.length - 1]!;
      last.raw += `\r\n${line}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim(), raw: line, value: "" });
  }
  for (const h of headers) h.value = h.raw.slice(h.raw.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " ").trim();
  return { headers, body };
}

/** The last value of a header (case-insensitive name), or undefined. */
export function headerValue(headers: readonly HeaderField[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (let i = headers.length - 1; i >= 0; i--) if (headers[i]!.name.toLowerCase() === lower) return headers[i]!.value;
  return undefined;
}

/** `multipart/report; report-type=delivery-status; boundary="x"` → type and lower-cased parameter names. */
export function parseContentType(value: string | undefined): { type: string; params: Record<string, string> } {
  if (!value) return { type: "text/plain", params: {} };
  const [type, ...rest] = splitParams(value);
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf("=");
    if (eq <= 0) continue;
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, "$1");
    params[p.slice(0, eq).trim().toLowerCase()] = v;
  }
  return { type: (type ?? "").trim().toLowerCase(), params };
}

function splitParams(value: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '"' && value[i - 1] !== "\\") quoted = !quoted;
    if (c === ";" && !quoted) {
      out.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  out.push(current);
  return out;
}

/** The parts of a multipart body (preamble and epilogue dropped). */
export function multipartParts(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const lines = body.split(/\r?\n/);
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    const trimmed = line.replace(/[ \t]+$/, "");
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) parts.push(current.join("\r\n"));
      if (trimmed.endsWith("--") && trimmed !== delimiter) return parts;
      current = [];
      continue;
    }
    if (current) current.push(line);
  }
  if (current && current.length) parts.push(current.join("\r\n"));
  return parts;
}

/** A part's body decoded from its Content-Transfer-Encoding, as text. */
export function decodePartBody(part: RawMessage): string {
  const encoding = (headerValue(part.headers, "content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = part.body.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return part.body;
}
