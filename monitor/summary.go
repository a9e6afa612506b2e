package monitor

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shelfwatch/shelfwatch/store"
)

// PrintSummary writes the run summary: a table of the competitors' runs,
// then one line per competitor that failed, was interrupted, skipped or
// suspect, the failed pages by class with an example each, and the source
// categories that mapped to nothing.
func (r Report) PrintSummary(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPETITOR\tSTATUS\tPAGES\tITEMS\tWITH PRICE\tERRORS\tDURATION")
	for _, res := range r.Results {
		status := string(res.Run.Status)
		switch {
		case res.Skipped != nil:
			status = "skipped"
		case status == "":
			status = string(store.RunFailed)
		case res.Resumed:
			status += " (resumed)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\n", res.Name, status, res.Run.Pages, res.Run.Items, res.Run.WithPrice, res.Run.Errors, res.Duration.Round(time.Millisecond))
	}
	tw.Flush()
	for _, res := range r.Results {
		switch {
		case res.Skipped != nil:
			fmt.Fprintf(w, "SKIPPED %s: %v\n", res.Name, res.Skipped)
		case res.Run.Status == store.RunInterrupted:
			fmt.Fprintf(w, "INTERRUPTED %s: %d pages saved; continue with crawler run --resume\n", res.Name, res.Run.Pages)
		case res.Err != nil:
			fmt.Fprintf(w, "FAILED %s: %v\n", res.Name, res.Err)
		case res.Run.Status == store.RunSuspect:
			fmt.Fprintf(w, "SUSPECT %s: %s (kept out of the digest's changes and flags)\n", res.Name, res.Run.Reason)
		}
		if res.Abandoned > 0 {
			fmt.Fprintf(w, "ABANDONED %s: %d run(s) left running by a crawl that died (resume with crawler run --resume)\n", res.Name, res.Abandoned)
		}
	}
	for _, res := range r.Results {
		for _, f := range res.Failures {
			fmt.Fprintf(w, "ERRORS %s: %d %s, e.g. %s\n", res.Name, f.Count, f.Class, f.Example)
		}
	}
	for _, res := range r.Results {
		if res.Ambiguous > 0 {
			fmt.Fprintf(w, "AMBIGUOUS %s: %d listings stood for several offers of one page that nothing told apart (no SKU, GTIN, variant id or distinct title); each stored once, e.g. %s\n",
				res.Name, res.Ambiguous, res.AmbiguousExample)
		}
	}
	for _, res := range r.Results {
		if len(res.Unmapped) > 0 {
			fmt.Fprintf(w, "UNMAPPED %s: %s (stored without a category; map them under categories: in the config)\n", res.Name, unmappedList(res.Unmapped))
		}
	}
}

// Print writes a catalog import's skipped rows to stderr and its
// count to stdout.
func (c CatalogReport) Print(stdout, stderr io.Writer) {
	for _, b := range c.Skipped {
		fmt.Fprintln(stderr, "skipped:", b)
	}
	fmt.Fprintf(stdout, "catalog: imported %d items from %s", c.Imported, c.Path)
	if len(c.Skipped) > 0 {
		fmt.Fprintf(stdout, " (%d rows skipped, see above)", len(c.Skipped))
	}
	fmt.Fprintln(stdout)
}

// Print writes a re-match's warnings to stderr and its counts to stdout.
func (m MatchReport) Print(stdout, stderr io.Writer) {
	for _, inv := range m.Invalid {
		fmt.Fprintln(stderr, "warning:", inv)
	}
	fmt.Fprintf(stdout, "matches: %d automatic, %d candidates for review (report matches --review), %d decided by people\n",
		m.Auto, m.Candidates, m.Decided)
}

// unmappedList formats unmapped source categories, the commonest first:
// `"手机配件" 12, "(no category)" 3`.
func unmappedList(m map[string]int) string {
	type kv struct {
		name string
		n    int
	}
	list := make([]kv, 0, len(m))
	for k, n := range m {
		list = append(list, kv{k, n})
	}
	slices.SortFunc(list, func(a, b kv) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return strings.Compare(a.name, b.name)
	})
	parts := make([]string, 0, len(list))
	for _, x := range list {
		name := strconv.Quote(x.name)
		if x.name == "" {
			name = "(no category)"
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, x.n))
	}
	return strings.Join(parts, ", ")
}
