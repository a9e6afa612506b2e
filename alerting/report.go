package alerting

import (
	"fmt"
	"io"
	"slices"
)

// Print writes the report for a command's output: a line for the alerts
// raised and sent, one per destination that failed (its alerts stay
// pending), and one per error. It writes nothing when nothing happened.
func (r Report) Print(w io.Writer) {
	sent := 0
	for _, n := range r.Sent {
		sent += n
	}
	if r.Raised > 0 || sent > 0 {
		fmt.Fprintf(w, "ALERTS: %d new, %d deliveries made", r.Raised, sent)
		for _, d := range sortedKeys(r.Sent) {
			fmt.Fprintf(w, "; %d to %s", r.Sent[d], d)
		}
		fmt.Fprintln(w)
	}
	for _, d := range sortedKeys(r.Failed) {
		f := r.Failed[d]
		fmt.Fprintf(w, "ALERTS FAILED %s: %d alert(s) kept and retried after the next crawl: %v\n", d, f.Pending, f.Err)
	}
	for _, err := range r.Errors {
		fmt.Fprintf(w, "ALERTS ERROR: %v\n", err)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
