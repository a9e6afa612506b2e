package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/cmd/report/render"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// analyze runs the week's analysis over what loadMarket read, comparing cut
// points with those of the previous runs' market.
func analyze(l *loaded, opt pricing.Options) pricing.Analysis {
	m := l.market
	if len(m.Previous) > 0 {
		prev := pricing.Analyze(pricing.Market{Current: m.Previous}, opt)
		m.PrevCuts = map[string]pricing.Cuts{}
		for _, c := range prev.Categories {
			if c.Tiered {
				m.PrevCuts[c.Key] = c.Cuts
			}
		}
	}
	return pricing.Analyze(m, opt)
}

func runInfo(r store.Run) render.RunInfo {
	return render.RunInfo{
		Competitor: r.Competitor, RunID: r.ID, Status: string(r.Status),
		StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
		Pages: r.Pages, Items: r.Items, WithPrice: r.WithPrice, Errors: r.Errors, Reason: r.Reason,
	}
}

func cmdDigest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "digest", "digest [--config F] [--since 168h] [--format text|markdown|json|html] [--out FILE]")
	configPath := fs.String("config", defaultConfig, "config `file` (database and pricing options)")
	since := fs.Duration("since", 168*time.Hour, "compare with the runs of this long ago")
	format := fs.String("format", "text", "text, markdown, json or html")
	out := fs.String("out", "", "write to this `file` instead of stdout")
	if err := cmdline.ParseNoArgs(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format, "text", "markdown", "json", "html"); err != nil {
		return err
	}
	if *since <= 0 {
		return cmdline.Usagef("digest: --since must be positive")
	}
	cfg, db, err := openDB(ctx, e, *configPath)
	if err != nil {
		return err
	}
	defer db.Close()
	opt, err := pricingOptions(cfg)
	if err != nil {
		return err
	}
	now := e.now().UTC()
	l, err := loadMarket(ctx, db, now, *since)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	d := render.Digest{GeneratedAt: now, Since: *since, NoRuns: l.noRuns, Candidates: len(l.candidates), Analysis: analyze(l, opt)}
	for _, s := range l.market.Current {
		d.Current = append(d.Current, runInfo(l.runByID[s.RunID]))
	}
	for _, s := range l.market.Previous {
		d.Previous = append(d.Previous, runInfo(l.runByID[s.RunID]))
	}
	for _, r := range l.unusable {
		d.Quality = append(d.Quality, runInfo(r))
	}
	return write(e, *out, func(w io.Writer) error {
		switch *format {
		case "markdown":
			return render.Markdown(w, d)
		case "json":
			return render.JSON(w, d)
		case "html":
			return render.HTML(w, d)
		default:
			return render.Text(w, d)
		}
	})
}

// write renders into the --out destination, leaving no partial file behind
// on error.
func write(e *env, path string, fn func(io.Writer) error) error {
	w, commit, err := output(e, path)
	if err != nil {
		return err
	}
	if err := fn(w); err != nil {
		discard(w)
		return err
	}
	return commit()
}

func cmdPositioning(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "positioning", "positioning [--config F] [--format csv|json|xlsx] [--table items|tiers] [--out FILE]")
	configPath := fs.String("config", defaultConfig, "config `file`")
	format := fs.String("format", "csv", "csv, json or xlsx")
	table := fs.String("table", "items", "for csv: items (one row per our item) or tiers (one row per category and tier)")
	out := fs.String("out", "", "write to this `file` instead of stdout")
	if err := cmdline.ParseNoArgs(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format, "csv", "json", "xlsx"); err != nil {
		return err
	}
	if *table != "items" && *table != "tiers" {
		return cmdline.Usagef("positioning: --table %q: want items or tiers", *table)
	}
	if *format == "xlsx" && *out == "" {
		return cmdline.Usagef("positioning: --format xlsx needs --out FILE.xlsx")
	}
	cfg, db, err := openDB(ctx, e, *configPath)
	if err != nil {
		return err
	}
	defer db.Close()
	opt, err := pricingOptions(cfg)
	if err != nil {
		return err
	}
	l, err := loadMarket(ctx, db, e.now().UTC(), 168*time.Hour)
	if err != nil {
		return fmt.Errorf("positioning: %w", err)
	}
	a := analyze(l, opt)
	return write(e, *out, func(w io.Writer) error {
		switch *format {
		case "json":
			return render.PositioningJSON(w, a)
		case "xlsx":
			return render.PositioningXLSX(w, a)
		default:
			return render.PositioningCSV(w, a, *table)
		}
	})
}

// tierMedian is the median market price of one tier of one category: the
// AOV a plan assumes when the team means to sell at that tier.
func tierMedian(a pricing.Analysis, category string, t pricing.Tier) (pricing.Amount, string, error) {
	var known []string
	for _, b := range a.Categories {
		known = append(known, b.Key)
		if b.Key != category && b.Category != category || b.Brand != "" {
			continue
		}
		if !b.Tiered {
			return 0, "", fmt.Errorf("plan: category %q has no tiers: %s", category, b.Note)
		}
		for _, s := range b.Tiers {
			if s.Tier == t {
				if s.Market == 0 {
					return 0, "", fmt.Errorf("plan: no market offers in the %s tier of %q", t, category)
				}
				return s.Median, b.Currency, nil
			}
		}
	}
	return 0, "", cmdline.Usagef("plan: no category %q in the latest market (known: %s)", category, strings.Join(known, ", "))
}
