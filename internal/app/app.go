// Package app wires Busrides together: configuration, the store, the
// importer, templates and the HTTP handlers. cmd/busrides calls Main; tests
// build an App and serve its Handler with httptest.
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/busrides/busrides/internal/admin"
	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/demo"
	"github.com/busrides/busrides/internal/httpx"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/importer"
	"github.com/busrides/busrides/internal/mail"
	"github.com/busrides/busrides/internal/media"
	"github.com/busrides/busrides/internal/pagecache"
	"github.com/busrides/busrides/internal/render"
	"github.com/busrides/busrides/internal/scheduler"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/postgres"
	"github.com/busrides/busrides/internal/store/sqlite"
	"github.com/busrides/busrides/internal/ui"
	"github.com/busrides/busrides/internal/web"
)

// Config is the application's configuration (see Main for flags and
// environment variables).
type Config struct {
	Addr     string
	Database string // a file path (SQLite) or postgres://… (PostgreSQL)
	BaseURL  string
	Demo     bool
	// DemoImported says the database already holds the demo content, as
	// Demo would import it (tests copy a database prepared once): the demo
	// media are served, and the content is not imported again.
	DemoImported bool
	// MediaDir is the media folder: uploads are stored there and served
	// under /media/. Default: a "media" folder beside the SQLite file, or
	// in the working directory for PostgreSQL (see DefaultMediaDir).
	MediaDir string
	// MaxUploadMB bounds one upload to the media library, in MiB.
	// Default 20.
	MaxUploadMB int
	// SearchMemoryMB bounds the search posting lists each server keeps
	// in memory, in MiB, and the texts of recent hits (for their
	// snippets) to a quarter as much. Default sqldb.DefaultSearchMemoryMB.
	SearchMemoryMB int
	// CacheMB bounds the page cache, in MiB. Default DefaultCacheMB.
	CacheMB int
	// PasswordCosts are the argon2id costs of the passwords the back
	// office sets and of its dummy hash for unknown accounts. Zero means
	// auth.DefaultParams; tests choose cheap ones.
	PasswordCosts auth.Params
	// Zone is the newsroom's time zone: dates without a time are 09:00
	// there, and pages show dates there. Default America/Toronto.
	Zone *time.Location
	// SyncEvery is how often the page cache checks the content generation
	// for changes it was not told of (the command line on SQLite; on
	// PostgreSQL other servers notify). Default 1 s.
	SyncEvery time.Duration
	Now       func() time.Time
	Logger    *slog.Logger
	// NoCache turns the page cache off (for the uncached benchmark).
	NoCache bool
	// FeedSummaries makes feeds carry summaries instead of full bodies.
	FeedSummaries bool
	// PodcastEmail is the podcast owner's address in podcast feeds.
	PodcastEmail string
	// Scheduler runs scheduled publishing and unpublishing in this process
	// (busrides serve turns it on; tests call Store.RunSchedule).
	Scheduler bool
	// FollowRelated keeps the derived related episodes up to date in the
	// background after large changes — at start, when a page finds them
	// behind, and every RelatedEvery (busrides serve turns it on; tests call
	// Store.CatchUpRelated).
	FollowRelated bool
	// RelatedEvery: default 1 minute.
	RelatedEvery time.Duration
	// SMTP, when set, turns the back office's e-mail notifications on and
	// sends them from this process (internal/mail); nil: none are written.
	SMTP *mail.Config
	// MailEvery is how often the sender looks at the outbox when nothing
	// wakes it; default mail.Every.
	MailEvery time.Duration
}

// App is a running Busrides: a store and the handler serving it.
type App struct {
	cfg      Config
	Store    store.Store
	Importer *importer.Importer
	Cache    *pagecache.Cache
	Media    *media.Library
	handler  http.Handler
	log      *slog.Logger
	stop     context.CancelFunc
	wg       sync.WaitGroup
	// syncMu orders the page cache's catch-ups; poke wakes syncCache.
	syncMu sync.Mutex
	poke   chan struct{}
	// mailPoke wakes the mail sender (wakeMail).
	mailPoke chan struct{}
}

// OpenStore opens the database named by dsn: postgres:// or postgresql://
// URLs open PostgreSQL; anything else is a SQLite file path (an optional
// sqlite: prefix is removed).
func OpenStore(ctx context.Context, dsn string) (store.Store, error) {
	switch {
	case isPostgres(dsn):
		return postgres.Open(ctx, dsn)
	case dsn == "":
		return nil, errors.New("no database given: use --database FILE or --database postgres://…")
	default:
		return sqlite.Open(ctx, strings.TrimPrefix(dsn, "sqlite:"))
	}
}

// isPostgres reports whether dsn names a PostgreSQL database (a
// postgres:// or postgresql:// URL) rather than a SQLite file.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// DefaultMaxUploadMB is the default bound of one upload, in MiB.
const DefaultMaxUploadMB = 20

// DefaultCacheMB is the default bound of the page cache, in MiB: about
// 10,000 episode pages, each kept in its gzip form (about 6.5 KB with its
// entry and tags). On a site of 10,000 episodes (18,679 pages in its
// sitemap), readers choosing pages by Zipf popularity while a crawler
// walked the sitemap found 91% of their pages in it, against 85% with 48
// MiB and about 80% with 32 (loadbench zipf-crawl, 40 s); the server's
// private memory stayed at 250 MB with the default memory limit
// (MemoryLimit), which follows this bound.
const DefaultCacheMB = 64

// DefaultMediaDir is the media folder used when none is given: "media"
// beside the SQLite file, or "media" in the working directory when the
// database is PostgreSQL (give --media on every server then, pointing at
// shared storage).
func DefaultMediaDir(dsn string) string {
	switch {
	case isPostgres(dsn), dsn == "":
		return "media"
	default:
		return filepath.Join(filepath.Dir(strings.TrimPrefix(dsn, "sqlite:")), "media")
	}
}

// New opens the store, loads the demo content when asked, and builds the
// handler. Close releases everything.
func New(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Zone == nil {
		z, err := time.LoadLocation("America/Toronto")
		if err != nil {
			return nil, fmt.Errorf("time zone: %w", err)
		}
		cfg.Zone = z
	}
	if cfg.SyncEvery <= 0 {
		cfg.SyncEvery = time.Second
	}
	if cfg.MediaDir == "" {
		cfg.MediaDir = DefaultMediaDir(cfg.Database)
	}
	if cfg.MaxUploadMB <= 0 {
		cfg.MaxUploadMB = DefaultMaxUploadMB
	}
	if cfg.CacheMB <= 0 {
		cfg.CacheMB = DefaultCacheMB
	}
	// Opening applies any schema migration the database lacks: after an
	// upgrade, on a large SQLite file, that can take minutes (docs:
	// README, "Upgrades"), so say what the server is waiting for.
	kind := "sqlite"
	if isPostgres(cfg.Database) {
		kind = "postgres"
	}
	cfg.Logger.InfoContext(ctx, "opening the database (a schema upgrade runs now if one is due)", "kind", kind)
	opened := time.Now()
	st, err := OpenStore(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	cfg.Logger.InfoContext(ctx, "database ready", "kind", kind, "took", time.Since(opened).Round(time.Millisecond))
	if m, ok := st.(interface{ SetSearchMemory(mb int) }); ok && cfg.SearchMemoryMB > 0 {
		m.SetSearchMemory(cfg.SearchMemoryMB)
	}
	lib, err := media.OpenLibrary(cfg.MediaDir)
	if err != nil {
		st.Close()
		return nil, err
	}
	a := &App{cfg: cfg, Store: st, Media: lib, log: cfg.Logger, Importer: newImporter(cfg.Zone), mailPoke: make(chan struct{}, 1)}
	if err := a.build(ctx); err != nil {
		st.Close()
		lib.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) build(ctx context.Context) error {
	cfg := a.cfg
	if cfg.Demo && !cfg.DemoImported {
		if err := a.LoadDemo(ctx); err != nil {
			return err
		}
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	assets, err := ui.NewAssets()
	if err != nil {
		return err
	}
	tpl, err := ui.Parse(cat, assets, cfg.Zone)
	if err != nil {
		return err
	}
	// Uploads and files put in the media folder first, then the demo's.
	mediaFS := []fs.FS{a.Media.FS()}
	if cfg.Demo {
		mediaFS = append(mediaFS, demo.Media())
	}
	mediaFiles := overlay(mediaFS)
	if !cfg.NoCache {
		a.Cache = pagecache.NewCache(int64(cfg.CacheMB) << 20)
		g, err := a.Store.Generation(ctx)
		if err != nil {
			return err
		}
		a.Cache.Sync(g)
	}
	site := web.New(web.Config{
		Store:     a.Store,
		Catalogue: cat,
		Templates: tpl,
		Assets:    assets,
		Media:     mediaFiles,
		Logger:    a.log,
		BaseURL:   cfg.BaseURL,
		Now:       cfg.Now,
		Cache:     a.Cache,

		FeedSummaries: cfg.FeedSummaries,
		Podcast:       web.PodcastConfig{OwnerEmail: cfg.PodcastEmail},
		Text:          a.Importer.Render.Text,
	})
	cop := http.NewCrossOriginProtection()
	if cfg.BaseURL != "" {
		if err := cop.AddTrustedOrigin(originOf(cfg.BaseURL)); err != nil {
			return fmt.Errorf("base URL: %w", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(site.Forbidden))
	back := admin.New(admin.Config{
		Store:      a.Store,
		Catalogue:  cat,
		Templates:  tpl,
		Hasher:     hasher(cfg.PasswordCosts),
		Logger:     a.log,
		Now:        cfg.Now,
		BaseURL:    cfg.BaseURL,
		Zone:       cfg.Zone,
		Resolve:    resolver(site),
		Media:      a.Media,
		MediaFiles: mediaFiles,
		MaxUpload:  int64(cfg.MaxUploadMB) << 20,
		Render:     a.Importer.Render,
		Notify:     cfg.SMTP != nil,
		OnMail:     a.wakeMail,
	})
	top := http.NewServeMux()
	top.Handle("/admin", back)
	top.Handle("/admin/", back)
	top.Handle("/", site)
	var h http.Handler = cop.Handler(top)
	h = httpx.SecurityHeaders(h)
	h = httpx.Recover(a.log, site.Panic, h)
	h = httpx.AccessLog(a.log, h)
	h = httpx.WithRequestID(h)
	a.handler = h

	bg, stop := context.WithCancel(context.Background())
	a.stop = stop
	if a.Cache != nil {
		a.poke = make(chan struct{}, 1)
		if h, ok := a.Store.(changeHooker); ok {
			// A change made here is off the cache before its writer answers.
			h.OnChange(func(ctx context.Context) {
				if err := a.SyncCache(ctx); err != nil {
					a.log.Warn("page cache: cannot follow a change", "err", err)
					a.wake()
				}
			})
		}
		if isPostgres(cfg.Database) {
			a.wg.Go(func() { postgres.Listen(bg, cfg.Database, a.log, a.wake) })
		}
		a.wg.Go(func() { a.syncCache(bg) })
		if w, ok := a.Store.(searchWarmer); ok {
			a.wg.Go(func() {
				if err := w.WarmSearch(bg); err != nil && bg.Err() == nil {
					a.log.Warn("search: cannot load the search documents", "err", err)
				}
			})
		}
	}
	if cfg.Scheduler {
		sch := &scheduler.Scheduler{Store: a.Store, Now: cfg.Now, Logger: a.log}
		a.wg.Go(func() { sch.Run(bg) })
	}
	if cfg.FollowRelated {
		a.wg.Go(func() { a.followRelated(bg) })
	}
	if cfg.SMTP != nil {
		s := &mail.Sender{Config: *cfg.SMTP, Store: a.Store, Now: cfg.Now, Every: cfg.MailEvery, Logger: a.log, Wake: a.mailPoke}
		a.wg.Go(func() { s.Run(bg) })
	}
	return nil
}

// wakeMail asks the mail sender to look at the outbox now (a step wrote
// notifications); it never blocks.
func (a *App) wakeMail() {
	select {
	case a.mailPoke <- struct{}{}:
	default:
	}
}

// followRelated brings the derived related episodes up to date at start,
// when a page found them behind, and now and then (a change by the command
// line or another server, a derivation another server gave up).
func (a *App) followRelated(ctx context.Context) {
	every := a.cfg.RelatedEvery
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		start := time.Now()
		done, err := a.Store.CatchUpRelated(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			a.log.Warn("related episodes: cannot bring them up to date", "err", err)
		case done && time.Since(start) > time.Second:
			a.log.Info("related episodes up to date", "took", time.Since(start).Round(time.Millisecond))
		}
		// Pages keep saying the lists are behind while another server
		// derives them, or after an error: wait for the ticker then.
		behind := a.Store.RelatedBehind()
		if !done {
			behind = nil
		}
		select {
		case <-ctx.Done():
			return
		case <-behind:
		case <-t.C:
		}
	}
}

// changeHooker is a store that calls back after each change this process
// commits (sqldb.DB.OnChange).
type changeHooker interface {
	OnChange(fn func(ctx context.Context))
}

// searchWarmer is a store whose searches use a copy of the index in memory
// that can be loaded before the first search and brought up to date
// between searches (sqldb.DB).
type searchWarmer interface {
	WarmSearch(ctx context.Context) error
	SyncSearch(ctx context.Context) error
}

// syncCache keeps the page cache in step with the content: it follows
// changes made by this process at once (the store's change hook, before
// the writer's response is sent), changes by other PostgreSQL servers as
// they commit (LISTEN/NOTIFY), and polls every SyncEvery as the fallback
// for everything else (the command line on SQLite, a missed notification).
func (a *App) syncCache(ctx context.Context) {
	t := time.NewTicker(a.cfg.SyncEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-a.poke:
		}
		if err := a.SyncCache(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("page cache: cannot follow content changes", "err", err)
		}
		// Patch the search copy now rather than in the next search
		// (a search still does it first if this has not run yet).
		if w, ok := a.Store.(searchWarmer); ok {
			if err := w.SyncSearch(ctx); err != nil && ctx.Err() == nil {
				a.log.Warn("search: cannot bring the in-memory index up to date", "err", err)
			}
		}
	}
}

// wake asks syncCache to follow the content now (a notification from
// another server); it never blocks.
func (a *App) wake() {
	select {
	case a.poke <- struct{}{}:
	default:
	}
}

// SyncCache brings the page cache up to the content generation now: it
// drops the pages the changes since touched (store.Changes), or every page
// when the journal cannot tell (a site-wide change, a cache too far behind).
func (a *App) SyncCache(ctx context.Context) error {
	if a.Cache == nil {
		return nil
	}
	a.syncMu.Lock()
	defer a.syncMu.Unlock()
	since := a.Cache.Generation()
	tags, gen, complete, err := a.Store.ChangesSince(ctx, since)
	if err != nil {
		return err
	}
	if gen == since {
		return nil
	}
	if !complete {
		a.Cache.Sync(gen)
		return nil
	}
	a.Cache.Advance(gen, tags...)
	return nil
}

// LoadDemo imports the embedded demo content (again: it updates by key),
// sets the demo banner if no banner was ever set, adds the demo glossary
// to an empty glossary, and the demo site pages that are missing.
func (a *App) LoadDemo(ctx context.Context) error {
	if _, err := a.Importer.Import(ctx, a.Store, demo.Content(), a.cfg.Now()); err != nil {
		return fmt.Errorf("demo content: %w", err)
	}
	n, err := a.Store.Notice(ctx)
	if err != nil {
		return err
	}
	if n.Text == (content.Bilingual{}) {
		if err := a.Store.SetNotice(ctx, demo.Notice); err != nil {
			return err
		}
	}
	terms, err := a.Store.GlossaryTerms(ctx, content.English)
	if err != nil {
		return err
	}
	if len(terms) == 0 {
		for _, g := range demo.Glossary() {
			if _, err := a.Store.CreateGlossaryTerm(ctx, g, a.cfg.Now()); err != nil {
				return fmt.Errorf("demo glossary: %w", err)
			}
		}
	}
	return a.loadDemoSitePages(ctx)
}

// loadDemoSitePages adds and publishes the demo site pages that are not
// stored yet; pages already there (edited, or withdrawn on purpose) are
// left as they are.
func (a *App) loadDemoSitePages(ctx context.Context) error {
	for _, p := range demo.SitePages() {
		_, err := a.Store.SitePageByKey(ctx, p.Key)
		if err == nil {
			continue
		}
		if !errors.Is(err, content.ErrNotFound) {
			return err
		}
		for _, lang := range content.Langs {
			v := p.Versions[lang]
			if v.BodyHTML, err = a.Importer.Render.Render(v.BodyMarkdown, string(lang)); err != nil {
				return fmt.Errorf("demo site page %s: %w", p.Key, err)
			}
		}
		rev, err := a.Store.SaveSitePage(ctx, &p, content.SaveInfo{Now: a.cfg.Now()})
		if errors.Is(err, content.ErrConflict) {
			continue // another server stored it meanwhile
		}
		if err != nil {
			return fmt.Errorf("demo site page %s: %w", p.Key, err)
		}
		if err := a.Store.SetSitePageStatus(ctx, p.Key, content.Published, rev, a.cfg.Now()); err != nil {
			return fmt.Errorf("demo site page %s: %w", p.Key, err)
		}
	}
	return nil
}

// MediaDir is the media folder in use.
func (a *App) MediaDir() string { return a.cfg.MediaDir }

// Handler is the whole site with its middleware.
func (a *App) Handler() http.Handler { return a.handler }

// Close stops background work and closes the store.
func (a *App) Close() error {
	if a.stop != nil {
		a.stop()
	}
	a.wg.Wait()
	return errors.Join(a.Store.Close(), a.Media.Close())
}

func newImporter(zone *time.Location) *importer.Importer {
	return &importer.Importer{Render: render.New(), Location: zone}
}

func originOf(base string) string {
	if i := strings.Index(base, "://"); i >= 0 {
		if j := strings.IndexByte(base[i+3:], '/'); j >= 0 {
			return base[:i+3+j]
		}
	}
	return base
}

// overlay serves a file from the first folder that has it.
type overlay []fs.FS

func (o overlay) Open(name string) (fs.File, error) {
	for _, f := range o {
		file, err := f.Open(name)
		if err == nil {
			return file, nil
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// hasher checks and sets the back office's passwords with costs p (zero:
// auth.DefaultParams), two at a time.
func hasher(p auth.Params) *auth.Hasher {
	if p == (auth.Params{}) {
		p = auth.DefaultParams
	}
	return auth.NewHasherWith(p, 2)
}

// BaseURL is the absolute address pages link with ("" when not set).
func (a *App) BaseURL() string { return a.cfg.BaseURL }
