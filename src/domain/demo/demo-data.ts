/**
 * Reference data for the demo portfolio: Brazilian names, companies, real cities per UF
 * with their DDD and CEP ranges, streets and debt descriptions by sector.
 */

import type { UfCode } from "../br/uf.ts";

export type DemoCity = { name: string; ddd: string; cep: readonly [number, number] };

/**
 * weight: population in hundreds of thousands (Censo 2022, rounded), with a floor so
 * the smallest UFs still show up in small samples; cep: 5-digit prefix range.
 */
export type DemoState = { uf: UfCode; weight: number; cities: readonly DemoCity[] };

export const DEMO_STATES: readonly DemoState[] = [
  { uf: "SP", weight: 444, cities: [
    { name: "São Paulo", ddd: "11", cep: [1000, 5999] },
    { name: "Guarulhos", ddd: "11", cep: [7000, 7399] },
    { name: "Campinas", ddd: "19", cep: [13000, 13139] },
    { name: "Santos", ddd: "13", cep: [11000, 11249] },
    { name: "Ribeirão Preto", ddd: "16", cep: [14000, 14114] },
    { name: "Sorocaba", ddd: "15", cep: [18000, 18109] },
  ] },
  { uf: "MG", weight: 205, cities: [
    { name: "Belo Horizonte", ddd: "31", cep: [30000, 31999] },
    { name: "Contagem", ddd: "31", cep: [32000, 32399] },
    { name: "Uberlândia", ddd: "34", cep: [38400, 38415] },
    { name: "Juiz de Fora", ddd: "32", cep: [36000, 36099] },
  ] },
  { uf: "RJ", weight: 161, cities: [
    { name: "Rio de Janeiro", ddd: "21", cep: [20000, 23799] },
    { name: "Niterói", ddd: "21", cep: [24000, 24399] },
    { name: "São Gonçalo", ddd: "21", cep: [24400, 24799] },
    { name: "Duque de Caxias", ddd: "21", cep: [25000, 25299] },
  ] },
  { uf: "BA", weight: 141, cities: [
    { name: "Salvador", ddd: "71", cep: [40000, 42599] },
    { name: "Feira de Santana", ddd: "75", cep: [44000, 44099] },
    { name: "Vitória da Conquista", ddd: "77", cep: [45000, 45099] },
    { name: "Ilhéus", ddd: "73", cep: [45650, 45667] },
  ] },
  { uf: "PR", weight: 114, cities: [
    { name: "Curitiba", ddd: "41", cep: [80000, 82999] },
    { name: "Londrina", ddd: "43", cep: [86000, 86099] },
    { name: "Maringá", ddd: "44", cep: [87000, 87099] },
    { name: "Ponta Grossa", ddd: "42", cep: [84000, 84099] },
  ] },
  { uf: "RS", weight: 109, cities: [
    { name: "Porto Alegre", ddd: "51", cep: [90000, 91999] },
    { name: "Caxias do Sul", ddd: "54", cep: [95000, 95124] },
    { name: "Pelotas", ddd: "53", cep: [96000, 96099] },
    { name: "Canoas", ddd: "51", cep: [92000, 92479] },
  ] },
  { uf: "PE", weight: 91, cities: [
    { name: "Recife", ddd: "81", cep: [50000, 52999] },
    { name: "Jaboatão dos Guararapes", ddd: "81", cep: [54000, 54499] },
    { name: "Olinda", ddd: "81", cep: [53000, 53399] },
    { name: "Caruaru", ddd: "81", cep: [55000, 55099] },
  ] },
  { uf: "CE", weight: 88, cities: [
    { name: "Fortaleza", ddd: "85", cep: [60000, 61599] },
    { name: "Caucaia", ddd: "85", cep: [61600, 61699] },
    { name: "Juazeiro do Norte", ddd: "88", cep: [63000, 63099] },
    { name: "Sobral", ddd: "88", cep: [62000, 62099] },
  ] },
  { uf: "PA", weight: 81, cities: [
    { name: "Belém", ddd: "91", cep: [66000, 66999] },
    { name: "Ananindeua", ddd: "91", cep: [67000, 67199] },
    { name: "Santarém", ddd: "93", cep: [68000, 68109] },
    { name: "Marabá", ddd: "94", cep: [68500, 68514] },
  ] },
  { uf: "SC", weight: 76, cities: [
    { name: "Florianópolis", ddd: "48", cep: [88000, 88099] },
    { name: "Joinville", ddd: "47", cep: [89200, 89239] },
    { name: "Blumenau", ddd: "47", cep: [89000, 89099] },
    { name: "Chapecó", ddd: "49", cep: [89800, 89816] },
  ] },
  { uf: "GO", weight: 71, cities: [
    { name: "Goiânia", ddd: "62", cep: [74000, 74899] },
    { name: "Aparecida de Goiânia", ddd: "62", cep: [74900, 74999] },
    { name: "Anápolis", ddd: "62", cep: [75000, 75159] },
    { name: "Rio Verde", ddd: "64", cep: [75900, 75914] },
  ] },
  { uf: "MA", weight: 68, cities: [
    { name: "São Luís", ddd: "98", cep: [65000, 65109] },
    { name: "Imperatriz", ddd: "99", cep: [65900, 65919] },
    { name: "Caxias", ddd: "99", cep: [65600, 65609] },
    { name: "Timon", ddd: "99", cep: [65630, 65639] },
  ] },
  { uf: "PB", weight: 40, cities: [
    { name: "João Pessoa", ddd: "83", cep: [58000, 58099] },
    { name: "Campina Grande", ddd: "83", cep: [58400, 58449] },
    { name: "Santa Rita", ddd: "83", cep: [58300, 58309] },
    { name: "Patos", ddd: "83", cep: [58700, 58709] },
  ] },
  { uf: "AM", weight: 39, cities: [
    { name: "Manaus", ddd: "92", cep: [69000, 69099] },
    { name: "Parintins", ddd: "92", cep: [69150, 69159] },
    { name: "Itacoatiara", ddd: "92", cep: [69100, 69109] },
    { name: "Manacapuru", ddd: "92", cep: [69400, 69409] },
  ] },
  { uf: "ES", weight: 38, cities: [
    { name: "Vitória", ddd: "27", cep: [29000, 29099] },
    { name: "Vila Velha", ddd: "27", cep: [29100, 29129] },
    { name: "Serra", ddd: "27", cep: [29160, 29184] },
    { name: "Cachoeiro de Itapemirim", ddd: "28", cep: [29300, 29318] },
  ] },
  { uf: "MT", weight: 37, cities: [
    { name: "Cuiabá", ddd: "65", cep: [78000, 78099] },
    { name: "Várzea Grande", ddd: "65", cep: [78110, 78159] },
    { name: "Rondonópolis", ddd: "66", cep: [78700, 78749] },
    { name: "Sinop", ddd: "66", cep: [78550, 78559] },
  ] },
  { uf: "RN", weight: 33, cities: [
    { name: "Natal", ddd: "84", cep: [59000, 59139] },
    { name: "Mossoró", ddd: "84", cep: [59600, 59649] },
    { name: "Parnamirim", ddd: "84", cep: [59140, 59161] },
  ] },
  { uf: "PI", weight: 33, cities: [
    { name: "Teresina", ddd: "86", cep: [64000, 64099] },
    { name: "Parnaíba", ddd: "86", cep: [64200, 64219] },
    { name: "Picos", ddd: "89", cep: [64600, 64607] },
  ] },
  { uf: "AL", weight: 31, cities: [
    { name: "Maceió", ddd: "82", cep: [57000, 57099] },
    { name: "Arapiraca", ddd: "82", cep: [57300, 57319] },
    { name: "Palmeira dos Índios", ddd: "82", cep: [57600, 57609] },
  ] },
  { uf: "DF", weight: 28, cities: [
    { name: "Brasília", ddd: "61", cep: [70000, 70999] },
    { name: "Taguatinga", ddd: "61", cep: [72000, 72199] },
    { name: "Ceilândia", ddd: "61", cep: [72200, 72299] },
  ] },
  { uf: "MS", weight: 28, cities: [
    { name: "Campo Grande", ddd: "67", cep: [79000, 79124] },
    { name: "Dourados", ddd: "67", cep: [79800, 79849] },
    { name: "Três Lagoas", ddd: "67", cep: [79600, 79644] },
    { name: "Corumbá", ddd: "67", cep: [79300, 79319] },
  ] },
  { uf: "SE", weight: 22, cities: [
    { name: "Aracaju", ddd: "79", cep: [49000, 49099] },
    { name: "Nossa Senhora do Socorro", ddd: "79", cep: [49160, 49169] },
    { name: "Lagarto", ddd: "79", cep: [49400, 49409] },
  ] },
  { uf: "RO", weight: 16, cities: [
    { name: "Porto Velho", ddd: "69", cep: [76800, 76834] },
    { name: "Ji-Paraná", ddd: "69", cep: [76900, 76914] },
    { name: "Ariquemes", ddd: "69", cep: [76870, 76879] },
  ] },
  { uf: "TO", weight: 15, cities: [
    { name: "Palmas", ddd: "63", cep: [77000, 77099] },
    { name: "Araguaína", ddd: "63", cep: [77800, 77829] },
    { name: "Gurupi", ddd: "63", cep: [77400, 77429] },
  ] },
  { uf: "AC", weight: 12, cities: [
    { name: "Rio Branco", ddd: "68", cep: [69900, 69924] },
    { name: "Cruzeiro do Sul", ddd: "68", cep: [69980, 69981] },
    { name: "Sena Madureira", ddd: "68", cep: [69940, 69940] },
  ] },
  { uf: "AP", weight: 12, cities: [
    { name: "Macapá", ddd: "96", cep: [68900, 68914] },
    { name: "Santana", ddd: "96", cep: [68925, 68929] },
    { name: "Laranjal do Jari", ddd: "96", cep: [68920, 68920] },
  ] },
  { uf: "RR", weight: 12, cities: [
    { name: "Boa Vista", ddd: "95", cep: [69300, 69339] },
    { name: "Rorainópolis", ddd: "95", cep: [69373, 69373] },
    { name: "Caracaraí", ddd: "95", cep: [69360, 69360] },
  ] },
];

export const FIRST_NAMES_F: readonly string[] = [
  "Maria", "Ana", "Francisca", "Antônia", "Adriana", "Juliana", "Márcia", "Fernanda", "Patrícia", "Aline",
  "Sandra", "Camila", "Amanda", "Bruna", "Jéssica", "Letícia", "Júlia", "Luciana", "Vanessa", "Mariana",
  "Gabriela", "Vera", "Vitória", "Larissa", "Cláudia", "Beatriz", "Luana", "Rita", "Sônia", "Renata",
  "Eliane", "Josefa", "Simone", "Natália", "Cristiane", "Carla", "Débora", "Rosângela", "Conceição", "Lúcia",
  "Raimunda", "Tânia", "Fabiana", "Priscila", "Luíza", "Isabela", "Helena", "Alice", "Laura", "Cecília",
  "Inês", "Célia", "Rosa", "Marlene", "Irene", "Glória", "Valéria", "Andréia", "Thaís", "Yasmin",
];

export const FIRST_NAMES_M: readonly string[] = [
  "José", "João", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas", "Luiz", "Marcos",
  "Luís", "Gabriel", "Rafael", "Daniel", "Marcelo", "Bruno", "Eduardo", "Felipe", "Raimundo", "Rodrigo",
  "Manoel", "Mateus", "André", "Fernando", "Fábio", "Leonardo", "Gustavo", "Guilherme", "Leandro", "Tiago",
  "Anderson", "Ricardo", "Márcio", "Jorge", "Sebastião", "Alexandre", "Roberto", "Edson", "Diego", "Vítor",
  "Sérgio", "Cláudio", "Matheus", "Thiago", "Geraldo", "Adriano", "Luciano", "Júlio", "Renato", "Alessandro",
  "Otávio", "Caio", "Davi", "Heitor", "Benedito", "Joaquim", "Inácio", "Moisés", "Jônatas", "Wellington",
];

export const SURNAMES: readonly string[] = [
  "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
  "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa",
  "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas",
  "Cardoso", "Ramos", "Gonçalves", "Santana", "Teixeira", "Araújo", "Conceição", "Magalhães", "Brandão", "Falcão",
  "Simões", "Guimarães", "Assunção", "Sampaio", "Batista", "Monteiro", "Cavalcanti", "Pinto", "Moura", "Correia",
  "Azevedo", "Campos", "Castro", "Fonseca", "Macedo", "Brito", "Medeiros", "Siqueira", "Tavares", "Aragão",
  "Romão", "Leão", "Galvão", "Estêvão", "Peixoto", "Rezende", "Queiroz", "Xavier", "Bezerra", "Holanda",
];

/** Surnames that carry their particle: "Maria da Conceição", "João dos Santos". */
export const PARTICLE_SURNAMES: readonly string[] = [
  "da Silva", "dos Santos", "da Conceição", "de Souza", "de Oliveira", "da Costa", "de Jesus", "dos Reis",
  "da Cruz", "de Almeida", "da Paz", "do Nascimento", "de Lima", "das Neves", "de Assis",
];

export const COMPANY_KINDS: readonly string[] = [
  "Padaria", "Mercadinho", "Auto Peças", "Construtora", "Farmácia", "Distribuidora", "Transportadora",
  "Restaurante", "Oficina Mecânica", "Papelaria", "Materiais de Construção", "Clínica Odontológica",
  "Academia", "Pet Shop", "Lanchonete", "Confecções", "Serralheria", "Escola Infantil", "Açougue", "Hortifrúti",
];

export const COMPANY_NAMES: readonly string[] = [
  "Pão Dourado", "São José", "Bom Preço", "Horizonte", "Nova Esperança", "Santa Luzia", "Estrela do Norte",
  "Rodovia", "Boa Vista", "Sol Nascente", "Primavera", "Vale Verde", "Três Irmãos", "Progresso", "Aliança",
  "Central", "Real", "Ipê Amarelo", "Caminho Certo", "Bela Vista", "Nossa Senhora Aparecida", "Jequitibá",
  "Mar Azul", "Serra Gaúcha", "Cerrado", "Ouro Fino", "Família Unida", "Pérola", "União", "Avenida",
];

export const COMPANY_SUFFIXES: readonly string[] = ["Ltda", "Ltda", "Ltda", "ME", "EPP", "S.A.", "Ltda ME"];

export const STREET_NAMES: readonly string[] = [
  "Rua das Flores", "Avenida Brasil", "Rua Sete de Setembro", "Travessa São Pedro", "Rua Dom Pedro II",
  "Avenida Getúlio Vargas", "Rua Tiradentes", "Rua XV de Novembro", "Rua Marechal Deodoro", "Rua Santos Dumont",
  "Avenida Presidente Vargas", "Rua Barão do Rio Branco", "Rua Rui Barbosa", "Rua José de Alencar",
  "Avenida Independência", "Rua São João", "Rua Castro Alves", "Rua Duque de Caxias", "Alameda das Acácias",
  "Rua Padre Anchieta", "Avenida Amazonas", "Rua Quintino Bocaiúva", "Rua Benjamin Constant", "Rua da Paz",
  "Rua Floriano Peixoto", "Rua Visconde de Mauá", "Avenida JK", "Rua Coronel Fonseca", "Rua Primeiro de Maio",
];

export const NEIGHBOURHOODS: readonly string[] = [
  "Centro", "Jardim América", "Vila Nova", "Boa Vista", "Santa Cruz", "São José", "Bela Vista",
  "Jardim das Palmeiras", "Vila Esperança", "Cidade Nova", "Parque Industrial", "Santo Antônio",
  "Alto da Glória", "Jardim Primavera", "Conjunto Habitacional", "Liberdade",
];

/** E-mail providers weighted roughly by their share among Brazilian consumers. */
export const EMAIL_PROVIDERS: readonly (readonly [string, number])[] = [
  ["gmail.com", 48], ["hotmail.com", 20], ["outlook.com", 7], ["yahoo.com.br", 7], ["uol.com.br", 4],
  ["bol.com.br", 4], ["icloud.com", 3], ["hotmail.com.br", 2], ["terra.com.br", 2], ["live.com", 2],
  ["ig.com.br", 1],
];

/** Misspellings typed into forms, each caught by normalizeEmail. */
export const EMAIL_TYPO_DOMAINS: readonly string[] = ["gmial.com", "gmail.com.br", "hotmial.com", "gmail.con", "outlok.com", "hotmail.co", "yaho.com.br"];

export type DebtSector = { key: string; creditorKind: string; minCents: number; maxCents: number; descriptions: readonly string[] };

/** One-off debts by sector; "{mes}" becomes the reference month ("março/2026"). */
export const STANDALONE_SECTORS: readonly DebtSector[] = [
  { key: "cartao", creditorKind: "financeiro", minCents: 15_000, maxCents: 800_000, descriptions: ["Fatura de cartão — {mes}", "Fatura do cartão de crédito — {mes}"] },
  { key: "escola", creditorKind: "educacao", minCents: 45_000, maxCents: 280_000, descriptions: ["Mensalidade escolar — {mes}", "Mensalidade da faculdade — {mes}"] },
  { key: "telefone", creditorKind: "telecom", minCents: 4_990, maxCents: 45_000, descriptions: ["Conta de telefone — {mes}", "Internet banda larga — {mes}", "Plano de celular pós-pago — {mes}"] },
  { key: "loja", creditorKind: "varejo", minCents: 8_000, maxCents: 180_000, descriptions: ["Compra parcelada loja Magazine Centro", "Compra parcelada loja Casa & Lar", "Compra parcelada loja Móveis Boa Vista", "Crediário loja Calçados Estrela"] },
  { key: "utilidades", creditorKind: "utilidades", minCents: 3_500, maxCents: 90_000, descriptions: ["Conta de energia — {mes}", "Conta de água e esgoto — {mes}", "Fornecimento de gás — {mes}"] },
  { key: "saude", creditorKind: "saude", minCents: 25_000, maxCents: 150_000, descriptions: ["Mensalidade do plano de saúde — {mes}", "Mensalidade do plano odontológico — {mes}"] },
  { key: "condominio", creditorKind: "condominio", minCents: 35_000, maxCents: 250_000, descriptions: ["Taxa de condomínio — {mes}"] },
];

/** Kinds of instalment contracts, with the instalment value range. */
export const CONTRACT_KINDS: readonly { prefix: string; minCents: number; maxCents: number }[] = [
  { prefix: "EMP", minCents: 15_000, maxCents: 120_000 }, // empréstimo pessoal
  { prefix: "CDC", minCents: 20_000, maxCents: 250_000 }, // crédito direto ao consumidor
  { prefix: "FIN", minCents: 60_000, maxCents: 350_000 }, // financiamento de veículo
  { prefix: "ACD", minCents: 10_000, maxCents: 90_000 }, // acordo anterior renegociado
];

export const MONTHS_PT: readonly string[] = [
  "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
];
