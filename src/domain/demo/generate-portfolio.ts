/**
 * A realistic, reproducible demo portfolio: rows as a Brazilian creditor's spreadsheet
 * would have them (Portuguese headers, "1.234,56", "dd/mm/aaaa"), with the share of
 * malformed contacts an importer meets in practice. Used by `npm start` and the import
 * benchmark (≈ 1,000,000 rows), so it is written for speed: one PRNG, precomputed tables.
 */

import { AppError } from "../../shared/app-error.ts";
import { completeCnpj, completeCpf, formatDocument } from "../br/documents.ts";
import { addMonths, dateOfDayNumber, dayNumber, isValidIsoDate } from "../br/dates.ts";
import { formatCentsPlain } from "../br/money.ts";
import type { DemoCity, DemoState, DebtSector } from "./demo-data.ts";
import {
  COMPANY_KINDS, COMPANY_NAMES, COMPANY_SUFFIXES, CONTRACT_KINDS, DEMO_STATES, EMAIL_PROVIDERS, EMAIL_TYPO_DOMAINS,
  FIRST_NAMES_F, FIRST_NAMES_M, MONTHS_PT, PARTICLE_SURNAMES, NEIGHBOURHOODS, STANDALONE_SECTORS, STREET_NAMES, SURNAMES,
} from "./demo-data.ts";
import type { Random } from "./random.ts";
import { pickOne, randomInt, seededRandom } from "./random.ts";

/** Column order of the demo spreadsheet (Portuguese import headers). */
export const DEMO_HEADERS = [
  "documento", "nome", "email", "telefone", "whatsapp", "uf", "cidade", "cep", "endereco",
  "titulo", "descricao", "valor", "vencimento", "emissao", "contrato", "parcela", "nosso_numero",
] as const;

export type DemoHeader = (typeof DEMO_HEADERS)[number];

/** One spreadsheet row: every value a string as a spreadsheet cell would hold it. */
export type DemoRow = Record<DemoHeader, string>;

export type DemoOptions = { debtors: number; seed: number; today: string };

/** Share of debtors that are companies (CNPJ). */
const COMPANY_SHARE = 0.12;
/** Share of companies with an alphanumeric CNPJ (IN RFB 2.229/2024). */
const ALPHANUMERIC_CNPJ_SHARE = 0.15;
const NO_EMAIL_SHARE = 0.1;
const BAD_EMAIL_SHARE = 0.13;
const NO_PHONE_SHARE = 0.03;
const BAD_PHONE_SHARE = 0.13;
const WHATSAPP_SHARE = 0.55;
const CONTRACT_SHARE = 0.3;
const NOT_DUE_SHARE = 0.12;
/** Oldest debt: six years overdue. */
const MAX_AGING_DAYS = 6 * 365;

// ---- precomputed tables ------------------------------------------------------------

function asciiSlug(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
}

const SLUG = new Map<string, string>();
for (const s of [...FIRST_NAMES_F, ...FIRST_NAMES_M, ...SURNAMES, ...COMPANY_NAMES, ...COMPANY_KINDS]) SLUG.set(s, asciiSlug(s));
const slugOf = (s: string): string => SLUG.get(s) ?? asciiSlug(s);

const STATE_CUMULATIVE: number[] = [];
{
  let acc = 0;
  for (const s of DEMO_STATES) STATE_CUMULATIVE.push((acc += s.weight));
}
const STATE_TOTAL = STATE_CUMULATIVE[STATE_CUMULATIVE.length - 1] ?? 1;

const PROVIDER_CUMULATIVE: number[] = [];
{
  let acc = 0;
  for (const [, w] of EMAIL_PROVIDERS) PROVIDER_CUMULATIVE.push((acc += w));
}
const PROVIDER_TOTAL = PROVIDER_CUMULATIVE[PROVIDER_CUMULATIVE.length - 1] ?? 1;

const SECTOR_WEIGHTS: Record<string, number> = { cartao: 30, telefone: 20, loja: 18, escola: 10, utilidades: 12, saude: 6, condominio: 4 };
const SECTOR_CUMULATIVE: number[] = [];
{
  let acc = 0;
  for (const s of STANDALONE_SECTORS) SECTOR_CUMULATIVE.push((acc += SECTOR_WEIGHTS[s.key] ?? 1));
}
const SECTOR_TOTAL = SECTOR_CUMULATIVE[SECTOR_CUMULATIVE.length - 1] ?? 1;

/** Area codes that do not exist, as people mistype them. */
const BAD_DDDS = ["10", "20", "23", "25", "26", "29", "30", "36", "39", "40", "50", "52", "56", "57", "58", "59", "60", "70", "72", "76", "78", "80", "90"];

const SHARED_LOCALS = ["financeiro", "contato", "administrativo", "cobranca", "faturamento"];

function weightedIndex(cumulative: readonly number[], total: number, random: Random): number {
  const x = random() * total;
  for (let i = 0; i < cumulative.length; i++) if (x < (cumulative[i] as number)) return i;
  return cumulative.length - 1;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function dateBrOf(day: number): string {
  const iso = dateOfDayNumber(day);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function isoToBr(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** Log-uniform amount in centavos: small values common, large ones rare. */
function amountCents(random: Random, min: number, max: number): number {
  return Math.round(min * Math.pow(max / min, random()));
}

// ---- debtor pieces ------------------------------------------------------------------

function allSame(s: string): boolean {
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) !== s.charCodeAt(0)) return false;
  return true;
}

/**
 * Documents come from a bijection of the debtor index (index × odd multiplier + offset,
 * modulo a power of ten), so no two debtors of one portfolio share a CPF/CNPJ.
 */
function personDocument(index: number, offset: number, random: Random): string {
  let base = pad((index * 387_420_489 + offset) % 1_000_000_000, 9);
  if (allSame(base)) base = pad((index * 387_420_489 + offset + 500_000_000) % 1_000_000_000, 9);
  const cpf = completeCpf(base);
  const r = random();
  if (cpf.charCodeAt(0) === 48 && r < 0.4) {
    // a spreadsheet that stored the CPF as a number lost the leading zeros
    let i = 0;
    while (cpf.charCodeAt(i) === 48 && cpf.length - i > 9) i++;
    return cpf.slice(i);
  }
  return r < 0.78 ? formatDocument(cpf) : cpf;
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function companyDocument(index: number, numericOffset: number, alphaOffset: number, random: Random): string {
  const branch = random() < 0.85 ? "0001" : pad(randomInt(random, 2, 40), 4);
  let cnpj: string;
  if (random() < ALPHANUMERIC_CNPJ_SHARE) {
    const digits = pad((index * 531_441 + alphaOffset) % 1_000_000, 6);
    const root = digits.slice(0, 2) + LETTERS.charAt(randomInt(random, 0, 25)) + LETTERS.charAt(randomInt(random, 0, 25)) + digits.slice(2);
    cnpj = completeCnpj(root + branch);
  } else {
    let root = pad((index * 43_046_721 + numericOffset) % 100_000_000, 8);
    if (root === "00000000") root = "00000001";
    cnpj = completeCnpj(root + branch);
  }
  return random() < 0.8 ? formatDocument(cnpj) : cnpj;
}

type Person = { name: string; first: string; last: string; company: boolean; companySlug: string };

function personName(random: Random): Person {
  const female = random() < 0.52;
  const first = pickOne(random, female ? FIRST_NAMES_F : FIRST_NAMES_M);
  const last = pickOne(random, SURNAMES);
  let name = first;
  const r = random();
  if (r < 0.15) name += ` ${pickOne(random, PARTICLE_SURNAMES)}`;
  else if (r < 0.65) name += ` ${pickOne(random, SURNAMES)}`;
  name += ` ${last}`;
  if (random() < 0.08) name = name.toUpperCase(); // legacy systems export in capitals
  return { name, first, last, company: false, companySlug: "" };
}

function companyName(random: Random): Person {
  const kind = pickOne(random, COMPANY_KINDS);
  const fancy = pickOne(random, COMPANY_NAMES);
  const name = `${kind} ${fancy} ${pickOne(random, COMPANY_SUFFIXES)}`;
  return { name, first: pickOne(random, FIRST_NAMES_M), last: pickOne(random, SURNAMES), company: true, companySlug: slugOf(kind) + slugOf(fancy) };
}

function emailOf(p: Person, random: Random): string {
  if (random() < NO_EMAIL_SHARE) return "";
  let local: string;
  let domain: string;
  if (p.company && random() < 0.6) {
    local = pickOne(random, SHARED_LOCALS);
    domain = `${p.companySlug}.com.br`;
  } else {
    const r = random();
    const sep = r < 0.5 ? "." : r < 0.65 ? "_" : "";
    local = slugOf(p.first) + sep + slugOf(p.last);
    if (random() < 0.3) local += String(randomInt(random, 1, 2005));
    domain = (EMAIL_PROVIDERS[weightedIndex(PROVIDER_CUMULATIVE, PROVIDER_TOTAL, random)] as readonly [string, number])[0];
  }
  if (random() < BAD_EMAIL_SHARE) {
    const kind = random();
    if (kind < 0.4) return `${local}@${pickOne(random, EMAIL_TYPO_DOMAINS)}`;
    if (kind < 0.55) return local + domain; // the @ was lost
    if (kind < 0.65) return `${local.slice(0, 2)}..${local.slice(2)}@${domain}`;
    if (kind < 0.75) return `${slugOf(p.first)} ${slugOf(p.last)}@${domain}`;
    if (kind < 0.85) return `${local}@${domain.slice(0, domain.indexOf("."))}`;
    return `${p.first.toLowerCase()}.${slugOf(p.last)}@${domain}`; // accents typed in ("joão.silva@…")
  }
  if (random() < 0.1) return `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}`;
  return `${local}@${domain}`;
}

function mobileSubscriber(random: Random): string {
  // 9 + [6-9] + 7 digits: the ranges carriers actually assign
  return `9${randomInt(random, 6, 9)}${pad(randomInt(random, 0, 9_999_999), 7)}`;
}

function landlineSubscriber(random: Random): string {
  return `${randomInt(random, 2, 5)}${pad(randomInt(random, 0, 9_999_999), 7)}`;
}

/** A valid number written the way spreadsheets have them. */
function writePhone(ddd: string, sub: string, random: Random): string {
  const mobile = sub.length === 9;
  const head = mobile ? sub.slice(0, 5) : sub.slice(0, 4);
  const tail = mobile ? sub.slice(5) : sub.slice(4);
  const r = random();
  if (r < 0.6) return `(${ddd}) ${head}-${tail}`;
  if (r < 0.75) return ddd + sub;
  if (r < 0.85) return `+55 ${ddd} ${head}-${tail}`;
  if (r < 0.95) return `${ddd} ${head}-${tail}`;
  return `0xx${ddd} ${head}-${tail}`;
}

function malformedPhone(ddd: string, random: Random): string {
  const r = random();
  const sub = mobileSubscriber(random);
  if (r < 0.35) return `(${ddd}) ${sub.slice(0, 4)}-${sub.slice(5)}`; // a digit missing
  if (r < 0.55) return `(${ddd}) ${sub.slice(1, 5)}-${sub.slice(5)}`; // old 8-digit mobile
  if (r < 0.75) return `${sub.slice(0, 5)}-${sub.slice(5)}`; // no DDD
  if (r < 0.9) return `(${pickOne(random, BAD_DDDS)}) ${sub.slice(0, 5)}-${sub.slice(5)}`;
  return `(${ddd}) 99999-9999`;
}

type Contacts = { telefone: string; whatsapp: string };

function phonesOf(ddd: string, random: Random): Contacts {
  let telefone = "";
  let mobileSub = "";
  if (random() >= NO_PHONE_SHARE) {
    if (random() < BAD_PHONE_SHARE) {
      telefone = malformedPhone(ddd, random);
    } else if (random() < 0.75) {
      mobileSub = mobileSubscriber(random);
      telefone = writePhone(ddd, mobileSub, random);
    } else {
      telefone = writePhone(ddd, landlineSubscriber(random), random);
    }
  }
  let whatsapp = "";
  if (random() < WHATSAPP_SHARE) {
    if (random() < 0.08) whatsapp = malformedPhone(ddd, random);
    else if (mobileSub && random() < 0.7) whatsapp = random() < 0.5 ? `55${ddd}${mobileSub}` : writePhone(ddd, mobileSub, random);
    else whatsapp = writePhone(ddd, mobileSubscriber(random), random);
  }
  return { telefone, whatsapp };
}

function addressOf(p: Person, random: Random): string {
  let s = `${pickOne(random, STREET_NAMES)}, ${randomInt(random, 1, 3500)}`;
  const r = random();
  if (p.company) {
    if (r < 0.3) s += `, Sala ${randomInt(random, 1, 40)}`;
    else if (r < 0.4) s += `, Loja ${randomInt(random, 1, 12)}`;
  } else if (r < 0.2) {
    s += `, Apto ${randomInt(random, 1, 24)}${pad(randomInt(random, 1, 8), 2)}`;
  } else if (r < 0.27) {
    s += `, Bloco ${pickOne(random, ["A", "B", "C", "D"])}, Apto ${randomInt(random, 1, 16)}0${randomInt(random, 1, 4)}`;
  } else if (r < 0.32) {
    s += `, Casa ${randomInt(random, 1, 4)}`;
  }
  return `${s} - ${pickOne(random, NEIGHBOURHOODS)}`;
}

function cepOf(city: DemoCity, random: Random): string {
  const prefix = pad(randomInt(random, city.cep[0], city.cep[1]), 5);
  const suffix = pad(randomInt(random, 0, 999), 3);
  return random() < 0.9 ? `${prefix}-${suffix}` : prefix + suffix;
}

/** Days overdue of a debtor's oldest open debt: negative = not yet due; skewed to recent. */
function agingDays(random: Random): number {
  if (random() < NOT_DUE_SHARE) return -randomInt(random, 1, 30);
  return 1 + Math.floor((MAX_AGING_DAYS - 1) * Math.pow(random(), 3.5));
}

function referenceMonth(iso: string): string {
  return `${MONTHS_PT[Number(iso.slice(5, 7)) - 1]}/${iso.slice(0, 4)}`;
}

function seedOffset(seed: number, salt: number, modulo: number): number {
  const r = seededRandom(seed * 31 + salt);
  return Math.floor(r() * modulo);
}

// ---- the generator ------------------------------------------------------------------

/**
 * Yields the rows of a demo portfolio of `debtors` debtors (≈ 2 debts each), fully
 * determined by `seed`; aging is relative to `today` (YYYY-MM-DD): from 30 days before
 * due to six years overdue. ~12 % companies, ~30 % instalment contracts.
 */
export function* generateDemoRows(options: DemoOptions): Generator<DemoRow> {
  const { debtors, seed, today } = options;
  if (!Number.isSafeInteger(debtors) || debtors < 0) throw new AppError("invalid_input", `número de devedores inválido: ${debtors}`);
  if (!Number.isFinite(seed)) throw new AppError("invalid_input", `semente inválida: ${seed}`);
  if (!isValidIsoDate(today)) throw new AppError("invalid_input", `data de referência inválida (esperado AAAA-MM-DD): ${today}`);

  const random = seededRandom(seed);
  const todayDay = dayNumber(today);
  const cpfOffset = seedOffset(seed, 1, 1_000_000_000);
  const cnpjOffset = seedOffset(seed, 2, 100_000_000);
  const alphaOffset = seedOffset(seed, 3, 1_000_000);
  const nossoNumeroStart = 10_000_000_000 + seedOffset(seed, 4, 50_000_000) * 100;
  let titleSeq = 0;
  let contractSeq = 0;

  for (let index = 0; index < debtors; index++) {
    const company = random() < COMPANY_SHARE;
    const person = company ? companyName(random) : personName(random);
    const documento = company ? companyDocument(index, cnpjOffset, alphaOffset, random) : personDocument(index, cpfOffset, random);
    const state = DEMO_STATES[weightedIndex(STATE_CUMULATIVE, STATE_TOTAL, random)] as DemoState;
    const city = random() < 0.45 ? (state.cities[0] as DemoCity) : pickOne(random, state.cities);
    const { telefone, whatsapp } = phonesOf(city.ddd, random);
    const nome = person.name;
    const email = emailOf(person, random);
    const uf = state.uf;
    const cidade = city.name;
    const cep = cepOf(city, random);
    const endereco = addressOf(person, random);
    const firstDueDay = todayDay - agingDays(random);

    if (random() < CONTRACT_SHARE) {
      const kind = pickOne(random, CONTRACT_KINDS);
      const total = randomInt(random, 3, 12);
      const open = Math.min(total, 1 + Math.floor(random() * 4));
      const firstOpen = randomInt(random, 1, total - open + 1);
      const firstOpenDue = dateOfDayNumber(firstDueDay);
      const signedDay = dayNumber(addMonths(firstOpenDue, -firstOpen)) - randomInt(random, 0, 10);
      const contrato = `${kind.prefix}-${dateOfDayNumber(signedDay).slice(0, 4)}-${pad(++contractSeq, 6)}`;
      const valor = formatCentsPlain(amountCents(random, kind.minCents, kind.maxCents));
      const emissao = dateBrOf(signedDay);
      for (let k = firstOpen; k < firstOpen + open; k++) {
        titleSeq++;
        yield {
          documento, nome, email, telefone, whatsapp, uf, cidade, cep, endereco,
          titulo: `TIT-${pad(titleSeq, 7)}`,
          descricao: `Parcela ${k} de ${total} — Contrato ${contrato}`,
          valor,
          vencimento: isoToBr(addMonths(firstOpenDue, k - firstOpen)),
          emissao,
          contrato,
          parcela: String(k),
          nosso_numero: String(nossoNumeroStart + titleSeq),
        };
      }
    } else {
      const sector = STANDALONE_SECTORS[weightedIndex(SECTOR_CUMULATIVE, SECTOR_TOTAL, random)] as DebtSector;
      const r = random();
      const count = r < 0.45 ? 1 : r < 0.8 ? 2 : 3;
      const firstDue = dateOfDayNumber(firstDueDay);
      for (let j = 0; j < count; j++) {
        const due = j === 0 ? firstDue : addMonths(firstDue, j);
        const dueDay = dayNumber(due);
        titleSeq++;
        yield {
          documento, nome, email, telefone, whatsapp, uf, cidade, cep, endereco,
          titulo: `TIT-${pad(titleSeq, 7)}`,
          descricao: pickOne(random, sector.descriptions).replace("{mes}", referenceMonth(dateOfDayNumber(dueDay - 20))),
          valor: formatCentsPlain(amountCents(random, sector.minCents, sector.maxCents)),
          vencimento: isoToBr(due),
          emissao: dateBrOf(dueDay - randomInt(random, 10, 25)),
          contrato: "",
          parcela: "",
          nosso_numero: String(nossoNumeroStart + titleSeq),
        };
      }
    }
  }
}
