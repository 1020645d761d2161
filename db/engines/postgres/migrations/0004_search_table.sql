-- The search's texts, folded once when a customer is written rather than for every row a search
-- reads (folding a name with unaccent or translate() costs microseconds a row, and a search may read
-- thousands). customer_search holds one row per searchable customer (merged and erased ones have
-- none) with each text exactly as db/engines/postgres/customers/search.ts checks it, so a search's
-- checks are plain LIKE and strpos on stored text. It is derived data, kept in step by the trigger
-- below: a move never copies it (db/engines/move) and the schema parity test leaves it out.
CREATE TABLE customer_search (
  customer_id integer PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  -- The name ("first last") and the email in SQLite's fold (customer_search_fold_exact), for fragments.
  name_folded text NOT NULL,
  email_folded text NOT NULL,
  -- Both, each character that is not a letter or digit made a space, after a space: a word that starts
  -- with "ab" is then LIKE '% ab%', which the trigram index narrows even for one or two characters.
  words text NOT NULL,
  -- The phone's digit strings after a space: LIKE '% 0244%' is a digit string's start.
  phone text NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION customer_search_words(folded text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN ' ' || regexp_replace(folded, '[^[:alnum:]]', ' ', 'g');
--> statement-breakpoint
CREATE FUNCTION customer_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.merged_into IS NOT NULL OR NEW.erased_at IS NOT NULL THEN
    DELETE FROM customer_search WHERE customer_id = NEW.id;
    RETURN NULL;
  END IF;
  INSERT INTO customer_search AS s (customer_id, name_folded, email_folded, words, phone)
  SELECT NEW.id, f.name_folded, f.email_folded,
         customer_search_words(f.name_folded) || customer_search_words(f.email_folded),
         ' ' || coalesce(NEW.phone_search, '')
    FROM (SELECT customer_search_fold_exact(NEW.first_name || ' ' || coalesce(NEW.last_name, '')) AS name_folded,
                 customer_search_fold_exact(coalesce(NEW.email, '')) AS email_folded) f
  ON CONFLICT (customer_id) DO UPDATE
    SET name_folded = EXCLUDED.name_folded, email_folded = EXCLUDED.email_folded, words = EXCLUDED.words, phone = EXCLUDED.phone;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER customers_search_sync
  AFTER INSERT OR UPDATE OF first_name, last_name, email, phone_search, merged_into, erased_at ON customers
  FOR EACH ROW EXECUTE FUNCTION customer_search_sync();
--> statement-breakpoint
-- The customers already in the book.
INSERT INTO customer_search (customer_id, name_folded, email_folded, words, phone)
SELECT id, name_folded, email_folded, customer_search_words(name_folded) || customer_search_words(email_folded), ' ' || coalesce(phone_search, '')
  FROM (SELECT id, phone_search,
               customer_search_fold_exact(first_name || ' ' || coalesce(last_name, '')) AS name_folded,
               customer_search_fold_exact(coalesce(email, '')) AS email_folded
          FROM customers WHERE merged_into IS NULL AND erased_at IS NULL) c;
--> statement-breakpoint
-- fastupdate off, as customers_search_trigram (0001): a pending list would be read in full by every search.
CREATE INDEX customer_search_trigram ON customer_search
  USING gin (name_folded gin_trgm_ops, email_folded gin_trgm_ops, words gin_trgm_ops, phone gin_trgm_ops) WITH (fastupdate = off);
