#!/usr/bin/env bash
# Compile the Qt Linguist catalogues kiosk/assets/i18n/*.ts to the .qm beside them. The .qm
# are committed and shipped in the package (pip install . carries them); run this after
# editing a .ts and commit both. tests/test_assets.py fails while a .qm is out of date.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
lrelease="${PYSIDE6_LRELEASE:-.venv/bin/pyside6-lrelease}"
for ts in kiosk/assets/i18n/*.ts; do
    "$lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
