import { ASSET_PATHS } from "./assets.ts";

/** Escapes text for HTML content and double-quoted attributes. */
export function esc(value: string | number): string {
  return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * The strict policy of every self-service page: nothing but this server's stylesheet and
 * script (no inline script or style, no third party), forms only to this server, never
 * framed, no base tag. QR codes are inline SVG, so no image source is needed beyond 'self'.
 */
export const SELF_SERVICE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export type Layout = {
  title: string;
  /** Shown in the top bar: the creditor's name after the identity check, a neutral label before. */
  brand?: string;
  body: string;
  footer?: string;
  /** Whether the page has copy buttons (the only script). */
  withScript?: boolean;
};

/** A whole page: Portuguese, mobile viewport, not indexed, one stylesheet, at most one script. */
export function layout(page: Layout): string {
  return `<!DOCTYPE html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${esc(page.title)}</title>
<link rel="stylesheet" href="${ASSET_PATHS.css}">
</head>
<body>
<a class="pular" href="#conteudo">Pular para o conteúdo</a>
<header class="topo"><p>${esc(page.brand ?? "Pagamento de débitos")}</p></header>
<main id="conteudo" tabindex="-1">
${page.body}
</main>
${page.footer ? `<footer>${page.footer}</footer>\n` : ""}${page.withScript ? `<script src="${ASSET_PATHS.js}" defer></script>\n` : ""}</body>
</html>
`;
}
