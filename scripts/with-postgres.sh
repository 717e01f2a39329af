#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server: initdb into a temporary folder (as the
# unprivileged `postgres` user when run as root, since the server refuses to run as root), listening
# on 127.0.0.1 only at a free port, password authentication. The command gets TEST_POSTGRES_URL (a
# superuser, so tests can create a database each); the server and its folder are gone afterwards.
#   scripts/with-postgres.sh npm test
#   scripts/with-postgres.sh --install --throwaway npm test
#     --install: apt-get install postgresql when missing (CI); --throwaway: no fsync (test runs)
set -euo pipefail

settings=()
while [[ "${1:-}" == --* ]]; do
  case "$1" in
    --install)
      if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
        apt-get update && apt-get install -y --no-install-recommends postgresql
      fi
      ;;
    # A test server: nothing on it outlives the run, so commits need not reach the disk (the tests
    # create and drop a database each; with fsync every one of those waits on a checkpoint).
    --throwaway) settings=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off) ;;
    *) echo "with-postgres: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$bin" ]]; then
  if command -v pg_ctl >/dev/null; then bin=$(dirname "$(command -v pg_ctl)"); else
    echo "with-postgres: no PostgreSQL server installed (apt-get install postgresql)" >&2
    exit 1
  fi
fi

dir=$(mktemp -d /tmp/bangfu-pg.XXXXXX)
chmod 755 "$dir"
as_server=()
if [[ $(id -u) == 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$dir"
  as_server=(runuser -u postgres --)
fi

password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
printf '%s\n' "$password" >"$dir/pwfile"
[[ ${#as_server[@]} -gt 0 ]] && chown postgres "$dir/pwfile"

stop() {
  "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_server[@]}" "$bin/initdb" -D "$dir/data" -U bangfu --pwfile="$dir/pwfile" --auth=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
"${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=300 ${settings[*]}" \
  >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

version=$("$bin/postgres" --version)
echo "with-postgres: $version on 127.0.0.1:$port" >&2
export TEST_POSTGRES_URL="postgres://bangfu:$password@127.0.0.1:$port/postgres"
"$@"
