import { createHash } from 'node:crypto';
import type pg from 'pg';
import { driveAsync, type Query, type Statement } from '../../query';

/** Anything that runs a query: the book's pool, or one of its clients inside a transaction. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

interface Translated {
  text: string;
  /** The object keys in `$n` order for @named parameters; null when the statement takes `?` in order. */
  names: string[] | null;
  /** The name each connection prepares it under; absent for a statement planned afresh on every run. */
  name: string | undefined;
}

const translations = new Map<string, Translated>();

/**
 * The rules' SQL with PostgreSQL's placeholders: `?` in order, or `@name`, become `$1`, `$2`…, outside
 * quoted strings and identifiers. Done once per statement text.
 */
export function translate(sql: string, planEachRun = false): Translated {
  const key = planEachRun ? `each-run:${sql}` : sql;
  let known = translations.get(key);
  if (known) return known;
  const names: string[] = [];
  let positional = 0;
  let text = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      // A comment runs to the end of its line; a quote or a ? in it is no string or parameter.
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end - 1;
    } else if (c === "'" || c === '"') {
      const end = closingQuote(sql, i, c);
      text += sql.slice(i, end + 1);
      i = end;
    } else if (c === '?') {
      text += `$${++positional}`;
    } else if (c === '@' && /\w/.test(sql[i + 1] ?? '')) {
      const name = /^\w+/.exec(sql.slice(i + 1))![0];
      if (!names.includes(name)) names.push(name);
      text += `$${names.indexOf(name) + 1}`;
      i += name.length;
    } else {
      text += c;
    }
  }
  if (positional > 0 && names.length > 0) throw new Error('A statement takes ? or @name parameters, not both');
  // Named, so each connection plans a statement once: planning is much of a small statement's cost.
  const name = planEachRun ? undefined : `regulars_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  known = { text, names: names.length > 0 ? names : null, name };
  translations.set(key, known);
  return known;
}

/** Where the quoted text that opens at `start` ends; a doubled quote is one quote inside it. */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i;
    } else i++;
  }
  throw new Error(`Unclosed ${quote} in a statement`);
}

function valuesOf(statement: Statement, names: string[] | null): unknown[] {
  const { params } = statement;
  if (names === null) return Array.isArray(params) ? [...params] : [];
  if (Array.isArray(params)) throw new Error('A statement with @name parameters takes an object');
  const named = params as Readonly<Record<string, unknown>>;
  return names.map((name) => {
    if (!(name in named)) throw new Error(`The statement needs @${name}`);
    return named[name];
  });
}

/** The text PostgreSQL is sent for a statement: an insert asks for the new row's id with the write itself. */
const sentSql = (statement: Statement) => (statement.kind === 'insert' ? `${statement.sql} RETURNING id` : statement.sql);

/** A statement as node-postgres runs it; value, values and insert read rows as arrays. */
export function queryConfig(statement: Statement): pg.QueryConfig | pg.QueryArrayConfig {
  const { text, names, name } = translate(sentSql(statement), statement.planEachRun);
  const config = { name, text, values: valuesOf(statement, names) };
  return statement.kind === 'value' || statement.kind === 'values' || statement.kind === 'insert' ? { ...config, rowMode: 'array' as const } : config;
}

/** Answers a rule's statements on PostgreSQL through `client`. */
export function postgresAnswer(client: Queryable): (statement: Statement) => Promise<unknown> {
  return async (statement) => {
    const result: pg.QueryResult = await client.query(queryConfig(statement) as pg.QueryConfig);
    switch (statement.kind) {
      case 'one':
        return result.rows[0];
      case 'all':
        return result.rows;
      case 'value':
        return (result.rows[0] as unknown[] | undefined)?.[0];
      case 'values':
        return (result.rows as unknown[][]).map((row) => row[0]);
      case 'run':
        return { changes: result.rowCount ?? 0 };
      case 'insert':
        return Number((result.rows as unknown[][])[0][0]);
    }
  };
}

export const runOnPostgres = <T>(query: Query<T>, client: Queryable): Promise<T> => driveAsync(query, postgresAnswer(client));
