package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// The back-office tour runs on its own site and writes its 16 pictures,
// each the size of the viewport and small enough for the documentation.
// Each step has its own deadline (stepTimeout) and logs how long it took.
func TestAdminTour(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the back-office tour drives Chromium through 16 screens (half a minute, minutes under -race); the full run takes it")
	}
	if _, err := chromium(); err != nil {
		t.Skip(err)
	}
	out := t.TempDir()
	if err := runAdmin(out, t.Logf); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(out, "*.png"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 16 {
		t.Fatalf("%d pictures, want 16: %v", len(files), files)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 150<<10 {
			t.Errorf("%s: %d KB, want at most 150", filepath.Base(f), len(b)>>10)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(f), err)
		}
		if cfg.Width != adminWidth || cfg.Height != adminHeight {
			t.Errorf("%s: %d×%d, want %d×%d", filepath.Base(f), cfg.Width, cfg.Height, adminWidth, adminHeight)
		}
	}
}
