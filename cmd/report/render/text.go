package render

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// Text writes the digest for a terminal: headings underlined, tables aligned
// with text/tabwriter, the gaps as a list most severe first. Scraped text has
// its control characters replaced, so it can break neither the alignment nor
// the terminal. It returns the first error from writing to w.
func Text(w io.Writer, d Digest) error {
	bw := bufio.NewWriter(w)
	first := true
	for _, b := range build(d) {
		if b.Kind == kindCharts {
			continue // the tier table above carries the same numbers
		}
		if !first {
			bw.WriteByte('\n')
		}
		first = false
		switch b.Kind {
		case kindHeading:
			bw.WriteString(b.Text + "\n")
			under := "="
			switch b.Level {
			case 2:
				under = "-"
			case 3:
				under = "·"
			}
			bw.WriteString(strings.Repeat(under, utf8.RuneCountInString(b.Text)) + "\n")
		case kindPara:
			for _, l := range b.Lines {
				bw.WriteString(l + "\n")
			}
		case kindTable:
			writeTextTable(bw, b.Table)
		case kindGaps:
			for _, g := range b.Gaps {
				fmt.Fprintf(bw, "[%s] %s: %s\n", strings.ToUpper(g.Severity), g.Kind, g.Where)
				fmt.Fprintf(bw, "    %s\n", g.Detail)
				fmt.Fprintf(bw, "    → %s\n", g.Action)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write digest text: %w", err)
	}
	return nil
}

func writeTextTable(w io.Writer, t *table) {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	line := func(cells []string) {
		fmt.Fprintln(tw, "  "+strings.Join(cells, "\t"))
	}
	line(t.Head)
	rule := make([]string, len(t.Head))
	for i, h := range t.Head {
		rule[i] = strings.Repeat("-", utf8.RuneCountInString(h))
	}
	line(rule)
	for _, r := range t.Rows {
		line(r)
	}
	tw.Flush()
	// tabwriter pads every cell but the last; an empty last cell would
	// leave the padding of the one before it at the end of the line.
	for l := range strings.Lines(buf.String()) {
		io.WriteString(w, strings.TrimRight(l, " \n")+"\n")
	}
}
