package xliff

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
)

// Header is what a document says it is: the episode's key, the revision
// the text was taken from, and the languages. Peek reads it so that a
// caller can find the episode and its source version before Import checks
// the whole document against them.
type Header struct {
	Key        string
	Revision   int
	SourceLang content.Lang
	TargetLang content.Lang
}

// errNoHeader is Peek's refusal of what does not start as an XLIFF 2
// document of this product.
var errNoHeader = errors.New("xliff: not a translation document of an episode")

// Peek reads the header of a document: the <xliff> element's languages and
// the first <file>'s id and original attribute, without reading further.
func Peek(data []byte) (Header, error) {
	if len(data) > MaxSize {
		return Header{}, &Error{Problems: []Problem{{Key: KeyTooLarge, Arg: strconv.Itoa(MaxSize >> 20)}}}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	var h Header
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return Header{}, errNoHeader
		}
		if err != nil {
			return Header{}, fmt.Errorf("%w: %w", errNoHeader, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return Header{}, &Error{Problems: []Problem{{Key: KeyDoctype}}}
		case xml.StartElement:
			if t.Name.Space != Namespace {
				return Header{}, errNoHeader
			}
			switch t.Name.Local {
			case "xliff":
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "srcLang":
						h.SourceLang = langOf(a.Value)
					case "trgLang":
						h.TargetLang = langOf(a.Value)
					}
				}
			case "file":
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "id":
						h.Key = a.Value
					case "original":
						if i := strings.LastIndex(a.Value, "/revisions/"); i >= 0 {
							h.Revision, _ = strconv.Atoi(a.Value[i+len("/revisions/"):])
						}
					}
				}
				if h.Key == "" || h.SourceLang == "" || h.TargetLang == "" {
					return Header{}, errNoHeader
				}
				return h, nil
			default:
				return Header{}, errNoHeader
			}
		}
	}
}

// langOf is the language of a BCP 47 tag ("fr-CA" → fr), "" for another.
func langOf(tag string) content.Lang {
	primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
	l, _ := content.ParseLang(primary)
	return l
}
