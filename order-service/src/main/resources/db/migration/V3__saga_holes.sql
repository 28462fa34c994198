-- Issue 12: the saga's holes. Flyway applies this once per database; every statement is also
-- written to be harmless on a database that already has it.

-- NEEDS_ATTENTION: recovery tried order.recovery.max-attempts times and could not settle the
-- order; a person takes it from its recovery_point (docs/operations.md#ordersunsettled).
alter table orders drop constraint if exists orders_status_check;
alter table orders add constraint orders_status_check
    check (status in ('PENDING', 'CONFIRMED', 'DECLINED', 'REJECTED', 'FAILED', 'NEEDS_ATTENTION'));

-- release_pending: a release was sent and its answer lost; it is sent again before anything else.
alter table orders drop constraint if exists orders_recovery_point_check;
alter table orders add constraint orders_recovery_point_check
    check (recovery_point in ('started', 'stock_reserved', 'payment_charged', 'release_pending', 'stock_released',
                              'finished'));

alter table orders
    -- How often recovery tried to settle the order, and when it may try next (exponential backoff).
    add column if not exists recovery_attempts int not null default 0,
    add column if not exists next_recovery_at timestamptz,
    -- 256 random bits (hex) that the confirmation page shows the order by; the order id is no
    -- secret (it travels in 503 answers and logs). Orders from before have none: not viewable.
    add column if not exists view_token char(64);

create unique index if not exists orders_view_token on orders (view_token);
