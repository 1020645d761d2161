import type { Dialect } from '../../dialect';

export const postgresDialect: Dialect = {
  // customer_search_nocase (migration 0003) folds A–Z only, and "C" compares bytes: SQLite's NOCASE.
  nocase: (expr) => `customer_search_nocase(${expr}) COLLATE "C"`,
  jsonTexts: (expr, alias) => `json_array_elements_text((${expr})::json) AS ${alias}(value)`,
  jsonText: (expr, key) => `((${expr})::json ->> '${key}')`,
};
