-- Issue 12, hole 3: a HELD reservation that nobody owns (an invented orderId, a checkout that was
-- never retried or settled) held its stock forever. Every reservation now expires
-- (inventory.reservation.hold-for, 15 min by default: far longer than any checkout, whose budget
-- is at most 15 s, and than order-service's recovery, which settles an abandoned one after 60 s);
-- ReservationSweeper releases the expired HELD ones. Written to be harmless if applied twice.
alter table reservations add column if not exists expires_at timestamptz;
update reservations set expires_at = created_at + interval '15 minutes' where expires_at is null;
alter table reservations alter column expires_at set not null;

create index if not exists reservations_held_by_expiry on reservations (expires_at) where status = 'HELD';
