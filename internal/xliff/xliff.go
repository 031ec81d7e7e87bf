// Package xliff is the translation round trip of one episode version with a
// translation bureau and its CAT tools, as XLIFF 2.1: Export writes the
// translatable text of a source version as one XLIFF document, Import reads
// the document the bureau sends back and rebuilds the target version's
// fields from it.
//
// # Units
//
// One <file> per document, whose id is the episode's key and whose original
// attribute names the revision the text was taken from
// ("busrides/episodes/KEY/revisions/N"). Units, in this order, with ids
// that the same source always gives: title, summary, body-1…,
// transcript-1… (the Nth block with text of the field), image-alt,
// image-caption, link-1… (link-N is the Nth "Learn more" link). An empty
// field has no unit.
//
// Title, summary, image text and link labels are plain text: their segment
// is the text itself, without the white space around it (and, for a link
// label, without its language mark "{lang=en}"), which Import puts back.
//
// The body and the transcript are Markdown, cut into blocks: one unit per
// paragraph, heading, list item paragraph, block quote paragraph, footnote
// paragraph and table row (see segment.go). Structure is never in a segment:
// heading #s, list markers and task boxes, block quote >s, indentation and
// table pipes at the ends of a row stay out; code blocks, HTML blocks,
// thematic breaks, link reference definitions, blank lines and blocks
// without any text to translate are not units at all, nor is what is
// nested more than 32 containers deep (Render refuses half as deep).
// Import rebuilds that
// structure from the source it is given (the current source version), never
// from the file: a unit's text goes back between the prefixes and line
// endings of its block in the source.
//
// # Inline codes
//
// Inside a segment, Markdown syntax is an XLIFF inline code whose original
// data (<originalData>) is the exact Markdown it stands for, so a translator
// can move it but not break it:
//
//   - emphasis, strong emphasis and strikethrough: <pc> (type fmt, xlf:i,
//     xlf:b) around their text;
//   - links [text](url "title") and [text][ref]: <pc> (type link) around the
//     text, the "[" and "](url "title")" (with a following "{lang=en}"
//     mark) as its start and end data; titles are not translated;
//   - images ![alt](src "title"): <pc> (type image) around the alt text,
//     which is translated, like a link;
//   - code spans, autolinks, bare URLs, raw inline HTML, footnote
//     references, hard line breaks and the pipes between table cells:
//     <ph>, whose data is the whole construct (code is never translated).
//
// Codes are numbered 1, 2… in each unit, their data d1, d2…; every code is
// canCopy="no" canDelete="no". Codes nested more than 64 deep stay text. Backslash escapes and entities stay in the
// text as written, and so does a soft line break (a newline, the unit being
// xml:space="preserve"). Characters XML cannot hold are written as <cp>.
//
// # Putting a translation back
//
// A target's text goes between its block's prefixes: lines a translation
// adds take the prefix of the source's last line (or, after a one-line
// source, of a new line of its container: "> ", a list item's
// indentation); a newline in a heading or a table row becomes a space.
// Emphasis keeps white space at the ends of its text outside its
// delimiters, where Markdown needs it, and an emphasis left empty is
// dropped. The rest of a target is Markdown as the translator wrote it:
// the caller renders and sanitises it like any edit.
//
// # Checks
//
// Import checks the document against the source it is given (same episode
// and languages, every unit once with a target, no other unit, the same
// source text as exported, the same codes in each target, each once and
// inside the same code as in the source) and reports every problem it
// finds, as an *Error listing Problems with a machine key (ProblemKeys).
// The codes of a target are resolved against the source's own Markdown, so
// the file's <originalData> is only compared, never used.
//
// Round trip: for valid UTF-8 text, Import of an exported document whose
// targets are copies of the sources returns the source fields exactly.
// Invalid UTF-8 is replaced by U+FFFD on export (and on import, where the
// source is compared), the only normalisation.
package xliff

import (
	"fmt"
	"strings"

	"github.com/busrides/busrides/internal/content"
)

// Namespace is the XLIFF 2 core namespace (the same for 2.0 and 2.1).
const Namespace = "urn:oasis:names:tc:xliff:document:2.0"

// Version is the XLIFF version Export writes.
const Version = "2.1"

// MaxSize is the largest document Import reads, in bytes. A caller reading
// an upload should stop after MaxSize+1 bytes and pass what it read:
// Import reports xliff.too_large.
const MaxSize = 8 << 20

// Source is the translatable text of one episode version, as Export writes
// it and as Import checks a document against.
type Source struct {
	Key        string // the episode's key: letters, digits, '.', '-' and '_'
	Revision   int    // the episode revision the text was taken from
	SourceLang content.Lang
	TargetLang content.Lang

	Title        string
	Summary      string
	BodyMarkdown string
	Transcript   string // Markdown
	ImageAlt     string
	ImageCaption string
	// LearnMore are the version's "Learn more" links: their labels are
	// translated, their URLs are given to the translator as notes.
	LearnMore []content.Link
}

// SourceFromVersion is the Source of version v of the episode with the
// given key at revision rev, to be translated into target.
func SourceFromVersion(key string, rev int, v content.Version, target content.Lang) Source {
	return Source{
		Key:          key,
		Revision:     rev,
		SourceLang:   v.Lang,
		TargetLang:   target,
		Title:        v.Title,
		Summary:      v.Summary,
		BodyMarkdown: v.BodyMarkdown,
		Transcript:   v.Transcript,
		ImageAlt:     v.Image.Alt,
		ImageCaption: v.Image.Caption,
		LearnMore:    append([]content.Link(nil), v.LearnMore...),
	}
}

// Translation is what Import rebuilds from a translated document: the
// target version's text fields, and the revision the document was exported
// from (the source may have moved on since).
type Translation struct {
	Lang         content.Lang // the target language
	Revision     int          // the episode revision the document was exported from
	Title        string
	Summary      string
	BodyMarkdown string
	Transcript   string
	ImageAlt     string
	ImageCaption string
	// LinkLabels holds one label per Source.LearnMore link, in order
	// ("" where the source label is empty).
	LinkLabels []string
}

// Problem is one reason Import refuses a document. Unit is the unit it
// concerns ("" for the whole document), Key a machine key (one of
// ProblemKeys) for the caller's messages, Arg a detail for the message
// (a code id, a line number, the languages found…; "" when none).
type Problem struct {
	Unit string
	Key  string
	Arg  string
}

// The problem keys. What Arg holds is said for each.
const (
	KeyTooLarge       = "xliff.too_large"       // Arg: the limit in MiB
	KeyMalformed      = "xliff.malformed"       // Arg: the line number
	KeyDoctype        = "xliff.doctype"         // a DOCTYPE or entity declaration; Arg: the line
	KeyNotXLIFF       = "xliff.not_xliff"       // Arg: the root element or version found
	KeyWrongEpisode   = "xliff.wrong_episode"   // Arg: the episode key found
	KeyWrongLanguages = "xliff.wrong_languages" // Arg: "srcLang → trgLang" as found
	KeyUnitMissing    = "xliff.unit_missing"
	KeyUnitUnknown    = "xliff.unit_unknown"
	KeyUnitDuplicate  = "xliff.unit_duplicate"
	KeySourceChanged  = "xliff.source_changed"
	KeyTargetEmpty    = "xliff.target_empty"
	KeyCodeMissing    = "xliff.code_missing"   // Arg: the code id
	KeyCodeExtra      = "xliff.code_extra"     // Arg: the code id
	KeyCodeDuplicate  = "xliff.code_duplicate" // Arg: the code id
	KeyCodeMismatch   = "xliff.code_mismatch"  // a code of another kind (pc made ph…); Arg: the id
	KeyCodeNesting    = "xliff.code_nesting"   // a code moved into or out of another; Arg: the id
)

// problemKeys lists every key, in the order of the constants.
var problemKeys = [...]string{
	KeyTooLarge, KeyMalformed, KeyDoctype, KeyNotXLIFF, KeyWrongEpisode,
	KeyWrongLanguages, KeyUnitMissing, KeyUnitUnknown, KeyUnitDuplicate,
	KeySourceChanged, KeyTargetEmpty, KeyCodeMissing, KeyCodeExtra,
	KeyCodeDuplicate, KeyCodeMismatch, KeyCodeNesting,
}

// ProblemKeys returns every key a Problem may have, for the catalogues of
// messages.
func ProblemKeys() []string {
	return append([]string(nil), problemKeys[:]...)
}

// Error is Import's refusal of a document: every problem found.
type Error struct {
	Problems []Problem
	// Err is the underlying error when there is one (the XML decoder's,
	// for xliff.malformed), or nil.
	Err error
}

// Error lists the problems on one line.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("xliff: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if p.Unit != "" {
			b.WriteString(p.Unit)
			b.WriteString(": ")
		}
		b.WriteString(p.Key)
		if p.Arg != "" {
			b.WriteString(" ")
			b.WriteString(p.Arg)
		}
	}
	if e.Err != nil {
		fmt.Fprintf(&b, " (%v)", e.Err)
	}
	return b.String()
}

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Has reports whether the error lists a problem with key.
func (e *Error) Has(key string) bool {
	for _, p := range e.Problems {
		if p.Key == key {
			return true
		}
	}
	return false
}
