-- Customer search on PostgreSQL: what SQLite's two FTS5 tables and their triggers do there
-- (db/migrations 0001, 0006, 0007), from indexes that PostgreSQL keeps in step by itself.
-- pg_trgm's GIN index finds any part of a name, an email or the phone's digits (3+ characters);
-- the b-tree prefix indexes (text_pattern_ops, so LIKE 'ab%' uses them in any collation) answer
-- one or two typed characters. Like SQLite's tokenizers, both fold case and accents. Merged and
-- erased records are never found by a search: the indexes are partial and leave them out, so a
-- search must say `merged_into IS NULL AND erased_at IS NULL` to be answered from them.
-- Both extensions are "trusted" (PostgreSQL 13+): the database's owner may create them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary could be changed), and an index needs an IMMUTABLE
-- expression: this wrapper promises the dictionary stays as shipped. A SQL-standard body
-- (PostgreSQL 14+) is bound when it is created, so no search_path can change what it calls.
CREATE FUNCTION customer_search_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN lower(unaccent('unaccent'::regdictionary, value));
--> statement-breakpoint
-- The text a fragment is looked for in: name, email and phone digits, as SQLite's indexes hold them.
CREATE FUNCTION customer_search_text(first_name text, last_name text, email text, phone_search text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN customer_search_fold(first_name || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone_search, ''));
--> statement-breakpoint
-- fastupdate off: GIN's default parks new rows in a pending list that every search must then read
-- in full until a vacuum merges it (up to 4 MB), which costs a search far more than it saves a
-- till that adds one customer at a time.
CREATE INDEX customers_search_trigram ON customers USING gin (customer_search_text(first_name, last_name, email, phone_search) gin_trgm_ops)
  WITH (fastupdate = off) WHERE merged_into IS NULL AND erased_at IS NULL;
--> statement-breakpoint
CREATE INDEX customers_first_name_prefix ON customers (customer_search_fold(first_name) text_pattern_ops)
  WHERE merged_into IS NULL AND erased_at IS NULL;
--> statement-breakpoint
CREATE INDEX customers_last_name_prefix ON customers (customer_search_fold(last_name) text_pattern_ops)
  WHERE merged_into IS NULL AND erased_at IS NULL;
--> statement-breakpoint
-- phone_search starts with the international digits ("233244123456 0244123456 244123456").
CREATE INDEX customers_phone_search_prefix ON customers (phone_search text_pattern_ops)
  WHERE merged_into IS NULL AND erased_at IS NULL;
