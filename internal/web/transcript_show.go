package web

import (
	"context"
	"html/template"
	"net/http"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/feed"
	"github.com/busrides/busrides/internal/urls"
)

// showTranscript answers GET /en/episodes/{slug}/transcript (a page) and
// /en/episodes/{slug}/transcript.vtt (WebVTT), and their French twins
// (/transcription). Podcast apps link to both.
func (h *Handler) showTranscript(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	slug, file := r.PathValue("slug"), r.PathValue("file")
	base := urls.In(lang).Transcript
	switch file {
	case base:
		h.serve(w, r, lang, r.URL.Path, func(ctx context.Context) (rendered, error) {
			view, err := h.episodeView(ctx, lang, slug)
			if err != nil {
				return rendered{}, err
			}
			if view.Transcript == "" {
				return rendered{}, content.ErrNotFound
			}
			p := h.printer(lang)
			view.Common.Title = p.T("transcript.page_title", "title", view.Episode.Title)
			view.Canonical = h.abs(urls.Transcript(lang, slug, ""))
			view.AltURL = alternateTranscript(view.AltURL, lang)
			view.AltCanonical = ""
			if !strings.Contains(view.AltURL, "?") { // not the untranslated notice
				view.AltCanonical = h.abs(view.AltURL)
			}
			view.Breadcrumbs = append(view.Breadcrumbs, Link{Label: view.Episode.Title, URL: urls.Episode(lang, slug)})
			return h.render(lang, "transcript", http.StatusOK, TranscriptPage{Common: view.Common, Episode: view.Episode, Transcript: view.Transcript})
		})
	case base + ".vtt":
		h.serveDocument(w, r, lang, r.URL.Path, "text/vtt; charset=utf-8", func(ctx context.Context) ([]byte, error) {
			if !content.ValidSlug(slug) {
				return nil, content.ErrNotFound
			}
			ep, err := h.st.EpisodeBySlug(ctx, lang, slug, h.cfg.Now())
			if err != nil {
				return nil, err
			}
			v := ep.Version(lang)
			if v.Transcript == "" || v.MediaSeconds <= 0 {
				return nil, content.ErrNotFound
			}
			return feed.WebVTT(strings.Split(h.cfg.Text(v.Transcript), "\n"), v.MediaSeconds, string(lang)), nil
		})
	default:
		h.notFound(w, r, lang)
	}
}

// alternateTranscript turns the counterpart episode URL into its transcript.
func alternateTranscript(altEpisode string, lang content.Lang) string {
	other := lang.Other()
	prefix := "/" + string(other) + "/" + urls.In(other).Episodes + "/"
	slug, ok := strings.CutPrefix(altEpisode, prefix)
	if !ok {
		return altEpisode // the untranslated notice
	}
	return urls.Transcript(other, slug, "")
}

// TranscriptPage is the view of an episode's transcript page.
type TranscriptPage struct {
	Common
	Episode    Card
	Transcript template.HTML
}
