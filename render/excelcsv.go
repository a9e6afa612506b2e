package render

import (
	"bytes"
	"io"
)

// utf8BOM is the byte-order mark Excel looks for: without it, Excel on a
// Chinese (or any non-UTF-8) Windows reads a CSV in the system code page
// (GBK there) and shows 手机 as mojibake.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ExcelCSV wraps w so the CSV written through it opens correctly in Excel
// on Windows whatever its language: a UTF-8 byte-order mark first, and
// every line ending CRLF (a line feed inside a quoted cell too, which
// Excel reads as a line break in the cell; a CR LF already there is left
// alone). Use it around PositioningCSV or CandidatesCSV for `--excel`. The
// first write error is returned by that and every later Write.
func ExcelCSV(w io.Writer) io.Writer { return &excelWriter{w: w} }

type excelWriter struct {
	w       io.Writer
	started bool
	// lastCR says the previous byte written was a CR, so a LF that follows
	// it in the next Write is already a CRLF.
	lastCR bool
	err    error
}

func (e *excelWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	var out bytes.Buffer
	if !e.started {
		out.Write(utf8BOM)
		e.started = true
	}
	for _, c := range p {
		if c == '\n' && !e.lastCR {
			out.WriteByte('\r')
		}
		out.WriteByte(c)
		e.lastCR = c == '\r'
	}
	if _, e.err = e.w.Write(out.Bytes()); e.err != nil {
		return 0, e.err
	}
	return len(p), nil
}
