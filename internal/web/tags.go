package web

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// A cached page carries the tags of what it shows (store/changes.go), so
// that a change drops exactly the pages it can alter. The tags are not
// listed by hand in each handler: while a page is built, the store it
// reads through (taggingStore) notes a tag for everything it returns, and
// the page carries what it read. A page that reads an episode carries
// that episode's tag; a listing carries the tag of the list it asked for.

// pageTags collects the tags of one page while it is built.
type pageTags struct {
	mu   sync.Mutex
	tags []string
}

func (p *pageTags) add(tags ...string) {
	p.mu.Lock()
	p.tags = append(p.tags, tags...)
	p.mu.Unlock()
}

// list returns the tags, sorted, once each.
func (p *pageTags) list() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	slices.Sort(p.tags)
	p.tags = slices.Compact(p.tags)
	return slices.Clone(p.tags)
}

type pageTagsKey struct{}

// collecting returns ctx noting in p what the page built with it reads.
func collecting(ctx context.Context, p *pageTags) context.Context {
	return context.WithValue(ctx, pageTagsKey{}, p)
}

// untagged returns ctx with no page noting what is read with it: for
// reads kept beyond the page (frame.go), whose users note their tags.
func untagged(ctx context.Context) context.Context {
	return context.WithValue(ctx, pageTagsKey{}, struct{}{})
}

// note adds tags to the page being built with ctx, if any.
func note(ctx context.Context, tags ...string) {
	if p, ok := ctx.Value(pageTagsKey{}).(*pageTags); ok {
		p.add(tags...)
	}
}

// noteEpisodes notes what cards and links of eps show: each episode, its
// topics, authors and series.
func noteEpisodes(ctx context.Context, eps ...*content.Episode) {
	p, ok := ctx.Value(pageTagsKey{}).(*pageTags)
	if !ok {
		return
	}
	var tags []string
	for _, e := range eps {
		tags = append(tags, store.TagEpisode(e.ID))
		for _, t := range e.Topics {
			tags = append(tags, store.TagTopic(t.ID))
		}
		for _, a := range e.Authors {
			tags = append(tags, store.TagAuthor(a.ID))
		}
		if e.Series != nil {
			tags = append(tags, store.TagSeries(e.Series.Series.ID))
		}
	}
	p.add(tags...)
}

// taggingStore is the store the public site reads through: each read
// notes the tags of what it returned on the page being built. Reads that
// note nothing: the banner and site name (a change to them drops every
// page), redirects (they answer only paths without a page, never cached),
// the generation, and feedback (written, never shown).
type taggingStore struct{ Store }

func (s taggingStore) Episodes(ctx context.Context, q store.EpisodeQuery) (store.EpisodePage, error) {
	res, err := s.Store.Episodes(ctx, q)
	if err != nil {
		return res, err
	}
	switch {
	case q.SeriesID != 0:
		note(ctx, store.TagSeriesList(q.SeriesID))
	case q.TopicID != 0:
		note(ctx, store.TagTopicList(q.TopicID))
	case q.AuthorID != 0:
		note(ctx, store.TagAuthorList(q.AuthorID))
	default:
		note(ctx, store.TagLists)
	}
	noteEpisodes(ctx, res.Episodes...)
	return res, nil
}

// EpisodeLinks is read by the sitemaps: they show every live episode's
// addresses and dates, and change with the lists.
func (s taggingStore) EpisodeLinks(ctx context.Context, now time.Time) ([]store.EpisodeLink, error) {
	note(ctx, store.TagEpisodes, store.TagLists)
	return s.Store.EpisodeLinks(ctx, now)
}

func (s taggingStore) EpisodeBySlug(ctx context.Context, lang content.Lang, slug string, now time.Time) (*content.Episode, error) {
	e, err := s.Store.EpisodeBySlug(ctx, lang, slug, now)
	if err != nil {
		return e, err
	}
	noteEpisodes(ctx, e)
	note(ctx, store.TagEpisodePage(e.ID))
	if e.Series != nil {
		// Its page shows its place in the series.
		note(ctx, store.TagSeriesList(e.Series.Series.ID))
	}
	return e, nil
}

func (s taggingStore) PublicEpisodeByID(ctx context.Context, id int64, now time.Time) (*content.Episode, error) {
	e, err := s.Store.PublicEpisodeByID(ctx, id, now)
	if err == nil {
		noteEpisodes(ctx, e)
	}
	return e, err
}

func (s taggingStore) RelatedEpisodes(ctx context.Context, ep *content.Episode, lang content.Lang, now time.Time, limit int) ([]*content.Episode, error) {
	eps, err := s.Store.RelatedEpisodes(ctx, ep, lang, now, limit)
	if err == nil {
		note(ctx, store.TagEpisodePage(ep.ID))
		noteEpisodes(ctx, eps...)
	}
	return eps, err
}

func (s taggingStore) Topics(ctx context.Context) ([]content.Topic, error) {
	note(ctx, store.TagLists) // every change to a topic moves the lists
	return s.Store.Topics(ctx)
}

func (s taggingStore) Authors(ctx context.Context) ([]content.Author, error) {
	note(ctx, store.TagLists)
	return s.Store.Authors(ctx)
}

func (s taggingStore) SeriesList(ctx context.Context) ([]content.Series, error) {
	note(ctx, store.TagLists)
	return s.Store.SeriesList(ctx)
}

func (s taggingStore) TopicBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Topic, error) {
	t, err := s.Store.TopicBySlug(ctx, lang, slug)
	if err == nil {
		note(ctx, store.TagTopic(t.ID))
	}
	return t, err
}

func (s taggingStore) AuthorBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Author, error) {
	a, err := s.Store.AuthorBySlug(ctx, lang, slug)
	if err == nil {
		note(ctx, store.TagAuthor(a.ID))
	}
	return a, err
}

func (s taggingStore) SeriesBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Series, error) {
	sr, err := s.Store.SeriesBySlug(ctx, lang, slug)
	if err == nil {
		note(ctx, store.TagSeries(sr.ID))
	}
	return sr, err
}

func (s taggingStore) Search(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	note(ctx, store.TagEpisodes)
	return s.Store.Search(ctx, q)
}

func (s taggingStore) SearchWords(ctx context.Context, lang content.Lang) ([]string, error) {
	note(ctx, store.TagEpisodes)
	return s.Store.SearchWords(ctx, lang)
}

func (s taggingStore) GlossaryTerms(ctx context.Context, lang content.Lang) ([]content.GlossaryTerm, error) {
	note(ctx, store.TagGlossary)
	return s.Store.GlossaryTerms(ctx, lang)
}

// SitePageLinks is read by every page with the footer (and the splash
// page and sitemaps): they show the pages' addresses, not their text.
func (s taggingStore) SitePageLinks(ctx context.Context) ([]content.SitePageLink, error) {
	note(ctx, store.TagSitePageLinks)
	return s.Store.SitePageLinks(ctx)
}

func (s taggingStore) SitePageBySlug(ctx context.Context, lang content.Lang, slug string) (*content.SitePage, error) {
	p, err := s.Store.SitePageBySlug(ctx, lang, slug)
	if err == nil {
		note(ctx, store.TagSitePage(p.Key))
	}
	return p, err
}

func (s taggingStore) SeriesPlace(ctx context.Context, seriesID, episodeID int64, lang content.Lang, now time.Time) (store.SeriesPlace, error) {
	pl, err := s.Store.SeriesPlace(ctx, seriesID, episodeID, lang, now)
	if err != nil {
		return pl, err
	}
	// The place and the total move with the series' list; the neighbours
	// are shown by title and address.
	note(ctx, store.TagSeriesList(seriesID))
	for _, n := range []*store.SeriesNeighbour{pl.Previous, pl.Next} {
		if n != nil {
			note(ctx, store.TagEpisode(n.EpisodeID))
		}
	}
	return pl, nil
}
