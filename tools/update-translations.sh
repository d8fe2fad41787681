#!/usr/bin/env bash
# Re-extract every tr() / QT_TRANSLATE_NOOP string of the windows into the .ts sources,
# keeping existing translations. Then translate the new entries of kiosk_zh_CN.ts in
# Qt Linguist (.venv/bin/pyside6-linguist kiosk/assets/i18n/kiosk_zh_CN.ts); the English
# catalogue is the source text itself (tools/fill-english-ts.py). Then both are compiled to
# the .qm beside them, which are committed (the package ships them; tests/test_assets.py
# checks each .qm is what lrelease makes of its .ts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mapfile -t sources < <(find kiosk/ui -name '*.py' | sort)
for ts in kiosk/assets/i18n/kiosk_zh_CN.ts kiosk/assets/i18n/kiosk_en.ts; do
    .venv/bin/pyside6-lupdate -no-obsolete -locations none "${sources[@]}" -ts "$ts"
done
.venv/bin/python tools/fill-english-ts.py kiosk/assets/i18n/kiosk_en.ts
tools/compile-translations.sh
