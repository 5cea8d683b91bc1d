import { generateCnpj, generateCpf } from "../br/documents.ts";
import { addDays, addMonths, formatDateBr } from "../br/dates.ts";
import { formatCentsPlain } from "../br/money.ts";

/** One demo row, keyed by the Portuguese import headers. */
export type DemoRow = Record<string, string>;

export const DEMO_HEADERS = ["documento", "nome", "email", "telefone", "whatsapp", "uf", "cidade", "cep", "endereco", "titulo", "descricao", "valor", "vencimento", "emissao", "contrato", "parcela", "nosso_numero"] as const;

/** sfc32: a small, fast, seedable generator (never Math.random, so a seed reproduces a portfolio). */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

const FIRST = ["Ana", "Maria", "José", "João", "Francisca", "Antônio", "Luiz", "Paulo", "Carlos", "Adriana", "Juliana", "Márcia", "Fernanda", "Patrícia", "Aline", "Sandra", "Lucas", "Gabriel", "Rafael", "Beatriz", "Camila", "Letícia", "Raimundo", "Sebastião", "Conceição", "Thiago", "Bruno", "Vinícius", "Larissa", "Débora", "Cláudio", "Rogério", "Jéssica", "Gustavo", "Amanda", "Renata", "Edson", "Valéria", "Fábio", "Simone"];
const LAST = ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas", "Cardoso", "Ramos", "Gonçalves", "Santana", "Teixeira", "Araújo", "Conceição", "Brandão"];
const BUSINESS = ["Padaria Pão Dourado", "Mercadinho Boa Vista", "Oficina Dois Irmãos", "Farmácia Saúde Total", "Construtora Alicerce", "Papelaria Estrela", "Auto Peças Rodovia", "Restaurante Sabor da Terra", "Academia Corpo em Forma", "Floricultura Primavera", "Transportes Serra Azul", "Clínica Sorriso"];
const SUFFIX = ["Ltda", "ME", "EIRELI", "S.A.", "Ltda EPP"];
const STREETS = ["Rua das Flores", "Avenida Brasil", "Rua São José", "Rua Sete de Setembro", "Avenida Getúlio Vargas", "Rua XV de Novembro", "Rua Dom Pedro II", "Travessa Santa Luzia", "Avenida Rio Branco", "Rua Tiradentes"];
const DESCRIPTIONS = ["Fatura de cartão de crédito", "Mensalidade escolar", "Conta de telefone móvel", "Compra parcelada — loja", "Conta de energia elétrica", "Plano de internet", "Duplicata mercantil", "Cheque devolvido", "Nota promissória"];
const DOMAINS = ["gmail.com", "hotmail.com", "yahoo.com.br", "outlook.com", "uol.com.br", "bol.com.br", "terra.com.br"];

/** State, population weight (millions), cities, CEP prefix range and a DDD. */
const STATES: [string, number, string[], number, number, string][] = [
  ["SP", 46, ["São Paulo", "Campinas", "Santos", "Ribeirão Preto"], 1, 19, "11"], ["MG", 21, ["Belo Horizonte", "Uberlândia", "Juiz de Fora"], 30, 39, "31"],
  ["RJ", 17, ["Rio de Janeiro", "Niterói", "Duque de Caxias"], 20, 28, "21"], ["BA", 14, ["Salvador", "Feira de Santana", "Vitória da Conquista"], 40, 48, "71"],
  ["PR", 11, ["Curitiba", "Londrina", "Maringá"], 80, 87, "41"], ["RS", 11, ["Porto Alegre", "Caxias do Sul", "Pelotas"], 90, 99, "51"],
  ["PE", 9, ["Recife", "Olinda", "Caruaru"], 50, 56, "81"], ["CE", 9, ["Fortaleza", "Juazeiro do Norte", "Sobral"], 60, 63, "85"],
  ["PA", 8, ["Belém", "Ananindeua", "Santarém"], 66, 68, "91"], ["SC", 7, ["Florianópolis", "Joinville", "Blumenau"], 88, 89, "48"],
  ["GO", 7, ["Goiânia", "Anápolis", "Aparecida de Goiânia"], 72, 76, "62"], ["MA", 7, ["São Luís", "Imperatriz"], 65, 65, "98"],
  ["AM", 4, ["Manaus", "Parintins"], 69, 69, "92"], ["ES", 4, ["Vitória", "Vila Velha", "Serra"], 29, 29, "27"], ["PB", 4, ["João Pessoa", "Campina Grande"], 58, 58, "83"],
  ["RN", 3.5, ["Natal", "Mossoró"], 59, 59, "84"], ["MT", 3.5, ["Cuiabá", "Várzea Grande", "Rondonópolis"], 78, 78, "65"], ["AL", 3.3, ["Maceió", "Arapiraca"], 57, 57, "82"],
  ["PI", 3.3, ["Teresina", "Parnaíba"], 64, 64, "86"], ["DF", 3, ["Brasília"], 70, 72, "61"], ["MS", 2.8, ["Campo Grande", "Dourados"], 79, 79, "67"],
  ["SE", 2.3, ["Aracaju", "Lagarto"], 49, 49, "79"], ["RO", 1.8, ["Porto Velho", "Ji-Paraná"], 76, 76, "69"], ["TO", 1.6, ["Palmas", "Araguaína"], 77, 77, "63"],
  ["AC", 0.9, ["Rio Branco", "Cruzeiro do Sul"], 69, 69, "68"], ["AP", 0.8, ["Macapá", "Santana"], 68, 68, "96"], ["RR", 0.7, ["Boa Vista"], 69, 69, "95"],
];
const TOTAL_WEIGHT = STATES.reduce((s, x) => s + x[1], 0);

const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

/**
 * A realistic, reproducible portfolio: Brazilian names and companies (some with
 * alphanumeric CNPJ), all 27 states by population, contacts of mixed validity, debts from
 * 30 days ahead to 6 years overdue, and instalment contracts. About 2 debts per debtor.
 */
export function* generateDemoRows(options: { debtors: number; seed: number; today: string }): Generator<DemoRow> {
  const rnd = sfc32(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  let debtSeq = 0;
  for (let i = 0; i < options.debtors; i++) {
    let w = rnd() * TOTAL_WEIGHT;
    // The first 27 debtors cover every state, so even a small demo shows the whole country.
    let state = STATES[i < STATES.length ? i : 0]!;
    if (i >= STATES.length) for (const s of STATES) if ((w -= s[1]) <= 0) { state = s; break; }
    const [uf, , cities, cepLo, cepHi, ddd] = state;
    const company = rnd() < 0.12;
    const document = company ? generateCnpj(rnd, { alphanumeric: rnd() < 0.25 }) : generateCpf(rnd);
    const first = pick(FIRST);
    const last = `${pick(LAST)} ${pick(LAST)}`;
    const name = company ? `${pick(BUSINESS)} ${pick(SUFFIX)}` : `${first} ${last}`;
    const user = company ? fold(name.split(" ")[0]!) : `${fold(first)}.${fold(last.split(" ")[1]!)}${int(1, 99)}`;
    const r = rnd();
    let email = company ? `${pick(["financeiro", "contato", "adm"])}@${fold(name.split(" ")[1] ?? "empresa")}.com.br` : `${user}@${pick(DOMAINS)}`;
    if (r < 0.1) email = "";
    else if (r < 0.14) email = email.replace("@gmail.com", "@gmial.com").replace("@hotmail.com", "@hotmial.com").replace("@", rnd() < 0.5 ? "@@" : "");
    const mobile = `${ddd}9${int(6000, 9999)}${String(int(0, 9999)).padStart(4, "0")}`;
    let phone = `(${mobile.slice(0, 2)}) ${mobile.slice(2, 7)}-${mobile.slice(7)}`;
    if (rnd() < 0.08) phone = phone.slice(0, -2);
    const whatsapp = rnd() < 0.6 ? phone : "";
    const cep = `${String(int(cepLo, cepHi)).padStart(2, "0")}${String(int(0, 999999)).padStart(6, "0")}`;
    const base = {
      documento: document, nome: name, email, telefone: phone, whatsapp, uf, cidade: pick(cities),
      cep: `${cep.slice(0, 5)}-${cep.slice(5)}`, endereco: `${pick(STREETS)}, ${int(1, 3000)}`,
    };
    // Aging skewed to recent: most debts are weeks late, a long tail reaches 6 years.
    const daysLate = () => {
      const u = rnd();
      if (u < 0.12) return -int(1, 30);
      if (u < 0.2) return int(365, 2190);
      return Math.min(2190, Math.floor(-Math.log(1 - rnd()) * 120));
    };
    if (rnd() < 0.3) {
      const total = int(3, 12);
      const firstDue = addDays(options.today, -daysLate() - 30 * int(0, total - 1));
      const contract = `CT-${String(i + 1).padStart(7, "0")}`;
      const paid = int(0, total - 2);
      const value = int(5_000, 150_000);
      for (let p = paid + 1; p <= Math.min(total, paid + int(1, 3)); p++) {
        debtSeq++;
        yield { ...base, titulo: `TIT-${String(debtSeq).padStart(8, "0")}`, descricao: `Parcela ${p} de ${total} — Contrato ${contract}`, valor: formatCentsPlain(value), vencimento: formatDateBr(addMonths(firstDue, p - 1)), emissao: formatDateBr(addDays(firstDue, -30)), contrato: contract, parcela: String(p), nosso_numero: String(10_000_000 + debtSeq) };
      }
    } else {
      const n = int(1, 3);
      for (let k = 0; k < n; k++) {
        debtSeq++;
        const due = addDays(options.today, -daysLate());
        yield { ...base, titulo: `TIT-${String(debtSeq).padStart(8, "0")}`, descricao: pick(DESCRIPTIONS), valor: formatCentsPlain(int(1_990, 500_000)), vencimento: formatDateBr(due), emissao: formatDateBr(addDays(due, -int(10, 40))), contrato: "", parcela: "", nosso_numero: String(10_000_000 + debtSeq) };
      }
    }
  }
}
