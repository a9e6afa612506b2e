package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Text writes the digest for a terminal: headings underlined, tables aligned
// with text/tabwriter, the gaps as a list most severe first. Scraped text has
// its control characters replaced, so it can break neither the alignment nor
// the terminal. It returns the first error from writing to w.
func Text(w io.Writer, d Digest) error {
	bw := bufio.NewWriter(w)
	first := true
	for _, b := range build(d) {
		if b.Kind == kindCharts || b.Kind == kindHistory {
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
			bw.WriteString(strings.Repeat(under, displayWidth(b.Text)) + "\n")
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

// writeTextTable lays a table out in columns padded by display width, not
// by rune or byte count: a Chinese or Japanese character takes two terminal
// cells, so text/tabwriter (which counts runes) would push every column
// after a title like "华为 Mate 60" out of line. Columns are left-aligned
// two spaces apart, as tabwriter laid them out; trailing spaces are
// trimmed.
func writeTextTable(w io.Writer, t *table) {
	rule := make([]string, len(t.Head))
	for i, h := range t.Head {
		rule[i] = strings.Repeat("-", displayWidth(h))
	}
	lines := append([][]string{t.Head, rule}, t.Rows...)
	widths := make([]int, len(t.Head))
	for _, l := range lines {
		for i, c := range l {
			if i < len(widths) {
				widths[i] = max(widths[i], displayWidth(c))
			}
		}
	}
	var b strings.Builder
	for _, l := range lines {
		b.Reset()
		b.WriteString("  ")
		for i, c := range l {
			pad := 0
			if i < len(widths) {
				pad = widths[i] - displayWidth(c)
			}
			b.WriteString(c)
			if i < len(l)-1 {
				b.WriteString(strings.Repeat(" ", pad+2))
			}
		}
		io.WriteString(w, strings.TrimRight(b.String(), " ")+"\n")
	}
}

// displayWidth is the number of terminal cells s takes: two for each East
// Asian wide or full-width character, none for combining marks. Characters
// of ambiguous width ("–", "·", "≤", "¥") count as one whatever the
// locale: runewidth's default would read the environment and make the
// same digest lay out differently on two machines.
func displayWidth(s string) int { return narrowAmbiguous.StringWidth(s) }

// narrowAmbiguous is a read-only width condition shared by every call.
var narrowAmbiguous = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}
