-- One row per charge attempt that reached a decision (captured or declined). Requests refused as
-- bad input, or left undecided because the fraud check was unavailable, write nothing.
create table charges (
    id              uuid primary key,
    order_id        uuid        not null,
    -- Unique, so two concurrent requests with the same key cannot both insert: the loser's
    -- "insert ... on conflict do nothing" writes nothing and it answers with the winner's charge.
    -- Nullable because the key is optional until the Idempotency-Key issue makes it required.
    idempotency_key varchar(64) unique,
    amount_cents    bigint      not null check (amount_cents > 0),
    currency        char(3)     not null,
    status          varchar(16) not null check (status in ('CAPTURED', 'DECLINED', 'REFUNDED')),
    decline_reason  varchar(32),
    -- Never the whole card number (PCI DSS): the last 4 digits are all a receipt needs.
    card_last4      char(4)     not null,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    check ((status = 'DECLINED') = (decline_reason is not null))
);

create index charges_order_id on charges (order_id);
