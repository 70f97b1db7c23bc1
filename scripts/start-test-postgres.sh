#!/usr/bin/env bash
# Starts a local PostgreSQL from Debian's packages for the store tests and prints the URL to use
# (VDOCS_TEST_PG). Needs root (apt-get, su postgres). Safe to run again.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main" || pg_createcluster "$version" main >&2
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
for _ in $(seq 1 30); do su postgres -c "pg_isready -q -p $port" && break; sleep 1; done
su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'vdocs'\"" | grep -q 1 ||
  su postgres -c "psql -p $port -qc \"CREATE ROLE vdocs LOGIN PASSWORD 'vdocs' SUPERUSER\"" >&2
su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname = 'vdocs_test'\"" | grep -q 1 ||
  su postgres -c "createdb -p $port -O vdocs vdocs_test" >&2
echo "postgres://vdocs:vdocs@127.0.0.1:$port/vdocs_test"
