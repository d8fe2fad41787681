#!/usr/bin/env bash
# The two README commands:
#   ./hall.sh run    set up this machine and start the hall on the embedded demo default
#   ./hall.sh test   set up this machine and run the whole suite: lint, types, tests
# Set-up is idempotent and quick when nothing changed: system packages (a CJK font and the
# libraries Qt needs) are installed only when missing, the virtual environment in .venv is
# created once and re-installed only when pyproject.toml changes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

PYTHON=${PYTHON:-python3}
VENV=.venv
SYSTEM_PACKAGES=(fonts-noto-cjk fontconfig util-linux libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0
                 libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4
                 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0
                 libxcb-image0 xvfb xauth libusb-1.0-0 alsa-utils)

say() { printf 'hall.sh: %s\n' "$*" >&2; }

setup_system() {
    command -v dpkg-query >/dev/null 2>&1 || { say "not a Debian-like system: install a CJK font and Qt's libraries by hand"; return 0; }
    local missing=() pkg
    for pkg in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { say "missing system packages ${missing[*]} and no sudo: install them as root"; exit 1; }
        sudo=(sudo)
    fi
    say "installing system packages (a minute or two the first time): ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup_python() {
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating $VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    local stamp="$VENV/.hall-setup" want
    want=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x "$VENV/bin/kiosk" ]; then
        say "installing Python packages into $VENV (a few minutes the first time)"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
        # One line per package as pip collects it: progress a person can see; pip's own
        # warnings and errors in a log, shown whole if the install fails.
        local log="$VENV/pip-install.log"
        if ! "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off \
                -e ".[test]" 2>"$log" | { grep --line-buffered -E '^(Collecting|Successfully)' >&2 || true; }; then
            cat "$log" >&2
            say "installing the Python packages failed (above; also in $log)"
            exit 1
        fi
        echo "$want" > "$stamp"
    fi
}

# The hall on a virtual screen of its own. Not xvfb-run: on Ctrl+C the terminal's SIGINT
# reached Xvfb too, the kiosk died with "The X11 connection broke" (exit 1), outlived the
# wrapper, and /tmp/xvfb-run.* stayed behind. Here Xvfb runs in a session of its own (the
# terminal's signals do not reach it), the kiosk is told to stop by SIGTERM on SIGINT,
# SIGTERM or SIGHUP, and the screen and its folder go when the kiosk has stopped.
XVFB_PID=""
XVFB_DIR=""
stop_xvfb() {
    if [ -n "$XVFB_PID" ]; then
        kill "$XVFB_PID" 2>/dev/null || true
        wait "$XVFB_PID" 2>/dev/null || true
    fi
    [ -n "$XVFB_DIR" ] && rm -rf "$XVFB_DIR"
    return 0
}

run_headless() {
    XVFB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hall-xvfb.XXXXXX")
    trap stop_xvfb EXIT
    local auth="$XVFB_DIR/Xauthority" cookie display="" kiosk_pid rc
    cookie=$(mcookie)
    # The server loads every cookie in its -auth file; the client finds its display's.
    : >"$auth"
    xauth -q -f "$auth" add :0 . "$cookie"
    setsid Xvfb -displayfd 3 -auth "$auth" -nolisten tcp -screen 0 1920x1080x24 \
        3>"$XVFB_DIR/display" </dev/null >"$XVFB_DIR/xvfb.log" 2>&1 &
    XVFB_PID=$!
    for _ in $(seq 1 100); do  # Xvfb writes its display number once it accepts clients
        display=$(tr -d '[:space:]' <"$XVFB_DIR/display")
        [ -n "$display" ] && break
        kill -0 "$XVFB_PID" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$display" ]; then
        say "the virtual screen (Xvfb) did not start:"
        cat "$XVFB_DIR/xvfb.log" >&2
        exit 1
    fi
    xauth -q -f "$auth" add ":$display" . "$cookie"
    DISPLAY=":$display" XAUTHORITY="$auth" "$VENV/bin/kiosk" run "$@" &
    kiosk_pid=$!
    trap 'kill -TERM "$kiosk_pid" 2>/dev/null || true' INT TERM HUP
    while :; do
        rc=0
        wait "$kiosk_pid" || rc=$?
        kill -0 "$kiosk_pid" 2>/dev/null || break  # a trapped signal ended the wait, not the kiosk
    done
    exit "$rc"
}

# -- PostgreSQL for the tests -----------------------------------------------------------
# The store, operation and server tests run on SQLite and on PostgreSQL (tests/stores.py).
# Debian's server package is installed when missing; tools/test-postgres.sh starts a
# throwaway cluster (a temporary folder, 127.0.0.1, a free port) whose URL pytest gets as
# KIOSK_TEST_PG_URL, and the cluster is stopped and removed when this script exits.
# A KIOSK_TEST_PG_URL already set (a server of your own) is used as it is.
TEST_PG_DIR=""
stop_test_postgres() {
    if [ -n "$TEST_PG_DIR" ]; then
        tools/test-postgres.sh stop "$TEST_PG_DIR" || true
        TEST_PG_DIR=""
    fi
    return 0
}

start_test_postgres() {
    if [ -n "${KIOSK_TEST_PG_URL:-}" ]; then
        say "PostgreSQL for the tests: the server of KIOSK_TEST_PG_URL"
        return 0
    fi
    if command -v dpkg-query >/dev/null 2>&1 &&
            ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed"; then
        local sudo=()
        if [ "$(id -u)" -ne 0 ]; then
            command -v sudo >/dev/null 2>&1 || { say "the tests need PostgreSQL's server and there is no sudo: install the postgresql package as root"; exit 1; }
            sudo=(sudo)
        fi
        say "installing the PostgreSQL server for the tests (package postgresql)"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    local exports
    exports=$(PYTHON="$VENV/bin/python" tools/test-postgres.sh start) || { say "the test PostgreSQL server did not start"; exit 1; }
    eval "$exports"
    TEST_PG_DIR=$KIOSK_TEST_PG_DIR
    trap stop_test_postgres EXIT
    say "PostgreSQL for the tests: a throwaway server in $TEST_PG_DIR"
}

run_tests() {
    export QT_QPA_PLATFORM=offscreen
    say "ruff check"
    "$VENV/bin/ruff" check kiosk benchmarks tests
    say "ruff format --check"
    "$VENV/bin/ruff" format --check kiosk benchmarks tests
    say "mypy (strict on kiosk/core and kiosk/store)"
    "$VENV/bin/mypy"
    say "lint-imports (the layer rules in pyproject.toml)"
    "$VENV/bin/lint-imports"
    start_test_postgres
    say "pytest"
    "$VENV/bin/python" -m pytest "$@"
}

case "${1:-}" in
    run)
        shift
        setup_system
        setup_python
        if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
            say "no display here: running the hall on a virtual screen (Xvfb);"
            say "see the windows with '.venv/bin/kiosk screenshots DIR' or run on a desktop"
            run_headless "$@"
        fi
        exec "$VENV/bin/kiosk" run "$@"
        ;;
    test)
        shift
        setup_system
        setup_python
        run_tests "$@"
        ;;
    *)
        echo "usage: ./hall.sh run | ./hall.sh test [pytest arguments]" >&2
        exit 2
        ;;
esac
