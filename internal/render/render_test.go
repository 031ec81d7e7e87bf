package render

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/i18n"
)

// testRenderer is shared by the tests, which also exercises concurrent use.
var testRenderer = New()

// squash removes the newlines goldmark puts between block tags so
// expectations can be written on one line.
func squash(s string) string {
	return strings.ReplaceAll(s, ">\n", ">")
}

func mustRender(t testing.TB, md, lang string) string {
	t.Helper()
	out, err := testRenderer.Render(md, lang)
	if err != nil {
		t.Fatalf("Render(%q, %q): %v", md, lang, err)
	}
	return out
}

func TestRender(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		md       string
		lang     string
		contains []string // substrings of the squashed output
		excludes []string
	}{
		{
			name:     "figure with caption",
			md:       "Intro.\n\n![Un chat](chat.png \"Le chat\")\n\nOutro.",
			lang:     "fr",
			contains: []string{`<figure><img src="chat.png" alt="Un chat" loading="lazy" decoding="async"><figcaption>Le chat</figcaption></figure>`},
			excludes: []string{`title=`, `<p><img`},
		},
		{
			// Text attributes keep « : ? ; » and quotes (escaped), in both
			// languages; an attribute still cannot be left.
			name: "alt and title keep their punctuation",
			md: "![Graphique : « ventes » ; 2020?](g.png)\n\n" +
				"See ![Chart: sales & costs?](c.png \"Q&A: why?\") here.",
			lang: "fr",
			contains: []string{
				`alt="Graphique : « ventes » ; 2020?"`,
				`alt="Chart: sales &amp; costs?" title="Q&amp;A: why?"`,
			},
			excludes: []string{`alt=""`, `<img src="g.png" loading`},
		},
		{
			name:     "figure without caption",
			md:       "![A bus](https://cdn.example.org/bus.jpg)",
			lang:     "en",
			contains: []string{`<figure><img src="https://cdn.example.org/bus.jpg" alt="A bus" loading="lazy" decoding="async"></figure>`},
			excludes: []string{`<figcaption>`, `<p>`},
		},
		{
			name:     "figure tolerates surrounding whitespace",
			md:       "   ![A](a.png \"Cap\")   ",
			lang:     "en",
			contains: []string{`<figure><img src="a.png" alt="A" loading="lazy" decoding="async"><figcaption>Cap</figcaption></figure>`},
		},
		{
			name:     "figure caption is escaped",
			md:       `![A](a.png "x <b>y</b> & z")`,
			lang:     "en",
			contains: []string{`<figcaption>x &lt;b&gt;y&lt;/b&gt; &amp; z</figcaption>`},
		},
		{
			name:     "inline image stays inline, still lazy",
			md:       "See ![icon](i.png \"t\") here.",
			lang:     "en",
			contains: []string{`<p>See <img src="i.png" alt="icon" title="t" loading="lazy" decoding="async"> here.</p>`},
			excludes: []string{`<figure>`},
		},
		{
			name:     "two images are not a figure",
			md:       "![a](a.png) ![b](b.png)",
			lang:     "en",
			excludes: []string{`<figure>`},
			contains: []string{`<p><img src="a.png"`},
		},
		{
			name:     "linked image is not a figure",
			md:       "[![a](a.png)](https://example.org)",
			lang:     "en",
			excludes: []string{`<figure>`},
		},
		{
			name: "pull-quote with em dash attribution",
			md:   "> Le savoir est le seul bien qui s’accroît quand on le partage.\n>\n> — Jeanne Tremblay, sous-ministre",
			lang: "fr",
			contains: []string{
				`<blockquote class="pull-quote"><p>Le savoir est le seul bien qui s’accroît quand on le partage.</p><footer class="attribution">— Jeanne Tremblay, sous-ministre</footer></blockquote>`,
			},
		},
		{
			name:     "pull-quote with -- attribution becomes em dash",
			md:       "> Ship it.\n>\n> -- Ada Lovelace, Analyst",
			lang:     "en",
			contains: []string{`<blockquote class="pull-quote"><p>Ship it.</p><footer class="attribution">— Ada Lovelace, Analyst</footer></blockquote>`},
			excludes: []string{"–", "--"},
		},
		{
			name:     "pull-quote attribution on the last line of a single paragraph",
			md:       "> Ship it.\n> — Ada Lovelace, Analyst",
			lang:     "en",
			contains: []string{`<blockquote class="pull-quote"><p>Ship it.</p><footer class="attribution">— Ada Lovelace, Analyst</footer></blockquote>`},
		},
		{
			name:     "pull-quote attribution keeps inline markup",
			md:       "> Words.\n>\n> — *Ada*, [Analyst](https://example.org/ada)",
			lang:     "en",
			contains: []string{`<footer class="attribution">— <em>Ada</em>, <a href="https://example.org/ada" rel="noopener noreferrer nofollow">Analyst</a></footer>`},
		},
		{
			name:     "plain blockquote",
			md:       "> Just a quote\n> on two lines.",
			lang:     "en",
			contains: []string{"<blockquote><p>Just a quote\non two lines.</p></blockquote>"},
			excludes: []string{"pull-quote", "<footer"},
		},
		{
			name:     "attribution alone is not a pull-quote",
			md:       "> — Nobody",
			lang:     "en",
			contains: []string{"<blockquote><p>— Nobody</p></blockquote>"},
		},
		{
			name:     "dash without space is not an attribution",
			md:       "> Quote.\n>\n> —Nobody",
			lang:     "en",
			excludes: []string{"pull-quote"},
		},
		{
			name:     "French quotes with no-break spaces",
			md:       `Il a dit "bonjour" à l'équipe.`,
			lang:     "fr",
			contains: []string{"<p>Il a dit «\u00a0bonjour\u00a0» à l’équipe.</p>"},
			excludes: []string{`"`, "“", "”", "'"},
		},
		{
			name:     "French region tag selects French",
			md:       `"Salut"`,
			lang:     "fr-CA",
			contains: []string{"<p>«\u00a0Salut\u00a0»</p>"},
		},
		{
			name:     "typed guillemets get no-break spaces",
			md:       "Il a dit « bonjour » et «\u00a0salut\u00a0» et «allô».",
			lang:     "fr",
			contains: []string{"<p>Il a dit «\u00a0bonjour\u00a0» et «\u00a0salut\u00a0» et «\u00a0allô\u00a0».</p>"},
		},
		{
			name: "French convention on typed text",
			md:   "Note : voici; vraiment ? Oui !\n\nÉtapes:\n\n- d’abord ;\n- ensuite ?",
			lang: "fr",
			contains: []string{
				"<p>Note\u00a0: voici; vraiment? Oui!</p>",
				"<p>Étapes\u00a0:</p>",
				"<li>d’abord;</li>", "<li>ensuite?</li>",
			},
		},
		{
			name: "French convention spares code, URLs, times and attributes",
			md: "À 10:30 : voir `a ; b : c ?` et <https://exemple.ca/a?b=1>.\n\n" +
				"```\nx ? y : z;\n```\n\n" +
				"[Lien : ici ?](https://exemple.ca/x?y=1 \"Titre !\") ![Un chat !](c.png)",
			lang: "fr",
			contains: []string{
				"<p>À 10:30\u00a0: voir <code>a ; b : c ?</code> et <a href=\"https://exemple.ca/a?b=1\" rel=\"noopener noreferrer nofollow\">https://exemple.ca/a?b=1</a>.</p>",
				"<pre><code>x ? y : z;\n</code></pre>",
				"<a href=\"https://exemple.ca/x?y=1\" title=\"Titre !\" rel=\"noopener noreferrer nofollow\">Lien\u00a0: ici?</a>",
				`alt="Un chat !"`,
			},
		},
		{
			name: "French convention in pull-quotes, across emphasis",
			md:   "> « Faire partie des Nations numériques ? C’est **essentiel** : vraiment. »\n>\n> — Nom : Titre",
			lang: "fr",
			contains: []string{
				"<blockquote class=\"pull-quote\"><p>«\u00a0Faire partie des Nations numériques? C’est <strong>essentiel</strong>\u00a0: vraiment.\u00a0»</p>",
				"<footer class=\"attribution\">— Nom\u00a0: Titre</footer>",
			},
		},
		{
			name: "links to a page in the other language are marked in French",
			md: "Voir [Nations numériques](https://www.leadingdigitalgovs.org/){lang=en}, " +
				"[l’épisode](/en/episodes/digital-nations-2020), <https://example.org/a?b=1&c=2>{lang=en}, " +
				"[un site français](https://exemple.ca/){lang=fr}, [ici](/fr/sujets) et " +
				"[Rapport (en anglais seulement)](https://example.org/r){lang=en}.",
			lang: "fr",
			contains: []string{
				`<a href="https://www.leadingdigitalgovs.org/" rel="noopener noreferrer nofollow" hreflang="en">Nations numériques (en anglais seulement)</a>, `,
				`<a href="/en/episodes/digital-nations-2020" hreflang="en">l’épisode (en anglais seulement)</a>, `,
				`<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow" hreflang="en">https://example.org/a?b=1&amp;c=2 (en anglais seulement)</a>, `,
				`<a href="https://exemple.ca/" rel="noopener noreferrer nofollow" hreflang="fr">un site français</a>, `,
				`<a href="/fr/sujets" hreflang="fr">ici</a> et `,
				`hreflang="en">Rapport (en anglais seulement)</a>.`,
			},
			excludes: []string{"{lang=", "seulement) (en anglais"},
		},
		{
			name: "links to a page in the other language are marked in English",
			md: "See [the summit](https://exemple.ca/sommet){lang=fr}, [the episode](/fr/episodes/x#top), " +
				"[a site](https://example.org/){lang=en} and [home](/en/).",
			lang: "en",
			contains: []string{
				`<a href="https://exemple.ca/sommet" rel="noopener noreferrer nofollow" hreflang="fr">the summit (in French only)</a>, `,
				`<a href="/fr/episodes/x#top" hreflang="fr">the episode (in French only)</a>, `,
				`<a href="https://example.org/" rel="noopener noreferrer nofollow" hreflang="en">a site</a> and `,
				`<a href="/en/" hreflang="en">home</a>.`,
			},
			excludes: []string{"{lang="},
		},
		{
			name:     "a language mark is only one right after a link",
			md:       "[a](/x) {lang=en} {lang=en} [b](/y){lang=de} `[c](/z){lang=en}`",
			lang:     "fr",
			contains: []string{`<a href="/x">a</a> {lang=en} {lang=en} <a href="/y">b</a>{lang=de} <code>[c](/z){lang=en}</code>`},
			excludes: []string{"hreflang", "seulement"},
		},
		{
			name:     "English text keeps its spacing",
			md:       "Note : really ? Yes !",
			lang:     "en",
			contains: []string{"<p>Note : really ? Yes !</p>"},
		},
		{
			name:     "English curly quotes",
			md:       `She said "it's 'fine'" -- really...`,
			lang:     "en",
			contains: []string{"<p>She said “it’s ‘fine’” – really…</p>"},
		},
		{
			name:     "quotes in code are left alone",
			md:       "`\"x\"` and\n\n```\n\"y\"\n```",
			lang:     "fr",
			contains: []string{"<code>&#34;x&#34;</code>", "<pre><code>&#34;y&#34;\n</code></pre>"},
		},
		{
			name: "heading ids accent-folded and unique",
			md:   "# Été 2025\n\n## Été 2025\n\n### Été 2025\n\n## Cœur, façade & naïveté\n\n## L’**Œuvre** de `Ça`",
			lang: "fr",
			contains: []string{
				`<h1 id="ete-2025">Été 2025</h1>`,
				`<h2 id="ete-2025-1">Été 2025</h2>`,
				`<h3 id="ete-2025-2">Été 2025</h3>`,
				`<h2 id="coeur-facade-naivete">`,
				`<h2 id="l-oeuvre-de-ca">`,
			},
		},
		{
			name:     "heading id avoids explicit suffix collision",
			md:       "# A 1\n\n# A\n\n# A",
			lang:     "en",
			contains: []string{`<h1 id="a-1">A 1</h1>`, `<h1 id="a">A</h1>`, `<h1 id="a-2">A</h1>`},
		},
		{
			name:     "setext heading and symbol-only heading",
			md:       "Bonjour Montréal\n================\n\n# !!!",
			lang:     "fr",
			contains: []string{`<h1 id="bonjour-montreal">`, `<h1 id="section">`},
		},
		{
			name:     "raw HTML block dropped",
			md:       "<div onclick=\"x()\">hi</div>\n\n<script>alert(1)</script>\n\ntext",
			lang:     "en",
			contains: []string{"<p>text</p>"},
			excludes: []string{"<div", "<script", "alert", "onclick", "<!--"},
		},
		{
			name:     "inline raw HTML dropped, text kept",
			md:       "a <b onmouseover=\"x\">bold</b> <img src=x onerror=alert(1)> z",
			lang:     "en",
			contains: []string{"<p>a bold  z</p>"},
			excludes: []string{"<b", "<img", "onerror", "onmouseover"},
		},
		{
			name: "external links get rel, internal do not",
			md:   "[ext](https://example.org/a) [plain](http://example.org) [int](/fr/lecon) [frag](#top) [mail](mailto:a@example.org) <https://auto.example.org> www.example.com",
			lang: "en",
			contains: []string{
				`<a href="https://example.org/a" rel="noopener noreferrer nofollow">ext</a>`,
				`<a href="http://example.org" rel="noopener noreferrer nofollow">plain</a>`,
				`<a href="/fr/lecon" hreflang="fr">int (in French only)</a>`, // a page in French
				`<a href="#top">frag</a>`,
				`<a href="mailto:a@example.org">mail</a>`,
				`<a href="https://auto.example.org" rel="noopener noreferrer nofollow">https://auto.example.org</a>`,
				`<a href="http://www.example.com" rel="noopener noreferrer nofollow">www.example.com</a>`,
			},
			excludes: []string{"target="},
		},
		{
			name:     "scheme-relative link is external",
			md:       "[x](//evil.example/)",
			lang:     "en",
			contains: []string{`<a href="//evil.example/" rel="noopener noreferrer nofollow">x</a>`},
		},
		{
			name:     "javascript link loses its href",
			md:       "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,x)",
			lang:     "en",
			excludes: []string{"javascript", "JaVaScRiPt", "data:"},
		},
		{
			name:     "tel links allowed",
			md:       "[call](tel:+15555550123)",
			lang:     "en",
			contains: []string{`<a href="tel:+15555550123">call</a>`},
		},
		{
			name:     "code language class kept, injection dropped",
			md:       "```go\nx\n```\n\n```js\" onmouseover=\"alert(1)\ny\n```",
			lang:     "en",
			contains: []string{`<pre><code class="language-go">x`, `<pre><code>y`},
			excludes: []string{"onmouseover"},
		},
		{
			name:     "GFM tables, strikethrough, task lists",
			md:       "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n- [ ] todo",
			lang:     "en",
			contains: []string{`<th align="left">a</th>`, `<td align="right">2</td>`, "<del>old</del>", "<li>☑ done</li>", "<li>☐ todo</li>"},
			excludes: []string{"style=", "<input"},
		},
		{
			name:     "footnotes keep working anchors",
			md:       "Fact.[^1]\n\n[^1]: Source.",
			lang:     "en",
			contains: []string{`<sup id="fnref:1"><a href="#fn:1">1</a></sup>`, `<li id="fn:1">`, `<a href="#fnref:1">`},
		},
		{
			name:     "attribute syntax is not enabled",
			md:       "# Title {onclick=alert(1) #x .y}",
			lang:     "en",
			contains: []string{`<h1 id="title-onclick-alert-1-x-y">Title {onclick=alert(1) #x .y}</h1>`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := squash(mustRender(t, tt.md, tt.lang))
			for _, want := range tt.contains {
				if !strings.Contains(got, want) {
					t.Errorf("output lacks %q\ngot: %q", want, got)
				}
			}
			for _, bad := range tt.excludes {
				if strings.Contains(got, bad) {
					t.Errorf("output contains %q\ngot: %q", bad, got)
				}
			}
			if err := checkSafeHTML(got); err != nil {
				t.Errorf("unsafe output: %v\ngot: %q", err, got)
			}
		})
	}
}

func TestRenderTooLarge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		size    int
		wantErr bool
	}{
		{"at limit", MaxSize, false},
		{"one over", MaxSize + 1, true},
		{"far over", 3 * MaxSize, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			md := strings.Repeat("word ", tt.size/5+1)[:tt.size]
			_, err := testRenderer.Render(md, "en")
			if tt.wantErr != (err != nil) {
				t.Fatalf("Render(%d bytes) error = %v, want error %v", tt.size, err, tt.wantErr)
			}
			if tt.wantErr && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("error %v does not wrap ErrTooLarge", err)
			}
		})
	}
}

func TestRenderTooComplex(t *testing.T) {
	t.Parallel()
	nested := func(marker string, n int) string { return strings.Repeat(marker, n) + "x" }
	dense := func(n int) string { return strings.Repeat("[a](b", n) }
	tests := []struct {
		name    string
		md      string
		wantErr bool
	}{
		{"quotes at limit", nested("> ", maxNesting), false},
		{"quotes over limit", nested("> ", maxNesting+1), true},
		{"compact quotes over limit", nested(">", maxNesting+1), true},
		{"list markers over limit", nested("- ", maxNesting+1), true},
		{"ordered markers over limit", nested("1. ", maxNesting+1), true},
		{"mixed containers over limit", nested("> - 1) * ", maxNesting/4+1), true},
		{"delimiters at limit", dense(maxBlockDelimiters / 3), false},
		{"delimiters over limit", dense(maxBlockDelimiters/3 + 1), true},
		{"delimiters over limit across lines", strings.Repeat(dense(100)+"\n", maxBlockDelimiters/300+1), true},
		{"blank lines reset the count", strings.Repeat(dense(100)+"\n\n", 50), false},
		{"thematic breaks are shallow", strings.Repeat("* * *\n\n", 100), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := testRenderer.Render(tt.md, "en")
			if tt.wantErr != (err != nil) {
				t.Fatalf("error = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr && !errors.Is(err, ErrTooComplex) {
				t.Fatalf("error %v does not wrap ErrTooComplex", err)
			}
		})
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		md   string
		want string
	}{
		{"paragraphs become lines", "One *two*\nthree.\n\nFour **five**.", "One two three.\nFour five."},
		{"link text kept, URL dropped", "See [the guide](https://example.org/guide) now.", "See the guide now."},
		{"autolinks dropped", "Visit <https://example.org> or www.example.com today.", "Visit  or  today."},
		{"image alt dropped", "Look ![a cat](cat.png) here.\n\n![Figure alt](f.png \"Caption\")", "Look  here."},
		{"headings and lists", "# Titre\n\n- un\n- deux", "Titre\nun\ndeux"},
		{"raw HTML dropped", "a <b>bold</b> z\n\n<div>block</div>", "a bold z"},
		{"entities and escapes resolved", `Fish &amp; chips \*not emphasis\* &eacute;`, "Fish & chips *not emphasis* é"},
		{"code kept verbatim", "Use `a &amp; b`.\n\n```\nx := 1\n```", "Use a &amp; b.\nx := 1"},
		{"table rows", "| a | b |\n|---|---|\n| 1 | 2 |", "a\tb\n1\t2"},
		{"pull-quote attribution kept", "> Quote.\n>\n> -- Name", "Quote.\n— Name"},
		{"footnotes without markers", "Fact.[^1]\n\n[^1]: Source.", "Fact.\nSource."},
		{"task boxes dropped", "- [x] done", "done"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, testRenderer.Text(tt.md)); diff != "" {
				t.Errorf("Text(%q) mismatch (-want +got):\n%s", tt.md, diff)
			}
		})
	}
}

func TestTextOversizeIsBounded(t *testing.T) {
	t.Parallel()
	got := testRenderer.Text(strings.Repeat("é", MaxSize)) // 2 MiB of 2-byte runes
	if len(got) > MaxSize {
		t.Fatalf("Text returned %d bytes, want at most %d", len(got), MaxSize)
	}
	if !strings.HasPrefix(got, "éé") || strings.ContainsRune(got, '\uFFFD') {
		t.Fatalf("Text cut the input badly: %q...", got[:10])
	}
}

func TestSanitize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"style, on*, foreign id and lang stripped", `<p id="x" lang="de" style="color:red" onclick="x()">a</p>`, `<p>a</p>`},
		{"allowed lang kept", `<p lang="fr-CA">a</p><span lang="en">b</span><blockquote lang="fr">c</blockquote>`, `<p lang="fr-CA">a</p><span lang="en">b</span><blockquote lang="fr">c</blockquote>`},
		{"lang not allowed on div", `<div lang="fr">a</div>`, `<div>a</div>`},
		{"heading id must be a slug", `<h2 id="ok-1">a</h2><h2 id="Bad ID">b</h2><p id="ok">c</p>`, `<h2 id="ok-1">a</h2><h2>b</h2><p>c</p>`},
		{"class values are exact", `<blockquote class="pull-quote">q</blockquote><blockquote class="pull-quote evil">q</blockquote><footer class="attribution">f</footer><footer class="x">f</footer>`, `<blockquote class="pull-quote">q</blockquote><blockquote>q</blockquote><footer class="attribution">f</footer><footer>f</footer>`},
		{"code language class", `<code class="language-go">x</code><code class="hljs">y</code><p class="language-go">z</p>`, `<code class="language-go">x</code><code>y</code><p>z</p>`},
		{"img loading/decoding values", `<img src="a.png" loading="lazy" decoding="async"><img src="b.png" loading="soon" decoding="now">`, `<img src="a.png" loading="lazy" decoding="async"><img src="b.png">`},
		{"figure and figcaption", `<figure><img src="a.png"><figcaption>c</figcaption></figure>`, `<figure><img src="a.png"><figcaption>c</figcaption></figure>`},
		{"javascript href dropped", `<a href="javascript:alert(1)">x</a>`, `x`},
		{"tel and mailto kept", `<a href="tel:+1555">t</a><a href="mailto:a@example.org">m</a>`, `<a href="tel:+1555">t</a><a href="mailto:a@example.org">m</a>`},
		{"external link rel", `<a href="https://example.org">x</a>`, `<a href="https://example.org" rel="nofollow noreferrer">x</a>`},
		{"target and unknown rel dropped", `<a href="/a" target="_blank" rel="opener">x</a>`, `<a href="/a">x</a>`},
		{"script and style elements removed", `<script>alert(1)</script><style>p{}</style>ok`, `ok`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, testRenderer.Sanitize(tt.in)); diff != "" {
				t.Errorf("Sanitize(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Été 2025", "ete-2025"},
		{"  Hello,   World!  ", "hello-world"},
		{"Œuvre, cœur, ÆSOP, straße", "oeuvre-coeur-aesop-strasse"},
		{"Ça, c’est français", "ca-c-est-francais"},
		{"e\u0301te\u0301 (decomposed)", "ete-decomposed"},
		{"日本語", ""},
		{"a日b", "a-b"},
		{"---", ""},
		{strings.Repeat("ab ", 100), strings.Repeat("ab-", 26) + "a"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got := slug(tt.in)
			if got != tt.want {
				t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if len(got) > maxIDLen {
				t.Errorf("slug(%q) is %d bytes, over %d", tt.in, len(got), maxIDLen)
			}
		})
	}
}

func TestHeadingIDsManyDuplicates(t *testing.T) {
	t.Parallel()
	ids := newHeadingIDs()
	var last string
	for range 20000 { // must stay linear; quadratic probing would take ages
		last = string(ids.Generate([]byte("Été"), 0))
	}
	if last != "ete-19999" {
		t.Fatalf("last id = %q, want ete-19999", last)
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	doc := benchArticle()
	wantEN := mustRender(t, doc, "en")
	wantFR := mustRender(t, doc, "fr")
	if wantEN == wantFR {
		t.Fatal("en and fr output identical; typographer not language-specific")
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := range 16 {
		wg.Go(func() {
			lang, want := "en", wantEN
			if i%2 == 1 {
				lang, want = "fr", wantFR
			}
			got, err := testRenderer.Render(doc, lang)
			if err != nil || got != want {
				errs <- lang
			}
			_ = testRenderer.Text(doc)
		})
	}
	wg.Wait()
	close(errs)
	for lang := range errs {
		t.Errorf("concurrent Render(%s) differed from sequential output", lang)
	}
}

// The notes the renderer writes are the catalogue's (link.only_in_*), which
// the "Learn more" links of episode pages use.
func TestLinkNotesMatchCatalogue(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for key, note := range onlyIn {
		text, target := key[0], key[1]
		if want := " " + cat.Printer(text).T("link.only_in_"+target); note != want {
			t.Errorf("note for a %s link in %s text is %q; the catalogue says %q", target, text, note, want)
		}
	}
}
