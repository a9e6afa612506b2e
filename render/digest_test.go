package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shelfwatch/shelfwatch/pricing"
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

// hostile returns the fixture with attacking text in every place scraped or
// configured text reaches the page: a category, a competitor, a SKU and
// title of ours, a gap, a change, an outlier, a run's failure reason.
func hostile() Digest {
	const x = "<script>alert(1)</script>\x1b[2J"
	d := fixture()
	a := &d.Analysis
	a.Categories[1].Key = "phones" + x
	for i := range a.Positions {
		if a.Positions[i].Key == "phones" {
			a.Positions[i].Key = "phones" + x
		}
	}
	a.Positions[2].SKU, a.Positions[2].Title = "PH-100"+x, "Phone A"+x
	a.Gaps[0].Title, a.Gaps[0].Detail, a.Gaps[0].Action = x, x, x
	a.Changes[0].Title, a.Changes[0].Competitor = x, "gadgethub"+x
	a.Outliers[0].Title, a.Outliers[0].Reason = x, x
	d.Quality[0].Reason = x
	d.Current[0].Competitor = "gadgethub" + x
	a.Unmapped[0].SourceCategory, a.Unmapped[0].ExampleTitle = "Cables"+x, x
	return d
}

func TestHTMLEscapesScrapedText(t *testing.T) {
	var buf bytes.Buffer
	if err := HTML(&buf, hostile()); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if strings.Contains(strings.ToLower(page), "<script") {
		t.Error("a <script> title reached the page unescaped")
	}
	if n := strings.Count(page, "&lt;script&gt;alert(1)&lt;/script&gt;"); n < 8 {
		t.Errorf("the escaped title appears %d times, want it in every place it was put (8 or more)", n)
	}
	if strings.Contains(page, "\x1b") {
		t.Error("a terminal escape reached the page")
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := HTML(&buf, fixture()); err != nil {
		t.Fatal(err)
	}
	page := strings.ToLower(buf.String())
	// Links within the page (a mover to its price-history chart) load
	// nothing; any other href would.
	inPage := strings.Count(page, `href="#history-`)
	if inPage != 1 {
		t.Errorf("%d links to price histories, want 1 (the fixture's one charted mover)", inPage)
	}
	for _, bad := range []string{"<script", "src=", "<link", "@import", "url(", "<iframe", "<img"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q: it must load nothing from outside", bad)
		}
	}
	if strings.Count(page, "href=") != inPage {
		t.Errorf("page contains an href that is not an in-page link: it must load nothing from outside")
	}
	if got := strings.Count(page, "<svg "); got != 5 {
		t.Errorf("%d charts, want 2 per tiered category (4) and 1 mover's price history", got)
	}
}

func TestTextKeepsScrapedTextOnOneLineAndOffTheTerminal(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, hostile()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "\x1b") {
		t.Error("a terminal escape sequence reached the output")
	}
	if strings.Contains(out, "\n# heading") {
		t.Error("a newline in a title broke a table row")
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasSuffix(l, " ") {
			t.Errorf("trailing space in %q", l)
		}
	}
}

func TestMarkdownKeepsScrapedTextInsideItsCell(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, hostile()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "\x1b") {
		t.Error("a terminal escape reached the Markdown")
	}
	for i := 0; i < len(out); i++ {
		if out[i] == '\\' {
			i++
		} else if out[i] == '<' {
			t.Fatalf("unescaped < at %d: raw HTML could reach the page: %q", i, out[max(0, i-20):min(len(out), i+20)])
		}
	}
	var head int
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "|") {
			// Every row of a table has as many cells as its header.
			n := cells(l)
			if strings.HasPrefix(l, "| ---") || strings.HasPrefix(l, "| ---:") {
				continue
			}
			if head == 0 {
				head = n
			} else if n != head {
				t.Errorf("row has %d cells, header %d: %s", n, head, l)
			}
			continue
		}
		head = 0
		if strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "# ") && !strings.HasPrefix(l, "## ") && !strings.HasPrefix(l, "### ") {
			t.Errorf("scraped text made a heading: %s", l)
		}
	}
}

// cells counts a pipe-table row's cells: the pipes not escaped, minus one.
func cells(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}

func TestEveryFormatWritesAnEmptyDigest(t *testing.T) {
	d := Digest{GeneratedAt: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), Since: 168 * time.Hour}
	for name, write := range map[string]func(io.Writer, Digest) error{"text": Text, "markdown": Markdown, "html": HTML, "json": JSON} {
		t.Run("as "+name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf, d); err != nil {
				t.Fatal(err)
			}
			if name == "text" {
				for _, want := range []string{"No competitor has a usable run yet", "Nothing flagged this week.", "Changes need a second successful run", "Every run in the window was usable."} {
					if !strings.Contains(buf.String(), want) {
						t.Errorf("empty digest lacks %q:\n%s", want, buf.String())
					}
				}
			}
		})
	}
}

func TestDigestSaysChangesNeedASecondRun(t *testing.T) {
	d := fixture()
	d.Previous, d.Analysis.Changes = nil, nil
	var buf bytes.Buffer
	if err := Text(&buf, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Changes need a second successful run") {
		t.Errorf("no second-run note:\n%s", buf.String())
	}
}

func TestEveryWriterReportsWriteErrors(t *testing.T) {
	d := fixture()
	for name, write := range map[string]func(io.Writer) error{
		"Text":            func(w io.Writer) error { return Text(w, d) },
		"Markdown":        func(w io.Writer) error { return Markdown(w, d) },
		"HTML":            func(w io.Writer) error { return HTML(w, d) },
		"JSON":            func(w io.Writer) error { return JSON(w, d) },
		"PositioningCSV":  func(w io.Writer) error { return PositioningCSV(w, d.Analysis, TableItems) },
		"PositioningJSON": func(w io.Writer) error { return PositioningJSON(w, d.Analysis) },
		"PositioningXLSX": func(w io.Writer) error { return PositioningXLSX(w, d.Analysis) },
		"CandidatesCSV":   func(w io.Writer) error { return CandidatesCSV(w, candidates()) },
	} {
		t.Run(name+" returns the writer's error", func(t *testing.T) {
			if err := write(failWriter{}); !errors.Is(err, errWrite) {
				t.Errorf("error = %v, want one wrapping %v", err, errWrite)
			}
		})
	}
}

// FuzzMarkdownEscape checks that no text, escaped, can leave its table cell
// or open markup: no line break, no unescaped pipe or angle bracket, no
// block marker at the start.
func FuzzMarkdownEscape(f *testing.F) {
	for _, s := range []string{evilTitle, "# h", "- item", "1. item", "a|b", "\\|", "<b>", "=1", "`code`", "&amp;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := mdEscape(s)
		if strings.ContainsAny(got, "\n\r") {
			t.Fatalf("mdEscape(%q) = %q has a line break", s, got)
		}
		for i := 0; i < len(got); i++ {
			switch got[i] {
			case '\\':
				i++
			case '|', '<', '>', '`', '*', '_', '[', ']', '&', '#', '~':
				t.Fatalf("mdEscape(%q) = %q has an unescaped %q at %d", s, got, got[i], i)
			}
		}
		if trimmed := strings.TrimLeft(got, " "); trimmed != "" && strings.ContainsRune("-+=", rune(trimmed[0])) {
			t.Fatalf("mdEscape(%q) = %q starts a block", s, got)
		}
	})
}

// FuzzDigest renders the fixture with arbitrary scraped text and amounts in
// it through every digest format: none may fail or panic, the HTML may not
// carry the text's markup, and the JSON must carry valid text unchanged.
func FuzzDigest(f *testing.F) {
	f.Add(evilTitle, "phones", int64(459900), int64(199900))
	f.Add("", "", int64(0), int64(-1))
	f.Add("<b>x</b>", "a\nb", int64(math.MaxInt64), int64(math.MinInt64))
	f.Fuzz(func(t *testing.T, title, category string, price, cut int64) {
		// Amounts stay within what pricing.ParseAmount can produce (14
		// integer digits at four decimals).
		price, cut = price%1e18, cut%1e18
		d := fixture()
		a := &d.Analysis
		a.Categories[1].Key, a.Categories[1].Cuts.Low, a.Categories[1].Max = category, pricing.Amount(cut), pricing.Amount(price)
		a.Positions[3].Key, a.Positions[3].Title, a.Positions[3].Amount = category, title, pricing.Amount(price)
		a.Changes[0].Title, a.Changes[0].To.Amount = title, pricing.Amount(price)
		a.Gaps[1].Detail = title
		for name, write := range map[string]func(io.Writer, Digest) error{"text": Text, "markdown": Markdown, "html": HTML, "json": JSON} {
			var buf bytes.Buffer
			if err := write(&buf, d); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if name == "html" && strings.Contains(title, "<") && strings.Contains(buf.String(), clean(title)) {
				t.Fatalf("html carries %q unescaped", title)
			}
			if name == "json" && utf8.ValidString(title) {
				var f DigestFeed
				if err := json.Unmarshal(buf.Bytes(), &f); err != nil {
					t.Fatal(err)
				}
				if f.Changes[0].Title != title {
					t.Fatalf("json title %q, want %q", f.Changes[0].Title, title)
				}
			}
		}
	})
}

func TestDigestShowsEachCurrencyInItsOwnDecimals(t *testing.T) {
	d := fixture()
	move := func(key, cur, from, to string) pricing.Change {
		return pricing.Change{Kind: pricing.PriceDown, Competitor: "shop", Key: key, Title: "Watch " + key, Category: "watches",
			From: &pricing.Money{Amount: pricing.MustAmount(from), Currency: cur}, To: &pricing.Money{Amount: pricing.MustAmount(to), Currency: cur}, Pct: -10}
	}
	d.Analysis.Changes = append(d.Analysis.Changes,
		move("sku:J1", "JPY", "1399", "1299"),
		move("sku:C1", "CNY", "1399.50", "1299.00"),
		move("sku:K1", "KWD", "450.5", "423.923"),
		move("sku:L1", "CLP", "25990", "24990"),
	)
	wants := []string{"¥1,399", "¥1,299", "¥1,399.50", "450.500 KWD", "423.923 KWD", "25,990 CLP", "24,990 CLP"}
	for name, write := range map[string]func(io.Writer, Digest) error{"text": Text, "markdown": Markdown, "html": HTML} {
		t.Run("the "+name+" digest", func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf, d); err != nil {
				t.Fatal(err)
			}
			for _, want := range wants {
				if !strings.Contains(buf.String(), want) {
					t.Errorf("%s digest lacks %q", name, want)
				}
			}
			for _, wrong := range []string{"423.92 ", "24,990.00", "¥1,299.00"} {
				if strings.Contains(buf.String(), wrong) {
					t.Errorf("%s digest shows %q, a currency in the wrong decimals", name, wrong)
				}
			}
		})
	}
}
