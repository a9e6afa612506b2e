package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/digest"
	"github.com/shelfwatch/shelfwatch/notify"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/render"
)

func cmdDigest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "digest", "digest [--config F] [--week 2026-W48 | --since 168h|2026-11-23 [--until 2026-11-30]] [--format text|markdown|json|html|xlsx] [--out FILE] [--send]")
	configPath := fs.String("config", defaultConfig, "config `file` (database and pricing options)")
	week := fs.String("week", "", "the ISO `week` to report (2026-W48); default the last complete week")
	since := fs.String("since", "", "instead of --week: the window's start, a length back from --until (168h, 7d) or a date (2026-11-23)")
	until := fs.String("until", "", "with --since: the window's end, a date or RFC 3339 time (default now)")
	format := fs.String("format", "text", "text, markdown, json, html or xlsx (one sheet per section; needs --out)")
	out := outFlag(fs)
	send := fs.Bool("send", false, "send the digest to the config's notify: destinations (chat summary, email with the HTML and the positioning XLSX); writes the --format output only with --out")
	if err := parseFormat(fs, args, format, digest.Formats...); err != nil {
		return err
	}
	if *format == "xlsx" && *out == "" {
		return cmdline.Usagef("digest: --format xlsx needs --out FILE.xlsx")
	}
	now := e.now().UTC()
	win, err := resolveSpan(now, *week, *since, *until)
	if err != nil {
		return err
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
	var notifier *notify.Notifier
	if *send {
		if notifier, err = newNotifier(e, cfg); err != nil {
			return err
		}
	}
	d, _, err := digest.Build(ctx, db, win, now, digest.Options{Pricing: opt, StaleAfter: cfg.StaleAfterFor, MoverHistories: *format == "html"})
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	if *send {
		// With --send the digest goes to people; a file is written too
		// only when --out asks for one, so cron mail stays short.
		if *out != "" {
			if err := write(e, *out, func(w io.Writer) error { return digest.Render(w, *format, d) }); err != nil {
				return err
			}
		}
		return sendDigest(ctx, e, notifier, d)
	}
	return write(e, *out, func(w io.Writer) error { return digest.Render(w, *format, d) })
}

func cmdPositioning(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "positioning", "positioning [--config F] [--format csv|json|xlsx] [--table items|tiers|competitors] [--excel] [--out FILE]")
	configPath := fs.String("config", defaultConfig, "config `file`")
	format := fs.String("format", "csv", "csv, json or xlsx")
	table := fs.String("table", "items", "for csv: items (one row per our item), tiers (one row per category and tier) or competitors (each one's data age)")
	out := outFlag(fs)
	excel := excelFlag(fs)
	if err := parseFormat(fs, args, format, "csv", "json", "xlsx"); err != nil {
		return err
	}
	if *excel && *format != "csv" {
		return cmdline.Usagef("positioning: --excel applies to --format csv only")
	}
	if *table != render.TableItems && *table != render.TableTiers && *table != render.TableCompetitors {
		return cmdline.Usagef("positioning: --table %q: want items, tiers or competitors", *table)
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
	now := e.now().UTC()
	l, err := digest.Load(ctx, db, digest.Recent(now), now, cfg.StaleAfterFor)
	if err != nil {
		return fmt.Errorf("positioning: %w", err)
	}
	a := l.Analyze(opt)
	return write(e, *out, func(w io.Writer) error {
		switch *format {
		case "json":
			return render.PositioningJSON(w, a)
		case "xlsx":
			return render.PositioningXLSX(w, a)
		default:
			return render.PositioningCSV(forExcel(w, *excel), a, *table)
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
