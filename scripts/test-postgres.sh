#!/usr/bin/env bash
# Installs (Debian, as root) and starts a local PostgreSQL for the persistence tests, with a role
# and database "nc_test" owned by role "nc" (password "nc"). Idempotent. Loopback only.
set -euo pipefail
# Only the JDBC URL goes to stdout (callers capture it); everything the tools print goes to stderr.
# (Not through a saved descriptor: the server started here would inherit it and hold the caller's pipe open.)
prepare() {

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "installing postgresql..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk '$1=="'"$version"'" && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start
fi

port=$(pg_lsclusters -h | awk '$1=="'"$version"'" && $2=="main" {print $3}')
as_postgres() { su postgres -c "psql -p $port -qAt -v ON_ERROR_STOP=1 $*"; }
for _ in $(seq 1 30); do as_postgres "-c 'select 1'" >/dev/null 2>&1 && break; sleep 1; done
if [ "$(as_postgres "-c \"select 1 from pg_roles where rolname='nc'\"")" != "1" ]; then
  as_postgres "-c \"create role nc login password 'nc'\""
fi
if [ "$(as_postgres "-c \"select 1 from pg_database where datname='nc_test'\"")" != "1" ]; then
  as_postgres "-c 'create database nc_test owner nc'"
fi
}
prepare >&2
port=$(pg_lsclusters -h | awk '$1=="'"$(ls /usr/lib/postgresql | sort -V | tail -1)"'" && $2=="main" {print $3}')
echo "jdbc:postgresql://127.0.0.1:$port/nc_test"
