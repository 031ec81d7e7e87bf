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

	for _, lang := range content.Langs {
		l, s := "/"+string(lang), urls.In(lang)
		mux.HandleFunc("GET "+l+"/{$}", h.inLang(lang, h.showHome))
		mux.HandleFunc("GET "+l, h.redirectToHome(lang))
		mux.HandleFunc("GET "+l+"/"+s.Episodes+"/{slug}", h.inLang(lang, h.showEpisode))
		mux.HandleFunc("GET "+l+"/"+s.Episodes+"/{slug}/{file}", h.inLang(lang, h.showTranscript))
		mux.HandleFunc("GET "+l+"/"+s.Topics, h.inLang(lang, h.listTopics))
		mux.HandleFunc("GET "+l+"/"+s.Topics+"/{slug}", h.inLang(lang, h.showTopic))
		mux.HandleFunc("GET "+l+"/"+s.Authors, h.inLang(lang, h.listAuthors))
		mux.HandleFunc("GET "+l+"/"+s.Authors+"/{slug}", h.inLang(lang, h.showAuthor))
		mux.HandleFunc("GET "+l+"/"+s.Series, h.inLang(lang, h.listSeries))
		mux.HandleFunc("GET "+l+"/"+s.Series+"/{slug}", h.inLang(lang, h.showSeries))
		mux.HandleFunc("GET "+l+"/"+s.Privacy, h.inLang(lang, h.showPrivacy))
		mux.HandleFunc("GET "+urls.Glossary(lang), h.inLang(lang, h.showGlossary))
		mux.HandleFunc("GET "+l+"/"+s.Search, h.inLang(lang, h.showSearch))
		mux.HandleFunc("GET "+l+"/"+s.Ride, h.inLang(lang, h.showRide))
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
