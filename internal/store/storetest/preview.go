package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// testPreviewLinks: a link opens its episode as the editor has it (a live
// episode's pending change), until it expires or is revoked; links are
// listed newest first, and revoking keeps its first time.
func testPreviewLinks(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(episode("previewed", day(3), withID("previewed"), titled("Previewed live", "Apercu direct"))))
	id := idOf(t, s, "previewed")
	u := mustCreateUser(t, s, "preview-ann@example.ca", content.RoleEditor)
	w, err := s.WorkingEpisode(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	w.Versions[en].Title = "Previewed, pending"
	mustSave(t, s, w, content.SaveInfo{BaseRevision: w.Revision})

	t0 := now
	a, err := s.CreatePreviewLink(ctx, "tok-a", content.PreviewLink{EpisodeID: id, CreatedBy: u.ID, CreatedAt: t0, ExpiresAt: t0.Add(7 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreatePreviewLink(ctx, "tok-b", content.PreviewLink{EpisodeID: id, CreatedAt: t0.Add(time.Minute), ExpiresAt: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePreviewLink(ctx, "tok-a", content.PreviewLink{EpisodeID: id, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}); err == nil {
		t.Error("a token hash was stored twice")
	}
	e, err := s.PreviewEpisode(ctx, "tok-a", t0.Add(time.Hour))
	if err != nil || e.ID != id || e.Version(en).Title != "Previewed, pending" || e.Pending == nil {
		t.Fatalf("PreviewEpisode = %+v, %v; want the pending change", e, err)
	}
	if _, err := s.PreviewEpisode(ctx, "tok-b", t0.Add(time.Hour)); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("an expired link: %v", err)
	}
	if _, err := s.PreviewEpisode(ctx, "tok-unknown", t0); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("an unknown link: %v", err)
	}
	links, err := s.PreviewLinksOf(ctx, id)
	if err != nil || len(links) != 2 || links[0].ID != b || links[1].ID != a || links[1].CreatedBy != u.ID || !links[1].ExpiresAt.Equal(t0.Add(7*24*time.Hour)) {
		t.Fatalf("PreviewLinksOf = %+v, %v", links, err)
	}
	if err := s.RevokePreviewLink(ctx, id, a, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokePreviewLink(ctx, id, a, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PreviewEpisode(ctx, "tok-a", t0.Add(2*time.Hour)); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("a revoked link: %v", err)
	}
	links, _ = s.PreviewLinksOf(ctx, id)
	if !links[1].RevokedAt.Equal(t0.Add(2*time.Hour)) || links[1].Active(t0) {
		t.Errorf("revoked link = %+v; want revoked at its first time, inactive", links[1])
	}
	if err := s.RevokePreviewLink(ctx, id+1000, a, t0); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("revoking through another episode: %v", err)
	}
}
