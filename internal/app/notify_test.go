package app_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/testutil"
)

// Two servers on one PostgreSQL database: a change saved through one
// reaches the other's page cache by notification, without waiting for
// its poll (set to an hour here), and drops only what it touched.
func TestChangeNotifiesOtherServers(t *testing.T) {
	if os.Getenv(testutil.PostgresURLEnv) == "" {
		t.Skipf("%s not set", testutil.PostgresURLEnv)
	}
	one := apptest.Serve(t, apptest.Options{Postgres: true})
	ctx := context.Background()
	other, err := app.New(ctx, app.Config{Database: one.DSN, BaseURL: one.App.BaseURL(), Demo: true, DemoImported: true,
		Now: one.Clock.Now, SyncEvery: time.Hour, MediaDir: filepath.Join(t.TempDir(), "media")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = other.Close() })
	// Both caches start at the database's generation.
	if err := other.SyncCache(ctx); err != nil {
		t.Fatal(err)
	}
	ep, err := one.App.Store.EpisodeBySlug(ctx, content.English, "digital-nations-2020", one.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	ep.Versions[content.English].Title = "Digital Nations 2020, retitled"
	if _, err := one.App.Store.SaveEpisode(ctx, ep, content.SaveInfo{BaseRevision: ep.Revision, Now: one.Clock.Now(), Publish: true}); err != nil {
		t.Fatal(err)
	}
	want, err := one.App.Store.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A generous budget: the notification arrives in milliseconds; only
	// a lost one waits for the hour-long poll.
	deadline := time.Now().Add(2 * time.Minute)
	for other.Cache.Generation() != want {
		if time.Now().After(deadline) {
			t.Fatalf("the other server's cache is at generation %d, the database at %d: no notification", other.Cache.Generation(), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
