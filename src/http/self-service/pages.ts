import type { IdentityPrompt } from "../../app/self-service/check-identity.ts";
import type { AgreementSummary, DebtLine, PaymentSlips, SelfServicePage } from "../../app/self-service/load-page.ts";
import { formatDateBr, localPartsOf } from "../../domain/br/dates.ts";
import { formatCents, formatCentsPlain } from "../../domain/br/money.ts";
import { formatDigitableLine } from "../../domain/boleto/format-boleto.ts";
import type { Channel } from "../../domain/ladder/channels.ts";
import type { OptionTerms } from "../../domain/negotiation/negotiation-options.ts";
import { esc, layout } from "./html.ts";

/**
 * The HTML of the self-service page, server-rendered, in Portuguese, one column for a
 * phone. Every action is a plain form (POST with the session's CSRF token); the only
 * script adds the copy buttons. Before the identity check nothing about the debtor or the
 * creditor is shown.
 */

const money = (cents: number) => formatCents(cents);
const date = (iso: string) => formatDateBr(iso);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A lock's end, as a person in Brazil reads it: "14:05 de 02/06/2025 (horário de Brasília)". */
export function lockEndText(until: Date): string {
  const p = localPartsOf(until, "America/Sao_Paulo");
  return `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")} de ${date(p.date)} (horário de Brasília)`;
}

function simplePage(title: string, paragraphs: string[]): string {
  return layout({ title, body: `<h1>${esc(title)}</h1>\n${paragraphs.map((p) => `<p>${p}</p>`).join("\n")}` });
}

export function invalidLinkPage(): string {
  return simplePage("Link inválido", [
    "Este link não é válido. Se você o copiou de uma mensagem, confira se ele veio completo.",
    "Se o problema continuar, responda à mensagem que você recebeu ou fale com quem a enviou.",
  ]);
}

export function expiredLinkPage(): string {
  return simplePage("Link expirado", [
    "Por segurança, este link tem prazo de validade, e ele já passou.",
    "Use o link da mensagem mais recente que você recebeu, ou fale com quem a enviou para receber um novo.",
  ]);
}

export function lockedPage(until: Date): string {
  return simplePage("Acesso bloqueado por enquanto", [
    "Houve muitas tentativas com dígitos errados. Para proteger seus dados, o acesso por este link ficou bloqueado.",
    `Tente de novo depois das <strong>${esc(lockEndText(until))}</strong>.`,
  ]);
}

export function sessionEndedPage(): string {
  return simplePage("Você saiu", ["Pronto. Para ver seus débitos de novo, abra o link da mensagem."]);
}

export function errorPage(title: string, message: string): string {
  return simplePage(title, [esc(message)]);
}

export type IdentityPageInput = { base: string; prompt: IdentityPrompt; error?: string | null };

export function identityPage({ base, prompt, error }: IdentityPageInput): string {
  const n = prompt.documentChars;
  const what = `${n} primeiros ${prompt.numeric ? "dígitos" : "caracteres"} do ${prompt.documentLabel === "CPF" ? "seu CPF" : "CNPJ da empresa"}`;
  const example = prompt.documentLabel === "CPF" ? `se o CPF é 123.456.789-00, digite ${"123456".slice(0, n)}` : `se o CNPJ é 12.345.678/0001-90, digite ${"123456".slice(0, n)}`;
  const describedBy = error ? "doc-ajuda doc-erro" : "doc-ajuda";
  const body = `<h1>Confirme que é você</h1>
<p>Para proteger seus dados, antes de mostrar qualquer informação precisamos confirmar sua identidade.</p>
${error ? `<div class="erro" role="alert" id="doc-erro">${esc(error)}</div>\n` : ""}<form method="post" action="${esc(base)}/verificar">
<div class="campo">
<label for="doc">Os ${esc(what)}</label>
<p id="doc-ajuda" class="nota">Exemplo: ${esc(example)}.</p>
<input id="doc" name="documento" type="text" ${prompt.numeric ? 'inputmode="numeric" ' : ""}autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="${n + 4}" required aria-describedby="${describedBy}"${error ? ' aria-invalid="true"' : ""}>
</div>
<button type="submit">Continuar</button>
</form>
<p class="nota">Por segurança, depois de algumas tentativas erradas o acesso fica bloqueado por um tempo.</p>`;
  return layout({ title: "Confirme que é você", body });
}

export const FLASH_MESSAGES: Record<string, string> = {
  acordo: "Acordo fechado! Pague o primeiro pagamento com o Pix ou o boleto abaixo.",
  pagamento: "Pronto: pague com o Pix ou o boleto abaixo.",
  promessa: "Promessa registrada. Obrigado por nos avisar!",
  descadastro: "Pronto: você não receberá mais mensagens de cobrança por esse canal.",
  contestacao: "Contestação registrada. O título fica suspenso até o credor analisar.",
};

const CHANNEL_LABELS: Record<string, string> = { email: "E-mail", sms: "SMS", whatsapp: "WhatsApp", phone: "Ligações telefônicas", letter: "Cartas" };

export type MainPageInput = {
  base: string;
  page: SelfServicePage;
  csrf: string;
  /** A key of FLASH_MESSAGES. */
  flash?: string | null;
  error?: string | null;
  /** Inline SVG QR codes by PIX copy-and-paste code. */
  qr: ReadonlyMap<string, string>;
  /** What could not be issued just now ("Pix indisponível no momento"). */
  unavailable?: readonly string[];
};

const csrfField = (csrf: string) => `<input type="hidden" name="csrf" value="${esc(csrf)}">`;

function paymentBlock(input: MainPageInput, slips: PaymentSlips, headingLevel: 3 | 4): string {
  const h = `h${headingLevel}`;
  const parts: string[] = [];
  if (slips.pix) {
    const id = `pix-${slips.debtId}`;
    const svg = input.qr.get(slips.pix.copiaECola);
    parts.push(`<${h}>Pague com Pix</${h}>
${svg ?? ""}
<label for="${esc(id)}">Pix copia e cola</label>
<textarea id="${esc(id)}" class="codigo" readonly rows="4">${esc(slips.pix.copiaECola)}</textarea>
<div class="acoes"><button type="button" class="secundario" data-copiar="${esc(id)}" hidden>Copiar código Pix</button></div>
<p class="nota">Valor: ${esc(money(slips.pix.amountCents))}${slips.pix.dueDate ? `, pague até ${esc(date(slips.pix.dueDate))}` : slips.pix.expiresAt ? ", válido por 24 horas" : ""}. Abra o aplicativo do seu banco, escolha Pix copia e cola (ou leia o QR Code) e confira o valor.</p>`);
  }
  if (slips.boleto) {
    parts.push(`<${h}>Ou pague com boleto</${h}>
<p>Linha digitável: <span class="linha-digitavel">${esc(formatDigitableLine(slips.boleto.line))}</span></p>
<p class="nota">Valor: ${esc(money(slips.boleto.amountCents))}, vencimento ${esc(date(slips.boleto.dueDate))}.</p>
<p><a class="botao secundario" href="${esc(input.base)}/boleto/${esc(slips.debtId)}/${esc(slips.boleto.id)}" download>Baixar boleto (PDF)</a></p>`);
  }
  return parts.join("\n");
}

function payButton(input: MainPageInput, debtId: string, label: string): string {
  return `<form method="post" action="${esc(input.base)}/pagar">${csrfField(input.csrf)}<input type="hidden" name="titulo" value="${esc(debtId)}"><button type="submit" class="secundario">${esc(label)}</button></form>`;
}

function instalmentTitle(a: AgreementSummary, number: number): string {
  if (a.instalments === 1) return "Pagamento à vista";
  return number === 1 ? `Entrada (pagamento 1 de ${a.instalments})` : `Parcela ${number} de ${a.instalments}`;
}

const INSTALMENT_STATUS: Record<string, string> = { open: "em aberto", paid: "paga", cancelled: "cancelada" };

function agreementSection(input: MainPageInput, a: AgreementSummary): string {
  const next = a.next;
  const rows = a.schedule
    .map((i) => `<tr><td>${i.number}</td><td>${esc(date(i.dueDate))}</td><td class="valor">${esc(money(i.amountCents))}</td><td>${esc(INSTALMENT_STATUS[i.status] ?? i.status)}</td></tr>`)
    .join("\n");
  return `<section aria-labelledby="s-acordo">
<h2 id="s-acordo">Seu acordo nº ${esc(a.id)}</h2>
<p>Total do acordo: <strong>${esc(money(a.totalCents))}</strong> em ${esc(plural(a.instalments, "pagamento", "pagamentos"))}${a.discountCents > 0 ? `, com desconto de ${esc(money(a.discountCents))} sobre ${esc(money(a.debtCents))}` : ""}.</p>
${next
    ? `<h3>${esc(instalmentTitle(a, next.number))}: ${esc(money(next.amountCents))}, vence em ${esc(date(next.dueDate))}</h3>
${next.payment ? paymentBlock(input, next.payment, 4) : payButton(input, next.debtId, "Gerar Pix e boleto deste pagamento")}`
    : "<p>Todos os pagamentos do acordo estão quitados. Obrigado!</p>"}
<table>
<caption class="sr">Pagamentos do acordo</caption>
<thead><tr><th scope="col">Nº</th><th scope="col">Vencimento</th><th scope="col" class="valor">Valor</th><th scope="col">Situação</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

function debtItem(input: MainPageInput, d: DebtLine): string {
  const title = d.description ? d.description : `Título ${d.externalId}`;
  const dl = `<dl>
<dt>Título</dt><dd>${esc(d.externalId)}</dd>
<dt>Vencimento</dt><dd>${esc(date(d.dueDate))}</dd>
${d.daysLate > 0 ? `<dt>Dias em atraso</dt><dd>${d.daysLate}</dd>\n` : ""}<dt>Valor principal</dt><dd>${esc(money(d.principalCents))}</dd>
<dt>Multa, juros e correção</dt><dd>${esc(money(d.chargesCents))}</dd>
<dt>Total hoje</dt><dd><strong>${esc(money(d.totalCents))}</strong></dd>
</dl>`;
  if (d.status === "disputed") {
    return `<li><h3>${esc(title)}</h3>\n${dl}\n<p class="nota">Você contestou este título. Ele fica suspenso até o credor analisar.</p></li>`;
  }
  const pay = d.payment ? paymentBlock(input, d.payment, 4) : payButton(input, d.debtId, "Pagar este título com Pix ou boleto");
  const disputeId = `motivo-${d.debtId}`;
  return `<li><h3>${esc(title)}</h3>
${dl}
${pay}
<details><summary>Não reconheço este título</summary>
<form method="post" action="${esc(input.base)}/contestar">${csrfField(input.csrf)}<input type="hidden" name="titulo" value="${esc(d.debtId)}">
<div class="campo"><label for="${esc(disputeId)}">Conte o que aconteceu (opcional)</label><textarea id="${esc(disputeId)}" name="motivo" maxlength="400" rows="3"></textarea></div>
<button type="submit" class="secundario">Contestar este título</button>
</form>
</details>
</li>`;
}

function optionText(o: OptionTerms): string {
  const discount = o.discountCents > 0 ? ` Desconto de ${money(o.discountCents)}.` : "";
  if (o.instalments === 1) return `<strong>À vista: ${esc(money(o.totalCents))}</strong> pague até ${esc(date(o.firstDueDate))}.${esc(discount)}`;
  const rest = o.instalments - 1;
  return `<strong>${o.instalments} pagamentos</strong> entrada de ${esc(money(o.downPaymentCents))} até ${esc(date(o.firstDueDate))} e ${esc(plural(rest, "parcela mensal", "parcelas mensais"))} de ${esc(money(o.instalmentCents))}. Total ${esc(money(o.totalCents))}.${esc(discount)}`;
}

function optionsSection(input: MainPageInput): string {
  const n = input.page.negotiation;
  // No options (nothing overdue, or the policy gives none): the debts' own pay buttons are the way.
  if (n.options.length === 0) return "";
  const income = n.incomeCents === null ? "" : formatCentsPlain(n.incomeCents);
  const simulate = `<form method="post" action="${esc(input.base)}/simular">${csrfField(input.csrf)}
<div class="campo"><label for="renda">Sua renda mensal, em reais (opcional)</label>
<p id="renda-ajuda" class="nota">Com a renda, mostramos só parcelas que cabem no seu orçamento.</p>
<input id="renda" name="renda" type="text" inputmode="decimal" autocomplete="off" aria-describedby="renda-ajuda" value="${esc(income)}"></div>
<button type="submit" class="secundario">Ver opções para minha renda</button>
</form>`;
  const options = n.options.length
    ? `<form method="post" action="${esc(input.base)}/aceitar">${csrfField(input.csrf)}<input type="hidden" name="renda" value="${esc(income)}">
<fieldset><legend>Escolha como quer pagar</legend>
${n.options.map((o) => `<label class="opcao"><input type="radio" name="opcao" value="${o.instalments}:${o.totalCents}" required><span>${optionText(o)}</span></label>`).join("\n")}
</fieldset>
<button type="submit">Fechar acordo</button>
</form>`
    : "";
  return `<section aria-labelledby="s-opcoes">
<h2 id="s-opcoes">Opções para quitar</h2>
<p>Dívida em atraso, atualizada hoje: <strong>${esc(money(n.debtCents))}</strong>.</p>
${n.affordabilityNote ? `<p class="nota">${esc(n.affordabilityNote)}</p>\n` : ""}${options}
${simulate}
</section>`;
}

function promiseSection(input: MainPageInput): string {
  const { page } = input;
  if (page.agreement) return "";
  const open = page.promise.open;
  if (open) {
    return `<section aria-labelledby="s-promessa"><h2 id="s-promessa">Sua promessa de pagamento</h2><p>Você combinou pagar ${esc(money(open.amountCents))} até ${esc(date(open.date))}.</p></section>`;
  }
  if (page.totalCents <= 0) return "";
  return `<section aria-labelledby="s-promessa">
<h2 id="s-promessa">Prefere pagar em outra data?</h2>
<p>Diga quando vai pagar. Até essa data, não enviaremos cobranças.</p>
<form method="post" action="${esc(input.base)}/prometer">${csrfField(input.csrf)}
<div class="campo"><label for="data-promessa">Vou pagar até</label><input id="data-promessa" name="data" type="date" min="${esc(page.today)}" max="${esc(page.promise.maxDate)}" required></div>
<div class="campo"><label for="valor-promessa">Valor, em reais</label><input id="valor-promessa" name="valor" type="text" inputmode="decimal" autocomplete="off" value="${esc(formatCentsPlain(page.totalCents))}" required></div>
<button type="submit" class="secundario">Registrar promessa</button>
</form>
</section>`;
}

function channelsSection(input: MainPageInput): string {
  const active = input.page.channels.filter((c) => !c.optedOut);
  const stopped = input.page.channels.filter((c) => c.optedOut);
  const label = (c: Channel) => CHANNEL_LABELS[c] ?? c;
  return `<section aria-labelledby="s-contato">
<h2 id="s-contato">Mensagens de cobrança</h2>
${stopped.length ? `<p>Você não recebe mais: ${esc(stopped.map((c) => label(c.channel)).join(", "))}.</p>\n` : ""}${active.length
    ? `<details><summary>Não quero receber mensagens por um canal</summary>
<form method="post" action="${esc(input.base)}/descadastrar">${csrfField(input.csrf)}
<fieldset><legend>Parar de receber por</legend>
${active.map((c) => `<label class="opcao"><input type="radio" name="canal" value="${esc(c.channel)}" required><span>${esc(label(c.channel))}</span></label>`).join("\n")}
</fieldset>
<p class="nota">Os débitos continuam existindo, e o credor pode procurar você pelos outros meios permitidos.</p>
<button type="submit" class="secundario">Confirmar</button>
</form>
</details>`
    : ""}
</section>`;
}

export function mainPage(input: MainPageInput): string {
  const { page } = input;
  const open = page.debts.filter((d) => d.status === "open");
  const flash = input.flash ? FLASH_MESSAGES[input.flash] : undefined;
  const debts = page.debts.length
    ? `<ul class="titulos">\n${page.debts.map((d) => debtItem(input, d)).join("\n")}\n</ul>\n${open.length ? `<p class="total">Total hoje: ${esc(money(page.totalCents))}</p>` : ""}`
    : `<p>${page.agreement ? "Não há outros débitos em aberto." : "Não há débitos em aberto. Obrigado!"}</p>`;
  const body = `<h1>Olá, ${esc(page.debtor.firstName)}</h1>
<p>Veja sua situação com <strong>${esc(page.creditor.name)}</strong> hoje, ${esc(date(page.today))}.</p>
${flash ? `<div class="aviso" role="status">${esc(flash)}</div>\n` : ""}${input.error ? `<div class="erro" role="alert">${esc(input.error)}</div>\n` : ""}${input.unavailable?.length ? `<div class="erro" role="alert">${esc(input.unavailable.join("; "))}. Tente de novo em instantes.</div>\n` : ""}<p id="aviso-copia" class="sr" role="status" aria-live="polite"></p>
${page.agreement ? agreementSection(input, page.agreement) + "\n" : ""}<section aria-labelledby="s-debitos">
<h2 id="s-debitos">${page.agreement ? "Outros débitos" : "O que está em aberto"}</h2>
${debts}
</section>
${page.agreement ? "" : optionsSection(input)}
${promiseSection(input)}
${channelsSection(input)}
<form method="post" action="${esc(input.base)}/sair">${csrfField(input.csrf)}<button type="submit" class="discreto">Sair</button></form>`;
  const footer = `<p>Credor: ${esc(page.creditor.legalName)}, CNPJ ${esc(page.creditor.cnpj)}${page.creditor.address ? `, ${esc(page.creditor.address)}` : ""}.</p>
<p>Seus dados são usados apenas para esta cobrança (LGPD).</p>`;
  return layout({ title: `Seus débitos com ${page.creditor.name}`, brand: page.creditor.name, body, footer, withScript: true });
}
