-- The search's ranking, in SQLite's own order (db/customers/search.ts). SQLite's NOCASE folds
-- A-Z only and then compares bytes, and its LIKE ignores the case of A-Z only: lower() folds every
-- letter and a collation sorts by language, so neither gives the same pages. customer_search_nocase
-- is NOCASE's fold, and COLLATE "C" its byte order (UTF-8 bytes sort as code points).
CREATE FUNCTION customer_search_nocase(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN translate(value, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
--> statement-breakpoint
-- First names that start with the query, in name order (a missing last name first, as in SQLite):
-- a search with thousands of matches reads only the page it needs from here.
CREATE INDEX customers_search_first_name_order ON customers (
  status, customer_search_nocase(first_name) COLLATE "C", customer_search_nocase(last_name) COLLATE "C" NULLS FIRST, id
) WHERE merged_into IS NULL AND erased_at IS NULL;
--> statement-breakpoint
-- Last names that start with the query, by last name.
CREATE INDEX customers_search_last_name_order ON customers (
  status, customer_search_nocase(last_name) COLLATE "C", customer_search_nocase(first_name) COLLATE "C", id
) WHERE merged_into IS NULL AND erased_at IS NULL;
--> statement-breakpoint
-- What SQLite's tokenizers find a term in: a Latin letter with one diacritic folded to its base letter
-- (é, ñ, ọ: e, n, o), and letters that are not a letter plus a mark (ø, ł, æ, ß) left as they are.
-- customer_search_fold (unaccent) folds those too (ø to o, æ to ae), so its index finds a few more
-- candidates than SQLite would ("sor" for Søren); a search checks its candidates with this fold, which
-- is SQLite's: every letter of Latin-1, Latin Extended-A/B and Latin Extended Additional whose
-- canonical decomposition is a letter and one mark, to that letter (generated from Unicode's NFD),
-- then lower(); and the combining marks SQLite counts as diacritics (sqlite3Fts5UnicodeIsdiacritic:
-- 25 of U+0300..U+0331, the end of "from", with nothing in "to") taken out, as its tokenizers take
-- them out of "Adébáyọ̀". A text of ASCII only (most names and emails) skips the long translate().
-- Not STRICT, though NULL gives NULL: a CASE is not strict, and PostgreSQL inlines a STRICT SQL
-- function only when its body is, so a STRICT one would be called, at some microseconds a row.
CREATE FUNCTION customer_search_fold_exact(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN lower(CASE WHEN octet_length(value) = length(value) THEN value ELSE translate(value,
    'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǢǣǦǧǨǩǪǫǮǯǰǴǵǸǹǼǽǾǿȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȮȯȲȳḀḁḂḃḄḅḆḇḊḋḌḍḎḏḐḑḒḓḘḙḚḛḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḰḱḲḳḴḵḶḷḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṔṕṖṗṘṙṚṛṞṟṠṡṢṣṪṫṬṭṮṯṰṱṲṳṴṵṶṷṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẛẠạẢảẸẹẺẻẼẽỈỉỊịỌọỎỏỤụỦủỲỳỴỵỶỷỸỵ̧̨̛̤̥̦̭̮̰̱̃̀́̂̃̄̆̇̈̉̊̋̌̏̑',
    'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuÆæGgKkOoƷʒjGgNnÆæØøAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoYyAaBbBbBbDdDdDdDdDdEeEeFfGgHhHhHhHhHhIiKkKkKkLlLlLlMmMmMmNnNnNnNnPpPpRrRrRrSsSsTtTtTtTtUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyſAaAaEeEeEeIiIiOoOoUuUuYyYyYyYy') END);
