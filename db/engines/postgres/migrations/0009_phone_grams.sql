-- A phone search of four digits ("0249", "4479") found its matches through the trigram index, which
-- hands over every one of them before the first: a bitmap of thousands for a network's prefix (one
-- customer in 150), 5 to 10 ms at a million customers, and the last tier read them all again to
-- sort them. customer_phone_grams holds every run of four digits in each of a customer's digit
-- strings, in an index ordered by customer within each run, so a search reads the newest customers
-- whose phone holds four digits straight off the index, and only as many as it asks for.
--
-- Derived data, as customer_search is (migration 0004): its triggers keep it in step with
-- customer_search's phone, and a move neither copies it nor counts it. No foreign key: deleting a
-- customer would look for their rows by customer, which the index, by digits first, cannot do
-- quickly; the trigger deletes them by their digits instead.
CREATE TABLE customer_phone_grams (
  -- The four digits as a number: every run has exactly four, so 249 can only be "0249".
  gram smallint NOT NULL,
  customer_id integer NOT NULL
);
--> statement-breakpoint
-- The distinct runs of four digits in a customer_search phone (its digit strings after spaces).
CREATE FUNCTION customer_phone_grams_of(phone text) RETURNS smallint[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN ARRAY(SELECT DISTINCT substr(digits, i, 4)::smallint
                 FROM unnest(string_to_array(phone, ' ')) digits, generate_series(1, char_length(digits) - 3) i
                WHERE substr(digits, i, 4) ~ '^[0-9]{4}$');
--> statement-breakpoint
CREATE FUNCTION customer_phone_grams_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM customer_phone_grams WHERE gram = ANY (customer_phone_grams_of(OLD.phone)) AND customer_id = OLD.customer_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO customer_phone_grams (gram, customer_id) SELECT gram, NEW.customer_id FROM unnest(customer_phone_grams_of(NEW.phone)) gram;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION customer_phone_grams_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE customer_phone_grams;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The customers already in the book, before the index, which is quicker made once than kept row by row.
INSERT INTO customer_phone_grams (gram, customer_id)
SELECT gram, customer_id FROM customer_search, unnest(customer_phone_grams_of(phone)) gram;
--> statement-breakpoint
-- Not a primary key: a move drops a table's indexes, but not its keys, while it copies rows in.
CREATE UNIQUE INDEX customer_phone_grams_by_gram ON customer_phone_grams (gram, customer_id);
--> statement-breakpoint
CREATE TRIGGER customer_search_phone_grams
  AFTER INSERT OR DELETE ON customer_search
  FOR EACH ROW EXECUTE FUNCTION customer_phone_grams_sync();
--> statement-breakpoint
-- customer_search_sync (migration 0008) writes every column of a customer's row on any change: only
-- a new phone changes the runs.
CREATE TRIGGER customer_search_phone_grams_change
  AFTER UPDATE OF phone ON customer_search
  FOR EACH ROW WHEN (OLD.phone IS DISTINCT FROM NEW.phone) EXECUTE FUNCTION customer_phone_grams_sync();
--> statement-breakpoint
-- A migration that writes customer_search again empties it first (0008 did).
CREATE TRIGGER customer_search_phone_grams_clear
  AFTER TRUNCATE ON customer_search
  FOR EACH STATEMENT EXECUTE FUNCTION customer_phone_grams_clear();
--> statement-breakpoint
ANALYZE customer_phone_grams;
