package admin

import (
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/content"
)

// maxSiteTitleRunes bounds the site title in each language.
const maxSiteTitleRunes = 60

// SettingsPage is the view of the site settings form.
type SettingsPage struct {
	Common
	TitleEN, TitleFR string
	DefaultEN        string
	DefaultFR        string
	Errors           map[string]string // field → message
}

// showSettings answers GET /admin/settings (administrators): the site
// title in both languages. (The banner has its own page.)
func (h *Handler) showSettings(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	t, err := h.st.SiteTitle(r.Context())
	if err != nil {
		return err
	}
	view := h.settingsView(actor, t)
	if t.EN == "" {
		view.TitleEN = view.DefaultEN
	}
	if t.FR == "" {
		view.TitleFR = view.DefaultFR
	}
	if r.URL.Query().Get("done") == "1" {
		view.Flash = h.printer(actor.Lang).T("admin.settings_saved")
	}
	return h.page(w, actor.Lang, "admin-settings", http.StatusOK, view)
}

func (h *Handler) settingsView(actor *content.User, t content.Bilingual) SettingsPage {
	p := h.printer(actor.Lang)
	return SettingsPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_settings")), TitleEN: t.EN, TitleFR: t.FR,
		DefaultEN: h.printer(content.English).T("site.name"), DefaultFR: h.printer(content.French).T("site.name")}
}

// saveSettings answers POST /admin/settings: both titles are required,
// one line each. Audited as a settings change; public pages show the new
// title within a second (the content generation moves).
func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	p := h.printer(actor.Lang)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	t := content.Bilingual{EN: strings.TrimSpace(r.PostForm.Get("title_en")), FR: strings.TrimSpace(r.PostForm.Get("title_fr"))}
	view := h.settingsView(actor, t)
	view.Errors = map[string]string{}
	for field, s := range map[string]string{"title_en": t.EN, "title_fr": t.FR} {
		switch {
		case s == "":
			view.Errors[field] = p.T(content.TaxErrRequired)
		case utf8.RuneCountInString(s) > maxSiteTitleRunes:
			view.Errors[field] = p.T("admin.settings_too_long", "n", maxSiteTitleRunes)
		case !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl):
			view.Errors[field] = p.T(content.TaxErrControl)
		}
	}
	if len(view.Errors) > 0 {
		return h.page(w, actor.Lang, "admin-settings", http.StatusUnprocessableEntity, view)
	}
	old, err := h.st.SiteTitle(r.Context())
	if err != nil {
		return err
	}
	if err := h.st.SetSiteTitle(r.Context(), t); err != nil {
		return err
	}
	h.audit(r.Context(), r, actor, "settings.change", "site.title", "en: "+quoteOr(old.EN)+" → "+t.EN+"; fr: "+quoteOr(old.FR)+" → "+t.FR)
	http.Redirect(w, r, "/admin/settings?done=1", http.StatusSeeOther)
	return nil
}

func quoteOr(s string) string {
	if s == "" {
		return "(default)"
	}
	return s
}
