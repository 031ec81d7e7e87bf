package content

import (
	"errors"
	"strings"
	"testing"
)

func TestWordsPerMinute(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang Lang
		want int
	}{
		{English, 238},
		{French, 195},
		{"", 238},
		{"de", 238},
	}
	for _, tt := range tests {
		if got := WordsPerMinute(tt.lang); got != tt.want {
			t.Errorf("WordsPerMinute(%q) = %d, want %d", tt.lang, got, tt.want)
		}
	}
}

// englishSentence has 28 words.
const englishSentence = "Public servants across Canada use short lessons to learn new skills easily during their commute, and each episode takes only a few minutes to read or hear today. "

func TestCountWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     int
	}{
		{"empty", "", 0},
		{"spaces only", " \t\n\u00a0\u202f ", 0},
		{"one", "Bonjour", 1},
		{"english sentence", englishSentence, 28},
		{"476 words", strings.Repeat(englishSentence, 17), 476},
		{"contraction", "Canada’s budget isn't done", 4},
		{"hyphenated english", "A well-known, up-to-date guide", 4},
		{"elision curly", "l’intelligence", 1},
		{"elision straight", "l'intelligence", 1},
		{"elision modifier letter", "lʼintelligence", 1},
		{"aujourd’hui", "aujourd’hui", 1},
		{"peut-être", "peut-être", 1},
		{"non-breaking hyphen", "peut\u2011être", 1},
		{"french sentence", "Aujourd’hui, l’intelligence artificielle est peut-être « utile » : 2 et 3 !", 9},
		{"french question", "Qu’est-ce que l’ACS+ ?", 3},
		{"numbers are words", "2 et 3", 3},
		{"guillemets alone", "« » – — : ; ! ? …", 0},
		{"NBSP separates", "mot\u00a0mot\u202fmot", 3},
		{"hyphen with spaces", "avant - après", 2},
		{"en dash between words", "2020–2021", 2},
		{"year range with hyphen", "2024-2025", 1},
		{"trailing apostrophe", "les enfants’ jeux", 3},
		{"leading hyphen", "-moins", 1},
		{"double hyphen", "a--b", 2},
		{"apostrophe then space", "l’ art", 2},
		{"thousands and decimals", "1,000.50 $ et 3,5 %", 3},
		{"dot ends sentence", "Fin. Début", 2},
		{"dot after digit then letter", "version 3.a", 3},
		{"comma list of numbers", "1, 2, 3", 3},
		{"time", "14 h 30", 3},
		{"email-like", "jean@exemple.ca", 3},
		{"emoji not words", "Fête 🎉 nationale", 2},
		{"NFD accents", "E\u0301te\u0301 chaud", 2},
		{"soft hyphen ignored", "soft\u00adhyphen", 1},
		{"zero width space ignored", "ad\u200bmin", 1},
		{"underscore separates", "snake_case", 2},
		{"newlines", "un\ndeux\r\ntrois", 3},
		{"CJK run", "你好 世界", 2},
		{"invalid utf8", "ab\xffcd", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := CountWords(tt.in); got != tt.want {
				t.Errorf("CountWords(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestReadingMinutes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		words int
		lang  Lang
		want  int
	}{
		{0, English, 0},
		{0, French, 0},
		{-5, English, 0},
		{1, English, 1},
		{1, French, 1},
		{238, English, 1},
		{239, English, 2},
		{476, English, 2},
		{477, English, 3},
		{195, French, 1},
		{196, French, 2},
		{476, French, 3},
		{1950, French, 10},
		{2380, English, 10},
	}
	for _, tt := range tests {
		if got := ReadingMinutes(tt.words, tt.lang); got != tt.want {
			t.Errorf("ReadingMinutes(%d, %s) = %d, want %d", tt.words, tt.lang, got, tt.want)
		}
	}
	if got := ReadingMinutes(CountWords(strings.Repeat(englishSentence, 17)), English); got != 2 {
		t.Errorf("476-word English text: %d min, want 2", got)
	}
}

func TestMediaMinutes(t *testing.T) {
	t.Parallel()
	tests := []struct{ seconds, want int }{
		{0, 0},
		{-1, 0},
		{1, 1},
		{29, 1},
		{59, 1},
		{60, 1},
		{89, 1},
		{90, 2},
		{149, 2},
		{150, 3},
		{600, 10},
		{3599, 60},
		{3600, 60},
	}
	for _, tt := range tests {
		if got := MediaMinutes(tt.seconds); got != tt.want {
			t.Errorf("MediaMinutes(%d) = %d, want %d", tt.seconds, got, tt.want)
		}
	}
}

func TestParseClock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    int
		wantErr string // substring of the error; "" for none
	}{
		{"00:00", 0, ""},
		{"04:05", 245, ""},
		{"4:05", 245, ""},
		{"59:59", 3599, ""},
		{"75:00", 4500, ""},
		{"1:02:03", 3723, ""},
		{"01:02:03", 3723, ""},
		{"10:00:00", 36000, ""},
		{"0:00:01", 1, ""},
		{" 12:34 ", 754, ""},
		{"", 0, "want mm:ss or h:mm:ss"},
		{"123", 0, "want mm:ss or h:mm:ss"},
		{"1:2:3:4", 0, "want mm:ss or h:mm:ss"},
		{"12:60", 0, "seconds must be 00 to 59"},
		{"1:60:00", 0, "minutes must be 00 to 59"},
		{"1:00:99", 0, "seconds must be 00 to 59"},
		{"12:5", 0, "seconds must have two digits"},
		{"1:5:00", 0, "minutes must have two digits"},
		{"12:345", 0, "seconds must have two digits"},
		{":30", 0, "minutes must be digits"},
		{"12:", 0, "seconds must be digits"},
		{"-1:30", 0, "minutes must be digits"},
		{"+1:30", 0, "minutes must be digits"},
		{"1h:30", 0, "minutes must be digits"},
		{"12:3x", 0, "seconds must be digits"},
		{"١٢:٣٤", 0, "minutes must be digits"},
		{"1234567:00", 0, "more than 6 digits"},
		{"12.34", 0, "want mm:ss or h:mm:ss"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseClock(tt.in)
			if tt.wantErr == "" {
				if err != nil || got != tt.want {
					t.Fatalf("ParseClock(%q) = %d, %v; want %d, nil", tt.in, got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseClock(%q) = %d, nil; want error containing %q", tt.in, got, tt.wantErr)
			}
			if !errors.Is(err, ErrClock) {
				t.Errorf("error %v does not wrap ErrClock", err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseClock(%q) error %q, want it to contain %q", tt.in, err, tt.wantErr)
			}
			if got != 0 {
				t.Errorf("ParseClock(%q) = %d with an error, want 0", tt.in, got)
			}
		})
	}
}

func TestFormatClock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		seconds int
		want    string
	}{
		{0, "00:00"},
		{-10, "00:00"},
		{5, "00:05"},
		{65, "01:05"},
		{245, "04:05"},
		{3599, "59:59"},
		{3600, "1:00:00"},
		{3723, "1:02:03"},
		{36000, "10:00:00"},
	}
	for _, tt := range tests {
		got := FormatClock(tt.seconds)
		if got != tt.want {
			t.Errorf("FormatClock(%d) = %q, want %q", tt.seconds, got, tt.want)
		}
		if back, err := ParseClock(got); err != nil || back != max(tt.seconds, 0) {
			t.Errorf("ParseClock(FormatClock(%d)) = %d, %v", tt.seconds, back, err)
		}
	}
}

func TestClockRoundTrip(t *testing.T) {
	t.Parallel()
	for s := 0; s <= 4*3600; s += 7 {
		got, err := ParseClock(FormatClock(s))
		if err != nil || got != s {
			t.Fatalf("round trip of %d: %d, %v", s, got, err)
		}
	}
}

func TestEpisodeMinutes(t *testing.T) {
	t.Parallel()
	read := &Episode{Kind: Read, Versions: map[Lang]*Version{
		English: {Lang: English, WordCount: 476},
		French:  {Lang: French, WordCount: 476},
	}}
	listen := &Episode{Kind: Listen, Versions: map[Lang]*Version{
		English: {Lang: English, MediaSeconds: 754, WordCount: 5000},
		French:  {Lang: French, MediaSeconds: 0},
	}}
	watch := &Episode{Kind: Watch, Versions: map[Lang]*Version{
		French: {Lang: French, MediaSeconds: 90},
	}}
	emptyRead := &Episode{Kind: Read, Versions: map[Lang]*Version{English: {}}}
	var nilEp *Episode
	tests := []struct {
		name string
		e    *Episode
		lang Lang
		want int
	}{
		{"read en", read, English, 2},
		{"read fr", read, French, 3},
		{"listen en uses media not words", listen, English, 13},
		{"listen fr without recording", listen, French, 0},
		{"watch fr", watch, French, 2},
		{"watch en missing version", watch, English, 0},
		{"read without words", emptyRead, English, 0},
		{"no versions", &Episode{Kind: Read}, English, 0},
		{"nil episode", nilEp, French, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.e.Minutes(tt.lang); got != tt.want {
				t.Errorf("Minutes(%s) = %d, want %d", tt.lang, got, tt.want)
			}
		})
	}
}

func BenchmarkCountWords(b *testing.B) {
	text := strings.Repeat(englishSentence+"Aujourd’hui, l’intelligence artificielle est peut-être « utile ». ", 20)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		CountWords(text)
	}
}
