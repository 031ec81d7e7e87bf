package admin

import (
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/media"
)

const (
	// maxUploadParts bounds the parts of one upload form.
	maxUploadParts = 8
	// maxFieldBytes bounds each text field of the upload form.
	maxFieldBytes = 8 << 10
	// formOverhead is what the form may add to the file (boundaries,
	// headers, the alternative texts).
	formOverhead = 64 << 10
)

// errTooLarge marks an upload over the limit.
var errTooLarge = errors.New("upload too large")

// uploadMedia answers POST /admin/media (every staff member): one file in
// a multipart form, with optional default alternative text in both
// languages. The type is sniffed from the bytes; metadata is stripped
// before the file is written; an image gets its smaller copies
// (writeVariants). The same bytes uploaded again lead to the file already
// in the library.
func (h *Handler) uploadMedia(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ctx := r.Context()
	p := h.printer(actor.Lang)
	r.Body = http.MaxBytesReader(w, r.Body, h.cfg.MaxUpload+formOverhead)
	view := MediaPage{Upload: UploadForm{Errors: map[string]string{}}}
	form := &view.Upload
	data, name, err := h.readUpload(r, form)
	status := http.StatusUnprocessableEntity
	switch {
	case errors.Is(err, errTooLarge):
		form.Errors["file"] = p.T(media.ErrTooLarge, "mb", h.maxUploadMB())
		status = http.StatusRequestEntityTooLarge
	case err != nil:
		h.log.InfoContext(ctx, "media upload unreadable", "err", err)
		form.Errors["file"] = p.T("admin.media_error_no_file")
	case data == nil:
		form.Errors["file"] = p.T("admin.media_error_no_file")
	}
	altErrors(form.AltEN, form.AltFR, p, form.Errors)
	var f *media.File
	if form.Errors["file"] == "" {
		var me *media.Error
		f, err = media.Process(data, media.Limits{})
		switch {
		case errors.As(err, &me):
			h.log.InfoContext(ctx, "media upload refused", "reason", me.Error(), "label", media.Label(name))
			form.Errors["file"] = p.T(me.Key, "mb", h.maxUploadMB())
		case err != nil:
			return err
		}
	}
	if len(form.Errors) > 0 {
		return h.renderMediaList(w, r, actor, mediaQuery{Page: 1}, view, status)
	}
	// The same bytes are already in the library: go there.
	if m, err := h.st.MediaBySHA256(ctx, f.SHA256); err == nil {
		http.Redirect(w, r, "/admin/media/"+strconv.FormatInt(m.ID, 10)+"?exists=1", http.StatusSeeOther)
		return nil
	} else if !errors.Is(err, content.ErrNotFound) {
		return err
	}
	now := h.cfg.Now()
	path := media.StoredName(f.Type, f.SHA256, now)
	created, err := h.cfg.Media.Write(path, f.Data)
	if err != nil {
		return err
	}
	variants, written := h.writeVariants(ctx, path, f)
	m := content.Media{Path: path, Kind: f.Kind, MIME: f.MIME, Bytes: int64(len(f.Data)), Width: f.Width, Height: f.Height,
		Duration: f.Duration, Label: media.Label(name), Alt: content.Bilingual{EN: form.AltEN, FR: form.AltFR},
		Variants: variants, SHA256: f.SHA256, UploadedBy: actor.ID, CreatedAt: now}
	id, err := h.st.CreateMedia(ctx, m)
	if errors.Is(err, content.ErrConflict) {
		// The same bytes arrived at the same time: the other row has them
		// (and may share the files, so they stay).
		if other, err2 := h.st.MediaBySHA256(ctx, f.SHA256); err2 == nil {
			http.Redirect(w, r, "/admin/media/"+strconv.FormatInt(other.ID, 10)+"?exists=1", http.StatusSeeOther)
			return nil
		}
	}
	if err != nil {
		if created {
			_ = h.cfg.Media.Remove(path)
		}
		for _, v := range written {
			_ = h.cfg.Media.Remove(v)
		}
		return err
	}
	h.audit(ctx, r, actor, "media.uploaded", "media:"+strconv.FormatInt(id, 10), path+" "+m.Label)
	http.Redirect(w, r, "/admin/media/"+strconv.FormatInt(id, 10)+"?uploaded=1", http.StatusSeeOther)
	return nil
}

// writeVariants makes and writes the smaller copies of an accepted image
// stored under path (media.Variants, at media.DefaultWidths), for
// responsive images and thumbnails, and returns those written, for its
// row, and the names of the files it created. Copies that cannot be made
// or written are logged and left out: the upload itself is never lost
// for them, and pages show the file alone. Files that are not images, and
// GIFs and animated images, get none.
func (h *Handler) writeVariants(ctx context.Context, path string, f *media.File) (variants []content.ImageVariant, created []string) {
	if f.Kind != content.MediaImage {
		return nil, nil
	}
	vs, err := media.Variants(f, media.DefaultWidths())
	if err != nil {
		h.log.WarnContext(ctx, "image stored without smaller copies", "path", path, "err", err)
		return nil, nil
	}
	for _, v := range vs {
		name := media.VariantName(path, v.Width, v.Type)
		made, err := h.cfg.Media.Write(name, v.Data)
		if err != nil {
			// The copies are all or nothing: a srcset with gaps would
			// still work, but a missing small copy would leave the
			// thumbnails without their file.
			h.log.WarnContext(ctx, "image stored without smaller copies", "path", path, "copy", name, "err", err)
			for _, c := range created {
				_ = h.cfg.Media.Remove(c)
			}
			return nil, nil
		}
		if made {
			created = append(created, name)
		}
		variants = append(variants, content.ImageVariant{Width: v.Width, Height: v.Height, Path: name})
	}
	return variants, created
}

// readUpload streams the multipart form: the file part "file" (at most
// MaxUpload bytes, kept in memory, never in a temporary file) and the
// fields alt_en and alt_fr. It returns the file's bytes (nil if none was
// chosen) and the name the browser gave it.
func (h *Handler) readUpload(r *http.Request, form *UploadForm) (data []byte, name string, err error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", err
	}
	tooLarge := func(err error) error {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return errTooLarge
		}
		return err
	}
	for range maxUploadParts {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return data, name, nil
		}
		if err != nil {
			return nil, "", tooLarge(err)
		}
		switch part.FormName() {
		case "file":
			if data != nil {
				return nil, "", errors.New("more than one file")
			}
			b, err := io.ReadAll(io.LimitReader(part, h.cfg.MaxUpload+1))
			if err != nil {
				return nil, "", tooLarge(err)
			}
			if int64(len(b)) > h.cfg.MaxUpload {
				return nil, "", errTooLarge
			}
			if part.FileName() == "" && len(b) == 0 {
				continue // no file chosen
			}
			data, name = b, part.FileName()
		case "alt_en", "alt_fr":
			s, err := readField(part)
			if err != nil {
				return nil, "", tooLarge(err)
			}
			if part.FormName() == "alt_en" {
				form.AltEN = s
			} else {
				form.AltFR = s
			}
		}
		_ = part.Close()
	}
	return nil, "", errors.New("too many parts")
}

func readField(part *multipart.Part) (string, error) {
	// A longer text is cut here and refused as too long by altErrors.
	b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes))
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}
