import type { Dialect } from '../../dialect';

export const sqliteDialect: Dialect = {
  nocase: (expr) => `${expr} COLLATE NOCASE`,
  jsonTexts: (expr, alias) => `json_each(${expr}) AS ${alias}`,
  jsonText: (expr, key) => `json_extract(${expr}, '$.${key}')`,
};
