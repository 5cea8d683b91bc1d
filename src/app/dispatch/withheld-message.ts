import { formatDocument } from "../../domain/br/documents.ts";
import { addressLine, escapeHtml } from "../../domain/templates/message.ts";

/** The creditor's columns the message names. */
export type WithheldSender = { legal_name: string; trade_name: string | null; cnpj: string; address: string; city: string; state: string; zip: string | null };

/**
 * The message for a company's shared mailbox ("financeiro@") when the creditor did not
 * allow debt details there: who writes (CDC art. 42-A) and a link to the identified page,
 * nothing about the debts themselves.
 */
export function withheldDetailsMessage(c: WithheldSender, links: { payment: string; unsubscribe: string }): { subject: string; html: string; text: string } {
  const name = c.trade_name || c.legal_name;
  const identification = `${c.legal_name} — CNPJ ${formatDocument(c.cnpj)} — ${addressLine({ ...c, zip: c.zip ?? "" })}`;
  const subject = `${name}: comunicado para a sua empresa`;
  const lines = [
    "Olá,",
    "",
    `Temos um comunicado financeiro para a sua empresa. Por se tratar de um endereço compartilhado, os detalhes estão disponíveis somente na página segura abaixo, após a confirmação do CNPJ:`,
    "",
    links.payment,
    "",
    "Atenciosamente,",
    name,
    "",
    identification,
    `Para não receber mais e-mails: ${links.unsubscribe}`,
  ];
  const html = `<!doctype html><html lang="pt-BR"><body style="font-family:Arial,sans-serif;font-size:15px;color:#222">
<p>Olá,</p>
<p>Temos um comunicado financeiro para a sua empresa. Por se tratar de um endereço compartilhado, os detalhes estão disponíveis somente na página segura abaixo, após a confirmação do CNPJ:</p>
<p><a href="${escapeHtml(links.payment)}">Abrir a página segura</a></p>
<p>Atenciosamente,<br>${escapeHtml(name)}</p>
<hr><p style="font-size:12px;color:#555">${escapeHtml(identification)}<br><a href="${escapeHtml(links.unsubscribe)}">Não quero mais receber e-mails</a></p>
</body></html>`;
  return { subject, html, text: lines.join("\n") };
}
