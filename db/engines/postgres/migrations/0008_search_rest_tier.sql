-- The search's last tier (the matches whose names do not start with what was typed, newest first)
-- filtered every match through customers: a join planned afresh against that table's many indexes,
-- then translate() on two names a row, for hundreds of matches. customer_search
-- now also holds what that tier filters on, the status and both names in NOCASE's fold
-- (customer_search_nocase, migration 0003), so the tier reads this one table: the trigram index for a
-- rare term, its primary key newest first for a common one.
--
-- pg_trgm reads only letters and digits, so a fragment typed with its punctuation ("boateng.",
-- "_com") was narrowed by its letters alone, among thousands of names and emails that have them, and
-- each was checked by hand. name_coded and email_coded hold the same texts with that punctuation
-- written as letters no name or email uses (customer_search_code), and the trigram index reads those:
-- "boateng." is then as rare as it is. The folded texts stay the check, so a coded letter that does
-- turn up costs a check, never a wrong match.
--
-- The table is derived data (migration 0004): emptied and written again from customers rather than
-- updated row by row, which would rewrite every row's trigram entries one by one.
DROP INDEX customer_search_trigram;
--> statement-breakpoint
-- Migration 0001's search indexes on customers have answered no search since customer_search (0004)
-- and the name order indexes (0003) took over, yet every write of a customer's row still updated them:
-- a sale's new totals, through the trigram index and unaccent() three times over.
DROP INDEX customers_search_trigram;
--> statement-breakpoint
DROP INDEX customers_first_name_prefix;
--> statement-breakpoint
DROP INDEX customers_last_name_prefix;
--> statement-breakpoint
DROP INDEX customers_phone_search_prefix;
--> statement-breakpoint
TRUNCATE customer_search;
--> statement-breakpoint
ALTER TABLE customer_search
  ADD COLUMN status text NOT NULL,
  ADD COLUMN first_nocase text NOT NULL,
  ADD COLUMN last_nocase text,
  ADD COLUMN name_coded text NOT NULL,
  ADD COLUMN email_coded text NOT NULL;
--> statement-breakpoint
-- Click and IPA letters, which pg_trgm takes for letters (a word's characters) and a name or an email
-- all but never holds, one for each mark people type in an email or a name.
CREATE FUNCTION customer_search_code(folded text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN translate(folded, '._-@+''', 'ǀǁǂǃʘʬ');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION customer_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.merged_into IS NOT NULL OR NEW.erased_at IS NOT NULL THEN
    DELETE FROM customer_search WHERE customer_id = NEW.id;
    RETURN NULL;
  END IF;
  INSERT INTO customer_search AS s (customer_id, name_folded, email_folded, words, phone, status, first_nocase, last_nocase, name_coded, email_coded)
  SELECT NEW.id, f.name_folded, f.email_folded,
         customer_search_words(f.name_folded) || customer_search_words(f.email_folded),
         ' ' || coalesce(NEW.phone_search, ''),
         NEW.status, customer_search_nocase(NEW.first_name), customer_search_nocase(NEW.last_name),
         customer_search_code(f.name_folded), customer_search_code(f.email_folded)
    FROM (SELECT customer_search_fold_exact(NEW.first_name || ' ' || coalesce(NEW.last_name, '')) AS name_folded,
                 customer_search_fold_exact(coalesce(NEW.email, '')) AS email_folded) f
  ON CONFLICT (customer_id) DO UPDATE
    SET name_folded = EXCLUDED.name_folded, email_folded = EXCLUDED.email_folded, words = EXCLUDED.words, phone = EXCLUDED.phone,
        status = EXCLUDED.status, first_nocase = EXCLUDED.first_nocase, last_nocase = EXCLUDED.last_nocase,
        name_coded = EXCLUDED.name_coded, email_coded = EXCLUDED.email_coded;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Archiving or restoring a customer now changes their row here too.
DROP TRIGGER customers_search_sync ON customers;
--> statement-breakpoint
CREATE TRIGGER customers_search_sync
  AFTER INSERT OR UPDATE OF first_name, last_name, email, phone_search, merged_into, erased_at, status ON customers
  FOR EACH ROW EXECUTE FUNCTION customer_search_sync();
--> statement-breakpoint
INSERT INTO customer_search (customer_id, name_folded, email_folded, words, phone, status, first_nocase, last_nocase, name_coded, email_coded)
SELECT id, name_folded, email_folded, customer_search_words(name_folded) || customer_search_words(email_folded), ' ' || coalesce(phone_search, ''),
       status, customer_search_nocase(first_name), customer_search_nocase(last_name), customer_search_code(name_folded), customer_search_code(email_folded)
  FROM (SELECT id, phone_search, status, first_name, last_name,
               customer_search_fold_exact(first_name || ' ' || coalesce(last_name, '')) AS name_folded,
               customer_search_fold_exact(coalesce(email, '')) AS email_folded
          FROM customers WHERE merged_into IS NULL AND erased_at IS NULL) c;
--> statement-breakpoint
-- As migration 0004 made it, on the coded texts: fastupdate off, as a pending list would be read in
-- full by every search.
CREATE INDEX customer_search_trigram ON customer_search
  USING gin (name_coded gin_trgm_ops, email_coded gin_trgm_ops, words gin_trgm_ops, phone gin_trgm_ops) WITH (fastupdate = off);
--> statement-breakpoint
ANALYZE customer_search;
