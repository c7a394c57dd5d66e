#!/usr/bin/env bash
# A PostgreSQL server for the staging store tests, on this machine, as root:
#   FIRPATH_TEST_POSTGRES_URL="$(bash .ci/postgres.sh | tail -1)"
#   export FIRPATH_TEST_POSTGRES_URL    # apart: `export X="$(...)"` would hide the script failing
#
# Installs Debian's postgresql if missing, then keeps a cluster of its own, "firpath_test" (not the
# packaged "main" one, which it never touches), listening on 127.0.0.1 only, on 5432 or the next
# free port. Inside it: a role and a database, both "firpath_test", with a password kept in a root-only
# file next to the cluster's config. Idempotent: a second call reuses the running server and prints
# the same URL at once. Progress goes to stderr; stdout is the SQLAlchemy URL alone.
#
# Works without systemd (pg_ctlcluster then runs pg_ctl itself) and with it. The cluster is a test
# fixture: fsync is off, so a crash of the machine may break it; one that does not start is dropped
# and made anew. Remove it with: pg_dropcluster --stop <version> firpath_test
set -euo pipefail

NAME=firpath_test
log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (it installs packages and manages a cluster as user postgres)"

newest_version() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$dir" ] && basename "$(dirname "$(dirname "$dir")")"
}

if ! command -v pg_createcluster >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1 \
    || [ -z "$(newest_version)" ]; then
  log "installing postgresql (apt-get)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
VERSION=$(newest_version) || die "no PostgreSQL server under /usr/lib/postgresql after installing"

# pg_lsclusters -h: version cluster port status owner datadir logfile
cluster_field() { pg_lsclusters -h | awk -v v="$VERSION" -v c="$NAME" -v f="$1" '$1 == v && $2 == c { print $f }'; }

port_taken() {  # by a configured cluster (running or not) or by any listener on 127.0.0.1
  pg_lsclusters -h | awk -v p="$1" '$3 == p { found = 1 } END { exit !found }' && return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

create_cluster() {
  local port=5432
  while port_taken "$port"; do port=$((port + 1)); done
  log "creating cluster $VERSION/$NAME on 127.0.0.1:$port"
  pg_createcluster --quiet --locale C.UTF-8 --start-conf manual --port "$port" "$VERSION" "$NAME" >&2
  # conf.d is read after postgresql.conf (pg_createcluster's own -o quotes such values wrongly)
  install -o postgres -g postgres -m 644 /dev/stdin "/etc/postgresql/$VERSION/$NAME/conf.d/$NAME.conf" <<'CONF'
# .ci/postgres.sh: a throwaway test server, loopback only, durability traded for speed
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
}

start_cluster() {
  [[ "$(cluster_field 4)" == online* ]] && return 0
  log "starting cluster $VERSION/$NAME"
  pg_ctlcluster "$VERSION" "$NAME" start >&2 && return 0
  tail -n 20 "$(cluster_field 7)" >&2 || true
  return 1
}

if [ -z "$(cluster_field 2)" ]; then create_cluster; fi
if ! start_cluster; then
  # Only a test fixture: one that no longer starts (a crash with fsync off, its port taken since)
  # is made anew, once.
  log "cluster $VERSION/$NAME did not start: dropping it and creating it again"
  pg_dropcluster --stop "$VERSION" "$NAME" >&2 || true
  create_cluster
  start_cluster || die "cluster $VERSION/$NAME did not start"
fi
PORT=$(cluster_field 3)

# The password: made once, kept root-only beside the cluster's config, set again on every call so
# that the file and the role cannot disagree.
PASSWORD_FILE="/etc/postgresql/$VERSION/$NAME/$NAME.password"
if [ ! -s "$PASSWORD_FILE" ]; then
  (umask 077 && head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$PASSWORD_FILE")
fi
PASSWORD=$(cat "$PASSWORD_FILE")

# As the cluster's superuser over its Unix socket (peer authentication), from a directory it can read.
(cd / && runuser -u postgres -- psql --quiet --no-psqlrc -v ON_ERROR_STOP=1 -v pw="$PASSWORD" \
    --cluster "$VERSION/$NAME" -d postgres >/dev/null) <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', 'firpath_test')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'firpath_test') \gexec
ALTER ROLE firpath_test LOGIN PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L LOCALE %L TEMPLATE template0',
              'firpath_test', 'firpath_test', 'UTF8', 'C.UTF-8')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'firpath_test') \gexec
SQL

log "ready: PostgreSQL $VERSION cluster $NAME on 127.0.0.1:$PORT"
echo "postgresql+psycopg://$NAME:$PASSWORD@127.0.0.1:$PORT/$NAME"
