/**
 * Practical e-mail validation for imported portfolios: the syntax real mailboxes use
 * (not the full RFC 5322 grammar), length limits, and the commonest misspellings of the
 * providers Brazilians use. Hand-written loop, no regex: one call per imported row.
 */

export type EmailNormalization = { ok: true; email: string } | { ok: false; reason: string };

export const EMAIL_REASONS = {
  empty: "vazio",
  noAt: "falta o @",
  manyAt: "mais de um @",
  space: "e-mail contém espaços",
  emptyLocal: "falta a parte antes do @",
  localTooLong: "parte antes do @ com mais de 64 caracteres",
  tooLong: "e-mail com mais de 254 caracteres",
  localChars: "caractere inválido antes do @",
  dots: "ponto no início, no fim ou pontos consecutivos",
  emptyDomain: "falta o domínio depois do @",
  domainNoDot: "domínio sem ponto (ex.: gmail.com)",
  domainChars: "caractere inválido no domínio",
  label: "parte do domínio inválida (hífen nas pontas ou mais de 63 caracteres)",
  tld: "terminação do domínio inválida (ex.: .com, .br)",
} as const;

/**
 * Misspelled domain → the domain meant. Only domains that do not exist as mail
 * providers: hotmail.com.br and yahoo.com.br are real and stay valid.
 */
export const DOMAIN_TYPOS: ReadonlyMap<string, string> = new Map([
  ["gmial.com", "gmail.com"],
  ["gmal.com", "gmail.com"],
  ["gmai.com", "gmail.com"],
  ["gamil.com", "gmail.com"],
  ["gnail.com", "gmail.com"],
  ["gmaill.com", "gmail.com"],
  ["gmail.co", "gmail.com"],
  ["gmail.cm", "gmail.com"],
  ["gmail.con", "gmail.com"],
  ["gmail.om", "gmail.com"],
  ["gmail.com.br", "gmail.com"],
  ["gmail.br", "gmail.com"],
  ["gmeil.com", "gmail.com"],
  ["gmali.com", "gmail.com"],
  ["hotmial.com", "hotmail.com"],
  ["hotmai.com", "hotmail.com"],
  ["hotmal.com", "hotmail.com"],
  ["hotamil.com", "hotmail.com"],
  ["hotmil.com", "hotmail.com"],
  ["homail.com", "hotmail.com"],
  ["hormail.com", "hotmail.com"],
  ["hotmaill.com", "hotmail.com"],
  ["hotmail.co", "hotmail.com"],
  ["hotmail.cm", "hotmail.com"],
  ["hotmail.con", "hotmail.com"],
  ["hotmail.con.br", "hotmail.com.br"],
  ["hotmail.br", "hotmail.com.br"],
  ["hotmial.com.br", "hotmail.com.br"],
  ["outlok.com", "outlook.com"],
  ["outllok.com", "outlook.com"],
  ["outloo.com", "outlook.com"],
  ["outook.com", "outlook.com"],
  ["outlook.con", "outlook.com"],
  ["outlook.co", "outlook.com"],
  ["outlook.com.br.com", "outlook.com.br"],
  ["yaho.com.br", "yahoo.com.br"],
  ["yahho.com.br", "yahoo.com.br"],
  ["yahoo.con.br", "yahoo.com.br"],
  ["yahoo.com.b", "yahoo.com.br"],
  ["yaoo.com.br", "yahoo.com.br"],
  ["yahoo.con", "yahoo.com"],
  ["yaho.com", "yahoo.com"],
  ["icloud.con", "icloud.com"],
  ["iclod.com", "icloud.com"],
  ["icoud.com", "icloud.com"],
  ["live.con", "live.com"],
  ["uol.con.br", "uol.com.br"],
  ["uol.com", "uol.com.br"],
  ["bol.con.br", "bol.com.br"],
  ["terra.con.br", "terra.com.br"],
  ["globo.con", "globo.com"],
  ["ig.con.br", "ig.com.br"],
]);

const CH_0 = 48;
const CH_9 = 57;
const CH_a = 97;
const CH_z = 122;
const DOT = 46;
const HYPHEN = 45;

// RFC 5322 atext specials allowed in the local part.
const LOCAL_SPECIALS = new Set("!#$%&'*+/=?^_`{|}~-".split("").map((c) => c.charCodeAt(0)));

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 160 || c === 10 || c === 13;
}

function fail(reason: string): EmailNormalization {
  return { ok: false, reason };
}

function describeChar(s: string, at: number): string {
  return `'${String.fromCodePoint(s.codePointAt(at) ?? 63)}'`;
}

/**
 * Trims and lowercases (the whole address: mailbox names are case-insensitive in
 * practice) and checks a practical syntax; flags known misspelled provider domains:
 * "domínio provavelmente digitado errado (gmial.com → gmail.com?)".
 */
export function normalizeEmail(raw: string): EmailNormalization {
  const e = raw.trim().toLowerCase();
  const n = e.length;
  if (n === 0) return fail(EMAIL_REASONS.empty);
  let at = -1;
  for (let i = 0; i < n; i++) {
    const c = e.charCodeAt(i);
    if (c === 64) {
      if (at >= 0) return fail(EMAIL_REASONS.manyAt);
      at = i;
    } else if (isSpace(c)) {
      return fail(EMAIL_REASONS.space);
    }
  }
  if (at < 0) return fail(EMAIL_REASONS.noAt);
  if (at === 0) return fail(EMAIL_REASONS.emptyLocal);
  if (at === n - 1) return fail(EMAIL_REASONS.emptyDomain);
  if (at > 64) return fail(EMAIL_REASONS.localTooLong);
  if (n > 254) return fail(EMAIL_REASONS.tooLong);

  // local part
  let prev = DOT; // a leading dot counts as "after a dot"
  for (let i = 0; i < at; i++) {
    const c = e.charCodeAt(i);
    if (c === DOT) {
      if (prev === DOT) return fail(EMAIL_REASONS.dots);
    } else if (!((c >= CH_a && c <= CH_z) || (c >= CH_0 && c <= CH_9) || LOCAL_SPECIALS.has(c))) {
      return fail(`${EMAIL_REASONS.localChars}: ${describeChar(e, i)}`);
    }
    prev = c;
  }
  if (prev === DOT) return fail(EMAIL_REASONS.dots);

  // domain: labels of [a-z0-9-], 1–63 long, no hyphen at the ends; TLD letters only (or xn--)
  let labelStart = at + 1;
  let labels = 0;
  for (let i = at + 1; i <= n; i++) {
    const c = i < n ? e.charCodeAt(i) : DOT;
    if (c === DOT) {
      const len = i - labelStart;
      if (len === 0) return fail(EMAIL_REASONS.dots);
      if (len > 63 || e.charCodeAt(labelStart) === HYPHEN || e.charCodeAt(i - 1) === HYPHEN) return fail(EMAIL_REASONS.label);
      labels++;
      if (i < n) labelStart = i + 1;
    } else if (!((c >= CH_a && c <= CH_z) || (c >= CH_0 && c <= CH_9) || c === HYPHEN)) {
      return fail(`${EMAIL_REASONS.domainChars}: ${describeChar(e, i)}`);
    }
  }
  if (labels < 2) return fail(EMAIL_REASONS.domainNoDot);
  const tldLen = n - labelStart;
  if (tldLen < 2) return fail(EMAIL_REASONS.tld);
  if (!(tldLen > 4 && e.startsWith("xn--", labelStart))) {
    for (let i = labelStart; i < n; i++) {
      const c = e.charCodeAt(i);
      if (c < CH_a || c > CH_z) return fail(EMAIL_REASONS.tld);
    }
  }

  const domain = e.slice(at + 1);
  const meant = DOMAIN_TYPOS.get(domain);
  if (meant !== undefined) return fail(`domínio provavelmente digitado errado (${domain} → ${meant}?)`);
  return { ok: true, email: e };
}

/** Role mailboxes read by several people: debt details must not go there. */
export const SHARED_MAILBOX_NAMES: ReadonlySet<string> = new Set([
  "financeiro", "financas", "contato", "contatos", "cobranca", "cobrancas", "faturamento", "admin",
  "administrativo", "administracao", "comercial", "sac", "atendimento", "contasapagar", "contasareceber",
  "contaspagar", "pagamentos", "pagamento", "nfe", "nf", "notafiscal", "notasfiscais", "fiscal",
  "contabilidade", "contabil", "rh", "vendas", "suporte", "info", "informacoes", "noreply", "naoresponda",
  "recepcao", "secretaria", "compras", "diretoria", "juridico", "ouvidoria", "marketing", "geral",
  "escritorio", "loja", "empresa", "adm", "fin", "contact", "sales", "billing", "finance", "accounts",
  "support", "office",
]);

function isSeparatorChar(c: number): boolean {
  return c === DOT || c === HYPHEN || c === 95;
}

/**
 * True for role addresses such as financeiro@, contato@, cobranca@, contas.a.pagar@,
 * nfe@, also with a suffix ("financeiro.sp@", "contato2@") or a +tag.
 */
export function isSharedMailbox(email: string): boolean {
  const e = email.trim().toLowerCase();
  const at = e.lastIndexOf("@");
  let local = at >= 0 ? e.slice(0, at) : e;
  const plus = local.indexOf("+");
  if (plus >= 0) local = local.slice(0, plus);
  // whole local part without separators and trailing digits: "contas.a.pagar" → "contasapagar"
  let compact = "";
  let firstToken = "";
  let inFirst = true;
  for (let i = 0; i < local.length; i++) {
    const c = local.charCodeAt(i);
    if (isSeparatorChar(c)) {
      inFirst = false;
      continue;
    }
    compact += local[i];
    if (inFirst) firstToken += local[i];
  }
  return SHARED_MAILBOX_NAMES.has(stripTrailingDigits(compact)) || SHARED_MAILBOX_NAMES.has(stripTrailingDigits(firstToken));
}

function stripTrailingDigits(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) >= CH_0 && s.charCodeAt(end - 1) <= CH_9) end--;
  return end === s.length ? s : s.slice(0, end);
}
