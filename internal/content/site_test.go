package content

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestNewFeedback(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.FixedZone("EST", -5*3600))
	tests := []struct {
		name, answer, comment string
		wantErrField          string
		wantErrKey            string
		wantComment           string
		wantRedacted          bool
	}{
		{name: "yes needs nothing", answer: "yes", comment: "", wantComment: ""},
		{name: "yes drops a comment", answer: "yes", comment: "extra text", wantComment: ""},
		{name: "no with comment", answer: "no", comment: "  Il manque un exemple.  ", wantComment: "Il manque un exemple."},
		{name: "no counts without a comment", answer: "no", comment: "   ", wantComment: ""},
		{name: "300 accented characters", answer: "no", comment: strings.Repeat("é", 300), wantComment: strings.Repeat("é", 300)},
		{name: "301 characters", answer: "no", comment: strings.Repeat("é", 301), wantErrField: "comment", wantErrKey: FeedbackErrTooLong},
		{name: "bad answer", answer: "maybe", comment: "x", wantErrField: "answer", wantErrKey: FeedbackErrAnswer},
		{name: "redacted", answer: "no", comment: "Write to jean.tremblay@example.gc.ca or call 613-555-0199", wantComment: "Write to ### or call ###", wantRedacted: true},
		{name: "control characters removed", answer: "no", comment: "a\x00b\x1bc\r\nd\te", wantComment: "abc\nd\te"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := NewFeedback(French, "/fr/episodes/x", 7, tt.answer, tt.comment, now)
			if tt.wantErrField != "" {
				ve, ok := errors.AsType[*ValidationError](err)
				if !ok {
					t.Fatalf("want a ValidationError, got %v", err)
				}
				if ve.Fields[tt.wantErrField] != tt.wantErrKey {
					t.Fatalf("fields = %v, want %s=%s", ve.Fields, tt.wantErrField, tt.wantErrKey)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.Comment != tt.wantComment || f.Redacted != tt.wantRedacted {
				t.Fatalf("comment %q redacted %v, want %q %v", f.Comment, f.Redacted, tt.wantComment, tt.wantRedacted)
			}
			if f.Lang != French || f.Path != "/fr/episodes/x" || f.EpisodeID != 7 || !f.CreatedAt.Equal(now) || f.CreatedAt.Location() != time.UTC {
				t.Fatalf("unexpected fields: %+v", f)
			}
		})
	}
}

func TestFeedbackComment(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		redacted bool
		tooLong  bool
	}{
		{in: "", want: ""},
		{in: " \n\t ", want: ""},
		{in: "  Il manque un exemple.  ", want: "Il manque un exemple."},
		{in: "call 613-555-0199", want: "call ###", redacted: true},
		{in: strings.Repeat("é", 300), want: strings.Repeat("é", 300)},
		{in: strings.Repeat("é", 301), tooLong: true},
	} {
		got, redacted, err := FeedbackComment(tc.in)
		if tc.tooLong {
			if ve, ok := errors.AsType[*ValidationError](err); !ok || ve.Fields["comment"] != FeedbackErrTooLong {
				t.Errorf("FeedbackComment(%d characters) = %v, want %s", len([]rune(tc.in)), err, FeedbackErrTooLong)
			}
			continue
		}
		if err != nil || got != tc.want || redacted != tc.redacted {
			t.Errorf("FeedbackComment(%q) = %q, %v, %v; want %q, %v", tc.in, got, redacted, err, tc.want, tc.redacted)
		}
	}
}

func TestFeedbackToken(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"":                                 false,
		"abcdefghijklmnopqrstu":            false, // 21
		"abcdefghijklmnopqrstuv":           true,  // 22
		"AZaz09-_AZaz09-_AZaz09-_":         true,
		strings.Repeat("a", 64):            true,
		strings.Repeat("a", 65):            false,
		"abcdefghijklmnopqrstuv/":          false,
		"abcdefghijklmnopqrstuv=":          false,
		"abcdefghijklmnopqrstuvé":          false,
		"abcdefghij klmnopqrstuv":          false,
		"abcdefghijklmnopqrstuv\n":         false,
		"0123456789abcdef0123456789abcdef": true,
	} {
		if got := ValidFeedbackToken(s); got != want {
			t.Errorf("ValidFeedbackToken(%q) = %v, want %v", s, got, want)
		}
	}
	k := FeedbackKey("abcdefghijklmnopqrstuv")
	if len(k) != 64 || k == FeedbackKey("abcdefghijklmnopqrstuw") || strings.Contains(k, "abcdefghij") {
		t.Errorf("FeedbackKey = %q", k)
	}
	if k != FeedbackKey("abcdefghijklmnopqrstuv") {
		t.Error("FeedbackKey is not stable")
	}
}

func TestEpisodeStale(t *testing.T) {
	ep := func(en, fr *Version) *Episode {
		e := &Episode{Versions: map[Lang]*Version{}}
		if en != nil {
			e.Versions[English] = en
		}
		if fr != nil {
			e.Versions[French] = fr
		}
		return e
	}
	for _, tc := range []struct {
		name             string
		e                *Episode
		staleEN, staleFR bool
	}{
		{"both in line", ep(&Version{ChangedRev: 3, AlignedRev: 2}, &Version{ChangedRev: 2, AlignedRev: 3}), false, false},
		{"English changed after French aligned", ep(&Version{ChangedRev: 5, AlignedRev: 2}, &Version{ChangedRev: 2, AlignedRev: 3}), false, true},
		{"French changed after English aligned", ep(&Version{ChangedRev: 1, AlignedRev: 0}, &Version{ChangedRev: 4, AlignedRev: 1}), true, false},
		{"English only", ep(&Version{ChangedRev: 4}, nil), false, false},
		{"French only", ep(nil, &Version{ChangedRev: 4}), false, false},
		{"never edited", ep(&Version{}, &Version{}), false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.e.Stale(English); got != tc.staleEN {
				t.Errorf("Stale(en) = %v, want %v", got, tc.staleEN)
			}
			if got := tc.e.Stale(French); got != tc.staleFR {
				t.Errorf("Stale(fr) = %v, want %v", got, tc.staleFR)
			}
		})
	}
}
