/**
 * The word lists of the template lint (CDC art. 42, 43 §2 and 71). Patterns are written
 * over "folded" text — lower case, accents stripped — so "PRISÃO", "Prisao" and "prisão"
 * all match; each pattern is wrapped in letter boundaries, so "crime" does not match
 * "criminalística" by accident and "exposto" alone (as in "conforme exposto") is not a
 * threat — only "expor seu nome", "seu nome será exposto" and the like.
 *
 * Decisions on lawful legal language: "protesto", "negativação", SPC/Serasa and "ação
 * judicial" are NOT refused — informing the debtor of a possible next step is lawful and,
 * before a credit-bureau listing, required (CDC art. 43 §2). They are refused only when
 * presented as immediate or without notice ("seu nome será negativado hoje", "sem
 * aviso"), warned when stated without a condition or deadline ("seu nome será
 * negativado"), and warned in friendly-stage templates, where they read as a threat.
 */

export type WordRule = {
  rule: string;
  severity: "error" | "warning";
  /** Patterns over folded text (lower case, no accents); `\w` is fine since folded Portuguese is ASCII. */
  patterns: string[];
  message: string;
};

/** Checked in this order; when two findings overlap, the earlier rule's is kept. */
export const WORD_RULES: readonly WordRule[] = [
  {
    rule: "insult",
    severity: "error",
    patterns: [
      "vagabund\\w*", "safad\\w*", "pilantr\\w*", "picaret\\w*", "trambiqu\\w*", "golpist\\w*", "desonest\\w*", "irresponsave(?:l|is)",
      "sem[- ]vergonhas?", "canalh\\w*", "mentiros\\w*", "velhac\\w*", "caloteir\\w*", "calote", "aproveitador\\w*", "burr[oa]s?", "idiotas?",
      "imbecis", "imbecil", "otari[oa]s?", "vigarist\\w*", "ladr(?:ao|oes|ona|onas)", "malandr\\w*", "parasitas?", "trapaceir\\w*", "incompetentes?",
    ],
    message: "Insulto ao devedor: a cobrança não pode ofender nem ridicularizar o consumidor (CDC art. 42).",
  },
  {
    rule: "threat_arrest",
    severity: "error",
    patterns: ["prisao", "pres[oa]s?", "prender\\w*", "prenderemos", "cadeia(?!\\s+de\\s)", "detencao", "algemad[oa]s?", "algemas?", "mandado de prisao", "encarcera\\w*"],
    message: "Ameaça de prisão: não há prisão por dívida comum no Brasil (Constituição, art. 5º, LXVII), e ameaçar o consumidor é crime (CDC art. 71).",
  },
  {
    rule: "threat_police",
    severity: "error",
    patterns: ["policia", "policial", "policiais", "delegacias?", "delegad[oa]s?", "boletim de ocorrencia", "viaturas?"],
    message: "Ameaça com polícia: dívida civil não é caso de polícia, e a cobrança não pode usar ameaça nem coação (CDC art. 42 e 71).",
  },
  {
    rule: "threat_criminal",
    severity: "error",
    patterns: ["processo criminal", "processos criminais", "acao penal", "crimes?", "criminos[oa]s?", "criminalmente", "estelionat\\w*", "queixa[- ]crime", "inquerito policial", "justica criminal"],
    message: "Ameaça de processo criminal: deixar de pagar uma dívida não é crime; sugerir o contrário é ameaça proibida (CDC art. 71).",
  },
  {
    rule: "threat_exposure",
    severity: "error",
    patterns: [
      "expor (?:o )?(?:seu|teu|vosso) nome", "(?:seu|teu) nome (?:vai|ira|sera|podera|pode) ser (?:exposto|divulgado|publicado|espalhado)",
      "expost[oa]s? publicamente", "exposicao publica", "divulga\\w* (?:o )?(?:seu|teu) nome", "publica\\w* (?:o )?(?:seu|teu) nome",
      "(?:todos|todo mundo) (?:vao|irao|vai|ira) saber", "lista de (?:devedores|caloteiros|maus pagadores)", "vergonha publica", "sujar (?:o )?(?:seu|teu) nome",
    ],
    message: "Ameaça de expor o devedor: divulgar a dívida ou o nome a terceiros é proibido (CDC art. 42 e 71). A inclusão em cadastro de proteção ao crédito é outra coisa: apresente-a como possível próximo passo, com aviso prévio.",
  },
  {
    rule: "third_party",
    severity: "error",
    patterns: [
      "empregador(?:a|es|as)?", "(?:seu|sua) (?:chefe|patrao|patroa|supervisor|supervisora)", "chefes?", "patrao", "patroa", "local de trabalho", "(?:seu|no|ao) trabalho",
      "colegas de trabalho", "seus colegas", "recursos humanos", "familias?", "familiares", "parentes", "vizinh\\w*", "(?:seus|suas) amig[oa]s", "conjuge",
      "esposa", "marido", "seus pais", "seus filhos", "referencias pessoais",
    ],
    message: "Menção a terceiros (empregador, família, vizinhos, amigos): a cobrança não pode envolver nem ameaçar envolver outras pessoas; fale só com o devedor (CDC art. 42 e 71).",
  },
  {
    rule: "ridicule",
    severity: "error",
    patterns: ["vergonh\\w*", "vexame", "vexatori\\w*", "humilh\\w*", "ridicul\\w*", "constrang\\w*", "lista negra", "mau pagador", "ma pagadora", "maus pagadores", "mas pagadoras"],
    message: "Linguagem que ridiculariza ou constrange o devedor (CDC art. 42): descreva os fatos — o débito, o valor, o prazo — sem julgamentos.",
  },
  {
    rule: "seizure",
    severity: "warning",
    patterns: [
      "penhor\\w*", "bloqueio (?:de|da|das|do|dos) (?:conta|contas|bens|salario)", "bloquear (?:sua|seu|suas|seus) (?:conta|contas|bens|salario)", "leiloes", "leilao",
      "confisc\\w*", "tomar (?:seus|sua|seu|suas) (?:bens|casa|carro|imovel)", "oficial de justica", "busca e apreensao",
    ],
    message: "Menção a penhora, bloqueio ou apreensão: só cabe se houver processo e fundamento; fora disso é ameaça de medida que não pode ser tomada (CDC art. 71).",
  },
  {
    rule: "pejorative",
    severity: "warning",
    patterns: ["nome sujo", "nome ficara sujo", "nome vai ficar sujo"],
    message: "Expressão pejorativa (“nome sujo”): prefira “inclusão em cadastro de proteção ao crédito”.",
  },
  {
    rule: "spam_words",
    severity: "warning",
    patterns: [
      "urgente", "urgencia", "ultima chance", "ultima oportunidade", "ultimo aviso", "clique aqui", "gratis", "imperdivel", "oferta (?:exclusiva|especial|relampago)",
      "promocao", "100 ?%", "ganhe", "\\$\\$+",
    ],
    message: "Expressão típica de spam (“urgente”, “clique aqui”, “última chance”…): prejudica a entrega do e-mail e soa como pressão.",
  },
];

/** Credit-bureau listing and protest: lawful consequences that must be stated with notice and a condition. */
export const CONSEQUENCE_PATTERNS = [
  "negativa\\w*", "protest(?:o|os|ado|ada|ados|adas|ar|aremos|ara)", "cadastros? de (?:protecao ao credito|inadimplentes|devedores|maus pagadores)",
  "orgaos? de protecao ao credito", "spc", "serasa", "boa vista", "scpc", "cartorio de protesto\\w*",
];

/** Words that announce a consequence without the notice the law requires: always refused next to one. */
export const NO_NOTICE_PATTERNS = ["sem (?:qualquer |nenhum |previo )?aviso", "sem (?:nova |previa |qualquer |nenhuma )?notificacao", "sem (?:qualquer |nenhum )?comunicado"];

/**
 * Words that make a consequence immediate: refused next to one, unless the sentence is
 * about avoiding it ("pague hoje mesmo e evite a negativação" is fine).
 */
export const IMMEDIACY_PATTERNS = ["imediatamente", "hoje mesmo", "ainda hoje", "nas proximas (?:\\d+ )?horas", "em \\d+ ?(?:h|horas)", "a qualquer momento", "agora mesmo", "automaticamente"];

/** Words that present a consequence as a possibility, with a deadline or a way out: with none of them, a warning. */
export const CONDITION_PATTERNS = [
  "pode", "podera", "poderao", "poderemos", "podem", "possivel", "possibilidade", "eventua\\w*", "caso", "se nao", "se o", "se a", "prazo", "apos",
  "ate", "sujeit\\w*", "evitar", "evite", "retirad\\w*", "exclu\\w*", "baixa", "remoc\\w*", "remov\\w*", "nos termos",
];

/**
 * Upper-case words that are not shouting: acronyms of Brazilian documents, bodies and
 * payment methods, company suffixes, the UF codes and the SMS opt-out keywords.
 */
export const ALLOWED_CAPS: ReadonlySet<string> = new Set([
  "CPF", "CNPJ", "PIX", "CDC", "SPC", "SCPC", "SERASA", "CEP", "SAC", "PROCON", "LTDA", "EIRELI", "ME", "EPP", "SA", "URL", "SMS", "IPCA", "IGPM", "INPC",
  "SELIC", "CET", "IOF", "TED", "DOC", "RG", "CNH", "AR", "OK", "ANATEL", "ANEEL", "ANS", "BACEN", "BCB", "INSS", "FGTS", "ICMS", "CNAB", "QR", "PDF", "ID",
  "SAIR", "PARAR", "CANCELAR", "STOP", "LGPD", "CNPJS", "CPFS", "STJ", "STF", "CF", "DDD", "WHATSAPP", "SP", "RJ", "MG", "ES", "PR", "SC", "RS", "MS", "MT", "GO",
  "DF", "BA", "SE", "AL", "PE", "PB", "RN", "CE", "PI", "MA", "PA", "AP", "AM", "RR", "AC", "RO", "TO",
]);

export const RULE_MESSAGES = {
  syntax: "Erro de sintaxe no modelo",
  render: "O modelo não pôde ser preenchido com dados de exemplo",
  limit: "O modelo passou de um limite de segurança",
  shouting_caps: "Texto em maiúsculas equivale a gritar e constrange o devedor (CDC art. 42). Escreva em letras normais; siglas conhecidas (CPF, CNPJ, PIX, SPC…) são aceitas.",
  shouting_caps_short: "Palavra curta em maiúsculas: se não for uma sigla, escreva em letras normais (maiúsculas soam como grito).",
  shouting_exclamation: "Pontuação de grito (“!!”, “?!”): soa agressiva (CDC art. 42) e é marca de spam.",
  false_immediacy: "Negativação ou protesto apresentados como imediatos ou sem aviso: a lei exige comunicação prévia por escrito (CDC art. 43, § 2º) e ameaçar com medida que não pode ser tomada é proibido (CDC art. 71). Diga que pode ocorrer depois do prazo da notificação.",
  consequence_without_condition: "Negativação ou protesto mencionados sem condição nem prazo: apresente como possível próximo passo (“caso o débito não seja regularizado até …, o nome poderá ser incluído…”), nunca como certeza.",
  early_consequence: "Fase amigável mencionando negativação ou protesto: deixe essa informação para a notificação prévia; num lembrete, soa como ameaça.",
  missing_creditor_name: "O modelo não identifica o credor: use {{ creditor.tradeName }} ou {{ creditor.legalName }} (CDC art. 42-A). Este canal não tem rodapé automático.",
  missing_creditor_document: "O modelo não traz o CNPJ do credor: use {{ creditor.cnpj }} (CDC art. 42-A). Este canal não tem rodapé automático.",
  unknown_variable: "Variável desconhecida: ficará vazia na mensagem. Veja a lista de variáveis disponíveis.",
  upcase_filter: "O filtro upcase deixa o texto em maiúsculas, o que soa como grito: prefira proper_name.",
  subject_exclamation: "Ponto de exclamação no assunto: é marca de spam e soa como pressão.",
  emoji: "Emojis demais: parecem spam e tiram a seriedade da mensagem (use no máximo 2).",
  sms_length: "SMS longo",
} as const;
