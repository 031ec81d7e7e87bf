package web

import (
	"net/http"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// routes is the public site's route table: every URL it answers, in one place.
func (h *Handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", h.showSplash)
	mux.HandleFunc("GET /healthz", h.health)
	mux.Handle("GET /static/", h.cfg.Assets)
	mux.HandleFunc("GET /media/{file...}", h.serveMedia)
	mux.HandleFunc("GET /robots.txt", h.robots)
	mux.HandleFunc("GET /api/v1/search", h.apiSearch)
	mux.HandleFunc("GET "+urls.Sitemap, h.showSitemap)
	mux.HandleFunc("GET /sitemaps/{file}", h.showSitemapPart)

	// page registers an HTML page of the site: one the feedback tool can be
	// about (feedback_form.go).
	page := func(pattern string, lang content.Lang, fn langHandler) {
		h.pages[pattern] = true
		mux.HandleFunc(pattern, h.inLang(lang, fn))
	}
	for _, lang := range content.Langs {
		l, s := "/"+string(lang), urls.In(lang)
		page("GET "+l+"/{$}", lang, h.showHome)
		mux.HandleFunc("GET "+l, h.redirectToHome(lang))
		page("GET "+l+"/"+s.Episodes+"/{slug}", lang, h.showEpisode)
		page("GET "+l+"/"+s.Episodes+"/{slug}/{file}", lang, h.showTranscript)
		mux.HandleFunc("GET "+urls.Preview(lang, "{token}"), h.inLang(lang, h.showPreview))
		page("GET "+l+"/"+s.Topics, lang, h.listTopics)
		page("GET "+l+"/"+s.Topics+"/{slug}", lang, h.showTopic)
		page("GET "+l+"/"+s.Authors, lang, h.listAuthors)
		page("GET "+l+"/"+s.Authors+"/{slug}", lang, h.showAuthor)
		page("GET "+l+"/"+s.Series, lang, h.listSeries)
		page("GET "+l+"/"+s.Series+"/{slug}", lang, h.showSeries)
		page("GET "+l+"/"+s.Privacy, lang, h.showPrivacy)
		page("GET "+urls.Glossary(lang), lang, h.showGlossary)
		page("GET "+l+"/"+s.Search, lang, h.showSearch)
		page("GET "+l+"/"+s.Ride, lang, h.showRide)
		page("GET "+urls.Subscribe(lang), lang, h.showSubscribe)
		mux.HandleFunc("POST "+l+"/"+s.Feedback, h.inLang(lang, h.saveFeedback))
		mux.HandleFunc("GET "+l+"/"+s.Feeds+"/{file}", h.inLang(lang, h.showFeed))
		mux.HandleFunc("GET "+l+"/"+s.Feeds+"/"+s.Topics+"/{file}", h.inLang(lang, h.showTopicFeed))
		mux.HandleFunc("GET "+l+"/"+s.Feeds+"/"+s.Series+"/{file}", h.inLang(lang, h.showSeriesFeed))
		mux.HandleFunc("GET "+l+"/"+s.Feeds+"/"+s.Kinds+"/{file}", h.inLang(lang, h.showKindFeed))
		mux.HandleFunc("GET "+urls.Podcast(lang, content.Listen), h.inLang(lang, h.showPodcast(content.Listen)))
		mux.HandleFunc("GET "+urls.Podcast(lang, content.Watch), h.inLang(lang, h.showPodcast(content.Watch)))
		// A site page (About, Contact, Terms and conditions) at its slug:
		// the path words above win; any other one segment may be an old
		// URL.
		mux.HandleFunc("GET "+urls.SitePage(lang, "{slug}"), h.inLang(lang, h.showSitePage))
		// Anything else under the prefix: an old URL that redirects, or 404.
		mux.HandleFunc("GET "+l+"/{path...}", h.inLang(lang, h.legacyRedirect))
	}
	mux.HandleFunc("/", h.NotFound)
	return mux
}

// langHandler is a handler action that knows its page language.
type langHandler func(w http.ResponseWriter, r *http.Request, lang content.Lang)

func (h *Handler) inLang(lang content.Lang, fn langHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { fn(w, r, lang) }
}

func (h *Handler) redirectToHome(lang content.Lang) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, urls.Home(lang), http.StatusMovedPermanently)
	}
}
