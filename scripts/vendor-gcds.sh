#!/usr/bin/env bash
# Vendor the GC Design System front-end packages into
# internal/ui/static/vendor/gcds/ so the Go binary can embed them and pages
# make no third-party requests.
#
# Needs: npm (and therefore node), tar, perl, sha256sum, openssl or node.
# Never installs anything into the repository: each pinned tarball is fetched
# with `npm pack` into a temporary directory, checked against the pinned
# integrity below, and only the runtime files are copied.
#
# Usage: scripts/vendor-gcds.sh
#   GCDS_UPDATE_INTEGRITY=1 scripts/vendor-gcds.sh   # accept new tarball hashes
#                                                    # (only after bumping a version)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/internal/ui/static/vendor/gcds"

COMPONENTS_SPEC="@gcds-core/components@1.3.1"
TOKENS_SPEC="@gcds-core/tokens@1.5.0"
FONTS_SPEC="@gcds-core/fonts@1.1.1"

# npm "integrity" (sha512 of the .tgz) recorded when these versions were first
# vendored. A mismatch means the registry served different bytes: stop.
declare -A PINNED_INTEGRITY=(
  ["$COMPONENTS_SPEC"]="sha512-cCgqrVXZm4qatWbNRwYIOVsTNbk4DRicqIosGlpY1w26op6DxZRI4heblJ/VaFi/YsoL78MMyqQzd1u5jylhqg=="
  ["$TOKENS_SPEC"]="sha512-ad92kPxhZVPONxwCWC/VMAKpFs2QhW8wgtxwOR3oEYWovcsDpo085MkJJvB3spnqnBuobG5cu4jVeD4zE93bTA=="
  ["$FONTS_SPEC"]="sha512-uSHciBE6zOorlw35gNHhCwompgtRFAq/r+ccuAZuhCS6iH7KbhN2UIctRldxaeLDE07yjMlstU20xkegNkwmpw=="
)

MAX_FILE_BYTES=$((2 * 1024 * 1024))
FORBIDDEN_HOSTS_RE='fonts\.googleapis\.com|fonts\.gstatic\.com'

die() { echo "vendor-gcds: error: $*" >&2; exit 1; }
log() { echo "vendor-gcds: $*" >&2; }

for tool in npm node tar perl sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "required tool not found: $tool"
done

TMP="$(mktemp -d "${TMPDIR:-/tmp}/vendor-gcds.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# ---------------------------------------------------------------------------
# 1. Fetch the pinned tarballs (npm pack only; no install, no scripts).
# ---------------------------------------------------------------------------
fetch() { # fetch SPEC NAME -> extracts to $TMP/NAME/package, writes $TMP/NAME.meta
  local spec="$1" name="$2" json tgz integrity sha256 computed
  mkdir -p "$TMP/$name"
  log "npm pack $spec"
  json="$(cd "$TMP" && npm pack --json --ignore-scripts --pack-destination "$TMP/$name" "$spec")" \
    || die "npm pack $spec failed"
  tgz="$(node -e 'const d=JSON.parse(process.argv[1]);process.stdout.write(d[0].filename)' "$json")"
  integrity="$(node -e 'const d=JSON.parse(process.argv[1]);process.stdout.write(d[0].integrity)' "$json")"
  [[ -f "$TMP/$name/$tgz" ]] || die "npm pack did not produce $tgz"
  # Recompute the integrity ourselves rather than trusting npm's report.
  computed="sha512-$(node -e '
    const c=require("crypto"),f=require("fs");
    process.stdout.write(c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$TMP/$name/$tgz")"
  [[ "$computed" == "$integrity" ]] || die "$spec: npm integrity $integrity != computed $computed"
  if [[ "${GCDS_UPDATE_INTEGRITY:-0}" != "1" && "$computed" != "${PINNED_INTEGRITY[$spec]}" ]]; then
    die "$spec: tarball integrity $computed does not match pinned ${PINNED_INTEGRITY[$spec]}"
  fi
  sha256="$(sha256sum "$TMP/$name/$tgz" | cut -d' ' -f1)"
  tar -xzf "$TMP/$name/$tgz" -C "$TMP/$name" --no-same-owner --no-same-permissions
  [[ -d "$TMP/$name/package" ]] || die "$tgz has no package/ directory"
  printf '%s\t%s\t%s\t%s\n' "${spec%@*}" "${spec##*@}" "$tgz" "$integrity sha256-hex:$sha256" >"$TMP/$name.meta"
}

fetch "$COMPONENTS_SPEC" components
fetch "$TOKENS_SPEC" tokens
fetch "$FONTS_SPEC" fonts

C="$TMP/components/package"
T="$TMP/tokens/package"
F="$TMP/fonts/package"

OUT="$TMP/out"
mkdir -p "$OUT/components" "$OUT/tokens" "$OUT/fonts"

# ---------------------------------------------------------------------------
# 2. components/ = dist/gcds/ kept intact (Stencil loads ./p-*.js relative to
#    gcds.esm.js), minus source maps / typings / docs.
# ---------------------------------------------------------------------------
[[ -f "$C/dist/gcds/gcds.esm.js" && -f "$C/dist/gcds/gcds.css" ]] \
  || die "components tarball has no dist/gcds/gcds.esm.js + gcds.css"
cp -R "$C/dist/gcds/." "$OUT/components/"
find "$OUT/components" -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.md' \
  -o -name '*.tsbuildinfo' -o -name 'package.json' \) -delete
find "$OUT/components" -type d -empty -delete
# Anything left must be a browser runtime file.
unexpected="$(find "$OUT/components" -type f ! \( -name '*.js' -o -name '*.mjs' -o -name '*.css' \
  -o -name '*.svg' -o -name '*.png' -o -name '*.jpg' -o -name '*.webp' -o -name '*.gif' \
  -o -name '*.woff' -o -name '*.woff2' -o -name '*.json' \) -printf '%P\n')"
[[ -z "$unexpected" ]] || die "unexpected files in dist/gcds: $unexpected"

# ---------------------------------------------------------------------------
# 3. tokens/tokens.css
# ---------------------------------------------------------------------------
tokens_css=""
for cand in build/web/css/tokens.css dist/tokens.css build/tokens.css; do
  if [[ -f "$T/$cand" ]]; then tokens_css="$T/$cand"; break; fi
done
[[ -n "$tokens_css" ]] || die "tokens tarball: no full tokens.css found"
grep -q '@import' "$tokens_css" && die "$tokens_css uses @import; pick the flattened file"
cp "$tokens_css" "$OUT/tokens/tokens.css"

# ---------------------------------------------------------------------------
# 4. fonts/: woff2 (woff where no woff2 exists, i.e. the icon font) + a
#    generated fonts.css with relative urls and the package's family names.
# ---------------------------------------------------------------------------
node - "$F/fonts" "$OUT/fonts" <<'NODE'
const fs = require('fs'), path = require('path');
const [src, out] = process.argv.slice(2);
// font directory -> font-display. The icon font keeps "block" (as upstream):
// with "swap" the private-use code points would flash as boxes.
const dirs = { 'lato': 'swap', 'noto-sans': 'swap', 'noto-sans-mono': 'swap', 'icons': 'block' };
const rules = [];
for (const [dir, display] of Object.entries(dirs)) {
  const d = path.join(src, dir);
  if (!fs.existsSync(d)) throw new Error(`fonts package: missing ${dir}/`);
  const cssFiles = fs.readdirSync(d).filter(f => f.endsWith('.css')).sort();
  if (!cssFiles.length) throw new Error(`fonts package: no css in ${dir}/`);
  for (const cf of cssFiles) {
    const css = fs.readFileSync(path.join(d, cf), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
      const body = m[1];
      const get = (prop) => {
        const r = body.match(new RegExp(`(?:^|;|\\s)${prop}\\s*:\\s*([^;]+)`));
        return r ? r[1].trim() : null;
      };
      const family = get('font-family');
      if (!family) throw new Error(`${cf}: @font-face without font-family`);
      const weight = get('font-weight') || 'normal';
      const style = get('font-style') || 'normal';
      // Every url(...) in every src declaration; keep basenames only.
      const urls = [...body.matchAll(/url\(\s*["']?([^"')]+?)["']?\s*\)/g)]
        .map(u => path.basename(u[1].split(/[?#]/)[0]));
      const pick = (ext) => urls.find(u => u.endsWith(ext) && fs.existsSync(path.join(d, u)));
      let file = pick('.woff2'), format = 'woff2';
      if (!file) { file = pick('.woff'); format = 'woff'; }
      if (!file) throw new Error(`${cf}: no woff2/woff file for ${family} ${weight} ${style}`);
      fs.copyFileSync(path.join(d, file), path.join(out, file));
      rules.push({ family: family.replace(/^['"]|['"]$/g, ''), weight, style, file, format, display, from: `${dir}/${cf}` });
    }
  }
  // Keep the OFL licence of each font family.
  const lic = fs.readdirSync(d).filter(f => /^(licen[cs]e|notice|ofl)/i.test(f));
  if (!lic.length) throw new Error(`fonts package: no licence file in ${dir}/`);
  for (const l of lic) {
    const name = dir === 'icons' ? 'gcds-icons' : dir;
    fs.copyFileSync(path.join(d, l), path.join(out, `LICENSE-${name}${lic.length > 1 ? '-' + l : '.txt'}`));
  }
}
const need = ['Lato', 'Noto Sans', 'Noto Sans Mono', 'gcds-icons'];
for (const n of need) if (!rules.some(r => r.family === n)) throw new Error(`fonts.css: no @font-face for ${n}`);
let css = '/* Generated by scripts/vendor-gcds.sh from @gcds-core/fonts. Do not edit.\n' +
  '   Same family names as the package css, urls relative to this file. */\n';
for (const r of rules) {
  css += `\n/* ${r.from} */\n@font-face {\n  font-family: "${r.family}";\n  font-style: ${r.style};\n` +
    `  font-weight: ${r.weight};\n  font-display: ${r.display};\n  src: url("./${r.file}") format("${r.format}");\n}\n`;
}
fs.writeFileSync(path.join(out, 'fonts.css'), css);
NODE

# ---------------------------------------------------------------------------
# 5. Make every vendored stylesheet self-contained.
#    a) drop any @import of a remote (http/https/protocol-relative) URL
#       (gcds.css starts with an @import of Google Fonts);
#    b) gcds.css declares the gcds-icons @font-face with CDN urls: point it at
#       the vendored ../fonts/ copy instead.
# ---------------------------------------------------------------------------
while IFS= read -r -d '' css; do
  perl -0777 -i -pe '
    s{\@import\s+(?:url\(\s*(?:"([^"]*)"|'\''([^'\'']*)'\''|([^)"'\''\s]*))\s*\)|"([^"]*)"|'\''([^'\'']*)'\'')[^;]*;[ \t]*\n?}{
      my $u = $1 // $2 // $3 // $4 // $5 // "";
      ($u =~ m{^\s*(?:https?:)?//}i) ? "" : $&
    }gsex;
  ' "$css"
done < <(find "$OUT" -type f -name '*.css' -print0)

GCDS_CSS="$OUT/components/gcds.css"
ICON_FONT="$(cd "$OUT/fonts" && ls gcds-icons.woff2 2>/dev/null || ls gcds-icons.woff)"
ICON_FMT="${ICON_FONT##*.}"
ICON_FONT="$ICON_FONT" ICON_FMT="$ICON_FMT" perl -0777 -i -pe '
  my ($file, $fmt) = @ENV{qw(ICON_FONT ICON_FMT)};
  s#src:\s*[^;}]*?https?://[^;}]*?/gcds-icons\.[^;}]*#src:url("../fonts/$file") format("$fmt")#g;
' "$GCDS_CSS"

# ---------------------------------------------------------------------------
# 6. Licences.
# ---------------------------------------------------------------------------
copy_licences() { # copy_licences PKGDIR SUFFIX -> 0 if at least one copied
  local dir="$1" suffix="$2" found=1 f base
  for f in "$dir"/LICENSE* "$dir"/LICENCE* "$dir"/license* "$dir"/NOTICE* "$dir"/notice*; do
    [[ -f "$f" ]] || continue
    base="$(basename "$f")"; base="${base%%.*}"; base="${base^^}"
    cp "$f" "$OUT/${base}-${suffix}"
    found=0
  done
  return $found
}
pkg_license() { node -e 'process.stdout.write(String(require(process.argv[1]).license||"UNKNOWN"))' "$1/package.json"; }

copy_licences "$T" tokens || die "tokens package has no LICENSE file"

if ! copy_licences "$C" components; then
  # @gcds-core/components 1.3.1 ships no LICENSE file in its tarball; record
  # what the package itself declares instead of inventing a copyright line.
  {
    echo "@gcds-core/components ${COMPONENTS_SPEC##*@}"
    echo
    echo "The npm tarball ships no LICENSE file. Its package.json declares:"
    echo "  \"license\": \"$(pkg_license "$C")\""
    echo "  \"author\": \"$(node -e 'process.stdout.write(String(require(process.argv[1]).author||""))' "$C/package.json")\""
    echo "Its README says:"
    grep -E '^Code (released|publié)' "$C/README.md" | sed 's/^/  /' || true
    echo
    echo "The vendored bundle (components/) also contains the Stencil runtime"
    echo "(MIT, Ionic) and @tanstack/table-core (MIT, Copyright (c) TanStack),"
    echo "whose licence header is kept inline in the chunk that contains it."
    echo
    echo "MIT License"
    echo
    echo "Permission is hereby granted, free of charge, to any person obtaining a copy"
    echo "of this software and associated documentation files (the \"Software\"), to deal"
    echo "in the Software without restriction, including without limitation the rights"
    echo "to use, copy, modify, merge, publish, distribute, sublicense, and/or sell"
    echo "copies of the Software, and to permit persons to whom the Software is"
    echo "furnished to do so, subject to the following conditions:"
    echo
    echo "The above copyright notice and this permission notice shall be included in all"
    echo "copies or substantial portions of the Software."
    echo
    echo "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR"
    echo "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,"
    echo "FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE"
    echo "AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER"
    echo "LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,"
    echo "OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE"
    echo "SOFTWARE."
  } >"$OUT/LICENSE-components"
fi

# Fonts: the package has no top-level LICENSE (package.json says MIT for the
# package); each font family carries its own SIL OFL 1.1 licence, copied next
# to the fonts above and concatenated here.
copy_licences "$F" fonts || {
  {
    echo "@gcds-core/fonts ${FONTS_SPEC##*@} (package.json \"license\": \"$(pkg_license "$F")\")"
    echo "The font files are licensed per family as below (SIL Open Font License 1.1)."
    for lic in "$OUT"/fonts/LICENSE-*.txt; do
      echo
      echo "=============================================================================="
      echo "fonts/$(basename "$lic")"
      echo "=============================================================================="
      cat "$lic"
    done
  } >"$OUT/LICENSE-fonts"
}

# ---------------------------------------------------------------------------
# 7. Checks: no Google Fonts anywhere, no remote url() left in CSS, sizes.
# ---------------------------------------------------------------------------
if bad="$(grep -rlE "$FORBIDDEN_HOSTS_RE" "$OUT")"; then
  die "vendored files still reference Google Fonts:"$'\n'"$bad"
fi
if bad="$(grep -rnoE '(url\(\s*["'\'']?|@import\s+["'\'']?)(https?:)?//[^)"'\'' ;]*' --include='*.css' "$OUT")"; then
  die "vendored CSS still loads remote resources:"$'\n'"$bad"
fi
if bad="$(find "$OUT" -type f -size +"${MAX_FILE_BYTES}"c -printf '%P\n')" && [[ -n "$bad" ]]; then
  die "files larger than 2 MiB: $bad"
fi

# Report (not fail) absolute URLs the JS would *fetch* at run time, so a human
# can decide; plain link hrefs to canada.ca are not requests.
log "remote fetch()/import() call sites in vendored JS (informational):"
grep -oE '(fetch|import)\(\s*[`"'\''](https?:)?//[^`"'\'']*' -r --include='*.js' "$OUT" \
  | sed "s|^$OUT/|  |" >&2 || log "  none"

# ---------------------------------------------------------------------------
# 8. VERSIONS + SHA256SUMS, then swap into place.
# ---------------------------------------------------------------------------
{
  echo "# GC Design System packages vendored by scripts/vendor-gcds.sh. Do not edit."
  echo "# package	version	tarball	integrity (npm sha512, base64)	tarball sha256"
  for n in components tokens fonts; do
    IFS=$'\t' read -r pname pver ptgz rest <"$TMP/$n.meta"
    printf '%s\t%s\t%s\t%s\t%s\n' "$pname" "$pver" "$ptgz" "${rest%% *}" "${rest##*sha256-hex:}"
  done
} >"$OUT/VERSIONS"

find "$OUT" -type f -exec chmod 0644 {} +
find "$OUT" -type d -exec chmod 0755 {} +
(cd "$OUT" && find . -type f ! -name SHA256SUMS -printf '%P\0' | LC_ALL=C sort -z \
  | xargs -0 sha256sum --) >"$TMP/SHA256SUMS"
mv "$TMP/SHA256SUMS" "$OUT/SHA256SUMS"

mkdir -p "$(dirname "$DEST")"
rm -rf "$DEST"
mv "$OUT" "$DEST"

log "vendored into ${DEST#"$ROOT"/} ($(du -sh "$DEST" | cut -f1))"
"$ROOT/scripts/verify-gcds.sh"
