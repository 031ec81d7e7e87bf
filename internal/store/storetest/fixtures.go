package storetest

import (
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Reference times. now is the "current time" of every query unless a test
// says otherwise; day(n) is n days before it.
var now = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func day(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour) }

func topic(key, en, fr string) content.Topic {
	return content.Topic{
		Key:          key,
		Names:        content.Bilingual{EN: en, FR: fr},
		Slugs:        content.Bilingual{EN: content.Slugify(en), FR: content.Slugify(fr)},
		Descriptions: content.Bilingual{EN: "About " + en, FR: "À propos : " + fr},
	}
}

func author(key, name string) content.Author {
	return content.Author{
		Key:   key,
		Name:  name,
		Slugs: content.Bilingual{EN: content.Slugify(name), FR: content.Slugify(name) + "-fr"},
		Roles: content.Bilingual{EN: "Analyst", FR: "Analyste"},
		Bios:  content.Bilingual{EN: name + " writes.", FR: name + " écrit."},
	}
}

func series(key, en, fr string) content.Series {
	return content.Series{
		Key:        key,
		Titles:     content.Bilingual{EN: en, FR: fr},
		Slugs:      content.Bilingual{EN: content.Slugify(en), FR: content.Slugify(fr)},
		Intros:     content.Bilingual{EN: "Intro *" + en + "*", FR: "Intro *" + fr + "*"},
		IntrosHTML: content.Bilingual{EN: "<p>Intro <em>" + en + "</em></p>", FR: "<p>Intro <em>" + fr + "</em></p>"},
	}
}

// taxonomy returns the topics, authors and series every bundle may refer to.
// Author keys sort the other way round from their names on purpose.
func taxonomy() ([]content.Topic, []content.Author, []content.Series) {
	return []content.Topic{
			topic("ai", "Artificial intelligence", "Intelligence artificielle"),
			topic("data", "Data", "Données"),
			topic("privacy", "Privacy", "Vie privée"),
			topic("security", "Security", "Sécurité"),
		}, []content.Author{
			author("lovelace", "Ada Lovelace"),
			author("babbage", "Charles Babbage"),
		}, []content.Series{
			series("basics", "Data basics", "Notions de données"),
			series("advanced", "Advanced data", "Données avancées"),
		}
}

// bundle returns a new bundle with the whole taxonomy and eps. Every call
// builds fresh values: ImportBundle writes ids and slugs into its argument.
func bundle(eps ...content.Episode) *content.Bundle {
	t, a, s := taxonomy()
	return &content.Bundle{Topics: t, Authors: a, Series: s, Episodes: eps}
}

type opt func(*content.Episode)

// episode returns a published Read episode with an English and a French
// version titled "<key> en" and "<key> fr".
func episode(key string, published time.Time, opts ...opt) content.Episode {
	e := content.Episode{
		Key:         key,
		Kind:        content.Read,
		Status:      content.Published,
		PublishedAt: published,
		Versions:    map[content.Lang]*content.Version{},
	}
	for _, l := range content.Langs {
		e.Versions[l] = &content.Version{
			Lang:         l,
			Title:        key + " " + string(l),
			Summary:      "Summary of " + key + " (" + string(l) + ")",
			BodyMarkdown: "Body of **" + key + "**",
			BodyHTML:     "<p>Body of <strong>" + key + "</strong></p>",
			WordCount:    3,
		}
	}
	for _, o := range opts {
		o(&e)
	}
	return e
}

func draft(e *content.Episode) { e.Status = content.Draft }

func kind(k content.Kind) opt { return func(e *content.Episode) { e.Kind = k } }

func titled(en, fr string) opt {
	return func(e *content.Episode) {
		if v := e.Versions[content.English]; v != nil {
			v.Title = en
		}
		if v := e.Versions[content.French]; v != nil {
			v.Title = fr
		}
	}
}

func slugged(lang content.Lang, slug string) opt {
	return func(e *content.Episode) { e.Versions[lang].Slug = slug }
}

// only keeps the version in lang and drops the other.
func only(lang content.Lang) opt {
	return func(e *content.Episode) { delete(e.Versions, lang.Other()) }
}

func topics(keys ...string) opt {
	return func(e *content.Episode) {
		for _, k := range keys {
			e.Topics = append(e.Topics, content.Topic{Key: k})
		}
	}
}

func authors(keys ...string) opt {
	return func(e *content.Episode) {
		for _, k := range keys {
			e.Authors = append(e.Authors, content.Author{Key: k})
		}
	}
}

func inSeries(key string, pos int) opt {
	return func(e *content.Episode) {
		e.Series = &content.SeriesRef{Series: content.Series{Key: key}, Position: pos}
	}
}

func legacy(paths ...string) opt {
	return func(e *content.Episode) { e.LegacyPaths = append(e.LegacyPaths, paths...) }
}

func keys(eps []*content.Episode) []string {
	out := make([]string, len(eps))
	for i, e := range eps {
		out[i] = e.Key
	}
	return out
}
