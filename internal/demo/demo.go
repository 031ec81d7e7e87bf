// Package demo embeds the demo content set (Markdown files in the importer's
// format) and the media files it uses.
package demo

import (
	"embed"
	"io/fs"

	"github.com/busrides/busrides/internal/content"
)

//go:embed content
var contentFS embed.FS

//go:embed media
var mediaFS embed.FS

// Content is the demo content folder (topics/, authors/, series/, episodes/).
func Content() fs.FS {
	sub, err := fs.Sub(contentFS, "content")
	if err != nil {
		panic(err) // the embedded folder exists at build time
	}
	return sub
}

// Media is the demo media folder, served under /media/.
func Media() fs.FS {
	sub, err := fs.Sub(mediaFS, "media")
	if err != nil {
		panic(err)
	}
	return sub
}

// Notice is the demo site notice: the original site's beta banner.
var Notice = content.Notice{
	Enabled: true,
	Text: content.Bilingual{
		EN: "Busrides is in the beta phase of development. Regular site updates are made to enhance your experience!",
		FR: "Le site Trajets en bus est en phase bêta de développement. Des mises à jour régulières sont apportées au site pour améliorer votre expérience\u00a0!",
	},
}
