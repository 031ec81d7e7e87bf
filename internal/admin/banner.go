package admin

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/content"
)

// maxBannerRunes bounds each language's banner text.
const maxBannerRunes = 300

// showBanner answers GET /admin/banner (editors and administrators): the
// site notice shown on every public page, in both languages.
func (h *Handler) showBanner(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	n, err := h.st.Notice(r.Context())
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	view := BannerPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_banner")), Enabled: n.Enabled, EN: n.Text.EN, FR: n.Text.FR}
	if r.URL.Query().Get("done") == "1" {
		view.Flash = p.T("admin.banner_saved")
	}
	return h.page(w, actor.Lang, "admin-banner", http.StatusOK, view)
}

// saveBanner answers POST /admin/banner. Both languages are required while
// the banner is shown; on error the form comes back with what was typed.
// Public pages show the change within a second (the content generation
// moves with it).
func (h *Handler) saveBanner(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	p := h.printer(actor.Lang)
	view := BannerPage{
		Common:  h.common(actor.Lang, actor, p.T("admin.nav_banner")),
		Enabled: r.PostForm.Get("enabled") == "on",
		EN:      strings.TrimSpace(r.PostForm.Get("en")),
		FR:      strings.TrimSpace(r.PostForm.Get("fr")),
		Errors:  map[string]string{},
	}
	for field, text := range map[string]string{"en": view.EN, "fr": view.FR} {
		switch {
		case view.Enabled && text == "":
			view.Errors[field] = p.T("admin.banner_required")
		case utf8.RuneCountInString(text) > maxBannerRunes:
			view.Errors[field] = p.T("admin.banner_too_long", "n", maxBannerRunes)
		case strings.ContainsFunc(text, func(r rune) bool { return r < 0x20 }):
			view.Errors[field] = p.T("admin.banner_invalid")
		}
	}
	if len(view.Errors) > 0 {
		return h.page(w, actor.Lang, "admin-banner", http.StatusUnprocessableEntity, view)
	}
	n := content.Notice{Enabled: view.Enabled, Text: content.Bilingual{EN: view.EN, FR: view.FR}}
	if err := h.st.SetNotice(r.Context(), n); err != nil {
		return err
	}
	state := "off"
	if n.Enabled {
		state = "on"
	}
	h.audit(r.Context(), r, actor, "settings.banner", "banner", state)
	http.Redirect(w, r, "/admin/banner?done=1", http.StatusSeeOther)
	return nil
}

// BannerPage is the view of the banner form.
type BannerPage struct {
	Common
	Enabled bool
	EN, FR  string
	Errors  map[string]string // field → message
}
