package content

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestRedactPII(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		// E-mail
		{"email en", "Contact me at jane.doe@example.com please.", "Contact me at ### please."},
		{"email fr", "Écrivez-moi à marie-ève.tremblay@canada.gc.ca, merci.", "Écrivez-moi à ###, merci."},
		{"email plus and digits", "first.last+busrides42@mail.example.co.uk", "###"},
		{"email spaced at", "mon courriel : jean @ exemple.ca", "mon courriel : ###"},
		{"email space before at", "jean @exemple.ca", "###"},
		{"email space after at", "jean@ exemple.ca", "###"},
		{"email no tld", "admin@localhost", "###"},
		{"email in angle brackets", "<jean@exemple.ca>", "<###>"},
		{"email sentence end", "Écrivez à a@b.ca.", "Écrivez à ###."},
		{"two emails", "a@b.ca et c@d.ca", "### et ###"},
		{"email accented local", "hélène@exemple.ca", "###"},
		{"handle kept", "Suivez @busrides sur X", "Suivez @busrides sur X"},
		{"at with spaces and no domain kept", "rendez-vous @ 5 h", "rendez-vous @ 5 h"},
		// Telephone
		{"phone dashes", "Call 613-555-0199 today", "Call ### today"},
		{"phone parens", "Appelez le (613) 555-0199.", "Appelez le ###."},
		{"phone dots", "613.555.0199", "###"},
		{"phone spaces", "mon numéro est 613 555 0199", "mon numéro est ###"},
		{"phone +1", "+1 613 555 0199", "###"},
		{"phone +1 parens", "+1 (613) 555-0199", "###"},
		{"phone toll free", "1-800-555-0199", "###"},
		{"phone digits", "6135550199", "###"},
		{"phone ext", "613-555-0199 ext. 123 merci", "### merci"},
		{"phone poste", "Téléphone : 613-555-0199 poste 4567.", "Téléphone : ###."},
		{"phone x", "613-555-0199 x12", "###"},
		{"phone comma ext", "613-555-0199, ext 5", "###"},
		{"phone nbsp", "613\u00a0555\u00a00199", "###"},
		{"phone after letter paren", "tél(613) 555-0199", "tél###"},
		{"two phones", "613-555-0199 / 819-555-0123", "### / ###"},
		{"phone adjacent", "613-555-0199 613-555-0198", "### ###"},
		// SIN
		{"sin spaces", "My SIN is 123 456 789.", "My SIN is ###."},
		{"sin dashes fr", "Mon NAS : 123-456-789", "Mon NAS : ###"},
		{"sin plain", "NAS 123456789", "NAS ###"},
		{"sin dots", "046.454.286", "###"},
		{"sin amount over-redacted", "100 000 000 $", "### $"},
		// Digit runs
		{"long digit run", "carte 4111111111111111", "carte ###"},
		{"digit run glued to letters", "client12345678901", "client###"},
		{"fullwidth digit run", "１２３４５６７８９", "###"},
		// Postal codes
		{"postal space", "J'habite au K1A 0B1 à Ottawa.", "J'habite au ### à Ottawa."},
		{"postal lower", "k1a0b1", "###"},
		{"postal hyphen", "K1A-0B1", "###"},
		{"postal en", "Send it to M5V 3L9, Toronto", "Send it to ###, Toronto"},
		{"postal W and Z after first", "A1W 2Z3", "###"},
		{"postal bad first letter D", "D1A 0B1", "D1A 0B1"},
		{"postal bad first W", "W1A 0B1", "W1A 0B1"},
		{"postal bad first Z", "Z1A 0B1", "Z1A 0B1"},
		{"postal bad letter O", "K1O 0B1", "K1O 0B1"},
		{"postal bad letter U", "K1A 0U1", "K1A 0U1"},
		{"postal inside word", "XK1A0B1", "XK1A0B1"},
		// Passport
		{"passport", "Passport AB123456 expired", "Passport ### expired"},
		{"passport fr lower", "mon passeport ab123456", "mon passeport ###"},
		{"passport inside word", "XAB123456", "XAB123456"},
		{"passport 7 digits not", "AB1234567", "AB1234567"},
		// Combined
		{"several", "Jean, 613-555-0199, jean@x.ca, K1A 0B1, NAS 123 456 789",
			"Jean, ###, ###, ###, NAS ###"},
		{"multiline", "ligne 1\n613-555-0199\nligne 3", "ligne 1\n###\nligne 3"},
		// Negatives: kept intact
		{"year", "En 2020, le sommet", "En 2020, le sommet"},
		{"minutes", "15 min de lecture", "15 min de lecture"},
		{"D7", "Le groupe D7 des nations numériques", "Le groupe D7 des nations numériques"},
		{"amount", "It cost $1,000 in 2021.", "It cost $1,000 in 2021."},
		{"amount fr", "Prix : 1 000 $", "Prix : 1 000 $"},
		{"french time", "à 14 h 30", "à 14 h 30"},
		{"clock time", "at 14:30", "at 14:30"},
		{"date", "le 2020-10-15", "le 2020-10-15"},
		{"date slashes", "15/10/2020", "15/10/2020"},
		{"episode number", "épisode 41", "épisode 41"},
		{"ep slug", "see ep-41 and ep-42", "see ep-41 and ep-42"},
		{"year range", "2024-2025", "2024-2025"},
		{"eight digits", "12345678", "12345678"},
		{"ordinary text fr", "L’épisode était très utile !", "L’épisode était très utile !"},
		{"short phone-like", "555-0199", "555-0199"},
		{"empty", "", ""},
		// Normalisation
		{"NFC", "E\u0301te\u0301", "Été"},
		{"invalid utf8", "ab\xffcd", "ab\uFFFDcd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, found := RedactPII(tt.in)
			if got != tt.want {
				t.Errorf("RedactPII(%q) = %q, want %q", tt.in, got, tt.want)
			}
			wantFound := strings.Contains(tt.want, PIIMask)
			if found != wantFound {
				t.Errorf("RedactPII(%q) found = %v, want %v", tt.in, found, wantFound)
			}
			checkRedactProperties(t, tt.in)
		})
	}
}

// checkRedactProperties asserts the invariants of RedactPII for any input.
func checkRedactProperties(t *testing.T, in string) {
	t.Helper()
	out, _ := RedactPII(in)
	if !utf8.ValidString(out) {
		t.Errorf("RedactPII(%q) = %q: invalid UTF-8", in, out)
	}
	again, found := RedactPII(out)
	if again != out || found {
		t.Errorf("RedactPII not idempotent on %q: %q then %q (found %v)", in, out, again, found)
	}
	run := 0
	for _, r := range out {
		if unicode.IsDigit(r) {
			run++
			if run >= 9 {
				t.Errorf("RedactPII(%q) = %q keeps a run of 9 digits", in, out)
				break
			}
		} else {
			run = 0
		}
	}
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_' }
	for i := 0; i < len(out); i++ {
		if out[i] != '@' || i == 0 || i == len(out)-1 {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(out[:i])
		after, _ := utf8.DecodeRuneInString(out[i+1:])
		if isWord(before) && isWord(after) {
			t.Errorf("RedactPII(%q) = %q keeps an @ between word characters", in, out)
			break
		}
	}
}

func FuzzRedactPII(f *testing.F) {
	for _, s := range []string{
		"", "jean@exemple.ca", "jean @ exemple.ca", "613-555-0199 ext. 123", "(613) 555-0199",
		"+1 613 555 0199", "123 456 789", "K1A 0B1", "AB123456", "2020-10-15", "14 h 30",
		"a@b@c", "1234567890123", "x@y.z@w", "ab\xffcd", "E\u0301te\u0301 613.555.0199",
		"１２３４５６７８９", "K1A0B1AB123456", "tél(613)555-0199",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkRedactProperties(t, in)
	})
}

func BenchmarkRedactPII(b *testing.B) {
	comment := strings.Repeat("Merci pour l’épisode 41 de 2020 ! Écrivez-moi à jean.tremblay@exemple.gc.ca ou au 613-555-0199 poste 12. ", 5)
	b.ReportAllocs()
	b.SetBytes(int64(len(comment)))
	for b.Loop() {
		RedactPII(comment)
	}
}
