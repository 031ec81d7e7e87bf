package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/mail"
	"github.com/busrides/busrides/internal/store/sqldb"
)

// Version is set at build time with -ldflags "-X github.com/busrides/busrides/internal/app.Version=…".
var Version = "dev"

// Env reads environment variables; tests pass their own.
type Env func(string) string

const usage = `Busrides: bilingual micro-learning for public servants.

Usage:
  busrides serve [flags]                 run the site (see busrides serve -h)
  busrides import markdown DIR [flags]   import content files (all or nothing)
  busrides notice set --en TEXT --fr TEXT [--off] [flags]
                                         set the site banner in both languages
  busrides notice show [flags]           print the site banner
  busrides reindex [flags]               rebuild the search index
  busrides translation export --episode KEY --lang en|fr FILE [flags]
                                         write a language's text as XLIFF 2.1 for translation
  busrides translation import FILE [flags]
                                         save a translated XLIFF file as the other language
  busrides user add --email E --role R [--name N] [--lang en|fr] [flags]
                                         create a staff member (password from the terminal or stdin)
  busrides user invite --email E --role R [--lang en|fr] [--base-url URL] [flags]
                                         print a one-time invitation link (valid 7 days)
  busrides user list [flags]             list staff members
  busrides version                       print the version

Every command takes --database (env BUSRIDES_DATABASE, default busrides.db):
a SQLite file path, or postgres://user@host/db for PostgreSQL.
`

// Main runs the command line with an empty standard input and returns the
// exit status.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer, env Env) int {
	return MainIO(ctx, args, strings.NewReader(""), stdout, stderr, env)
}

// MainIO runs the command line and returns the exit status. stdin is read
// only by commands that ask for a secret (busrides user add).
func MainIO(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env Env) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, args[1:], stdout, stderr, env)
	case "import":
		err = importCmd(ctx, args[1:], stdout, stderr, env)
	case "notice":
		err = noticeCmd(ctx, args[1:], stdout, stderr, env)
	case "reindex":
		err = reindexCmd(ctx, args[1:], stdout, stderr, env)
	case "translation":
		err = translationCmd(ctx, args[1:], stdout, stderr, env)
	case "user":
		err = userCmd(ctx, args[1:], stdin, stdout, stderr, env)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "busrides", versionString())
		return 0
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "busrides: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if errors.Is(err, errUsage) {
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "busrides:", err)
		return 1
	}
	return 0
}

var errUsage = errors.New("usage")

func versionString() string {
	v := Version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	return v
}

// flagSet makes a flag set that reports errors to stderr and returns them.
func flagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func envOr(env Env, key, def string) string {
	if v := env(key); v != "" {
		return v
	}
	return def
}

func envBool(env Env, key string) bool {
	b, _ := strconv.ParseBool(env(key))
	return b
}

// envInt is the integer in the variable key, or def when it is unset or
// not an integer.
func envInt(env Env, key string, def int) int {
	if n, err := strconv.Atoi(env(key)); err == nil {
		return n
	}
	return def
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// MemoryLimit returns the Go heap's soft limit in bytes for serve's
// --memory-limit-mb flag (-1 when not given), or -1 to leave the runtime's
// own (GOMEMLIMIT, or none); adaptive reports that the limit is a floor
// that follows the live heap (memoryGovernor). By default the floor is
// what the server is told to keep, the page cache and the search lists,
// plus 32 MiB for the rest (templates, requests being served, the
// runtime): 224 MiB with the defaults. Without a limit the heap grows to
// about twice what it keeps between collections: a server of 10,000
// episodes under search load reached 274–347 MB of private memory,
// against 233 MB with 200 MiB (docs/performance.md).
func MemoryLimit(flagMB, cacheMB, searchMB int, goMemLimitSet bool) (limit int64, adaptive bool) {
	switch {
	case flagMB == 0:
		return math.MaxInt64, false // no limit
	case flagMB > 0:
		return int64(flagMB) << 20, false
	case goMemLimitSet:
		return -1, false
	}
	return int64(cacheMB+searchMB+32) << 20, true
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer, env Env) error {
	fs := flagSet("serve", stderr)
	addr := fs.String("addr", envOr(env, "BUSRIDES_ADDR", "localhost:8080"), "address to listen on (env BUSRIDES_ADDR)")
	db := fs.String("database", envOr(env, "BUSRIDES_DATABASE", "busrides.db"), "SQLite file or postgres:// URL (env BUSRIDES_DATABASE)")
	base := fs.String("base-url", env("BUSRIDES_BASE_URL"), "public URL of the site, e.g. https://busrides.example (env BUSRIDES_BASE_URL; default http://ADDR)")
	demoFlag := fs.Bool("demo", envBool(env, "BUSRIDES_DEMO"), "load the demo content (env BUSRIDES_DEMO)")
	media := fs.String("media", env("BUSRIDES_MEDIA_DIR"), "media folder: uploads, served under /media/ (env BUSRIDES_MEDIA_DIR; default: media beside the SQLite file)")
	maxUpload := fs.Int("max-upload-mb", envInt(env, "BUSRIDES_MAX_UPLOAD_MB", DefaultMaxUploadMB), "largest upload to the media library, in MiB (env BUSRIDES_MAX_UPLOAD_MB)")
	searchMem := fs.Int("search-memory-mb", envInt(env, "BUSRIDES_SEARCH_MEMORY_MB", sqldb.DefaultSearchMemoryMB), "search posting lists kept in memory, in MiB (128 hold the whole index of about 55,000 episodes), and a quarter as much for the texts of recent hits (env BUSRIDES_SEARCH_MEMORY_MB)")
	cacheMB := fs.Int("cache-mb", envInt(env, "BUSRIDES_CACHE_MB", DefaultCacheMB), "rendered pages kept in memory, in MiB, their gzip form included (env BUSRIDES_CACHE_MB)")
	memLimit := fs.Int("memory-limit-mb", envInt(env, "BUSRIDES_MEMORY_LIMIT_MB", -1), "soft limit of the Go heap, in MiB: the collector works harder near it; 0 for none (env BUSRIDES_MEMORY_LIMIT_MB; default --cache-mb + --search-memory-mb + 32, or GOMEMLIMIT when set)")
	logJSON := fs.Bool("log-json", envBool(env, "BUSRIDES_LOG_JSON"), "log as JSON lines (env BUSRIDES_LOG_JSON)")
	summaries := fs.Bool("feed-summaries", envBool(env, "BUSRIDES_FEED_SUMMARIES"), "feeds carry summaries, not full episodes (env BUSRIDES_FEED_SUMMARIES)")
	podcastEmail := fs.String("podcast-email", env("BUSRIDES_PODCAST_EMAIL"), "podcast owner's e-mail in podcast feeds (env BUSRIDES_PODCAST_EMAIL; default podcasts@HOST)")
	smtpURL := fs.String("smtp-url", env("BUSRIDES_SMTP_URL"), "SMTP server for the back office's e-mail notifications: smtp://[user:password@]host[:port] (STARTTLS), smtps://… (TLS), or …?tls=none for a local relay; none: the dashboard is the notification (env BUSRIDES_SMTP_URL)")
	mailFrom := fs.String("mail-from", env("BUSRIDES_MAIL_FROM"), "sender address of notifications (env BUSRIDES_MAIL_FROM; default busrides@HOST of --base-url)")
	zoneName := fs.String("time-zone", envOr(env, "BUSRIDES_TIME_ZONE", "America/Toronto"), "IANA time zone of schedule times and dates (env BUSRIDES_TIME_ZONE)")
	if err := parse(fs, args); err != nil {
		return err
	}
	zone, err := time.LoadLocation(*zoneName)
	if err != nil || *zoneName == "" || *zoneName == "Local" {
		fmt.Fprintf(stderr, "serve: unknown time zone %q (use an IANA name such as America/Toronto)\n", *zoneName)
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "serve: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	if *maxUpload < 1 || *maxUpload > 2048 {
		fmt.Fprintf(stderr, "serve: --max-upload-mb must be between 1 and 2048, not %d\n", *maxUpload)
		return errUsage
	}
	if *searchMem < 1 || *searchMem > 65536 {
		fmt.Fprintf(stderr, "serve: --search-memory-mb must be between 1 and 65536, not %d\n", *searchMem)
		return errUsage
	}
	if *cacheMB < 1 || *cacheMB > 65536 {
		fmt.Fprintf(stderr, "serve: --cache-mb must be between 1 and 65536, not %d\n", *cacheMB)
		return errUsage
	}
	if *memLimit < -1 || *memLimit > 1<<20 {
		fmt.Fprintf(stderr, "serve: --memory-limit-mb must be between 0 and 1048576, not %d\n", *memLimit)
		return errUsage
	}
	// Log lines are written in batches (logbuf.go): the access log's one
	// line per request does not cost a system call each.
	lines := newLogBuffer(stderr)
	flushCtx, stopFlush := context.WithCancel(context.WithoutCancel(ctx))
	flushed := make(chan struct{})
	go func() { lines.run(flushCtx); close(flushed) }()
	defer func() { stopFlush(); <-flushed }()
	var handler slog.Handler
	if *logJSON {
		handler = slog.NewJSONHandler(lines, nil)
	} else {
		handler = slog.NewTextHandler(lines, nil)
	}
	log := slog.New(urgentHandler{handler, lines})

	// Listen first: a port in use is reported before any database work.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("cannot listen on %s: the port is already in use (choose another with --addr)", *addr)
		}
		return fmt.Errorf("cannot listen on %s: %w", *addr, err)
	}
	defer ln.Close()
	if *base == "" {
		*base = "http://" + displayAddr(ln.Addr().String())
	}

	var smtp *mail.Config
	if *smtpURL != "" {
		from := *mailFrom
		if from == "" {
			from = "busrides@" + hostOf(*base)
		}
		c, err := mail.ParseURL(*smtpURL, from)
		if err != nil {
			fmt.Fprintf(stderr, "serve: --smtp-url: %v\n", err)
			return errUsage
		}
		smtp = &c
	}

	a, err := New(ctx, Config{Addr: *addr, Database: *db, BaseURL: *base, Demo: *demoFlag, MediaDir: *media, MaxUploadMB: *maxUpload, SearchMemoryMB: *searchMem, CacheMB: *cacheMB, Logger: log,
		FeedSummaries: *summaries, PodcastEmail: *podcastEmail, Zone: zone, Scheduler: true, FollowRelated: true, SMTP: smtp})
	if err != nil {
		return err
	}
	defer a.Close()

	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if limit, adaptive := MemoryLimit(*memLimit, *cacheMB, *searchMem, env("GOMEMLIMIT") != ""); limit >= 0 {
		prev := debug.SetMemoryLimit(limit)
		defer debug.SetMemoryLimit(prev)
		if adaptive {
			govCtx, stopGov := context.WithCancel(ctx)
			govDone := make(chan struct{})
			go func() { governMemory(govCtx, limit, 5*time.Second); close(govDone) }()
			defer func() { stopGov(); <-govDone }()
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("busrides is serving", "url", *base, "database", redactDSN(*db), "demo", *demoFlag, "version", versionString())
	fmt.Fprintf(stdout, "Busrides is running at %s (Ctrl+C to stop)\n", *base)

	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// hostOf is the host name of a URL ("localhost" when it has none).
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localhost"
}

// displayAddr turns a listen address into one a browser can open.
func displayAddr(a string) string {
	host, port, err := net.SplitHostPort(a)
	if err != nil {
		return a
	}
	if host == "" || host == "::" || host == "0.0.0.0" || host == "127.0.0.1" || host == "::1" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// redactDSN hides a password in a database URL before logging it.
func redactDSN(dsn string) string {
	at := strings.LastIndexByte(dsn, '@')
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	userinfo := dsn[scheme+3 : at]
	if user, _, ok := strings.Cut(userinfo, ":"); ok {
		return dsn[:scheme+3] + user + ":***" + dsn[at:]
	}
	return dsn
}

func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer, env Env) error {
	if len(args) == 0 || args[0] != "markdown" {
		fmt.Fprintln(stderr, "usage: busrides import markdown DIR [--database …]")
		return errUsage
	}
	fs := flagSet("import markdown", stderr)
	db := fs.String("database", envOr(env, "BUSRIDES_DATABASE", "busrides.db"), "SQLite file or postgres:// URL (env BUSRIDES_DATABASE)")
	dir, rest := "", args[1:]
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		dir, rest = rest[0], rest[1:]
	}
	if err := parse(fs, rest); err != nil {
		return err
	}
	if dir == "" && fs.NArg() == 1 {
		dir = fs.Arg(0)
	} else if fs.NArg() > 0 || dir == "" {
		fmt.Fprintln(stderr, "usage: busrides import markdown DIR [--database …]")
		return errUsage
	}
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return fmt.Errorf("import: %s is not a folder", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer root.Close()

	a, err := openForCommand(ctx, *db)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	res, err := a.Importer.Import(ctx, a.Store, root.FS(), time.Now())
	if err != nil {
		return fmt.Errorf("nothing was imported:\n%w", err)
	}
	fmt.Fprintf(stdout, "Imported %d topics, %d authors, %d series, %d new and %d updated episodes, %d redirects.\n",
		res.Topics, res.Authors, res.Series, res.EpisodesCreated, res.EpisodesUpdated, res.Redirects)
	return nil
}

// openForCommand opens the store and importer without building the site.
func openForCommand(ctx context.Context, dsn string) (*App, error) {
	st, err := OpenStore(ctx, dsn)
	if err != nil {
		return nil, err
	}
	zone, err := time.LoadLocation("America/Toronto")
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("time zone: %w", err)
	}
	a := &App{Store: st, cfg: Config{Zone: zone, Now: time.Now}}
	a.Importer = newImporter(zone)
	return a, nil
}

func noticeCmd(ctx context.Context, args []string, stdout, stderr io.Writer, env Env) error {
	if len(args) == 0 || (args[0] != "set" && args[0] != "show") {
		fmt.Fprintln(stderr, "usage: busrides notice set --en TEXT --fr TEXT [--off] | busrides notice show")
		return errUsage
	}
	fs := flagSet("notice "+args[0], stderr)
	db := fs.String("database", envOr(env, "BUSRIDES_DATABASE", "busrides.db"), "SQLite file or postgres:// URL (env BUSRIDES_DATABASE)")
	en := fs.String("en", "", "banner text in English")
	fr := fs.String("fr", "", "banner text in French")
	off := fs.Bool("off", false, "hide the banner (the texts are kept)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "notice: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	st, err := OpenStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if args[0] == "show" {
		n, err := st.Notice(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "shown: %t\nen: %s\nfr: %s\n", n.Enabled, n.Text.EN, n.Text.FR)
		return nil
	}
	n := content.Notice{Enabled: !*off, Text: content.Bilingual{EN: strings.TrimSpace(*en), FR: strings.TrimSpace(*fr)}}
	if !*off && (n.Text.EN == "" || n.Text.FR == "") {
		return errors.New("notice: give the banner in both languages (--en and --fr), or --off to hide it")
	}
	if *off {
		old, err := st.Notice(ctx)
		if err != nil {
			return err
		}
		if n.Text.EN == "" {
			n.Text.EN = old.Text.EN
		}
		if n.Text.FR == "" {
			n.Text.FR = old.Text.FR
		}
	}
	if len([]rune(n.Text.EN)) > 300 || len([]rune(n.Text.FR)) > 300 {
		return errors.New("notice: keep each text to 300 characters or fewer")
	}
	if err := st.SetNotice(ctx, n); err != nil {
		return err
	}
	if n.Enabled {
		fmt.Fprintln(stdout, "The banner is set. Running servers show it within a second.")
	} else {
		fmt.Fprintln(stdout, "The banner is hidden.")
	}
	return nil
}

func reindexCmd(ctx context.Context, args []string, stdout, stderr io.Writer, env Env) error {
	fs := flagSet("reindex", stderr)
	db := fs.String("database", envOr(env, "BUSRIDES_DATABASE", "busrides.db"), "SQLite file or postgres:// URL (env BUSRIDES_DATABASE)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "reindex: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	st, err := OpenStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	last := time.Time{}
	err = st.Reindex(ctx, func(done, total int) {
		if time.Since(last) > 500*time.Millisecond || done == total {
			fmt.Fprintf(stdout, "\rIndexed %d of %d episodes", done, total)
			last = time.Now()
		}
	})
	fmt.Fprintln(stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Search index rebuilt in %s.\n", time.Since(start).Round(time.Millisecond))
	return nil
}
