-- Customer search, answered from indexes and never by scanning the table.
-- customers_trigram finds any part of a name, an email or the phone's digits (3+ characters);
-- customers_prefix answers one or two typed characters by word prefix.
-- Both fold case and accents, and are kept in step with customers by triggers.
CREATE VIRTUAL TABLE customers_trigram USING fts5(name, email, phone, tokenize = 'trigram remove_diacritics 1');
--> statement-breakpoint
CREATE VIRTUAL TABLE customers_prefix USING fts5(name, email, phone, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2');
--> statement-breakpoint
CREATE TRIGGER customers_search_after_insert AFTER INSERT ON customers BEGIN
  INSERT INTO customers_trigram (rowid, name, email, phone)
    VALUES (new.id, new.first_name || ' ' || coalesce(new.last_name, ''), coalesce(new.email, ''), coalesce(new.phone_search, ''));
  INSERT INTO customers_prefix (rowid, name, email, phone)
    VALUES (new.id, new.first_name || ' ' || coalesce(new.last_name, ''), coalesce(new.email, ''), coalesce(new.phone_search, ''));
END;
--> statement-breakpoint
CREATE TRIGGER customers_search_after_update AFTER UPDATE OF first_name, last_name, email, phone_search ON customers BEGIN
  DELETE FROM customers_trigram WHERE rowid = old.id;
  DELETE FROM customers_prefix WHERE rowid = old.id;
  INSERT INTO customers_trigram (rowid, name, email, phone)
    VALUES (new.id, new.first_name || ' ' || coalesce(new.last_name, ''), coalesce(new.email, ''), coalesce(new.phone_search, ''));
  INSERT INTO customers_prefix (rowid, name, email, phone)
    VALUES (new.id, new.first_name || ' ' || coalesce(new.last_name, ''), coalesce(new.email, ''), coalesce(new.phone_search, ''));
END;
--> statement-breakpoint
CREATE TRIGGER customers_search_after_delete AFTER DELETE ON customers BEGIN
  DELETE FROM customers_trigram WHERE rowid = old.id;
  DELETE FROM customers_prefix WHERE rowid = old.id;
END;
