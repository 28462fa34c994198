#!/bin/bash
# The services' health check under docker compose (docker-compose.yml, healthcheck), installed in
# the image as /usr/local/bin/shop-healthcheck:
#   shop-healthcheck http://localhost:8086/q/health/ready
# Exits 0 on a 2xx answer and 1 otherwise (503 while not ready, nothing listening, no answer within
# 2 s), like curl -f. Prints the answer, so docker inspect (State.Health) shows which check is DOWN.
#
# Why bash's /dev/tcp rather than curl or a small Java class: the runtime image is the JRE image
# as it comes, with nothing installed (curl was the only package, there for this check), and bash
# is part of it. A Java class would need no package either, but every probe would start a JVM:
# Docker runs the check every 3 s in each of the eight containers, inside the container's memory
# limit, and a JVM start costs a few hundred ms of CPU and tens of MiB each time; bash costs a fork.
# Kubernetes needs none of this: its probes are httpGet (deploy/k8s).
set -u
url="${1:?usage: shop-healthcheck http://host:port/path}"
rest="${url#http://}"
hostport="${rest%%/*}"
path="${rest#"$hostport"}"
path="${path:-/}"
host="${hostport%%:*}"
port="${hostport##*:}"
[ "$host" = "$hostport" ] && port=80

if ! { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null; then
  echo "shop-healthcheck: nothing answers on $host:$port"
  exit 1
fi
# HTTP/1.0: the server closes the connection after the answer, so reading to the end terminates.
printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
if ! IFS= read -r -t 2 status <&3; then
  echo "shop-healthcheck: no answer from $url within 2 s"
  exit 1
fi
status="${status%$'\r'}"
echo "$status"
while IFS= read -r -t 2 line || [ -n "$line" ]; do
  echo "${line%$'\r'}"
done <&3
set -- $status
case "${2:-}" in
  2[0-9][0-9]) exit 0 ;;
  *) exit 1 ;;
esac
