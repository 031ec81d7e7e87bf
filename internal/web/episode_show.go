package web

import (
	"context"
	"errors"
	"html"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// relatedCount is how many related episodes an episode page shows.
const relatedCount = 3

// showEpisode answers GET /{lang}/episodes/{slug}. The plain page is cached;
// the feedback states (?feedback=no, ?feedback=thanks) are rendered per
// request (serve).
func (h *Handler) showEpisode(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	slug := r.PathValue("slug")
	h.serve(w, r, lang, urls.Episode(lang, slug), func(ctx context.Context) (rendered, error) {
		view, err := h.episodeView(ctx, lang, slug)
		if err != nil {
			return rendered{}, err
		}
		return h.render(lang, "episode", http.StatusOK, view)
	})
}

// episodeView builds the episode page (also the transcript page's parts).
func (h *Handler) episodeView(ctx context.Context, lang content.Lang, slug string) (*EpisodePage, error) {
	if !content.ValidSlug(slug) {
		return nil, content.ErrNotFound
	}
	now := h.cfg.Now()
	ep, err := h.st.EpisodeBySlug(ctx, lang, slug, now)
	if errors.Is(err, content.ErrNotFound) {
		return nil, h.movedEpisode(ctx, lang, slug, now)
	}
	if err != nil {
		return nil, err
	}
	return h.episodePageOf(ctx, ep, lang, now)
}

// episodePageOf builds the page of ep's version in lang (which it has).
func (h *Handler) episodePageOf(ctx context.Context, ep *content.Episode, lang content.Lang, now time.Time) (*EpisodePage, error) {
	v := ep.Version(lang)
	alt, altCanonical := urls.Untranslated(lang.Other()), ""
	if o := ep.Version(lang.Other()); o != nil {
		alt = urls.Episode(lang.Other(), o.Slug)
		altCanonical = h.abs(alt)
	}
	c, err := h.common(ctx, lang, urls.Episode(lang, v.Slug), v.Title, alt)
	if err != nil {
		return nil, err
	}
	c.AltCanonical = altCanonical // never the untranslated notice
	c.Description = v.Summary
	c.Modified = ep.ModifiedAt
	c.Published = ep.PublishedAt
	c.Feedback.EpisodeID = ep.ID
	c.Breadcrumbs = []Link{{Label: c.SiteName, URL: urls.Home(lang)}}
	c.OGType = "article"
	if v.Image.URL != "" {
		c.ShareImage, c.ShareAlt = h.abs(v.Image.URL), v.Image.Alt
		if c.ShareAlt == "" {
			c.ShareAlt = v.Title
		}
	}
	for _, t := range ep.Topics {
		c.Subjects = append(c.Subjects, t.Names.In(lang))
	}

	view := &EpisodePage{
		Common:     c,
		Episode:    card(ep, lang),
		Body:       template.HTML(v.BodyHTML),       // sanitised when saved
		Transcript: template.HTML(v.TranscriptHTML), // sanitised when saved
		Image:      v.Image,
		MediaURL:   v.MediaURL,
		MediaType:  v.MediaType,
	}
	for _, l := range v.LearnMore {
		label, only := l.Only()
		ll := LearnMoreLink{Label: label, URL: l.URL, HrefLang: string(only)}
		if only != "" && only != lang {
			ll.Note = h.printer(lang).T("link.only_in_" + string(only))
		}
		view.LearnMore = append(view.LearnMore, ll)
	}
	if ep.Kind == content.Watch {
		view.Captions, view.CaptionsNote = h.captionTracks(v, lang)
	}
	if v.Image.URL != "" && strings.Contains(v.BodyHTML, `src="`+html.EscapeString(v.Image.URL)+`"`) {
		// The body shows the picture with its caption already; the feature
		// image serves cards and sharing.
		view.Image = content.Image{}
	}
	for _, t := range ep.Topics {
		view.Topics = append(view.Topics, Link{Label: t.Names.In(lang), URL: urls.Topic(lang, t.Slugs.In(lang))})
	}
	if view.Episode.Topic != nil {
		view.Breadcrumbs = append(view.Breadcrumbs, *view.Episode.Topic)
	}
	view.JSONLD = jsonLD(h.episodeLD(ep, lang, view.Common), h.breadcrumbLD(view.Common))
	view.Share = h.shareLinks(lang, v.Title, view.Canonical)
	view.ShareURL = view.Canonical
	for _, a := range ep.Authors {
		view.Authors = append(view.Authors, AuthorCard{Name: a.Name, Role: a.Roles.In(lang), Bio: a.Bios.In(lang),
			URL: urls.Author(lang, a.Slugs.In(lang)), AboutKey: a.FrenchNoun.AboutKey()})
	}
	if ep.Series != nil {
		place, err := h.seriesPlace(ctx, ep, lang)
		if err != nil {
			return nil, err
		}
		view.Series = place
	}
	related, err := h.st.RelatedEpisodes(ctx, ep, lang, now, relatedCount)
	if err != nil {
		return nil, err
	}
	view.Related = cards(related, lang)
	if err := h.episodePictures(ctx, view, ep); err != nil {
		return nil, err
	}
	if ep.Kind == content.Listen || ep.Kind == content.Watch {
		view.Subscribe = h.episodeSubscribe(lang, ep.Kind, c.SiteName)
	}
	return view, nil
}

// episodePictures looks up every image of an episode page in one query —
// the feature image, the authors' photos, the related episodes' cards —
// and gives each its Picture. The feature image is on the first screen;
// the photos and cards, further down, load lazily.
func (h *Handler) episodePictures(ctx context.Context, view *EpisodePage, ep *content.Episode) error {
	images := cardImageURLs(view.Related)
	if view.Image.URL != "" {
		images = append(images, view.Image.URL)
	}
	for _, a := range ep.Authors {
		images = append(images, a.Photo)
	}
	sets, err := h.imageSets(ctx, images)
	if err != nil {
		return err
	}
	if view.Image.URL != "" {
		view.Feature = picture(view.Image.URL, view.Image.Alt, sets, featureSrcWidth)
	}
	setCardPictures(view.Related, sets, 0)
	for i, a := range ep.Authors {
		view.Authors[i].Photo = authorPhoto(a, sets, true)
	}
	return nil
}

// captionTracks lists the caption files of v's video, the page's language
// (the default track) first, labelled in the page's language, and picks
// the sentence that says which captions exist. Only the version's caption
// files are offered: never the transcript's generated WebVTT, which spreads
// the text over the recording and is not timed to the speech.
func (h *Handler) captionTracks(v *content.Version, lang content.Lang) ([]CaptionTrack, string) {
	p := h.printer(lang)
	var tracks []CaptionTrack
	for _, cl := range []content.Lang{lang, lang.Other()} {
		if u := v.Captions.In(cl); u != "" {
			tracks = append(tracks, CaptionTrack{URL: u, Lang: string(cl), Label: p.T("episode.captions_label_" + string(cl)), Default: cl == lang})
		}
	}
	switch len(tracks) {
	case 0:
		return nil, ""
	case 1:
		return tracks, "episode.captions_in_" + tracks[0].Lang
	}
	return tracks, "episode.captions_in_both"
}

// seriesPlace finds the episode's place and neighbours in its series, in
// lang.
func (h *Handler) seriesPlace(ctx context.Context, ep *content.Episode, lang content.Lang) (*SeriesPlace, error) {
	s := ep.Series.Series
	res, err := h.st.SeriesPlace(ctx, s.ID, ep.ID, lang, h.cfg.Now())
	if err != nil {
		return nil, err
	}
	place := &SeriesPlace{Title: s.Titles.In(lang), URL: urls.Series(lang, s.Slugs.In(lang)), Position: res.Position, Total: res.Total}
	if n := res.Previous; n != nil {
		place.Previous = &Link{Label: n.Title, URL: urls.Episode(lang, n.Slug)}
	}
	if n := res.Next; n != nil {
		place.Next = &Link{Label: n.Title, URL: urls.Episode(lang, n.Slug)}
	}
	return place, nil
}

// movedError answers a request with a permanent redirect (see fail).
type movedError struct{ target string }

func (e *movedError) Error() string { return "moved to " + e.target }

// movedEpisode finds where an old address of an episode's version lives
// now: a slug changed in the back office leaves a redirect from the old
// path. It returns a *movedError, or content.ErrNotFound.
func (h *Handler) movedEpisode(ctx context.Context, lang content.Lang, slug string, now time.Time) error {
	id, pathLang, err := h.st.Redirect(ctx, urls.Episode(lang, slug))
	if err != nil {
		return err
	}
	ep, err := h.st.PublicEpisodeByID(ctx, id, now)
	if err != nil {
		return err
	}
	v := ep.Version(pathLang)
	if v == nil || v.Slug == slug {
		return content.ErrNotFound
	}
	return &movedError{target: urls.Episode(pathLang, v.Slug)}
}
