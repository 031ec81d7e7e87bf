#!/usr/bin/env bash
# Regenerates the demo media in internal/demo/media/ (images, audio, video,
# captions). Everything is drawn or synthesised here: no third-party material.
#
# Requires: ImageMagick 6 (convert), ffmpeg + ffprobe (libmp3lame, libvpx,
# libopus, drawtext), espeak-ng, and the DejaVu fonts. Not run in CI.
#
#   apt-get install -y imagemagick ffmpeg espeak-ng fonts-dejavu-core
#   scripts/make-demo-media.sh
#
# After regenerating, check that the media_duration fields of the Listen and
# Watch episodes in internal/demo/content/episodes/ still match the files
# (the script prints each duration as mm:ss).
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=internal/demo/media
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
FONT_REG=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"

# Strip metadata and timestamps so that regenerating gives the same bytes.
PNGOPTS=(-strip -define png:exclude-chunks=date,time -colors 64)

secs() { ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$1"; }
mmss() { # seconds (float) -> mm:ss, rounded to the nearest second
	local s
	s=$(printf '%.0f' "$1")
	printf '%02d:%02d' $((s / 60)) $((s % 60))
}
vtt_ts() { # seconds (float) -> hh:mm:ss.mmm
	awk -v t="$1" 'BEGIN { ms = int(t * 1000 + 0.5); h = int(ms / 3600000); ms -= h * 3600000;
		m = int(ms / 60000); ms -= m * 60000; s = int(ms / 1000); ms -= s * 1000;
		printf "%02d:%02d:%02d.%03d", h, m, s, ms }'
}

# ---------------------------------------------------------------- images ---

# Digital Nations 2019 family portrait, drawn as a flat illustration: two rows
# of delegates (head and shoulders) on a stage, 1200x630.
portrait() {
	local args=() i x colour
	local back=('#2b5f8a' '#7a4a8c' '#2e7d6b' '#b5533c' '#3d4f7a' '#8a6d2b')
	local front=('#c0392b' '#1f6f9f' '#5b8c2a' '#6d3b7a' '#d08a1e' '#26374a' '#9c2f5b')
	local skin=('#f1c8a5' '#c68863' '#8d5a3b' '#e0ac84' '#a86f4c' '#f5d3b8' '#6b4430')
	args+=(-fill '#cfd9e3' -draw 'rectangle 0,470 1200,630')
	args+=(-fill '#b7c4d1' -draw 'rectangle 0,470 1200,482')
	# back row (6 people)
	for i in "${!back[@]}"; do
		x=$((210 + i * 156))
		args+=(-fill "${back[$i]}" -draw "roundrectangle $((x - 58)),250 $((x + 58)),470 40,40")
		args+=(-fill "${skin[$(((i + 2) % 7))]}" -draw "circle $x,205 $((x + 38)),205")
	done
	# front row (7 people)
	for i in "${!front[@]}"; do
		x=$((132 + i * 156))
		args+=(-fill "${front[$i]}" -draw "roundrectangle $((x - 62)),360 $((x + 62)),630 44,44")
		args+=(-fill "${skin[$i]}" -draw "circle $x,312 $((x + 41)),312")
	done
	convert -size 1200x630 xc:'#e6eef6' \
		-fill '#d5e2ee' -draw 'circle 1050,90 1050,330' -draw 'circle 140,60 140,220' \
		"${args[@]}" "${PNGOPTS[@]}" "$OUT/digital-nations-2019.png"
}

# Plain language: a page of text lines becoming a short, clear message.
plain_language() {
	local args=() i y w
	for i in 0 1 2 3 4 5 6 7; do
		y=$((150 + i * 44))
		w=$((300 - (i * 37 % 90)))
		args+=(-fill '#9fb8c7' -draw "roundrectangle 120,$y $((120 + w)),$((y + 18)) 9,9")
	done
	convert -size 1200x630 xc:'#eef5f4' \
		-fill '#ffffff' -draw 'roundrectangle 90,110 480,530 24,24' \
		"${args[@]}" \
		-fill '#0e6e6e' -draw 'polygon 540,240 540,360 640,300' \
		-fill '#0e6e6e' -draw 'roundrectangle 700,190 1110,440 40,40' \
		-fill '#0e6e6e' -draw 'polygon 760,430 820,430 740,510' \
		-fill '#ffffff' -draw 'roundrectangle 760,265 1050,290 12,12' \
		-fill '#ffffff' -draw 'roundrectangle 760,335 960,360 12,12' \
		"${PNGOPTS[@]}" "$OUT/plain-language.png"
}

# Data literacy: a bar chart with a trend line.
data_literacy() {
	local args=() i x h
	local heights=(120 190 160 250 300 280 360)
	for i in "${!heights[@]}"; do
		x=$((180 + i * 125))
		h=${heights[$i]}
		args+=(-fill '#5a3e8c' -draw "roundrectangle $x,$((500 - h)) $((x + 80)),500 10,10")
	done
	convert -size 1200x630 xc:'#f6f1fb' \
		-fill '#e4d9f1' -draw 'rectangle 140,140 1080,500' \
		"${args[@]}" \
		-stroke '#e07b24' -strokewidth 10 -fill none \
		-draw 'line 220,350 345,290' -draw 'line 345,290 470,310' -draw 'line 470,310 595,220' \
		-draw 'line 595,220 720,170' -draw 'line 720,170 845,190' -draw 'line 845,190 970,110' \
		-stroke none -fill '#e07b24' -draw 'circle 970,110 970,126' \
		-fill '#3b2a5c' -draw 'rectangle 140,500 1080,508' \
		"${PNGOPTS[@]}" "$OUT/data-literacy.png"
}

# Protecting your focus: concentric rings around a calm centre.
focus() {
	convert -size 1200x630 xc:'#e9f3ea' \
		-fill '#cfe6d2' -draw 'circle 600,315 600,25' \
		-fill '#b3d7b8' -draw 'circle 600,315 600,85' \
		-fill '#8fc296' -draw 'circle 600,315 600,145' \
		-fill '#5e9e68' -draw 'circle 600,315 600,205' \
		-fill '#2f6b3a' -draw 'circle 600,315 600,260' \
		-fill '#f4f9f4' -draw 'circle 140,110 140,128' -draw 'circle 1060,520 1060,540' \
		-draw 'circle 1010,120 1010,132' -draw 'circle 190,500 190,514' \
		"${PNGOPTS[@]}" "$OUT/focus.png"
}

portrait
plain_language
data_literacy
focus

# ----------------------------------------------------------------- audio ---

# speak LANG TEXT WAV: synthesise one sentence at 22.05 kHz mono.
speak() {
	local voice=en-us
	[ "$1" = fr ] && voice=fr
	espeak-ng -v "$voice" -s 150 -w "$TMP/raw.wav" "$2"
	ffmpeg -v error -y -i "$TMP/raw.wav" -ar 22050 -ac 1 "$3"
}

# chime WAV: a short two-note sign-on, the same for every episode.
chime() {
	ffmpeg -v error -y -f lavfi -i "sine=frequency=660:duration=0.45:sample_rate=22050" \
		-f lavfi -i "sine=frequency=880:duration=0.65:sample_rate=22050" \
		-filter_complex "[0]afade=t=out:st=0.25:d=0.2,volume=0.35[a];[1]afade=t=out:st=0.2:d=0.45,volume=0.35[b];[a][b]concat=n=2:v=0:a=1,aformat=channel_layouts=mono" \
		"$1"
}
chime "$TMP/chime.wav"

# narrate NAME LANG SENTENCE...: chime + sentences, each followed by a pause.
# Leaves $TMP/NAME.wav and the cue times in $TMP/NAME.cues (start end text).
narrate() {
	local name=$1 lang=$2
	shift 2
	local list="$TMP/$name.list" t d i=0
	: >"$list"
	: >"$TMP/$name.cues"
	echo "file '$TMP/chime.wav'" >>"$list"
	t=$(secs "$TMP/chime.wav")
	ffmpeg -v error -y -f lavfi -i "anullsrc=r=22050:cl=mono" -t 0.4 "$TMP/pause.wav"
	for s in "$@"; do
		i=$((i + 1))
		speak "$lang" "$s" "$TMP/$name-$i.wav"
		d=$(secs "$TMP/$name-$i.wav")
		printf '%s\t%s\t%s\n' "$t" "$(awk -v a="$t" -v b="$d" 'BEGIN{print a+b}')" "$s" >>"$TMP/$name.cues"
		t=$(awk -v a="$t" -v b="$d" 'BEGIN{print a+b+0.4}')
		echo "file '$TMP/$name-$i.wav'" >>"$list"
		echo "file '$TMP/pause.wav'" >>"$list"
	done
	# Pad with silence to a whole number of seconds, so that the declared
	# media_duration (mm:ss) is exact.
	ffmpeg -v error -y -f concat -safe 0 -i "$list" -ar 22050 -ac 1 "$TMP/$name-cat.wav"
	local whole
	whole=$(awk -v d="$(secs "$TMP/$name-cat.wav")" 'BEGIN { n = int(d); if (n < d) n++; print n }')
	ffmpeg -v error -y -i "$TMP/$name-cat.wav" -af "apad=whole_dur=$whole" "$TMP/$name.wav"
}

# site LANG: the site's name in that language, as the narration says it.
site() { if [ "$1" = fr ]; then echo "Trajets en bus"; else echo "Busrides"; fi; }

mp3() { # NAME LANG SENTENCE... -> $OUT/NAME.mp3 (32 kbps mono)
	local name=$1
	narrate "$@"
	ffmpeg -v error -y -i "$TMP/$name.wav" -c:a libmp3lame -b:a 32k -ar 22050 -ac 1 \
		-map_metadata -1 -write_xing 1 "$OUT/$name.mp3"
	echo "$name.mp3 $(mmss "$(secs "$OUT/$name.mp3")")"
}

mp3 reading-charts-en en \
	"Welcome to Busrides. I'm Amélie Gagnon." \
	"Today, Daniel Okafor shows us how to read a chart without being fooled." \
	"Three questions: where does the axis start, what is being compared, and who is missing from the data?"
mp3 reading-charts-fr fr \
	"Bienvenue à Trajets en bus. Je suis Amélie Gagnon." \
	"Aujourd'hui, Daniel Okafor nous apprend à lire un graphique sans se faire piéger." \
	"Trois questions : où commence l'axe, que compare-t-on, et qui manque dans les données?"

mp3 inclusive-meetings-en en \
	"This is Busrides, and I'm Amélie Gagnon." \
	"In this episode: meetings that include everyone, whether people join from the office, from home or from the road." \
	"Start with a clear purpose, share the agenda early, and give the people online the first word."
mp3 inclusive-meetings-fr fr \
	"Ici Trajets en bus, et je suis Amélie Gagnon." \
	"Dans cet épisode : des réunions où chacun a sa place, au bureau, à la maison ou sur la route." \
	"Un objectif clair, un ordre du jour envoyé à l'avance, et la parole d'abord aux personnes en ligne."

mp3 mental-health-check-in-en en \
	"Welcome to Busrides. I'm Amélie Gagnon." \
	"Today we talk about checking in with a colleague who seems to be struggling." \
	"You don't need to be an expert. You need to notice, to ask, and to listen."
mp3 mental-health-check-in-fr fr \
	"Bienvenue à Trajets en bus. Je suis Amélie Gagnon." \
	"Aujourd'hui, nous parlons de la façon de prendre des nouvelles d'un collègue qui semble en difficulté." \
	"Pas besoin d'être spécialiste. Il faut remarquer, demander et écouter."

# ----------------------------------------------------------------- video ---

# vtt LANG < CUES > FILE: WebVTT captions from cue lines (start end text).
vtt() {
	local lang=$1 i=0 start end text
	echo "WEBVTT"
	echo
	while IFS=$'\t' read -r start end text; do
		i=$((i + 1))
		echo "$i"
		echo "$(vtt_ts "$start") --> $(vtt_ts "$end")"
		# French captions use the typographic apostrophe.
		[ "$lang" = fr ] && text=${text//\'/’}
		echo "$text"
		echo
	done
}

# webm NAME LANG BG TITLE SENTENCE...: a 320x180 title card with narration,
# VP8 + Opus, and a WebVTT caption file NAME-with-lang-dropped.LANG.vtt.
webm() {
	local name=$1 lang=$2 bg=$3 title=$4
	shift 4
	narrate "$name" "$lang" "$@"
	printf '%s' "$title" >"$TMP/$name.title"
	site "$lang" | tr -d '\n' >"$TMP/$name.site"
	local d
	d=$(secs "$TMP/$name.wav")
	ffmpeg -v error -y -f lavfi -i "color=c=$bg:s=320x180:r=12:d=$d" -i "$TMP/$name.wav" \
		-vf "drawbox=x=20:y=120:w=60:h=6:color=white@0.9:t=fill,drawtext=fontfile=$FONT:textfile=$TMP/$name.title:fontcolor=white:fontsize=17:x=20:y=70,drawtext=fontfile=$FONT_REG:textfile=$TMP/$name.site:fontcolor=white@0.85:fontsize=12:x=20:y=140" \
		-c:v libvpx -b:v 60k -auto-alt-ref 0 -c:a libopus -b:a 24k -ac 1 \
		-map_metadata -1 -shortest "$OUT/$name.webm"
	vtt "$lang" <"$TMP/$name.cues" >"$OUT/${name%-"$lang"}.$lang.vtt"
	echo "$name.webm $(mmss "$(secs "$OUT/$name.webm")")"
}

# translated REC LANG OTHER: captions in LANG for the recording REC, made in
# the other language, as REC.LANG.vtt: REC's cue times with the sentences of
# OTHER, the recording in LANG, whose sentences translate REC's one for one.
# The player offers them with REC's own captions (both official languages).
translated() {
	local rec=$1 lang=$2 other=$3
	if [ "$(wc -l <"$TMP/$rec.cues")" -ne "$(wc -l <"$TMP/$other.cues")" ]; then
		echo "$rec and $other do not have the same number of sentences" >&2
		exit 1
	fi
	paste <(cut -f1,2 "$TMP/$rec.cues") <(cut -f3 "$TMP/$other.cues") | vtt "$lang" >"$OUT/$rec.$lang.vtt"
}

webm data-stories-en en '#5a3e8c' "Telling Stories with Data" \
	"Busrides. Telling stories with data." \
	"A chart is not the message. Start with the one thing you want your reader to remember." \
	"Then show only the data that supports it."
webm data-stories-fr fr '#5a3e8c' "Raconter avec des données" \
	"Trajets en bus. Raconter une histoire avec des données." \
	"Un graphique n'est pas le message. Commencez par la seule chose que votre lecteur doit retenir." \
	"Puis, montrez seulement les données qui l'appuient."

webm feedback-en en '#26374a' "Feedback That Lands" \
	"Busrides. Giving feedback that lands." \
	"Describe what you saw, explain its effect, and ask what the other person sees." \
	"Then agree together on one next step."
webm feedback-fr fr '#26374a' "Une rétroaction utile" \
	"Trajets en bus. Donner une rétroaction qui porte ses fruits." \
	"Décrivez ce que vous avez observé, expliquez son effet et demandez à l'autre personne ce qu'elle en pense." \
	"Puis, convenez ensemble d'une prochaine étape."

translated data-stories-en fr data-stories-fr
translated data-stories-fr en data-stories-en
translated feedback-en fr feedback-fr
translated feedback-fr en feedback-en

du -ch "$OUT"/* | tail -1
