package feed

import (
	"fmt"
	"strings"
)

// WebVTT writes a transcript as WebVTT: one cue per paragraph, spread over
// the recording's length in proportion to each paragraph's words. The
// timings are estimates (transcripts are written without timecodes); they
// let podcast apps show the text alongside the audio.
func WebVTT(paragraphs []string, seconds int, lang string) []byte {
	var ps []string
	words := 0
	for _, p := range paragraphs {
		p = strings.Join(strings.Fields(cleanText(p)), " ")
		if p == "" {
			continue
		}
		ps = append(ps, p)
		words += len(strings.Fields(p))
	}
	var b strings.Builder
	b.WriteString("WEBVTT\n")
	if lang != "" {
		fmt.Fprintf(&b, "Language: %s\n", lang)
	}
	if words == 0 || seconds <= 0 {
		return []byte(b.String())
	}
	total := float64(seconds * 1000)
	done := 0
	start := 0.0
	for i, p := range ps {
		done += len(strings.Fields(p))
		end := total * float64(done) / float64(words)
		// "-->" would end a cue's timing line early; it cannot appear in text.
		text := strings.ReplaceAll(p, "-->", "→")
		fmt.Fprintf(&b, "\n%d\n%s --> %s\n%s\n", i+1, vttTime(start), vttTime(end), text)
		start = end
	}
	return []byte(b.String())
}

// vttTime formats milliseconds as HH:MM:SS.mmm.
func vttTime(ms float64) string {
	n := int(ms + 0.5)
	return fmt.Sprintf("%02d:%02d:%02d.%03d", n/3600000, n/60000%60, n/1000%60, n%1000)
}

// cleanText removes characters a text document should not carry: C0 and C1
// controls other than tab and newline, and invalid UTF-8.
func cleanText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n':
			return r
		case r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == 0xfffe || r == 0xffff || r == '\uFFFD':
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}
