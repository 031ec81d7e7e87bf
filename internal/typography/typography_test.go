package typography

import (
	"strings"
	"testing"
)

// n stands for the no-break space in expectations.
const n = "\u00a0"

func TestFrench(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		// Colon: one no-break space before, whatever was typed.
		{"Note: texte", "Note" + n + ": texte"},
		{"Note : texte", "Note" + n + ": texte"},
		{"Note" + n + ": texte", "Note" + n + ": texte"},
		{"Note\u202f: texte", "Note" + n + ": texte"},
		{"Note  \t: texte", "Note" + n + ": texte"},
		{"Les étapes:", "Les étapes" + n + ":"},
		{"« Note: »", "«" + n + "Note" + n + ":" + n + "»"},
		// Colons that do not end a phrase are left alone.
		{"à 10:30 h", "à 10:30 h"},
		{"https://exemple.ca/a?b=1", "https://exemple.ca/a?b=1"},
		{"mailto:a@b.ca", "mailto:a@b.ca"},
		{"format 16:9 ou 4:3", "format 16:9 ou 4:3"},
		{"Jean 3:16", "Jean 3:16"},
		{"a::b", "a::b"},
		// Guillemets: one no-break space inside.
		{"«texte»", "«" + n + "texte" + n + "»"},
		{"« texte »", "«" + n + "texte" + n + "»"},
		{"«" + n + "texte" + n + "»", "«" + n + "texte" + n + "»"},
		{"«  texte\u202f»", "«" + n + "texte" + n + "»"},
		{"«»", "«" + n + "»"},
		{"Résultats pour «", "Résultats pour «" + n},
		{"» suite", n + "» suite"},
		// ; ! ? : no space before, in the Canadian usage.
		{"Vraiment ?", "Vraiment?"},
		{"Vraiment" + n + "?", "Vraiment?"},
		{"Vraiment\u202f?", "Vraiment?"},
		{"Bravo !", "Bravo!"},
		{"d’abord ; ensuite", "d’abord; ensuite"},
		{"Quoi ?!", "Quoi?!"},
		{"Quoi ? ! ?", "Quoi?!?"},
		{"(vraiment ?)", "(vraiment?)"},
		{"« Qu’est-ce qui te freine ? »", "«" + n + "Qu’est-ce qui te freine?" + n + "»"},
		{n + "?", "?"},
		{"« ? »", "«" + n + "?" + n + "»"},
		// A mark that does not end a phrase keeps its spaces.
		{"a ?b", "a ?b"},
		{"x=1 ;y=2", "x=1 ;y=2"},
		// Nothing else changes.
		{"Rien à changer, ni ici.", "Rien à changer, ni ici."},
		{"", ""},
		{"&amp ;", "&amp;"},
	}
	for _, c := range cases {
		got := French(c.in)
		if got != c.want {
			t.Errorf("French(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := French(got); again != got {
			t.Errorf("French is not idempotent on %q: %q then %q", c.in, got, again)
		}
	}
}

func TestHTML(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, in, want string }{
		{"paragraph", "<p>Note : texte</p>", "<p>Note" + n + ": texte</p>"},
		{"across inline elements", "<p><strong>Daniel :</strong> Bonjour</p><p><strong>Note</strong>: x</p>",
			"<p><strong>Daniel" + n + ":</strong> Bonjour</p><p><strong>Note</strong>" + n + ": x</p>"},
		{"guillemets around emphasis", "<p>«<em>mot</em>»</p>", "<p>«" + n + "<em>mot</em>" + n + "»</p>"},
		{"question after a link", "<p>Vouliez-vous dire <a href=\"/x?q=1\">littératie</a>" + n + "?</p>",
			"<p>Vouliez-vous dire <a href=\"/x?q=1\">littératie</a>?</p>"},
		{"code is kept", "<p>Tapez <code>a ; b : c</code> : voilà</p>", "<p>Tapez <code>a ; b : c</code>" + n + ": voilà</p>"},
		{"pre is kept", "<pre><code>x ? y : z;\n« a »</code></pre>", "<pre><code>x ? y : z;\n« a »</code></pre>"},
		{"attributes are kept", `<a title="Note : x ?" href="https://a.ca/?q=1">Note : x ?</a>`,
			`<a title="Note : x ?" href="https://a.ca/?q=1">Note` + n + `: x?</a>`},
		{"script and style are kept", "<script>a ? b : c;</script><style>a:hover{x:y !important}</style>",
			"<script>a ? b : c;</script><style>a:hover{x:y !important}</style>"},
		{"textarea is kept", "<textarea>Quoi ?</textarea>", "<textarea>Quoi ?</textarea>"},
		{"title is prose", "<title>Résultats pour « x »</title>", "<title>Résultats pour «" + n + "x" + n + "»</title>"},
		{"english text is kept", `<p>Voir <span lang="en">Note: really ?</span> : oui</p>`,
			`<p>Voir <span lang="en">Note: really ?</span>` + n + `: oui</p>`},
		{"french inside english", `<div lang="en"><p>Note: x?</p><p lang="fr-CA">Quoi ?</p><p>And ?</p></div>`,
			`<div lang="en"><p>Note: x?</p><p lang="fr-CA">Quoi?</p><p>And ?</p></div>`},
		{"blocks break the flow", "<p>«</p><p>»</p>", "<p>«" + n + "</p><p>" + n + "»</p>"},
		{"references are read, not rewritten", "<p>R&amp;D : oui &laquo;x&raquo; &#171; y</p>",
			"<p>R&amp;D" + n + ": oui &laquo;x&raquo; &#171; y</p>"},
		{"no-break space reference counts as a space", "<p>«&nbsp;x&nbsp;» oui&nbsp;:</p>", "<p>«&nbsp;x&nbsp;» oui&nbsp;:</p>"},
		{"semicolon after a name stays apart", "<p>&amp ; et &#12 ;</p>", "<p>&amp ; et &#12 ;</p>"},
		{"no tag is made", "<p>a < ?</p>", "<p>a < ?</p>"},
		{"times and addresses", "<p>À 10:30, voir https://a.ca/x?y.</p>", "<p>À 10:30, voir https://a.ca/x?y.</p>"},
		{"unfinished tag at the end", "<p>Quoi ?</p><a href='x", "<p>Quoi?</p><a href='x"},
		{"comments are kept", "<!-- Note : x ? --><p>ok</p>", "<!-- Note : x ? --><p>ok</p>"},
	}
	for _, c := range cases {
		got := FrenchHTML(c.in)
		if got != c.want {
			t.Errorf("%s: FrenchHTML(%q)\n got %q\nwant %q", c.name, c.in, got, c.want)
		}
		if again := FrenchHTML(got); again != got {
			t.Errorf("%s: not idempotent: %q then %q", c.name, got, again)
		}
	}
}

func TestHTMLInEnglishPage(t *testing.T) {
	t.Parallel()
	in := `<html lang="en-CA"><p>Note: x ?</p><a lang="fr-CA" hreflang="fr-CA" href="/fr/">Qu’est-ce que c’est ?</a></html>`
	want := `<html lang="en-CA"><p>Note: x ?</p><a lang="fr-CA" hreflang="fr-CA" href="/fr/">Qu’est-ce que c’est?</a></html>`
	if got := HTML(in, "en"); got != want {
		t.Errorf("HTML(en)\n got %q\nwant %q", got, want)
	}
	plain := "<p>Note : x ?</p>"
	if got := HTML(plain, "en"); got != plain {
		t.Errorf("English without French parts changed: %q", got)
	}
}

func TestFrenchParts(t *testing.T) {
	t.Parallel()
	in := []string{"… « ", "données", " » sont-elles parfaites ? Note", ":", " oui ; «", "x", "» !"}
	got := FrenchParts(in)
	want := []string{"… «" + n, "données", n + "» sont-elles parfaites? Note", n + ":", " oui; «" + n, "x", n + "»!"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("FrenchParts\n got %q\nwant %q", got, want)
	}
	if strings.Join(got, "") != French(strings.Join(in, "")) {
		t.Errorf("FrenchParts joined differs from French of the whole")
	}
}

func TestIsFrench(t *testing.T) {
	t.Parallel()
	for lang, want := range map[string]bool{"fr": true, "fr-CA": true, "FR": true, "fr_CA": true, "en": false, "": false, "fry": false, "f": false} {
		if got := isFrench(lang); got != want {
			t.Errorf("isFrench(%q) = %v", lang, got)
		}
	}
}

func TestHTMLDeepNesting(t *testing.T) {
	t.Parallel()
	in := strings.Repeat("<div>", maxDepth+10) + "<p>Quoi ?</p>"
	if got := FrenchHTML(in); got != in {
		t.Errorf("text past the depth bound changed")
	}
}
