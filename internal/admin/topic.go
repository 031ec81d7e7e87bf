package admin

import (
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/urls"
)

// topicURLs are a topic's public pages in lang: its page, then its feeds.
func topicURLs(lang content.Lang, slug string) []string {
	out := []string{urls.Topic(lang, slug)}
	for _, f := range urls.FeedFormats {
		out = append(out, urls.TopicFeed(lang, slug, f))
	}
	return out
}

// listTopics answers GET /admin/topics (editors and administrators).
func (h *Handler) listTopics(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ts, err := h.st.Topics(r.Context())
	if err != nil {
		return err
	}
	u, err := h.st.TaxonomyUsage(r.Context())
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	view := TaxListPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_topics")), NewURL: "/admin/topics/new",
		NewLabel: p.T("admin.topic_new"), Empty: p.T("admin.topic_none"), NameHeading: p.T("admin.topic_name")}
	for _, t := range ts {
		view.Items = append(view.Items, TaxItem{Name: t.Names.EN, NameFR: t.Names.FR, URL: "/admin/topics/" + strconv.FormatInt(t.ID, 10),
			Slugs: t.Slugs.EN + " / " + t.Slugs.FR, Uses: u.Topics[t.ID]})
	}
	view.Flash = doneFlash(p, r)
	return h.page(w, actor.Lang, "admin-topic-list", http.StatusOK, view)
}

// newTopic answers GET /admin/topics/new.
func (h *Handler) newTopic(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.topicForm(w, r, actor, content.Topic{}, "", nil, "", http.StatusOK)
}

// topicKind is how topics are edited (taxonomy_edit.go).
func (h *Handler) topicKind() taxKind[content.Topic] {
	return taxKind[content.Topic]{
		param: "topic", base: "/admin/topics",
		fromForm: prepared(topicFromForm, content.PrepareTopic),
		byID:     h.st.TopicByID, stamp: content.TopicStamp,
		keep:   func(t *content.Topic, id int64, old content.Topic) { t.ID, t.Key = id, old.Key },
		slugs:  func(t content.Topic) content.Bilingual { return t.Slugs },
		urls:   topicURLs,
		create: h.st.CreateTopic, update: h.st.UpdateTopic, delete: h.st.DeleteTopic,
		form: h.topicForm,
	}
}

// topicFromForm reads a topic as typed.
func topicFromForm(r *http.Request) content.Topic {
	return content.Topic{Names: bilingual(r, "name"), Slugs: bilingual(r, "slug"), Descriptions: bilingual(r, "description")}
}

// editTopic answers GET /admin/topics/{topic}.
func (h *Handler) editTopic(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.topicKind().edit(h, w, r, actor)
}

// createTopic answers POST /admin/topics: a new topic, slugs derived from
// the names when left empty.
func (h *Handler) createTopic(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.topicKind().createItem(h, w, r, actor)
}

// saveTopic answers POST /admin/topics/{topic}: see taxKind.save.
func (h *Handler) saveTopic(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.topicKind().save(h, w, r, actor)
}

// deleteTopic answers POST /admin/topics/{topic}/delete: only a topic no
// episode uses goes; otherwise the form says why.
func (h *Handler) deleteTopic(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.topicKind().remove(h, w, r, actor)
}

// topicForm renders the topic form with t as typed or stored.
func (h *Handler) topicForm(w http.ResponseWriter, r *http.Request, actor *content.User, t content.Topic, stamp string, errs map[string]string, alert string, status int) error {
	p := h.printer(actor.Lang)
	view := TaxFormPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_topics")), Stamp: stamp, Alert: alert, ListURL: "/admin/topics"}
	view.Rows = []TaxRow{
		pair(p, "name", "admin.topic_name", t.Names, errs, 0),
		pair(p, "slug", "admin.tax_slug", t.Slugs, errs, 0),
		pair(p, "description", "admin.topic_description", t.Descriptions, errs, 4),
	}
	view.Rows[1].Fields[0].Hint, view.Rows[1].Fields[1].Hint = p.T("admin.tax_slug_hint"), p.T("admin.tax_slug_hint")
	view.Summary = summarise(view.Rows)
	if t.ID == 0 {
		view.Heading, view.Action = p.T("admin.topic_new"), "/admin/topics"
	} else {
		id := strconv.FormatInt(t.ID, 10)
		view.Heading, view.Action, view.DeleteURL = p.T("admin.topic_edit", "name", t.Names.In(actor.Lang)), "/admin/topics/"+id, "/admin/topics/"+id+"/delete"
		if u, err := h.st.TaxonomyUsage(r.Context()); err == nil {
			view.Uses = u.Topics[t.ID]
		}
		if stored, err := h.st.TopicByID(r.Context(), t.ID); err == nil {
			view.Public = publicLinks(p, func(l content.Lang) string { return urls.Topic(l, stored.Slugs.In(l)) })
		}
	}
	if len(view.Summary) == 0 && alert == "" {
		view.Flash = doneFlash(p, r)
	}
	return h.page(w, actor.Lang, "admin-topic-form", status, view)
}

// publicLinks are an item's public pages in both languages.
func publicLinks(p *i18n.Printer, url func(content.Lang) string) []Link {
	return []Link{
		{Label: p.T("admin.tax_view_en"), URL: url(content.English), Lang: content.English.Tag()},
		{Label: p.T("admin.tax_view_fr"), URL: url(content.French), Lang: content.French.Tag()},
	}
}

// doneFlash is the message after a redirect (?done=saved, deleted…).
func doneFlash(p *i18n.Printer, r *http.Request) string {
	switch r.URL.Query().Get("done") {
	case "saved":
		return p.T("admin.tax_saved")
	case "deleted":
		return p.T("admin.tax_deleted")
	case "ordered":
		return p.T("admin.series_ordered")
	}
	return ""
}
