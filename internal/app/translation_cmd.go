package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/xliff"
)

// translationCmd runs busrides translation export|import: the XLIFF round
// trip of the back office's workflow page, for scripts and for bureaus
// that exchange files in bulk.
//
//	busrides translation export --episode KEY --lang en FILE
//	busrides translation import FILE
func translationCmd(ctx context.Context, args []string, stdout, stderr io.Writer, env Env) error {
	if len(args) == 0 || (args[0] != "export" && args[0] != "import") {
		fmt.Fprintln(stderr, "usage: busrides translation export --episode KEY --lang en|fr FILE | busrides translation import FILE")
		return errUsage
	}
	fs := flagSet("translation "+args[0], stderr)
	db := fs.String("database", envOr(env, "BUSRIDES_DATABASE", "busrides.db"), "SQLite file or postgres:// URL (env BUSRIDES_DATABASE)")
	var key, langName *string
	if args[0] == "export" {
		key = fs.String("episode", "", "the episode's key (required)")
		langName = fs.String("lang", "", "the language to translate from: en or fr (required)")
	}
	// FILE comes before the flags or after them, as import markdown's DIR.
	file, rest := "", args[1:]
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		file, rest = rest[0], rest[1:]
	}
	if err := parse(fs, rest); err != nil {
		return err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if fs.NArg() > 0 || file == "" {
		fmt.Fprintf(stderr, "translation %s: give one FILE\n", args[0])
		return errUsage
	}
	a, err := openForCommand(ctx, *db)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	if args[0] == "export" {
		lang, ok := content.ParseLang(*langName)
		if !ok || *key == "" {
			fmt.Fprintln(stderr, "translation export: --episode KEY and --lang en|fr are required")
			return errUsage
		}
		return a.exportTranslation(ctx, *key, lang, file, stdout)
	}
	return a.importTranslation(ctx, file, stdout)
}

// exportTranslation writes the episode's text in lang, as its editor has
// it, to file as an XLIFF 2.1 document (created, never overwritten).
func (a *App) exportTranslation(ctx context.Context, key string, lang content.Lang, file string, stdout io.Writer) error {
	id, err := a.Store.EpisodeIDByKey(ctx, key)
	if errors.Is(err, content.ErrNotFound) {
		return fmt.Errorf("translation export: no episode with the key %q", key)
	}
	if err != nil {
		return err
	}
	ep, err := a.Store.WorkingEpisode(ctx, id)
	if err != nil {
		return err
	}
	v := ep.Version(lang)
	if v == nil {
		return fmt.Errorf("translation export: the episode %q has no %s version", key, lang)
	}
	doc, err := xliff.Export(xliff.SourceFromVersion(ep.Key, ep.Revision, *v, lang.Other()))
	if err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("translation export: %w", err)
	}
	if _, err := f.Write(doc); err != nil {
		f.Close()
		return fmt.Errorf("translation export: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("translation export: %w", err)
	}
	if err := a.Store.AddAudit(ctx, content.AuditEntry{At: time.Now(), Action: "episode.translation_exported",
		Target: fmt.Sprintf("episode:%d", ep.ID), Detail: fmt.Sprintf("%s to %s, revision %d (command line)", lang, lang.Other(), ep.Revision)}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Exported the %s text of %q (revision %d) for translation into %s: %s\n", lang, key, ep.Revision, lang.Other(), file)
	return nil
}

// importTranslation reads a translated document and saves it as the text
// of its target language, brought in line (a pending change of a published
// episode), or saves nothing and says every problem.
func (a *App) importTranslation(ctx context.Context, file string, stdout io.Writer) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("translation import: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(f, xliff.MaxSize+1))
	f.Close()
	if err != nil {
		return fmt.Errorf("translation import: %w", err)
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	p := cat.Printer(string(content.English))
	refuse := func(err error) error {
		var xe *xliff.Error
		if !errors.As(err, &xe) {
			return fmt.Errorf("translation import: nothing was saved: %s (%w)", strings.TrimSpace(p.T(xliff.KeyNotXLIFF, "arg", "")), err)
		}
		var b strings.Builder
		for _, pr := range xe.Problems {
			b.WriteString("\n  ")
			if pr.Unit != "" {
				b.WriteString(pr.Unit + ": ")
			}
			b.WriteString(p.T(pr.Key, "arg", pr.Arg))
		}
		return fmt.Errorf("translation import: nothing was saved:%s", b.String())
	}
	head, err := xliff.Peek(data)
	if err != nil {
		return refuse(err)
	}
	id, err := a.Store.EpisodeIDByKey(ctx, head.Key)
	if errors.Is(err, content.ErrNotFound) {
		return fmt.Errorf("translation import: nothing was saved: no episode with the key %q", head.Key)
	}
	if err != nil {
		return err
	}
	ep, err := a.Store.WorkingEpisode(ctx, id)
	if err != nil {
		return err
	}
	v := ep.Version(head.SourceLang)
	if v == nil || head.TargetLang != head.SourceLang.Other() {
		return fmt.Errorf("translation import: nothing was saved: %s", p.T(xliff.KeyWrongLanguages, "arg", string(head.SourceLang)+" → "+string(head.TargetLang)))
	}
	tr, err := xliff.Import(data, xliff.SourceFromVersion(ep.Key, ep.Revision, *v, head.TargetLang))
	if err != nil {
		return refuse(err)
	}
	if err := xliff.Apply(ep, head.SourceLang, tr); err != nil {
		return err
	}
	for _, lang := range content.Langs {
		ver := ep.Version(lang)
		if ver == nil {
			continue
		}
		if refused, err := a.Importer.Render.Version(ver); err != nil {
			return fmt.Errorf("translation import: nothing was saved: the %s %s: %w", lang, strings.Join(refused, " and "), err)
		}
	}
	if err := content.ValidateEdit(ep); err != nil {
		return fmt.Errorf("translation import: nothing was saved: %w", err)
	}
	rev, err := a.Store.SaveEpisode(ctx, ep, content.SaveInfo{BaseRevision: ep.Revision, Now: time.Now(),
		Aligned: map[content.Lang]bool{tr.Lang: true},
		Note:    fmt.Sprintf("translation into %s imported (exported from revision %d)", tr.Lang, tr.Revision)})
	if err != nil {
		return fmt.Errorf("translation import: nothing was saved: %w", err)
	}
	if err := a.Store.AddAudit(ctx, content.AuditEntry{At: time.Now(), Action: "episode.translation_imported",
		Target: fmt.Sprintf("episode:%d", ep.ID), Detail: fmt.Sprintf("%s to %s, revision %d (exported from %d; command line)", head.SourceLang, tr.Lang, rev, tr.Revision)}); err != nil {
		return err
	}
	what := "saved"
	if ep.Status == content.Published {
		what = "saved as a pending change (publish it from the back office)"
	}
	fmt.Fprintf(stdout, "Imported the %s translation of %q: revision %d, %s.\n", tr.Lang, ep.Key, rev, what)
	return nil
}
