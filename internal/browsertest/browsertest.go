// Package browsertest runs shelfwatch's pages in a real headless Chromium
// for tests, through chromedp: it finds the browser, starts it with the flags
// this closed network needs, collects console errors, and says where
// screenshots go.
//
// Without a Chromium on the machine the tests that need one are skipped,
// unless SHELFWATCH_REQUIRE_CHROMIUM=1 (CI sets it), when they fail: a CI
// that silently skipped every browser check would prove nothing.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// candidates are the browser binaries tried, Debian's first.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}

// Path returns the Chromium binary to use, or "" when there is none.
func Path() string {
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	return ""
}

// Browser is one headless Chromium for one test, with the console errors
// of every page it loaded.
type Browser struct {
	// Ctx is the chromedp context of its one tab; pass it to chromedp.Run.
	Ctx context.Context

	mu     sync.Mutex
	errors []string
	marks  chan string
	n      int
}

// markPrefix starts the console line TakeErrors writes to know that every
// message before it has been read.
const markPrefix = "browsertest-mark-"

// New starts a headless Chromium for t and stops it when t ends. It skips
// t when no Chromium is installed, or fails it when
// SHELFWATCH_REQUIRE_CHROMIUM=1. Every navigation of Ctx is bounded by
// timeout.
func New(t testing.TB, timeout time.Duration) *Browser {
	t.Helper()
	path := Path()
	if path == "" {
		if os.Getenv("SHELFWATCH_REQUIRE_CHROMIUM") == "1" {
			t.Fatal("browsertest: SHELFWATCH_REQUIRE_CHROMIUM=1 but no chromium is installed (apt-get install chromium)")
		}
		t.Skip("browsertest: no chromium installed; set SHELFWATCH_REQUIRE_CHROMIUM=1 to fail instead")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		// Without these Chromium dials Google's update, sync and
		// component services; on a closed network those connections are
		// refused and the first page load waits on them.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("no-proxy-server", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() {
		cancelTime()
		cancelTab()
		cancelAlloc()
	})
	b := &Browser{Ctx: ctx, marks: make(chan string, 16)}
	if err := chromedp.Do(ctx); err != nil { // starts the browser and its tab
		t.Fatalf("browsertest: start %s: %v", path, err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			switch {
			case m.Type == chromedp.ConsoleInfo && strings.HasPrefix(m.Text, markPrefix):
				b.marks <- m.Text
			case m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException:
				b.add(string(m.Type) + ": " + m.Text + " " + m.URL)
			}
		}
	}()
	return b
}

func (b *Browser) add(s string) {
	b.mu.Lock()
	b.errors = append(b.errors, s)
	b.mu.Unlock()
}

// TakeErrors returns the console errors since the last call and forgets
// them, so each page is judged on its own.
func (b *Browser) TakeErrors() ([]string, error) {
	// The console keeps its order: once our own mark comes back, every
	// message the page wrote before it has been collected.
	b.n++
	mark := markPrefix + strconv.Itoa(b.n)
	if err := chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void]("console.info("+jsString(mark)+")")); err != nil {
		return nil, err
	}
	for got := ""; got != mark; {
		select {
		case got = <-b.marks:
		case <-b.Ctx.Done():
			return nil, b.Ctx.Err()
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	errs := b.errors
	b.errors = nil
	return errs, nil
}

// OutputDir is where a test writes what a person may want to look at
// (screenshots): $TEST_OUTPUT_DIR/<test name> when that is set, kept after
// the run, else a temporary directory of the test's.
func OutputDir(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TEST_OUTPUT_DIR")
	if base == "" {
		return t.TempDir()
	}
	dir := filepath.Join(base, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	return dir
}

// Rect is an element's box as getBoundingClientRect gives it.
type Rect struct {
	Text                     string
	Left, Top, Right, Bottom float64
}

// Overlaps reports whether r and o share more than slack pixels in both
// directions.
func (r Rect) Overlaps(o Rect, slack float64) bool {
	return r.Left+slack < o.Right && o.Left+slack < r.Right && r.Top+slack < o.Bottom && o.Top+slack < r.Bottom
}

// Rects returns the boxes of the elements selector matches on the current
// page, measured by the page itself.
func Rects(ctx context.Context, selector string) ([]Rect, error) {
	js := `Array.from(document.querySelectorAll(` + jsString(selector) + `)).map(e => {
		const r = e.getBoundingClientRect();
		return {Text: e.textContent, Left: r.left, Top: r.top, Right: r.right, Bottom: r.bottom};
	})`
	return chromedp.Run(ctx, chromedp.Evaluate[[]Rect](js))
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`, "<", `\x3c`)
	return "'" + r.Replace(s) + "'"
}
