#!/bin/sh
# Seeds each target's corpus from the repository's fixtures.
set -e
cd "$(dirname "$0")"
mkdir -p corpus/text corpus/archive corpus/html corpus/docx corpus/xlsx corpus/pdf
cp ../corpora/*.txt ../tests/fixtures/*/*.txt corpus/text/ 2>/dev/null || true
cp ../corpora/*.docx ../tests/fixtures/*/*.docx ../tests/fixtures/*/*.xlsx ../tests/fixtures/*/*.xls corpus/archive/ 2>/dev/null || true
cp ../tests/fixtures/*/*.html corpus/html/ 2>/dev/null || true
for f in ../tests/fixtures/templates/*.docx; do unzip -p "$f" word/document.xml > "corpus/docx/$(basename "$f").xml"; done
for f in ../tests/fixtures/templates/*.xlsx; do unzip -p "$f" xl/worksheets/sheet1.xml > "corpus/xlsx/$(basename "$f").xml"; done
cp ../tests/fixtures/pdf/list-auto-numbering.pdf ../tests/fixtures/pdf/password.pdf corpus/pdf/
