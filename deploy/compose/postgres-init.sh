#!/bin/sh
# One role per service that owns data, owner of its own database only, no superuser, no
# CREATEDB/CREATEROLE; nobody else may connect to it. Flyway runs as that owner. The superuser
# (postgres) is for this script and for a person with psql, never for a service.
# Runs once, on an empty volume (docker-entrypoint-initdb.d). Passwords come from files, one per
# role, named after the database ($SHOP_DB_SECRETS/<database>): docker compose's init service
# writes them; on Kubernetes they are the shop-postgres Secret (deploy/k8s/generate-secrets.sh).
# deploy/k8s/postgres-init.sh is a copy of this file (a test checks the two are identical).
set -eu
secrets=${SHOP_DB_SECRETS:-/run/shop-secrets/postgres}
# A service role may connect to its own database only, not to the maintenance databases either.
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres -q \
  -c 'REVOKE CONNECT ON DATABASE postgres FROM PUBLIC' -c 'REVOKE CONNECT ON DATABASE template1 FROM PUBLIC'
for db in inventory pricing recommendations orders payments; do
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v role="$db" -v password="$(cat "$secrets/$db")" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"role" TO :"role";
SQL
done
