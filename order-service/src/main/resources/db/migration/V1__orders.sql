create table orders (
    id                  uuid primary key,
    -- Unique, so a retried or double-clicked checkout can never create a second order: the
    -- loser's "insert ... on conflict do nothing" writes nothing and it answers with the first.
    idempotency_key     varchar(64) not null unique,
    -- sha-256 (hex) of the canonical request body, card number reduced to its last 4 digits and
    -- without the CVC; lets the replay issue tell "same request again" from "key reused".
    request_fingerprint char(64)    not null,
    status              varchar(16) not null
        check (status in ('PENDING', 'CONFIRMED', 'DECLINED', 'REJECTED', 'FAILED')),
    customer_name       varchar(100) not null,
    customer_email      varchar(254) not null,
    total_cents         bigint      not null check (total_cents >= 0),
    currency            char(3)     not null,
    reservation_id      uuid,
    charge_id           uuid,
    decline_reason      varchar(32),
    -- The last saga step whose outcome is known (see RecoveryPoint): the exactly-once issue's
    -- recovery job resumes or compensates every order not yet 'finished'.
    recovery_point      varchar(24) not null
        check (recovery_point in ('started', 'stock_reserved', 'payment_charged', 'stock_released', 'finished')),
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);

create index orders_unfinished on orders (updated_at) where recovery_point <> 'finished';

create table order_lines (
    order_id         uuid    not null references orders (id) on delete cascade,
    line_no          int     not null,
    sku              varchar(8) not null,
    quantity         int     not null check (quantity between 1 and 99),
    unit_price_cents bigint  not null check (unit_price_cents >= 0),
    primary key (order_id, line_no),
    unique (order_id, sku)
);
