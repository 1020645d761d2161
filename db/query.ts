/**
 * The rules speak to the book in statements they yield, not calls they make: a rule is a generator
 * (`function*`) that yields each statement and gets its answer back. SQLite's engine answers at once
 * (better-sqlite3 is synchronous, so a rule still runs inside one synchronous transaction), and
 * PostgreSQL's awaits the server. One rule, written once, runs on both (docs/architecture.md).
 *
 * A rule reads `const row = yield* one<Row>(sql, params)`: `yield*` keeps the answer's type.
 * SQL is written once for both engines: parameters as `?` (in order) or `@name` (from an object),
 * aliases that are not all lower case in double quotes (PostgreSQL folds bare names), 1/0 rather
 * than a bare comparison as a selected value, and what truly differs between the engines through
 * `ctx.dialect`.
 */
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface Statement {
  /**
   * one: the first row, or undefined; all: every row; value: the first column of the first row;
   * values: the first column of every row; run: a write, answered with how many rows it changed;
   * insert: an INSERT of one row into a table keyed by `id`, answered with that id.
   */
  kind: 'one' | 'all' | 'value' | 'values' | 'run' | 'insert';
  sql: string;
  params: Params;
  /**
   * Planned afresh on every run rather than once per connection: for a statement whose best plan
   * turns on its parameters (a search term common or rare). SQLite plans every run anyway.
   */
  planEachRun?: boolean;
}

export interface StatementOptions {
  planEachRun?: boolean;
}

export interface RunAnswer {
  changes: number;
}

/** A rule's work: the statements it yields, and then the value it returns. */
export type Query<T> = Generator<Statement, T, unknown>;

const noParams: Params = [];

export function* one<T>(sql: string, params: Params = noParams, options: StatementOptions = {}): Query<T | undefined> {
  return (yield { kind: 'one', sql, params, ...options }) as T | undefined;
}

export function* all<T>(sql: string, params: Params = noParams, options: StatementOptions = {}): Query<T[]> {
  return (yield { kind: 'all', sql, params, ...options }) as T[];
}

/** The first column of the first row (a count, an id), or undefined when there is no row. */
export function* value<T>(sql: string, params: Params = noParams, options: StatementOptions = {}): Query<T | undefined> {
  return (yield { kind: 'value', sql, params, ...options }) as T | undefined;
}

/** The first column of every row (a list of ids). */
export function* values<T>(sql: string, params: Params = noParams, options: StatementOptions = {}): Query<T[]> {
  return (yield { kind: 'values', sql, params, ...options }) as T[];
}

export function* run(sql: string, params: Params = noParams): Query<RunAnswer> {
  return (yield { kind: 'run', sql, params }) as RunAnswer;
}

/**
 * Inserts one row and answers its new `id`, as each engine gives it with the write itself: SQLite's
 * last insert rowid (its RETURNING would run as a trigger and, inside a long transaction, copy every
 * page the insert touches into a statement journal), PostgreSQL's RETURNING. Never a second statement:
 * an import runs this 100,000 times.
 */
export function* insert(sql: string, params: Params = noParams): Query<number> {
  return (yield { kind: 'insert', sql, params }) as number;
}

/** A value as a query that yields nothing: for an engine whose answer needs no statement. */
// eslint-disable-next-line require-yield
export function* done<T>(answer: T): Query<T> {
  return answer;
}

export const isQuery = (value: unknown): value is Query<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as Query<unknown>).next === 'function' && typeof (value as Query<unknown>).throw === 'function';

/**
 * Runs a query, answering each statement with `answer`. A failed statement is thrown into the rule
 * at its `yield*`, so that a rule may catch what it expects (a unique clash) as it would a call.
 */
export function drive<T>(query: Query<T>, answer: (statement: Statement) => unknown): T {
  let step = query.next();
  while (!step.done) {
    let result: unknown;
    try {
      result = answer(step.value);
    } catch (error) {
      step = query.throw(error);
      continue;
    }
    step = query.next(result);
  }
  return step.value;
}

export async function driveAsync<T>(query: Query<T>, answer: (statement: Statement) => Promise<unknown>): Promise<T> {
  let step = query.next();
  while (!step.done) {
    let result: unknown;
    try {
      result = await answer(step.value);
    } catch (error) {
      step = query.throw(error);
      continue;
    }
    step = query.next(result);
  }
  return step.value;
}
