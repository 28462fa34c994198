-- A denormalised copy of the catalog facts recommendations need (name, category, popularity),
-- so an answer never waits on inventory.
CREATE TABLE items (
    sku        VARCHAR(32) PRIMARY KEY,
    name       TEXT        NOT NULL,
    category   VARCHAR(32) NOT NULL,
    popularity INTEGER     NOT NULL CHECK (popularity >= 0)
);
CREATE INDEX items_popularity ON items (popularity DESC, sku);
CREATE INDEX items_category_popularity ON items (category, popularity DESC, sku);

-- "Bought together", stored in both directions so "bought with X" is one primary-key range scan.
CREATE TABLE co_purchases (
    sku       VARCHAR(32) NOT NULL REFERENCES items (sku) ON DELETE CASCADE,
    other_sku VARCHAR(32) NOT NULL REFERENCES items (sku) ON DELETE CASCADE,
    count     INTEGER     NOT NULL CHECK (count > 0),
    PRIMARY KEY (sku, other_sku),
    CHECK (sku <> other_sku)
);

CREATE TABLE user_purchases (
    user_id VARCHAR(64) NOT NULL,
    sku     VARCHAR(32) NOT NULL REFERENCES items (sku) ON DELETE CASCADE,
    PRIMARY KEY (user_id, sku)
);
