package importer

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/content"
)

// document is a content file cut into its front matter and its language
// sections.
type document struct {
	front    header
	sections []section
}

// section is a `--- en`, `--- fr`, `--- en transcript` … part of a file.
type section struct {
	lang       content.Lang
	transcript bool
	line       int
	header     header // version fields; empty for transcripts and series
	body       string
	bodyLine   int // line of the body's first line (before trimming)
}

// parseDocument splits a file. withHeaders says whether a language section
// starts with a header block closed by `---` (episodes) or directly with
// Markdown (series introductions, transcripts).
//
// ok is false when the file's structure is broken (not UTF-8, no front
// matter, text outside a section, an unclosed block): the error is reported
// and callers check nothing else, which would only repeat it.
func parseDocument(file string, data []byte, withHeaders bool, errs *errorList) (d document, ok bool) {
	if !utf8.Valid(data) {
		bad := 0
		for bad < len(data) {
			r, size := utf8.DecodeRune(data[bad:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			bad += size
		}
		errs.add(file, 1+bytes.Count(data[:bad], []byte("\n")), "the file is not valid UTF-8")
		return d, false
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(text, "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		errs.add(file, 1, "the file must start with a front matter block opened by a line `---`")
		return d, false
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		errs.add(file, 1, "the front matter block opened on line 1 is never closed by a line `---`")
		return d, false
	}
	d.front = parseHeader(lines[1:end], 2, 1, errs, file)

	i := end + 1
	// Anything before the first section must be blank.
	for ; i < len(lines); i++ {
		if _, _, ok := sectionMarker(lines[i]); ok {
			break
		}
		if strings.TrimSpace(lines[i]) != "" {
			errs.add(file, i+1, "text outside a language section: start one with a line `--- en` or `--- fr`")
			return d, false
		}
	}
	for i < len(lines) {
		lang, transcript, _ := sectionMarker(lines[i])
		s := section{lang: lang, transcript: transcript, line: i + 1}
		i++
		if withHeaders && !transcript {
			start := i
			for i < len(lines) && strings.TrimSpace(lines[i]) != "---" {
				if _, _, ok := sectionMarker(lines[i]); ok {
					break
				}
				i++
			}
			if i >= len(lines) || strings.TrimSpace(lines[i]) != "---" {
				errs.add(file, s.line, "the %q section's fields are never closed by a line `---`", string(lang))
				return d, false
			}
			s.header = parseHeader(lines[start:i], start+1, s.line, errs, file)
			i++
		}
		start := i
		for i < len(lines) {
			if _, _, ok := sectionMarker(lines[i]); ok {
				break
			}
			i++
		}
		s.bodyLine = start + 1
		for j := start; j < i && strings.TrimSpace(lines[j]) == ""; j++ {
			s.bodyLine = j + 2
		}
		s.body = strings.TrimSpace(strings.Join(lines[start:i], "\n"))
		for _, prev := range d.sections {
			if prev.lang == s.lang && prev.transcript == s.transcript {
				errs.add(file, s.line, "section %q appears twice", strings.TrimSpace(lines[s.line-1]))
			}
		}
		d.sections = append(d.sections, s)
	}
	return d, true
}

// sectionMarker recognises `--- en`, `--- fr`, `--- en transcript` and
// `--- fr transcript`.
func sectionMarker(line string) (content.Lang, bool, bool) {
	f := strings.Fields(line)
	if len(f) < 2 || len(f) > 3 || f[0] != "---" {
		return "", false, false
	}
	lang, ok := content.ParseLang(f[1])
	if !ok {
		return "", false, false
	}
	if len(f) == 3 {
		if f[2] != "transcript" {
			return "", false, false
		}
		return lang, true, true
	}
	return lang, false, true
}

func (d *document) section(lang content.Lang, transcript bool) *section {
	for i := range d.sections {
		if d.sections[i].lang == lang && d.sections[i].transcript == transcript {
			return &d.sections[i]
		}
	}
	return nil
}
