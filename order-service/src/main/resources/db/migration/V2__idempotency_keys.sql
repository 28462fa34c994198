-- Issue 7: the orders row is also the idempotency record of its key (after Brandur Leach,
-- "Implementing Stripe-like Idempotency Keys in Postgres"): the key, the request's fingerprint,
-- a lock with a lease (a request in flight → 409), the recovery point, and the final response.

-- Reaped after 24 h (KeyReaper): the order stays, its key is forgotten, so it may be used again.
alter table orders alter column idempotency_key drop not null;

alter table orders
    -- The final answer (201 confirmed, 402 declined, 409 out of stock), replayed for the key with
    -- Idempotent-Replayed: true. Null while the checkout can still go on (a 503 is never stored:
    -- a retry with the same key resumes from the recovery point instead).
    add column response_status int,
    add column response_body   text,
    -- The attempt holding the key: its fencing token and lease (its request's budget + 2 s). A
    -- write by an attempt whose lease was taken over matches no row and is refused.
    add column lock_token      uuid,
    add column locked_until    timestamptz,
    -- Which reservation key the order uses: <id> first, <id>-2 after a release, and so on
    -- (inventory is idempotent per key, and a released reservation stays released).
    add column reservation_attempt int not null default 1 check (reservation_attempt between 1 and 99),
    add column key_created_at  timestamptz not null default now();

create index orders_key_reaper on orders (key_created_at) where idempotency_key is not null;
