package admin

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/media"
	"github.com/busrides/busrides/internal/store"
)

// mediaPerPage is how many files one page of the library lists.
const mediaPerPage = 24

// mediaQuery is the library's filter as asked for.
type mediaQuery struct {
	Kind content.MediaKind
	Page int
}

func parseMediaQuery(q url.Values) mediaQuery {
	mq := mediaQuery{Page: 1}
	if k, ok := content.ParseMediaKind(q.Get("kind")); ok {
		mq.Kind = k
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 && n < 1_000_000 {
		mq.Page = n
	}
	return mq
}

func (mq mediaQuery) url(page int) string {
	v := url.Values{}
	if mq.Kind != "" {
		v.Set("kind", string(mq.Kind))
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return withQuery("/admin/media", v)
}

// listMedia answers GET /admin/media (every staff member): the library,
// newest first, filtered by kind, with the upload form.
func (h *Handler) listMedia(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	p := h.printer(actor.Lang)
	view := MediaPage{Upload: UploadForm{Errors: map[string]string{}}}
	q := r.URL.Query()
	switch {
	case q.Get("deleted") == "1":
		view.Flash = p.T("admin.media_deleted")
	}
	return h.renderMediaList(w, r, actor, parseMediaQuery(q), view, http.StatusOK)
}

// renderMediaList fills the list part of view and renders the page.
func (h *Handler) renderMediaList(w http.ResponseWriter, r *http.Request, actor *content.User, mq mediaQuery, view MediaPage, status int) error {
	ctx := r.Context()
	p := h.printer(actor.Lang)
	flash := view.Flash
	view.Common = h.common(actor.Lang, actor, p.T("admin.nav_media"))
	view.Flash = flash
	view.MaxMB = h.maxUploadMB()
	view.Kind = string(mq.Kind)
	for _, k := range content.MediaKinds {
		view.Kinds = append(view.Kinds, Option{Value: string(k), Label: p.T("admin.media_kind_" + string(k)), Selected: k == mq.Kind})
	}
	rows, total, err := h.st.MediaList(ctx, store.MediaQuery{Kind: mq.Kind, Limit: mediaPerPage, Offset: (mq.Page - 1) * mediaPerPage})
	if err != nil {
		return err
	}
	emails, err := h.staffEmails(r)
	if err != nil {
		return err
	}
	view.Total, view.Page = total, mq.Page
	view.Pages = max(1, (total+mediaPerPage-1)/mediaPerPage)
	if mq.Page > 1 {
		view.PrevURL = mq.url(mq.Page - 1)
	}
	if mq.Page < view.Pages {
		view.NextURL = mq.url(mq.Page + 1)
	}
	for _, m := range rows {
		view.Rows = append(view.Rows, mediaRow(m, p, emails))
	}
	return h.page(w, actor.Lang, "admin-media", status, view)
}

// staffEmails maps staff ids to e-mail addresses (for "uploaded by").
func (h *Handler) staffEmails(r *http.Request) (map[int64]string, error) {
	users, err := h.st.Users(r.Context())
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(users))
	for _, u := range users {
		m[u.ID] = u.Email
	}
	return m, nil
}

func (h *Handler) maxUploadMB() int64 { return h.cfg.MaxUpload >> 20 }

// mediaRow describes a file for a list or a detail page.
func mediaRow(m content.Media, p *i18n.Printer, emails map[int64]string) MediaRow {
	row := MediaRow{Media: m, URL: m.URL(), EditURL: "/admin/media/" + strconv.FormatInt(m.ID, 10),
		KindLabel: p.T("admin.media_kind_" + string(m.Kind)), Size: humanSize(m.Bytes, p),
		Uploaded: p.Date(m.CreatedAt), UploadedBy: emails[m.UploadedBy]}
	if row.UploadedBy == "" {
		row.UploadedBy = p.T("admin.media_nobody")
	}
	if m.Kind == content.MediaImage {
		row.Image = true
		row.Dimensions = fmt.Sprintf("%d × %d", m.Width, m.Height)
		row.Alt = m.Alt.EN
		if p.Lang() == string(content.French) {
			row.Alt = m.Alt.FR
		}
		row.Thumb = thumbOf(m, row.Alt)
	}
	if m.Duration > 0 {
		row.Duration = clock(m.Duration)
	}
	if row.Label == "" {
		row.Label = p.T("admin.media_unnamed")
	}
	return row
}

// humanSize is a byte count in KB (under a megabyte) or MB with one
// decimal, in the printer's language.
func humanSize(n int64, p *i18n.Printer) string {
	if n < 1<<20 {
		return p.T("admin.media_kb", "n", strconv.FormatInt(max(1, (n+1023)/1024), 10))
	}
	s := strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
	if p.Lang() == string(content.French) {
		s = strings.Replace(s, ".", ",", 1)
	}
	return p.T("admin.media_mb", "n", s)
}

// clock writes a duration as h:mm:ss or m:ss.
func clock(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// altErrors checks the alternative texts; the map is field → message.
func altErrors(en, fr string, p *i18n.Printer, errs map[string]string) {
	for field, text := range map[string]string{"alt_en": en, "alt_fr": fr} {
		switch {
		case utf8.RuneCountInString(text) > content.MaxAltRunes:
			errs[field] = p.T("admin.media_alt_too_long", "n", content.MaxAltRunes)
		case !utf8.ValidString(text) || strings.ContainsFunc(text, func(r rune) bool { return r < 0x20 || r == 0x7F }):
			errs[field] = p.T("admin.media_alt_invalid")
		}
	}
}

// mediaItem reads the {media} id of the path and loads the row
// (errBadRequest, content.ErrNotFound).
func (h *Handler) mediaItem(r *http.Request) (*content.Media, error) {
	id, err := strconv.ParseInt(r.PathValue("media"), 10, 64)
	if err != nil || id <= 0 {
		return nil, errBadRequest
	}
	return h.st.MediaByID(r.Context(), id)
}

// deleteMedia answers POST /admin/media/{media}/delete: the uploader (with
// ActionUploadMedia) or an editor (ActionManageMedia) removes the row,
// then the file. A file that an episode or an author still uses is not
// deleted: 409, with the page listing its uses.
func (h *Handler) deleteMedia(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	m, err := h.mediaItem(r)
	if err != nil {
		return err
	}
	if !content.CanChangeMedia(actor, m.UploadedBy) {
		return errForbidden
	}
	if err := h.st.DeleteMedia(r.Context(), m.ID); errors.Is(err, content.ErrConflict) {
		// Still used: nothing is deleted, and the page says where.
		p := h.printer(actor.Lang)
		return h.renderMediaItem(w, r, actor, m, MediaItemPage{AltEN: m.Alt.EN, AltFR: m.Alt.FR, Version: m.Version,
			Errors: map[string]string{}, InUse: p.T("admin.media_in_use")}, http.StatusConflict)
	} else if err != nil && !errors.Is(err, content.ErrNotFound) {
		return err
	}
	// The row is gone first: a file without a row is harmless, a row
	// without its file is a broken image. Then the file and its smaller
	// copies.
	for _, name := range mediaFileNames(m) {
		if err := h.cfg.Media.Remove(name); err != nil {
			h.log.WarnContext(r.Context(), "media file not removed", "path", name, "err", err)
		}
	}
	h.audit(r.Context(), r, actor, "media.deleted", "media:"+strconv.FormatInt(m.ID, 10), m.Path+" "+m.Label)
	http.Redirect(w, r, "/admin/media?deleted=1", http.StatusSeeOther)
	return nil
}

// mediaFileNames lists the files of the media folder that belong to m:
// the file, the copies its row lists, and — for an image — every copy an
// upload may have written (media.DefaultWidths, JPEG or PNG), so that none
// outlives the file when the row lost track of it.
func mediaFileNames(m *content.Media) []string {
	names := []string{m.Path}
	for _, v := range m.Variants {
		names = append(names, v.Path)
	}
	if m.Kind == content.MediaImage && media.IsStoredName(m.Path) {
		for _, w := range media.DefaultWidths() {
			for _, t := range []media.Type{media.JPEG, media.PNG} {
				names = append(names, media.VariantName(m.Path, w, t))
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// thumbWidth is how wide, in CSS pixels, the back office shows
// thumbnails (.media-thumb-small: 5rem), and thumbSizes the sizes
// attribute that says so.
const (
	thumbWidth = 80
	thumbSizes = "5rem"
)

// thumbOf is the thumbnail of a library image (nil for other files): its
// smallest copy, with the next one for dense screens, else the file
// itself; the width and height attributes are the image's proportions at
// thumbWidth (or its own size when narrower), so the list does not move
// as thumbnails load. alt is the file's alternative text in the staff
// member's language.
func thumbOf(m content.Media, alt string) *Thumb {
	if m.Kind != content.MediaImage {
		return nil
	}
	t := &Thumb{Src: m.URL(), Sizes: thumbSizes, Alt: alt}
	if len(m.Variants) > 0 {
		small := m.Image()
		small.Variants = small.Variants[:min(2, len(small.Variants))]
		t.Src, t.Srcset = small.Variants[0].URL(), small.Srcset()
	}
	if m.Width > 0 && m.Height > 0 {
		t.Width, t.Height = m.Width, m.Height
		if t.Width > thumbWidth {
			t.Width, t.Height = thumbWidth, max(1, (2*m.Height*thumbWidth+m.Width)/(2*m.Width))
		}
	}
	return t
}

// Thumb is a thumbnail of a library image, as an img element shows it.
type Thumb struct {
	Src, Srcset, Sizes string
	Width, Height      int // 0: unknown
	Alt                string
}

// MediaPage is the view of GET /admin/media.
type MediaPage struct {
	Common
	Upload  UploadForm
	Kind    string // the filter
	Kinds   []Option
	Rows    []MediaRow
	Total   int
	Page    int
	Pages   int
	PrevURL string
	NextURL string
	MaxMB   int64
}

// UploadForm is the upload form as typed.
type UploadForm struct {
	AltEN, AltFR string
	Errors       map[string]string // field → message
}

// MediaRow is a file of the library as shown.
type MediaRow struct {
	content.Media
	URL, EditURL string
	KindLabel    string
	Size         string
	Dimensions   string
	Duration     string
	Uploaded     string
	UploadedBy   string
	Image        bool
	Alt          string // in the staff member's language
	Thumb        *Thumb // images only
}
