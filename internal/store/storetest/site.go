package storetest

import (
	"testing"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

func testNotice(t *testing.T, s store.Store) {
	ctx := t.Context()
	n, err := s.Notice(ctx)
	if err != nil || n != (content.Notice{}) {
		t.Errorf("initial Notice = %+v, %v; want the zero notice", n, err)
	}
	for _, want := range []content.Notice{
		{Enabled: true, Text: content.Bilingual{EN: "Service disruption – 5 p.m. “today”", FR: "Interruption de service – 17 h « aujourd’hui »"}},
		{Enabled: false, Text: content.Bilingual{EN: "Kept while off", FR: ""}},
		{},
	} {
		g := generation(t, s)
		if err := s.SetNotice(ctx, want); err != nil {
			t.Fatalf("SetNotice: %v", err)
		}
		if g2 := generation(t, s); g2 <= g {
			t.Errorf("SetNotice did not bump the generation: %d → %d", g, g2)
		}
		got, err := s.Notice(ctx)
		if err != nil || got != want {
			t.Errorf("Notice = %+v, %v; want %+v", got, err, want)
		}
	}
}

func testSiteTitle(t *testing.T, s store.Store) {
	ctx := t.Context()
	if b, err := s.SiteTitle(ctx); err != nil || b != (content.Bilingual{}) {
		t.Fatalf("default title %+v, %v", b, err)
	}
	g := generation(t, s)
	want := content.Bilingual{EN: "Bus rides", FR: "Trajets d’autobus"}
	if err := s.SetSiteTitle(ctx, want); err != nil {
		t.Fatal(err)
	}
	if b, err := s.SiteTitle(ctx); err != nil || b != want {
		t.Errorf("title %+v, %v", b, err)
	}
	if generation(t, s) <= g {
		t.Error("no generation bump")
	}
	if n, err := s.Notice(ctx); err != nil || n.Enabled {
		t.Errorf("the title changed the notice: %+v %v", n, err)
	}
}
