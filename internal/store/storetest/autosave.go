package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// testAutosave: one automatic save per person and episode (0 for a new
// one), replaced by the next, kept apart from another person's, and gone
// once dropped.
func testAutosave(t *testing.T, s store.Store) {
	ctx := t.Context()
	ann := mustCreateUser(t, s, "auto-ann@example.ca", content.RoleEditor)
	ben := mustCreateUser(t, s, "auto-ben@example.ca", content.RoleAuthor)
	t0 := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	for _, a := range []struct {
		user    int64
		episode int64
		base    int
		body    string
		at      time.Time
	}{
		{ann.ID, 7, 3, "en.title=First", t0},
		{ann.ID, 7, 4, "en.title=Second+%C2%AB+%C3%A9+%C2%BB", t0.Add(time.Minute)},
		{ann.ID, 0, 0, "en.title=New", t0},
		{ben.ID, 7, 3, "en.title=Ben", t0},
	} {
		if err := s.Autosave(ctx, a.user, a.episode, a.base, a.body, a.at); err != nil {
			t.Fatal(err)
		}
	}
	if a, err := s.AutosaveOf(ctx, ann.ID, 7); err != nil || a.Base != 4 || a.Body != "en.title=Second+%C2%AB+%C3%A9+%C2%BB" || !a.SavedAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("AutosaveOf(ann, 7) = %+v, %v; want the second save", a, err)
	}
	if a, err := s.AutosaveOf(ctx, ann.ID, 0); err != nil || a.Body != "en.title=New" {
		t.Errorf("AutosaveOf(ann, new) = %+v, %v", a, err)
	}
	if a, err := s.AutosaveOf(ctx, ben.ID, 7); err != nil || a.Body != "en.title=Ben" {
		t.Errorf("AutosaveOf(ben, 7) = %+v, %v", a, err)
	}
	if err := s.DropAutosave(ctx, ann.ID, 7); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AutosaveOf(ctx, ann.ID, 7); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("a dropped autosave: %v", err)
	}
	if _, err := s.AutosaveOf(ctx, ben.ID, 7); err != nil {
		t.Errorf("dropping ann's dropped ben's: %v", err)
	}
	if err := s.DropAutosave(ctx, ann.ID, 7); err != nil {
		t.Errorf("dropping a missing autosave: %v", err)
	}
}
