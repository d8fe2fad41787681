#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite (Debian's `postgresql` package).
#
#   eval "$(tools/test-postgres.sh start)"      start one; prints the export lines of
#                                               KIOSK_TEST_PG_URL and KIOSK_TEST_PG_DIR
#   tools/test-postgres.sh stop "$KIOSK_TEST_PG_DIR"   stop it and remove its folder
#
# The cluster lives in a new temporary folder: its data, its log (server.log) and its Unix
# socket. It listens on 127.0.0.1 on a free port, with a superuser `kiosk` whose password
# is random (scram-sha-256 over TCP, so the tests can also try a wrong one). It is made for
# tests and nothing else: fsync is off (a crash of the machine may lose it; the tests kill
# processes of the hall, never the server). Each test creates a database of its own in it
# (tests/stores.py) and drops it afterwards. ./hall.sh test starts one and stops it at exit.
# As root, initdb and pg_ctl run as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

say() { printf 'test-postgres: %s\n' "$*" >&2; }

bin_dir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        say "PostgreSQL's server is not installed (Debian: apt-get install postgresql)"
        exit 1
    fi
    printf '%s\n' "$dir"
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    "${PYTHON:-python3}" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

start() {
    local bin dir password port started=""
    bin=$(bin_dir)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-test-pg.XXXXXX")
    chmod 700 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
    (umask 077; printf '%s\n' "$password" >"$dir/pwfile")
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pwfile"
    if ! as_owner "$bin/initdb" -D "$dir/data" -U kiosk -E UTF8 --locale=C --no-sync \
            --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/pwfile" \
            >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        rm -rf "$dir"
        say "initdb failed (above)"
        exit 1
    fi
    rm -f "$dir/pwfile"
    for _ in 1 2 3 4 5; do  # a port found free may be taken before the server binds it
        port=$(free_port)
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o \
                "-k $dir -p $port -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
                start >/dev/null 2>&1; then
            started=1
            break
        fi
    done
    if [ -z "$started" ]; then
        cat "$dir/server.log" >&2 || true
        rm -rf "$dir"
        say "the server did not start (its log above)"
        exit 1
    fi
    printf "export KIOSK_TEST_PG_URL='postgresql+psycopg://kiosk:%s@127.0.0.1:%s/postgres'\n" "$password" "$port"
    printf "export KIOSK_TEST_PG_DIR='%s'\n" "$dir"
}

stop() {
    local dir=${1:-${KIOSK_TEST_PG_DIR:-}} bin
    if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
        say "no test server folder given (tools/test-postgres.sh stop DIR)"
        exit 2
    fi
    bin=$(bin_dir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *)
        echo "usage: tools/test-postgres.sh start | stop DIR" >&2
        exit 2
        ;;
esac
