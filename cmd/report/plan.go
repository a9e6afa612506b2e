package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/digest"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/pricing/plan"
	"github.com/shelfwatch/shelfwatch/render"
)

func cmdMatches(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "matches", "matches --review [--config F] [--format csv] [--excel] [--out FILE]")
	configPath := fs.String("config", defaultConfig, "config `file`")
	review := fs.Bool("review", false, "list the candidates waiting for a person's decision")
	format := fs.String("format", "csv", "csv")
	out := outFlag(fs)
	excel := excelFlag(fs)
	if err := cmdline.ParseNoArgs(fs, args); err != nil {
		return err
	}
	if !*review {
		return cmdline.Usagef("matches: only --review is supported: it exports candidates to confirm or reject, then load them with 'crawler matches import FILE.csv'")
	}
	if err := checkFormat(*format, "csv"); err != nil {
		return err
	}
	cfg, db, err := openDB(ctx, e, *configPath)
	if err != nil {
		return err
	}
	defer db.Close()
	now := e.now().UTC()
	l, err := digest.Load(ctx, db, digest.Recent(now), now, cfg.StaleAfterFor)
	if err != nil {
		return fmt.Errorf("matches: %w", err)
	}
	cs := l.ReviewCandidates()
	return write(e, *out, func(w io.Writer) error {
		return render.CandidatesCSV(forExcel(w, *excel), cs)
	})
}

func cmdPlan(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "plan", "plan --target AMOUNT --per year|month|day [--conversion 0.02] [--aov 45 | --aov 30-50 | --tier mid --category C]")
	configPath := fs.String("config", defaultConfig, "config `file` (only read with --tier)")
	target := fs.String("target", "", "sales target, e.g. 10000000")
	per := fs.String("per", "year", "the target's period: year, month or day")
	conversion := fs.Float64("conversion", 0.02, "share of visitors who order (0.02 = 2 %)")
	aov := fs.String("aov", "", "average order value, or a range like 30-50")
	tier := fs.String("tier", "", "take the AOV as the median market price of this tier (low, mid, high) …")
	category := fs.String("category", "", "… in this category")
	currency := fs.String("currency", "", "currency of target and AOV (default: the category's, else CNY)")
	format := fs.String("format", "text", "text or json")
	if err := parseFormat(fs, args, format, "text", "json"); err != nil {
		return err
	}
	in := plan.Input{Per: plan.Period(*per), Conversion: *conversion, Currency: strings.ToUpper(*currency)}
	var err error
	if *target == "" {
		return cmdline.Usagef("plan: --target is required")
	}
	if in.Target, err = pricing.ParseAmount(strings.ReplaceAll(*target, ",", "")); err != nil {
		return cmdline.Usagef("plan: --target: %v", err)
	}
	switch {
	case *aov != "" && (*tier != "" || *category != ""):
		return cmdline.Usagef("plan: give --aov or --tier with --category, not both")
	case *aov != "":
		lo, hi, isRange := strings.Cut(*aov, "-")
		if in.AOV, err = pricing.ParseAmount(strings.TrimSpace(lo)); err != nil {
			return cmdline.Usagef("plan: --aov: %v", err)
		}
		if isRange {
			in.AOVLow = in.AOV
			in.AOV = 0
			if in.AOVHigh, err = pricing.ParseAmount(strings.TrimSpace(hi)); err != nil {
				return cmdline.Usagef("plan: --aov: %v", err)
			}
		}
	case *tier != "" && *category != "":
		t, err := pricing.ParseTier(*tier)
		if err != nil || t == "" {
			return cmdline.Usagef("plan: --tier %q: want low, mid or high", *tier)
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
			return fmt.Errorf("plan: %w", err)
		}
		med, cur, err := tierMedian(l.Analyze(opt), *category, t)
		if err != nil {
			return err
		}
		in.AOV = med
		if in.Currency == "" {
			in.Currency = cur
		}
		e.log().Info("plan: the AOV is the median price of a tier in the latest market", "tier", string(t), "category", *category, "aov", med.String(), "currency", cur)
	default:
		return cmdline.Usagef("plan: give --aov, or --tier and --category to take the AOV from the market")
	}
	if in.Currency == "" {
		in.Currency = "CNY"
	}
	p, err := plan.Make(in)
	if err != nil {
		return cmdline.UsageError{Err: fmt.Errorf("plan: %w", err)}
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "sales target per year\t%s %s\t\n", p.Yearly, p.Currency)
	fmt.Fprintf(tw, "per month (year ÷ 12)\t%s %s\t\n", p.Monthly, p.Currency)
	fmt.Fprintf(tw, "per day (year ÷ %d)\t%s %s\t\n", p.DaysPerYear, p.Daily, p.Currency)
	if p.AOVLow == p.AOVHigh {
		fmt.Fprintf(tw, "average order value\t%s %s\t\n", p.AOVLow, p.Currency)
	} else {
		fmt.Fprintf(tw, "average order value\t%s–%s %s\t\n", p.AOVLow, p.AOVHigh, p.Currency)
	}
	fmt.Fprintf(tw, "conversion rate\t%g %%\t\n", *conversion*100)
	fmt.Fprintf(tw, "orders per day\t%s\t\n", span(p.OrdersPerDay))
	fmt.Fprintf(tw, "visitors per day\t%s\t\n", span(p.VisitorsPerDay))
	return tw.Flush()
}

func span(r plan.Range) string {
	if r.Min == r.Max {
		return fmt.Sprint(r.Min)
	}
	return fmt.Sprintf("%d–%d", r.Min, r.Max)
}
