package render

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

func TestExcelCSVBytes(t *testing.T) {
	for _, tt := range []struct {
		name   string
		writes []string
		want   string
	}{
		{"a BOM comes first and lines end CRLF", []string{"sku,title\nPH-1,手机\n"}, "\xef\xbb\xbfsku,title\r\nPH-1,手机\r\n"},
		{"a line feed inside a quoted cell becomes CRLF", []string{"a,\"two\nlines\"\n"}, "\xef\xbb\xbfa,\"two\r\nlines\"\r\n"},
		{"a CRLF already there is left alone", []string{"a,\"x\r\ny\"\r\n"}, "\xef\xbb\xbfa,\"x\r\ny\"\r\n"},
		{"a CR at the end of one write and LF at the start of the next stay one CRLF", []string{"a\r", "\nb\n"}, "\xef\xbb\xbfa\r\nb\r\n"},
		{"the BOM is written once across writes", []string{"a\n", "b\n", "c"}, "\xef\xbb\xbfa\r\nb\r\nc"},
		{"an empty output still has the BOM once something is written", []string{""}, "\xef\xbb\xbf"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := ExcelCSV(&buf)
			for _, s := range tt.writes {
				if n, err := io.WriteString(w, s); err != nil || n != len(s) {
					t.Fatalf("write %q: %d, %v", s, n, err)
				}
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("bytes %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExcelCSVOfTheFeeds(t *testing.T) {
	a := fixture().Analysis
	a.Positions[0].Title = "耳机 Buds\nLite" // Chinese text and a line break in a cell
	for _, tt := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"positioning items", func(w io.Writer) error { return PositioningCSV(w, a, TableItems) }},
		{"positioning tiers", func(w io.Writer) error { return PositioningCSV(w, a, TableTiers) }},
		{"match review sheet", func(w io.Writer) error { return CandidatesCSV(w, fixture().Review) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var plain, excel bytes.Buffer
			if err := tt.write(&plain); err != nil {
				t.Fatal(err)
			}
			if err := tt.write(ExcelCSV(&excel)); err != nil {
				t.Fatal(err)
			}
			got := excel.Bytes()
			if !bytes.HasPrefix(got, utf8BOM) {
				t.Fatalf("no UTF-8 BOM: starts %q", got[:min(8, len(got))])
			}
			body := got[len(utf8BOM):]
			if bytes.Count(body, []byte("\n")) != bytes.Count(body, []byte("\r\n")) {
				t.Errorf("a bare line feed is left: %q", body)
			}
			if !bytes.Equal(bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n")), plain.Bytes()) {
				t.Errorf("the Excel CSV differs from the plain one in more than line ends and the BOM")
			}
		})
	}
}

type failAfter struct{ n int }

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n == 0 {
		return 0, errors.New("disk full")
	}
	f.n--
	return len(p), nil
}

func TestExcelCSVReportsTheFirstWriteError(t *testing.T) {
	w := ExcelCSV(&failAfter{n: 1})
	if _, err := w.Write([]byte("a\n")); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := w.Write([]byte("b\n")); err == nil || err.Error() != "disk full" {
			t.Errorf("err = %v, want disk full every time", err)
		}
	}
}
