-- List prices per SKU. The price a customer pays is derived, never stored: list price minus the
-- best promotion active right now.
CREATE TABLE prices (
    sku        VARCHAR(32) PRIMARY KEY,
    list_cents INTEGER     NOT NULL CHECK (list_cents >= 0),
    currency   CHAR(3)     NOT NULL DEFAULT 'EUR'
);

-- A promotion is active while starts_at <= now < ends_at. Seed promotions have id 'seed-<sku>',
-- so reloading the seed on restart keeps the window of the first load.
CREATE TABLE promotions (
    id          VARCHAR(64) PRIMARY KEY,
    sku         VARCHAR(32) NOT NULL REFERENCES prices (sku) ON DELETE CASCADE,
    percent_off INTEGER     NOT NULL CHECK (percent_off BETWEEN 1 AND 99),
    label       TEXT        NOT NULL,
    starts_at   TIMESTAMPTZ NOT NULL,
    ends_at     TIMESTAMPTZ NOT NULL,
    CHECK (ends_at > starts_at)
);

CREATE INDEX promotions_sku_window ON promotions (sku, starts_at, ends_at);
CREATE INDEX promotions_window ON promotions (ends_at, starts_at);
