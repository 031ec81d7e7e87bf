package web

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/feed"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// showPodcast answers GET /en/podcast.xml and /fr/balado.xml (Listen
// episodes), and /en/video-podcast.xml and /fr/balado-video.xml (Watch).
// A podcast item is its recording: an episode whose recording feeds cannot
// carry as it is (content.FeedMedia: no https or site address, no exact
// size, no type, no length) is left out, never failing the podcast, and
// the reason is logged once.
func (h *Handler) showPodcast(kind content.Kind) langHandler {
	return func(w http.ResponseWriter, r *http.Request, lang content.Lang) {
		p := h.printer(lang)
		titleKey, descKey := "podcast.title", "podcast.description"
		if kind == content.Watch {
			titleKey, descKey = "podcast.video_title", "podcast.video_description"
		}
		h.serveDocument(w, r, lang, r.URL.Path, "application/rss+xml; charset=utf-8", func(ctx context.Context) ([]byte, error) {
			site, err := h.siteName(ctx, lang)
			if err != nil {
				return nil, err
			}
			fc, err := h.channel(ctx, lang, urls.FormatRSS, store.EpisodeQuery{Kind: kind}, title(titleKey), p.T(descKey, "site", site),
				withQuery(urls.Home(lang), "kind", string(kind)), urls.Podcast(lang, kind), urls.Podcast(lang.Other(), kind))
			if err != nil {
				return nil, err
			}
			h.logMediaProblems(ctx, fc)
			ch := fc.Channel
			items := ch.Items[:0]
			for _, it := range ch.Items {
				if len(fc.media[it.Ref]) == 0 { // else logged above
					items = append(items, it)
				}
			}
			ch.Items = items
			h.logPruned(ctx, lang, ch.PrunePodcast())
			pc := h.cfg.Podcast
			ch.Podcast = &feed.Podcast{
				GUID:       feed.PodcastGUID(ch.SelfURL),
				Locked:     pc.Locked,
				OwnerName:  cmp.Or(pc.OwnerName, site),
				OwnerEmail: cmp.Or(pc.OwnerEmail, "podcasts@"+h.host()),
				Category:   pc.Category,
				Type:       "episodic",
				Image:      h.abs(h.cfg.Assets.URL(pc.Artwork)),
			}
			ch.Image = &feed.Image{URL: ch.Podcast.Image, Alt: ch.Title}
			if err := ch.ValidatePodcast(); err != nil {
				return nil, fmt.Errorf("podcast feed %s: %w", r.URL.Path, err)
			}
			return feed.PodcastRSS(ch)
		})
	}
}

// mediaSize is the exact size of a file under /media/, or 0 when unknown.
func (h *Handler) mediaSize(mediaURL string) int64 {
	name, ok := strings.CutPrefix(mediaURL, "/media/")
	if !ok || h.cfg.Media == nil || !fs.ValidPath(name) {
		return 0
	}
	info, err := fs.Stat(h.cfg.Media, name)
	if err != nil || info.IsDir() {
		return 0
	}
	return info.Size()
}
