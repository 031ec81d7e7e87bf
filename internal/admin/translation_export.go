package admin

import (
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/xliff"
)

// exportTranslation answers GET /admin/episodes/{id}/translation.xlf?from=en:
// the translatable text of the episode's version in that language, as it is
// in the editor (a pending change included), as an XLIFF 2.1 document for
// a translation bureau, to be translated into the other language.
func (h *Handler) exportTranslation(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ep, err := h.workflowEpisode(r, actor)
	if err != nil {
		return err
	}
	from, ok := content.ParseLang(r.URL.Query().Get("from"))
	if !ok || ep.Version(from) == nil {
		return errBadRequest
	}
	doc, err := xliff.Export(xliff.SourceFromVersion(ep.Key, ep.Revision, *ep.Version(from), from.Other()))
	if err != nil {
		return err
	}
	name := "busrides-" + ep.Key + "-" + string(from) + "-" + string(from.Other()) + "-r" + strconv.Itoa(ep.Revision) + ".xlf"
	w.Header().Set("Content-Type", "application/xliff+xml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	h.audit(r.Context(), r, actor, "episode.translation_exported", "episode:"+strconv.FormatInt(ep.ID, 10),
		string(from)+" to "+string(from.Other())+", revision "+strconv.Itoa(ep.Revision))
	_, err = w.Write(doc)
	return err
}
