package admin

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
)

// A save from an older revision than the latest is merged with it, field
// by field and language by language (content.MergeSnapshots, against the
// revision the form was opened at): when the two people changed
// different fields or languages, both changes are kept and saved at once;
// only fields both changed differently come back to the editor, shown
// side by side, each with a choice between the two (resolve.<field>).

// MergeView is the editor's view of a merge that needs choices.
type MergeView struct {
	Revision int // the latest revision, merged with
	By, At   string
	Fields   []MergeFieldView
}

// MergeFieldView is one field both changed: their value against mine,
// and the name of the choice's radio buttons ("" when the field cannot
// be chosen in the form: a language added or removed).
type MergeFieldView struct {
	Label  string
	Choice string
	Diff   DiffView
}

// mergeSave answers a save refused as a conflict: it merges the form with
// the latest revision; without a field both changed, it saves the merge
// (audited) and goes back to the editor; otherwise it shows the merge
// with the fields to choose. When the revisions cannot be read (an
// episode imported without history), it answers as before a merge
// existed (editConflict).
func (h *Handler) mergeSave(w http.ResponseWriter, r *http.Request, actor *content.User, id int64, f *episodeForm, tx taxonomy, info content.SaveInfo) error {
	ctx := r.Context()
	latest, err := h.st.WorkingEpisode(ctx, id)
	if err != nil {
		return err
	}
	base, errB := h.st.RevisionByNumber(ctx, id, f.Base)
	theirs, errT := h.st.RevisionByNumber(ctx, id, latest.Revision)
	if errB != nil || errT != nil || f.Base < 1 {
		if err := cmpNotFound(errB, errT); err != nil {
			return err
		}
		return h.editConflict(w, r, actor, id, f, tx)
	}
	merged, conflicts := content.MergeSnapshots(base.Snapshot, theirs.Snapshot, content.SnapshotOf(f.Episode))
	me := merged.Episode()
	me.ID = id
	tx.dropMissing(me)
	p := h.printer(actor.Lang)
	if len(conflicts) == 0 {
		errs := map[string]string{}
		h.renderVersions(me, errs)
		if len(errs) == 0 {
			info.BaseRevision = latest.Revision
			rev, err := h.st.SaveEpisode(ctx, me, info)
			switch {
			case err == nil:
				h.audit(ctx, r, actor, "episode.merged", "episode:"+strconv.FormatInt(id, 10),
					fmt.Sprintf("revision %d from %d merged with %d", rev, f.Base, latest.Revision))
				if err := h.st.DropAutosave(ctx, actor.ID, id); err != nil {
					h.log.WarnContext(ctx, "autosave not dropped", "err", err)
				}
				http.Redirect(w, r, episodeURL(id)+"?saved="+strconv.Itoa(rev)+"&merged="+strconv.Itoa(latest.Revision), http.StatusSeeOther)
				return nil
			case errors.Is(err, content.ErrConflict):
				// Yet another save meanwhile: show the merge to save again.
			default:
				var ve *content.ValidationError
				if !errors.As(err, &ve) {
					return err
				}
			}
		}
	}
	mf := episodeFormFrom(me)
	mf.Base, mf.Minor, mf.Aligned = latest.Revision, f.Minor, f.Aligned
	mv := &MergeView{Revision: latest.Revision, By: h.userName(ctx, p, theirs.UserID), At: h.when(p, theirs.CreatedAt)}
	theirsEp, mineEp := theirs.Snapshot.Episode(), f.Episode
	for _, c := range conflicts {
		label, choice := mergeLabel(p, c), mergeChoice(c)
		from, to := mergeValue(p, c, theirsEp, tx), mergeValue(p, c, mineEp, tx)
		lang := c.Lang
		if lang == "" {
			lang = actor.Lang
		}
		mv.Fields = append(mv.Fields, MergeFieldView{Label: label, Choice: choice, Diff: diffView(p, lang, from, to)})
	}
	h.audit(ctx, r, actor, "episode.conflict", "episode:"+strconv.FormatInt(id, 10),
		fmt.Sprintf("revision %d is newer; %d fields both changed", latest.Revision, len(conflicts)))
	return h.episodePage(w, r, actor, latest, mf, tx, http.StatusConflict, func(v *EpisodePage) { v.Merge = mv })
}

// cmpNotFound is the first error that is not content.ErrNotFound.
func cmpNotFound(errs ...error) error {
	for _, err := range errs {
		if err != nil && !errors.Is(err, content.ErrNotFound) {
			return err
		}
	}
	return nil
}

// dropMissing leaves out of e the topics, authors and series deleted
// since (a merged or restored revision may name them).
func (t taxonomy) dropMissing(e *content.Episode) {
	e.Topics = slices.DeleteFunc(e.Topics, func(x content.Topic) bool {
		return !slices.ContainsFunc(t.topics, func(y content.Topic) bool { return y.ID == x.ID })
	})
	e.Authors = slices.DeleteFunc(e.Authors, func(x content.Author) bool {
		return !slices.ContainsFunc(t.authors, func(y content.Author) bool { return y.ID == x.ID })
	})
	if e.Series != nil && !slices.ContainsFunc(t.series, func(y content.Series) bool { return y.ID == e.Series.Series.ID }) {
		e.Series = nil
	}
}

// mergeLabel names a field as the editor labels it, with its language.
func mergeLabel(p interface{ T(string, ...any) string }, c content.MergeField) string {
	if c.Lang == "" {
		return p.T("editing." + map[string]string{"kind": "kind", "topics": "topics", "authors": "authors", "series": "series"}[c.Name])
	}
	lang := p.T("editing.lang_" + string(c.Lang))
	if c.Name == "version" {
		return p.T("editing.version_" + string(c.Lang))
	}
	for _, fd := range versionFields {
		if fd.Name == c.Name {
			return p.T(fd.Label) + " (" + lang + ")"
		}
	}
	return c.Name + " (" + lang + ")"
}

// mergeChoice is the form name of a field's choice.
func mergeChoice(c content.MergeField) string {
	switch {
	case c.Name == "version":
		return ""
	case c.Lang == "":
		return "resolve." + c.Name
	}
	return "resolve." + content.VersionField(c.Lang, c.Name)
}

// mergeValue shows a field of e as text, for the side-by-side view.
func mergeValue(p interface{ T(string, ...any) string }, c content.MergeField, e *content.Episode, tx taxonomy) string {
	switch c.Name {
	case "kind":
		return p.T("editing.kind_" + string(e.Kind))
	case "topics":
		var names []string
		for _, t := range e.Topics {
			if i := slices.IndexFunc(tx.topics, func(x content.Topic) bool { return x.ID == t.ID }); i >= 0 {
				names = append(names, tx.topics[i].Names.EN+" / "+tx.topics[i].Names.FR)
			}
		}
		return strings.Join(names, "\n")
	case "authors":
		var names []string
		for _, a := range e.Authors {
			if i := slices.IndexFunc(tx.authors, func(x content.Author) bool { return x.ID == a.ID }); i >= 0 {
				names = append(names, tx.authors[i].Name)
			}
		}
		return strings.Join(names, "\n")
	case "series":
		if e.Series == nil {
			return p.T("editing.series_none")
		}
		if i := slices.IndexFunc(tx.series, func(x content.Series) bool { return x.ID == e.Series.Series.ID }); i >= 0 {
			return tx.series[i].Titles.EN + " / " + tx.series[i].Titles.FR + " · " + strconv.Itoa(e.Series.Position)
		}
		return ""
	}
	v := e.Version(c.Lang)
	if v == nil {
		return ""
	}
	if c.Name == "version" {
		return v.Title + "\n\n" + v.BodyMarkdown
	}
	for _, fd := range versionFields {
		if fd.Name == c.Name {
			return fd.get(v)
		}
	}
	return ""
}

// applyChoices puts, in a posted editor form, the other person's value of
// every field chosen "theirs" after a merge (resolve.<field>), read from
// revision theirs_revision of the episode. Other fields keep what the
// form holds.
func (h *Handler) applyChoices(r *http.Request, id int64) error {
	pf := r.PostForm
	var chosen []string
	for name := range pf {
		if field, ok := strings.CutPrefix(name, "resolve."); ok && pf.Get(name) == "theirs" {
			chosen = append(chosen, field)
		}
	}
	if len(chosen) == 0 {
		return nil
	}
	n, err := strconv.Atoi(pf.Get("theirs_revision"))
	if err != nil || n < 1 {
		return errBadRequest
	}
	rev, err := h.st.RevisionByNumber(r.Context(), id, n)
	if err != nil {
		return err
	}
	theirs := rev.Snapshot.Episode()
	set := func(name string, vals ...string) { pf[name] = vals }
	for _, field := range chosen {
		switch field {
		case "kind":
			set("kind", string(theirs.Kind))
		case "topics":
			set("topic", ids(theirs.Topics, func(t content.Topic) int64 { return t.ID })...)
		case "authors":
			set("author", ids(theirs.Authors, func(a content.Author) int64 { return a.ID })...)
		case "series":
			if theirs.Series == nil {
				set("series", "")
				set("series_position", "")
			} else {
				set("series", strconv.FormatInt(theirs.Series.Series.ID, 10))
				set("series_position", strconv.Itoa(theirs.Series.Position))
			}
		default:
			langName, name, ok := strings.Cut(field, ".")
			lang, okLang := content.ParseLang(langName)
			v := theirs.Version(lang)
			if !ok || !okLang || v == nil {
				continue
			}
			for _, fd := range versionFields {
				if fd.Name == name {
					set(field, fd.get(v))
				}
			}
		}
	}
	return nil
}

func ids[T any](xs []T, id func(T) int64) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, strconv.FormatInt(id(x), 10))
	}
	return out
}
