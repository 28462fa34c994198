#!/bin/sh
# Generates the shop's secrets for Kubernetes as env files in deploy/k8s/secrets/ (ignored by
# git, 0600), which kustomization.yaml's secretGenerator turns into Secrets:
#   shop-ops          ops-token, service-credential   (services; fraud-api gets neither)
#   shop-redis        password, redis.conf            (Redis and the services that use it)
#   shop-postgres     superuser + one password per role (the postgres pod only)
#   shop-db-<db>      password                        (the one service that owns <db>)
# Run once before the first "kubectl apply -k deploy/k8s"; it prints the ops token. Run it again
# and it keeps what exists: the PostgreSQL passwords are set when the volume is first
# initialised, so new ones would lock the services out. To rotate, use --force AND change the
# role passwords in PostgreSQL (ALTER ROLE ... PASSWORD), or start from an empty volume.
# Elsewhere than a throwaway cluster, prefer your secret store (External Secrets, Sealed
# Secrets, a cloud secret manager) and create Secrets of the same names and keys.
set -eu
out="${SHOP_K8S_SECRETS_DIR:-$(cd "$(dirname "$0")" && pwd)/secrets}"
if [ -f "$out/ops.env" ] && [ "${1:-}" != --force ]; then
  echo "secrets exist in $out (--force to replace them); the ops token: grep ops-token $out/ops.env"
  exit 0
fi
gen() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
umask 077
mkdir -p "$out"
ops=$(gen)
redis=$(gen)
printf 'ops-token=%s\nservice-credential=%s\n' "$ops" "$(gen)" > "$out/ops.env"
printf 'password=%s\nredis.conf=requirepass %s\n' "$redis" "$redis" > "$out/redis.env"
printf 'superuser=%s\n' "$(gen)" > "$out/postgres.env"
for db in inventory pricing recommendations orders payments; do
  password=$(gen)
  printf '%s=%s\n' "$db" "$password" >> "$out/postgres.env"
  printf 'password=%s\n' "$password" > "$out/db-$db.env"
done
echo "secrets written to $out. Ops token (send it as X-Ops-Token):"
echo "  $ops"
