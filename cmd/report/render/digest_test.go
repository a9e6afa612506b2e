package render

import (
	"bytes"
	"testing"
)

func TestDigestFormatsMatchGolden(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		write      func(*bytes.Buffer, Digest) error
	}{
		{"the terminal text", "digest.txt", func(b *bytes.Buffer, d Digest) error { return Text(b, d) }},
		{"the Markdown", "digest.md", func(b *bytes.Buffer, d Digest) error { return Markdown(b, d) }},
		{"the HTML page", "digest.html", func(b *bytes.Buffer, d Digest) error { return HTML(b, d) }},
	} {
		t.Run(tt.name+" matches its golden file", func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf, fixture()); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, buf.Bytes())
		})
	}
}
