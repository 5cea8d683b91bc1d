// An e-mail's HTML made safe to show inside the app: the iframe that shows it is sandboxed
// (no scripts, no forms), and here every outside resource is replaced before it can load —
// so looking at a message never fires its open-tracking pixel — with a content policy in the
// document itself as a second lock.

const BLANK_GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
const POLICY = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">`;

/** The HTML with remote images blanked out and a no-network policy in its head. */
export function sandboxedHtml(html: string): string {
  const quiet = html
    .replace(/(<img\b[^>]*?\s)src\s*=\s*(["'])\s*(?:https?:)?\/\/[^"']*\2/gi, `$1src="${BLANK_GIF}" data-remote-image="bloqueada"`)
    .replace(/(<img\b[^>]*?\s)srcset\s*=\s*(["'])[^"']*\2/gi, "$1")
    .replace(/\sbackground\s*=\s*(["'])\s*(?:https?:)?\/\/[^"']*\1/gi, "")
    .replace(/url\(\s*(["']?)\s*(?:https?:)?\/\/[^)]*\)/gi, "none");
  return /<head[^>]*>/i.test(quiet) ? quiet.replace(/<head[^>]*>/i, (head) => `${head}${POLICY}`) : `${POLICY}${quiet}`;
}
