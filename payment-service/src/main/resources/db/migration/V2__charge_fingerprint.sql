-- Issue 12, hole 5: the key is required, and a reused key must carry the same request. The
-- fingerprint is the sha-256 (hex) of order, amount, currency and the card's BIN, last 4 and
-- expiry (never the whole number: a hash of a 16-digit number with a known BIN and last 4 is
-- reversed by trying the million numbers in between). Charges from before have none; a replay of
-- one is compared by order only, as before.
alter table charges add column if not exists request_fingerprint char(64);
