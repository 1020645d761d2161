/**
 * The SQL that is not the same on both engines, as fragments a rule puts into its statement. Each
 * engine has its own (db/engines/<engine>/dialect.ts), chosen when the book opens; a rule never asks
 * which engine it runs on.
 */
export interface Dialect {
  /**
   * `expr` to compare and sort ignoring the case of A–Z, as SQLite's NOCASE does (other letters
   * compare as they are): `name = ? COLLATE NOCASE` is `${nocase('name')} = ${nocase('?')}`.
   */
  nocase(expr: string): string;
  /** A FROM item: the texts of a JSON array held in text `expr`, one row each, as column `value` of `alias`. */
  jsonTexts(expr: string, alias: string): string;
  /** Field `key` of the JSON object in text `expr`, as text. */
  jsonText(expr: string, key: string): string;
}
