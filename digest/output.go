package digest

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/shelfwatch/shelfwatch/render"
)

// Formats are the formats Render writes.
var Formats = []string{"text", "markdown", "json", "html", "xlsx"}

// Render writes d in format, one of Formats; an unknown format is an
// error.
func Render(w io.Writer, format string, d render.Digest) error {
	switch format {
	case "text":
		return render.Text(w, d)
	case "markdown":
		return render.Markdown(w, d)
	case "json":
		return render.JSON(w, d)
	case "html":
		return render.HTML(w, d)
	case "xlsx":
		return render.DigestXLSX(w, d)
	}
	return fmt.Errorf("unknown digest format %q (want text, markdown, json, html or xlsx)", format)
}

// WriteFile writes what fn writes to the file at path atomically: into a
// temporary file in the same directory, renamed over path only when fn and
// the close succeed, so a failed digest never leaves half a file where the
// last good one was (a web server may be serving it). The file is made
// readable by all (0644): a digest is meant to be shared.
func WriteFile(path string, fn func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	fail := func(err error) error {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := fn(f); err != nil {
		return fail(err)
	}
	// CreateTemp makes the file private.
	if err := f.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}
