#!/bin/sh
# docker compose's one-shot "init" service: on the first start it generates every secret of the
# shop into the shop-secrets volume, so "docker compose up" needs no set-up and ships no secret
# anyone knows (the manifests once carried change-me-ops-token and the password "shop").
# Each service runs as its own user id (docker-compose.yml) and can read only its own file:
#   /run/shop-secrets/<service>.env   0400, owner = that service's uid, sourced by the image's
#                                     entrypoint: only the secrets that service needs
#   /run/shop-secrets/postgres/       0700, uid 999 (postgres): superuser + one password per role
#   /run/shop-secrets/redis/          0700, uid 10379: redis.conf with requirepass
# Later starts find the secrets and change nothing. To rotate: docker compose down -v (this
# also deletes the database volume: the passwords are set when the database is created).
set -eu
dir=/run/shop-secrets
gen() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

if [ -f "$dir/.generated" ]; then
  echo "shop secrets exist (volume shop-secrets); the ops token: docker compose exec product-page grep OPS_TOKEN /run/shop-secrets/product-page.env"
  exit 0
fi

umask 077
chmod 711 "$dir"
ops=$(gen); credential=$(gen); redis=$(gen)

mkdir -p "$dir/postgres" "$dir/redis"
gen > "$dir/postgres/superuser"
for db in inventory pricing recommendations orders payments; do gen > "$dir/postgres/$db"; done
chown -R 999:999 "$dir/postgres"

printf 'requirepass %s\n' "$redis" > "$dir/redis/redis.conf"
chown -R 10379:10379 "$dir/redis"

# write <service> <uid> <database or -> <needs the service credential: yes|no> <uses Redis: yes|no> <gets the ops token: yes|no>
write() {
  f="$dir/$1.env"
  : > "$f"
  [ "$6" = yes ] && echo "SHOP_OPS_TOKEN=$ops" >> "$f"
  [ "$4" = yes ] && echo "SHOP_SERVICE_CREDENTIAL=$credential" >> "$f"
  [ "$3" != - ] && echo "QUARKUS_DATASOURCE_PASSWORD=$(cat "$dir/postgres/$3")" >> "$f"
  [ "$5" = yes ] && echo "QUARKUS_REDIS_PASSWORD=$redis" >> "$f"
  chown "$2:$2" "$f"
  chmod 400 "$f"
}
# fraud-api stands in for an outside provider: no ops token, no database, no Redis, no credential.
write fraud-api       10086 -               no  no  no
write payment         10085 payments        yes no  yes
write pricing         10083 pricing         no  yes yes
write recommendations 10081 recommendations no  yes yes
write inventory       10082 inventory       yes yes yes
write order           10084 orders          yes no  yes
write product-page    10080 -               no  yes yes

touch "$dir/.generated"
echo "shop secrets generated. Ops token (send it as X-Ops-Token; shown once):"
echo "  $ops"
