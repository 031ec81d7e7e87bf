package media

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzProcess: any input is refused with an *Error or accepted; an
// accepted file is of an allowed type, sniffs as that type again, carries
// no markup in what browsers sniff, and a second pass keeps it as it is.
func FuzzProcess(f *testing.F) {
	f.Add(jpegWithMetadata(f))
	f.Add(pngWithMetadata(f))
	f.Add(webpWithMetadata(3, 2))
	f.Add(gifWithMetadata(f))
	f.Add(append(id3("x"), mp3Frames(3)...))
	f.Add(m4a("soun"))
	f.Add([]byte("WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n"))
	f.Add([]byte("<svg onload=alert(1)>"))
	f.Add([]byte("GIF89a=alert(1)//;"))
	f.Fuzz(func(t *testing.T, b []byte) {
		in := bytes.Clone(b)
		file, err := Process(b, Limits{MaxFrames: 50})
		if !bytes.Equal(in, b) {
			t.Fatal("Process changed its input")
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Key == "" {
				t.Fatalf("error %v is not a keyed *Error", err)
			}
			return
		}
		ty, err := Sniff(file.Data)
		if err != nil || ty != file.Type {
			t.Fatalf("accepted as %v, sniffs as %v, %v", file.Type, ty, err)
		}
		if len(file.Data) > len(b) {
			t.Fatalf("output longer than input: %d > %d", len(file.Data), len(b))
		}
		again, err := Process(file.Data, Limits{MaxFrames: 50})
		if err != nil {
			t.Fatalf("second pass refused: %v", err)
		}
		if file.Type != M4A && !bytes.Equal(again.Data, file.Data) {
			t.Fatal("second pass changed the file")
		}
	})
}

// FuzzLabel: a label never holds a path separator, a control character or
// more than MaxLabelRunes runes.
func FuzzLabel(f *testing.F) {
	for _, s := range []string{"../../etc/passwd", `C:\x\y.png`, "a\u202eb", "Été.jpg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := Label(s)
		if bytes.ContainsAny([]byte(l), "/\\\x00\r\n\t") || len([]rune(l)) > MaxLabelRunes {
			t.Fatalf("Label(%q) = %q", s, l)
		}
		if Label(l) != l {
			t.Fatalf("Label is not idempotent on %q: %q", l, Label(l))
		}
	})
}
