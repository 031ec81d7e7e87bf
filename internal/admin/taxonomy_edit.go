package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// taxKind describes one kind of taxonomy item (topic, series, author) for
// the edit, create, save and delete actions they share: read from the
// form, check the stamp, save with redirects for moved pages, audit, and
// show the form again with what was typed when anything goes wrong.
type taxKind[T any] struct {
	param string // path parameter and audit target prefix: "topic"
	base  string // list URL: "/admin/topics"
	// fromForm reads an item as typed and checks it (nil errs: valid).
	fromForm func(r *http.Request) (T, map[string]string)
	byID     func(ctx context.Context, id int64) (*T, error)
	stamp    func(T) string
	// keep gives an item read from a form the stored one's id and key.
	keep   func(t *T, id int64, old T)
	slugs  func(T) content.Bilingual
	urls   func(lang content.Lang, slug string) []string
	create func(ctx context.Context, t T, moves []store.Move, now time.Time) (int64, error)
	update func(ctx context.Context, t T, stamp string, moves []store.Move, now time.Time) error
	delete func(ctx context.Context, id int64) error
	form   func(w http.ResponseWriter, r *http.Request, actor *content.User, t T, stamp string, errs map[string]string, alert string, status int) error
}

// prepared adapts a content.Prepare* rule to taxKind.fromForm.
func prepared[T any](read func(*http.Request) T, prepare func(*T) error) func(*http.Request) (T, map[string]string) {
	return func(r *http.Request) (T, map[string]string) {
		t := read(r)
		if err := prepare(&t); err != nil {
			return t, validationFields(err)
		}
		return t, nil
	}
}

func (k taxKind[T]) itemURL(id int64) string { return k.base + "/" + strconv.FormatInt(id, 10) }

// edit answers GET {base}/{param}.
func (k taxKind[T]) edit(h *Handler, w http.ResponseWriter, r *http.Request, actor *content.User) error {
	id, ok := pathID(r, k.param)
	if !ok {
		return content.ErrNotFound
	}
	t, err := k.byID(r.Context(), id)
	if err != nil {
		return err
	}
	return k.form(w, r, actor, *t, k.stamp(*t), nil, "", http.StatusOK)
}

// createItem answers POST {base}: a new item, slugs derived from the names
// when left empty.
func (k taxKind[T]) createItem(h *Handler, w http.ResponseWriter, r *http.Request, actor *content.User) error {
	if err := h.parseTaxForm(w, r); err != nil {
		return err
	}
	t, errs := k.fromForm(r)
	if errs != nil {
		return k.form(w, r, actor, t, "", errs, "", http.StatusUnprocessableEntity)
	}
	id, err := k.create(r.Context(), t, movesFor(k.urls, content.Bilingual{}, k.slugs(t)), h.cfg.Now())
	return k.finish(h, w, r, actor, t, "", id, err, "created")
}

// finish answers a create or a save once the store has been called: the
// form again with what was typed when the store refused (a taken slug, a
// conflict), an error page when it failed, else an audit entry and the
// item's page.
func (k taxKind[T]) finish(h *Handler, w http.ResponseWriter, r *http.Request, actor *content.User, t T, stamp string, id int64, err error, action string) error {
	if fields, alert, status, ok := saveOutcome(h.printer(actor.Lang), err); !ok {
		return err
	} else if status != http.StatusOK {
		return k.form(w, r, actor, t, stamp, fields, alert, status)
	}
	h.audit(r.Context(), r, actor, k.param+"."+action, k.param+":"+strconv.FormatInt(id, 10), k.slugs(t).EN)
	http.Redirect(w, r, k.itemURL(id)+"?done=saved", http.StatusSeeOther)
	return nil
}

// save answers POST {base}/{param}. A changed slug keeps the old page (and
// feeds) working through a redirect; a changed name is re-indexed for
// search with the episodes; someone else's save in between is a conflict.
func (k taxKind[T]) save(h *Handler, w http.ResponseWriter, r *http.Request, actor *content.User) error {
	id, ok := pathID(r, k.param)
	if !ok {
		return content.ErrNotFound
	}
	if err := h.parseTaxForm(w, r); err != nil {
		return err
	}
	old, err := k.byID(r.Context(), id)
	if err != nil {
		return err
	}
	t, errs := k.fromForm(r)
	k.keep(&t, id, *old)
	stamp := r.PostForm.Get("stamp")
	if errs != nil {
		return k.form(w, r, actor, t, stamp, errs, "", http.StatusUnprocessableEntity)
	}
	if k.stamp(*old) != stamp {
		// Stale: show what was typed with the current stamp, so a second
		// save is a choice made knowing of the other change.
		return k.form(w, r, actor, t, k.stamp(*old), nil, h.printer(actor.Lang).T("admin.tax_conflict"), http.StatusConflict)
	}
	err = k.update(r.Context(), t, stamp, movesFor(k.urls, k.slugs(*old), k.slugs(t)), h.cfg.Now())
	return k.finish(h, w, r, actor, t, stamp, id, err, "updated")
}

// remove answers POST {base}/{param}/delete: only an item no episode uses
// goes; otherwise the form says why.
func (k taxKind[T]) remove(h *Handler, w http.ResponseWriter, r *http.Request, actor *content.User) error {
	id, ok := pathID(r, k.param)
	if !ok {
		return content.ErrNotFound
	}
	t, err := k.byID(r.Context(), id)
	if err != nil {
		return err
	}
	err = k.delete(r.Context(), id)
	if alert, inUse := inUseAlert(h.printer(actor.Lang), err); inUse {
		return k.form(w, r, actor, *t, k.stamp(*t), nil, alert, http.StatusConflict)
	}
	if err != nil && !errors.Is(err, content.ErrNotFound) {
		return err
	}
	h.audit(r.Context(), r, actor, k.param+".deleted", k.param+":"+strconv.FormatInt(id, 10), k.slugs(*t).EN)
	http.Redirect(w, r, k.base+"?done=deleted", http.StatusSeeOther)
	return nil
}
