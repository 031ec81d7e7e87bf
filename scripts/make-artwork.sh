#!/usr/bin/env bash
# Regenerates the podcast artwork (internal/ui/static/img/podcast-artwork.png):
# 1400×1400 px as Apple Podcasts requires, no text, so it serves both languages.
# Needs ImageMagick (apt-get install imagemagick); not run in CI.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/internal/ui/static/img/podcast-artwork.png"
convert -size 1400x1400 xc:'#26374a' \
  -fill '#1f497a' -draw "circle 1150,250 1150,700" \
  -fill '#ebf2fa' -draw "roundrectangle 260,520 1140,980 80,80" \
  -fill '#26374a' -draw "roundrectangle 340,600 560,760 24,24" -draw "roundrectangle 600,600 820,760 24,24" -draw "roundrectangle 860,600 1060,760 24,24" \
  -fill '#d3080c' -draw "rectangle 260,840 1140,880" \
  -fill '#333333' -draw "circle 440,1000 440,1080" -draw "circle 960,1000 960,1080" \
  -fill '#ebf2fa' -draw "circle 440,1000 440,1040" -draw "circle 960,1000 960,1040" \
  -strip -colors 16 "PNG8:$out"
echo "wrote $out"
