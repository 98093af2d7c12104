/** A SOQL literal: datetime and date literals become `Date`s. */
export type SoqlValue = string | number | boolean | null | Date;
export type SoqlOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'NOT IN';

export interface SoqlCondition {
  field: string;
  operator: SoqlOperator;
  value: SoqlValue | SoqlValue[];
}

/** The subset the orchestrator uses: one object, AND-ed conditions, one sort key, a limit. */
export interface SoqlQuery {
  fields: string[];
  sobject: string;
  where: SoqlCondition[];
  orderBy?: { field: string; descending: boolean; nullsLast: boolean };
  limit?: number;
}

export class SoqlSyntaxError extends Error {}

type Token = { kind: 'string' | 'datetime' | 'number' | 'operator' | 'punct' | 'word'; text: string };

const TOKEN =
  /\s*(?:(?<string>'(?:[^'\\]|\\.)*')|(?<datetime>\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))?)|(?<number>-?\d+(?:\.\d+)?)|(?<operator>!=|<>|<=|>=|=|<|>)|(?<punct>[(),])|(?<word>[A-Za-z_][A-Za-z0-9_.]*))/y;

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < soql.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(soql);
    if (!match?.groups) {
      if (soql.slice(at).trim() === '') break;
      throw new SoqlSyntaxError(`unexpected token: '${soql.slice(at).trim().split(/\s/)[0]}'`);
    }
    const [kind, text] = Object.entries(match.groups).find(([, v]) => v !== undefined) as [
      Token['kind'],
      string,
    ];
    tokens.push({ kind, text });
  }
  return tokens;
}

/** Parses the SOQL subset; anything outside it is a `MALFORMED_QUERY`, as an unknown construct would be. */
export function parseSoql(soql: string): SoqlQuery {
  const tokens = tokenize(soql);
  let i = 0;
  const peek = () => tokens[i];
  const isKeyword = (word: string) => peek()?.kind === 'word' && peek()!.text.toUpperCase() === word;
  const next = (): Token => {
    const token = tokens[i++];
    if (!token) throw new SoqlSyntaxError('unexpected end of query');
    return token;
  };
  const expectKeyword = (word: string) => {
    const token = next();
    if (token.kind !== 'word' || token.text.toUpperCase() !== word) {
      throw new SoqlSyntaxError(`unexpected token: '${token.text}', expected ${word}`);
    }
  };
  const identifier = (): string => {
    const token = next();
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toUpperCase())) {
      throw new SoqlSyntaxError(`unexpected token: '${token.text}'`);
    }
    return token.text;
  };
  const literal = (): SoqlValue => literalOf(next());

  expectKeyword('SELECT');
  const fields = [identifier()];
  while (peek()?.text === ',') {
    i += 1;
    fields.push(identifier());
  }
  expectKeyword('FROM');
  const query: SoqlQuery = { fields, sobject: identifier(), where: [] };

  if (isKeyword('WHERE')) {
    i += 1;
    query.where.push(condition(identifier()));
    while (isKeyword('AND')) {
      i += 1;
      query.where.push(condition(identifier()));
    }
  }
  if (isKeyword('ORDER')) {
    i += 1;
    expectKeyword('BY');
    const field = identifier();
    let descending = false;
    if (isKeyword('ASC') || isKeyword('DESC')) descending = next().text.toUpperCase() === 'DESC';
    let nullsLast = descending;
    if (isKeyword('NULLS')) {
      i += 1;
      nullsLast = next().text.toUpperCase() === 'LAST';
    }
    query.orderBy = { field, descending, nullsLast };
  }
  if (isKeyword('LIMIT')) {
    i += 1;
    const token = next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text))
      throw new SoqlSyntaxError(`unexpected token: '${token.text}'`);
    query.limit = Number(token.text);
  }
  if (peek()) throw new SoqlSyntaxError(`unexpected token: '${peek()!.text}'`);
  return query;

  function condition(field: string): SoqlCondition {
    if (isKeyword('IN') || isKeyword('NOT')) {
      const operator = next().text.toUpperCase() === 'NOT' ? (expectKeyword('IN'), 'NOT IN') : 'IN';
      if (next().text !== '(') throw new SoqlSyntaxError(`expected ( after ${operator}`);
      const values = [literal()];
      while (peek()?.text === ',') {
        i += 1;
        values.push(literal());
      }
      if (next().text !== ')') throw new SoqlSyntaxError(`expected ) to close ${operator}`);
      return { field, operator, value: values };
    }
    const token = next();
    if (token.kind !== 'operator') throw new SoqlSyntaxError(`unexpected token: '${token.text}'`);
    const operator = (token.text === '<>' ? '!=' : token.text) as SoqlOperator;
    return { field, operator, value: literal() };
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r' };
const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'IN', 'NOT', 'ORDER', 'BY', 'LIMIT']);

function literalOf(token: Token): SoqlValue {
  switch (token.kind) {
    case 'string':
      return token.text.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
    case 'number':
      return Number(token.text);
    case 'datetime':
      return new Date(token.text.length === 10 ? `${token.text}T00:00:00Z` : token.text);
    case 'word': {
      const word = token.text.toLowerCase();
      if (word === 'true' || word === 'false') return word === 'true';
      if (word === 'null') return null;
    }
  }
  throw new SoqlSyntaxError(`unexpected token: '${token.text}'`);
}
