package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Markdown writes the digest as GitHub-flavoured Markdown, with the same
// content as Text: tables as pipe tables (numbers right-aligned), the gaps
// as a table of severity, flag, detail and action. All text is escaped, so a
// scraped title cannot end a table cell (|), start a heading (#) or a list,
// or inject HTML. It returns the first error from writing to w.
func Markdown(w io.Writer, d Digest) error {
	bw := bufio.NewWriter(w)
	first := true
	for _, b := range build(d) {
		if b.Kind == kindCharts || b.Kind == kindHistory {
			continue // HTML only; the tier table carries the same numbers
		}
		if !first {
			bw.WriteByte('\n')
		}
		first = false
		switch b.Kind {
		case kindHeading:
			bw.WriteString(strings.Repeat("#", b.Level) + " " + mdEscape(b.Text) + "\n")
		case kindPara:
			for i, l := range b.Lines {
				bw.WriteString(mdEscape(l))
				if i < len(b.Lines)-1 {
					bw.WriteString("\\") // a hard line break
				}
				bw.WriteByte('\n')
			}
		case kindTable:
			writeMDTable(bw, b.Table)
		case kindGaps:
			t := &table{Head: []string{"Severity", "Flag", "Where", "Detail", "Action"}, Right: make([]bool, 5)}
			for _, g := range b.Gaps {
				t.Rows = append(t.Rows, []string{g.Severity, g.Kind, g.Where, g.Detail, g.Action})
			}
			writeMDTable(bw, t)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write digest markdown: %w", err)
	}
	return nil
}

func writeMDTable(w *bufio.Writer, t *table) {
	row := func(cells []string) {
		w.WriteString("|")
		for _, c := range cells {
			w.WriteString(" " + mdEscape(c) + " |")
		}
		w.WriteByte('\n')
	}
	row(t.Head)
	w.WriteString("|")
	for i := range t.Head {
		if i < len(t.Right) && t.Right[i] {
			w.WriteString(" ---: |")
		} else {
			w.WriteString(" --- |")
		}
	}
	w.WriteByte('\n')
	for _, r := range t.Rows {
		row(r)
	}
}

// mdEscape makes text literal in Markdown. Line breaks become spaces (a
// newline would end a table row). The characters that open inline markup or
// HTML anywhere (\ ` * _ [ ] < > # | ~ &) are backslash-escaped wherever they
// stand; those that only start a block (- + = and "1.") are escaped at the
// start. A backslash before punctuation is always literal in CommonMark, so
// this never shows a stray backslash.
func mdEscape(s string) string {
	s = clean(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	lead := true // still in the leading spaces and digits
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~', '&':
			b.WriteByte('\\')
		case '-', '+', '=':
			if strings.TrimLeft(s[:i], " ") == "" {
				b.WriteByte('\\')
			}
		case '.', ')':
			// "1. title" or "1) title" at the start would become a list item.
			if lead && i > 0 && s[i-1] >= '0' && s[i-1] <= '9' && (i+1 == len(s) || s[i+1] == ' ') {
				b.WriteByte('\\')
			}
		}
		if c != ' ' && (c < '0' || c > '9') {
			lead = false
		}
		b.WriteByte(c)
	}
	return b.String()
}
