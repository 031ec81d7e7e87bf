#!/usr/bin/env bash
# Regenerates the default sharing image (internal/ui/static/img/og-default.png):
# 1200×630 px as OpenGraph and Twitter cards expect, no text, so it serves both
# languages. Same bus motif as the podcast artwork. Needs ImageMagick; not run in CI.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/internal/ui/static/img/og-default.png"
convert -size 1200x630 xc:'#26374a' \
  -fill '#1f497a' -draw "circle 1040,120 1040,420" \
  -fill '#ebf2fa' -draw "roundrectangle 300,170 900,470 60,60" \
  -fill '#26374a' -draw "roundrectangle 355,225 505,335 18,18" -draw "roundrectangle 530,225 680,335 18,18" -draw "roundrectangle 705,225 845,335 18,18" \
  -fill '#d3080c' -draw "rectangle 300,385 900,412" \
  -fill '#333333' -draw "circle 425,485 425,540" -draw "circle 775,485 775,540" \
  -fill '#ebf2fa' -draw "circle 425,485 425,512" -draw "circle 775,485 775,512" \
  -strip -colors 16 "PNG8:$out"
echo "wrote $out"
