-- zhiqian schema, version 2 (SQLite dialect): access control for the HTTP API.
--
-- Kept semantically identical to migrations/pg/0002_access.sql.
--
-- A bank token may be bound to one wage account instead of a whole bank: the account number
-- is personal data, so only its keyed look-up hash is kept (the token's subject then holds the
-- masked number for display).
ALTER TABLE api_tokens ADD COLUMN account_hash BLOB;
CREATE INDEX api_tokens_account ON api_tokens (account_hash);

-- Worker look-ups by name in the API.
CREATE INDEX workers_name ON workers (name);

-- Project lists sorted by start date or contract amount walk these in order (keyset paging).
CREATE INDEX projects_start ON projects (start_date, code);
CREATE INDEX projects_amount ON projects (contract_amount_fen, code);
