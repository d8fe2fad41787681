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
SYSTEM_PACKAGES=(fonts-noto-cjk fontconfig libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0
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
    say "installing system packages: ${missing[*]}"
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
        say "installing Python packages into $VENV"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]"
        echo "$want" > "$stamp"
    fi
}

build_translations() {
    local ts qm
    for ts in assets/i18n/*.ts; do
        [ -e "$ts" ] || continue
        qm="${ts%.ts}.qm"
        if [ ! -f "$qm" ] || [ "$ts" -nt "$qm" ]; then
            "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "$qm"
        fi
    done
}

run_tests() {
    export QT_QPA_PLATFORM=offscreen
    say "ruff check"
    "$VENV/bin/ruff" check kiosk tests
    say "ruff format --check"
    "$VENV/bin/ruff" format --check kiosk tests
    say "mypy (strict on kiosk/core and kiosk/store)"
    "$VENV/bin/mypy"
    say "pytest"
    "$VENV/bin/python" -m pytest "$@"
}

case "${1:-}" in
    run)
        shift
        setup_system
        setup_python
        build_translations
        if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
            say "no display here: running the hall on a virtual screen (Xvfb);"
            say "see the windows with '.venv/bin/kiosk screenshots DIR' or run on a desktop"
            exec xvfb-run -a -s "-screen 0 1920x1080x24" "$VENV/bin/kiosk" run "$@"
        fi
        exec "$VENV/bin/kiosk" run "$@"
        ;;
    test)
        shift
        setup_system
        setup_python
        build_translations
        run_tests "$@"
        ;;
    *)
        echo "usage: ./hall.sh run | ./hall.sh test [pytest arguments]" >&2
        exit 2
        ;;
esac
