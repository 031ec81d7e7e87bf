#!/usr/bin/env bash
# Vendor axe-core (pinned) for the browser accessibility tests in internal/e2e.
# Needs npm; CI does not run this (it uses the committed copy).
set -euo pipefail
VERSION="${1:-4.14.1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/internal/e2e/testdata/axe-core"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "axe-core@$VERSION" --silent >/dev/null)
tgz="$(ls "$tmp"/axe-core-*.tgz)"
tar -xzf "$tgz" -C "$tmp"
mkdir -p "$DEST"
cp "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$tmp/package/LICENSE-3RD-PARTY.txt" "$DEST/"
cat > "$DEST/VERSION" <<TXT
axe-core $VERSION (npm), MPL-2.0 (LICENSE; third-party notices in LICENSE-3RD-PARTY.txt)
tarball sha256 $(sha256sum "$tgz" | cut -d' ' -f1)
axe.min.js sha256 $(sha256sum "$DEST/axe.min.js" | cut -d' ' -f1)
refresh: scripts/vendor-axe.sh
TXT
cat "$DEST/VERSION"
