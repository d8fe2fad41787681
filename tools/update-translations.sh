#!/usr/bin/env bash
# Re-extract every tr() / QT_TRANSLATE_NOOP string of the windows into the .ts sources
# (keeping existing translations); then translate the new entries in Qt Linguist
# (.venv/bin/pyside6-linguist assets/i18n/kiosk_zh_CN.ts). The set-up compiles them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mapfile -t sources < <(find kiosk/ui -name '*.py' | sort)
.venv/bin/pyside6-lupdate -no-obsolete "${sources[@]}" -ts assets/i18n/kiosk_zh_CN.ts
.venv/bin/pyside6-lupdate -no-obsolete -pluralonly "${sources[@]}" -ts assets/i18n/kiosk_en.ts 2>/dev/null \
  || .venv/bin/pyside6-lupdate -no-obsolete "${sources[@]}" -ts assets/i18n/kiosk_en.ts
