-- inventory-service owns the catalog and the stock. Both replicas share this database;
-- Flyway's advisory lock makes it safe for them to migrate at the same time.

create table categories (
    slug     text primary key,
    name     text not null,
    position int  not null
);

create table products (
    sku         text primary key,
    name        text not null,
    description text not null,
    category    text not null references categories (slug),
    image_url   text not null
);
create index products_by_category on products (category, sku);

-- Stock can never go below zero: the CHECK is the last line of defence behind the
-- conditional UPDATE that reservations use.
create table stock (
    sku        text primary key references products (sku),
    available  int  not null check (available >= 0),
    updated_at timestamptz not null default now()
);

-- One reservation per order (order_id is UNIQUE), so a retried reservation for the same
-- order finds the first one instead of taking the stock twice.
create table reservations (
    id         uuid primary key,
    order_id   text not null unique,
    status     text not null check (status in ('HELD', 'COMMITTED', 'RELEASED')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table reservation_lines (
    reservation_id uuid not null references reservations (id),
    sku            text not null references products (sku),
    quantity       int  not null check (quantity > 0),
    primary key (reservation_id, sku)
);
