#!/usr/bin/env bash
# Verify the vendored GC Design System files (internal/ui/static/vendor/gcds/)
# without npm or network:
#   - every file matches SHA256SUMS, and no file is missing from / added to it;
#   - no vendored file references Google Fonts (fonts.googleapis.com /
#     fonts.gstatic.com) and no vendored CSS loads anything from a remote URL.
# Exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${1:-$ROOT/internal/ui/static/vendor/gcds}"

fail() { echo "verify-gcds: FAIL: $*" >&2; exit 1; }

[[ -d "$DIR" ]] || fail "missing directory $DIR"
[[ -s "$DIR/SHA256SUMS" ]] || fail "missing $DIR/SHA256SUMS"
cd "$DIR"

sha256sum --check --quiet --strict SHA256SUMS || fail "checksum mismatch (see above)"

listed="$(sed -E 's/^[0-9a-f]{64} [ *]//' SHA256SUMS | LC_ALL=C sort)"
present="$(find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort)"
if [[ "$listed" != "$present" ]]; then
  diff <(echo "$listed") <(echo "$present") >&2 || true
  fail "files on disk differ from SHA256SUMS (< listed only, > on disk only)"
fi

if bad="$(grep -rlE 'fonts\.googleapis\.com|fonts\.gstatic\.com' .)"; then
  fail "references to Google Fonts in: $bad"
fi
if bad="$(grep -rnoE '(url\(\s*["'\'']?|@import\s+["'\'']?)(https?:)?//[^)"'\'' ;]*' --include='*.css' .)"; then
  fail "remote url()/@import in vendored CSS: $bad"
fi

echo "verify-gcds: OK ($(wc -l <SHA256SUMS) files)"
