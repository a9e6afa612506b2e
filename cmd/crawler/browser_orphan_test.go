package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/scraper"
)

// TestNoOrphanedChromiumAfterTheCrawlerIsKilledOrInterrupted starts `crawler
// extract --render` on pages whose render never finishes by itself, waits
// until the crawler's Chromium and its helpers run, and then SIGKILLs the
// crawler or SIGINTs it (it must shut the browser down and exit within
// 5 s). Within 10 s no process under the crawler may be left: the issue's
// "no orphaned Chromium after a crash or Ctrl-C". After SIGKILL nothing of
// the crawler runs: the browser ends because the kernel kills it
// (Pdeathsig) and because its DevTools pipe closes, and its helpers end
// with it; a helper that did not would be caught here.
func TestNoOrphanedChromiumAfterTheCrawlerIsKilledOrInterrupted(t *testing.T) {
	if scraper.ChromiumPath() == "" {
		if os.Getenv("SHELFWATCH_REQUIRE_CHROMIUM") == "1" {
			t.Fatal("SHELFWATCH_REQUIRE_CHROMIUM=1 but no chromium is installed")
		}
		t.Skip("no chromium installed; set SHELFWATCH_REQUIRE_CHROMIUM=1 to fail instead")
	}
	bin, err := crawlerBinary()
	if err != nil {
		t.Fatal(err)
	}
	// Each page holds the render until the test ends, in another way; the
	// default render_timeout (30 s) is far off when the signal comes.
	pages := []struct {
		name string
		path string   // the page extract renders
		args []string // extract's flags besides --render
		busy string   // the request that shows the render is under way
	}{
		{"a wait_for selector that never appears", "/p/static", []string{"--wait-for", ".never"}, "/p/static"},
		{"a script whose request never answers keeps the network busy", "/p/scripted", nil, "/api/hang"},
		{"a page that never answers", "/p/hang", nil, "/p/hang"},
		{"a script that never returns (a hung renderer)", "/p/spin", []string{"--wait-for", ".never"}, "/api/spin"},
	}
	signals := []struct {
		name string
		sig  syscall.Signal
	}{
		{"killed", syscall.SIGKILL},
		{"interrupted", syscall.SIGINT},
	}
	for _, pg := range pages {
		for _, sg := range signals {
			t.Run(sg.name+" while rendering "+pg.name, func(t *testing.T) {
				srv, busy := newHangingShop(t)
				cmd := exec.Command(bin, append(append([]string{"extract", "--render"}, pg.args...), srv.URL+pg.path)...)
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				exited := make(chan error, 1)
				go func() { exited <- cmd.Wait() }()
				var browser []proc
				t.Cleanup(func() {
					// Strays of a failed check must not outlive the test.
					cmd.Process.Kill()
					<-exited
					for _, p := range browser {
						p.kill()
					}
				})

				if !awaitRequest(busy, pg.busy, 30*time.Second) {
					t.Fatalf("%s was not asked for within 30 s:\n%s", pg.busy, out.String())
				}
				browser = awaitDescendants(t, cmd.Process.Pid)
				if !hasChromium(browser) {
					t.Fatalf("no chromium among the crawler's descendants %v:\n%s", browser, out.String())
				}

				signalled := time.Now()
				if err := cmd.Process.Signal(sg.sig); err != nil {
					t.Fatal(err)
				}
				select {
				case err := <-exited:
					exited <- err // for the cleanup
					t.Logf("the crawler exited %s after the signal", time.Since(signalled).Round(time.Millisecond))
					var ee *exec.ExitError
					if sg.sig == syscall.SIGINT && err != nil && !errors.As(err, &ee) {
						t.Errorf("crawler: %v", err)
					}
				case <-time.After(5 * time.Second):
					if sg.sig == syscall.SIGINT {
						t.Errorf("the interrupted crawler did not exit within 5 s:\n%s", out.String())
					} else {
						t.Errorf("the killed crawler was not reaped within 5 s")
					}
				}
				deadline := time.Now().Add(10 * time.Second)
				for {
					var alive []proc
					for _, p := range browser {
						if p.alive() {
							alive = append(alive, p)
						}
					}
					if len(alive) == 0 {
						t.Logf("%d browser processes, all gone %s after the signal: %v", len(browser), time.Since(signalled).Round(time.Millisecond), browser)
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("10 s after the crawler was %s, %d of its %d browser processes live on: %v\n%s",
							sg.name, len(alive), len(browser), alive, out.String())
					}
					time.Sleep(50 * time.Millisecond)
				}
			})
		}
	}
}

// newHangingShop serves pages whose render does not finish until the test
// ends, and tells on busy of every request's path.
//
//	/p/static    a page without the element --wait-for asks for
//	/p/scripted  a page whose script asks for /api/hang
//	/p/hang      a page that never answers
//	/p/spin      a page whose script loops for ever once /api/spin answers
//	/api/hang    an API request that never answers
func newHangingShop(t *testing.T) (*httptest.Server, <-chan string) {
	busy := make(chan string, 100)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case busy <- r.URL.Path:
		default:
		}
		hang := func() {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}
		switch r.URL.Path {
		case "/p/static":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><html><head><title>Tea</title></head><body><h1>Tea 250g</h1></body></html>`)
		case "/p/scripted":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><html><head><title>Tea</title></head><body><h1>Tea 250g</h1>
<script>fetch('/api/hang').then(function (r) { return r.text(); });</script></body></html>`)
		case "/p/spin":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><html><head><title>Tea</title></head><body><h1>Tea 250g</h1>
<script>fetch('/api/spin').then(function () { for (;;) {} });</script></body></html>`)
		case "/api/spin":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{}`)
		case "/p/hang", "/api/hang":
			hang()
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(func() {
		close(release)
		srv.Close()
	})
	return srv, busy
}

// awaitRequest waits until path is asked for.
func awaitRequest(busy <-chan string, path string, within time.Duration) bool {
	timeout := time.After(within)
	for {
		select {
		case p := <-busy:
			if p == path {
				return true
			}
		case <-timeout:
			return false
		}
	}
}

// proc is a process as /proc/PID/stat shows it. Its start time tells it
// from a later process given the same PID.
type proc struct {
	pid, ppid int
	comm      string
	state     byte
	start     uint64 // clock ticks after boot
}

func (p proc) String() string { return fmt.Sprintf("%d(%s %c)", p.pid, p.comm, p.state) }

// readProc reads /proc/PID/stat; ok is false when there is no such process.
func readProc(pid int) (proc, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return proc{}, false
	}
	// "PID (COMM) STATE PPID ... STARTTIME(22nd) ...": COMM may hold
	// spaces and parentheses, so the fields are counted from its last ')'.
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return proc{}, false
	}
	f := strings.Fields(s[end+1:])
	if len(f) < 20 {
		return proc{}, false
	}
	p := proc{pid: pid, comm: s[open+1 : end], state: f[0][0]}
	p.ppid, _ = strconv.Atoi(f[1])
	p.start, _ = strconv.ParseUint(f[19], 10, 64)
	return p, true
}

// alive says whether p still runs: a zombie is dead, and a process with
// p's PID and another start time is another process.
func (p proc) alive() bool {
	now, ok := readProc(p.pid)
	return ok && now.start == p.start && now.state != 'Z' && now.state != 'X'
}

// kill SIGKILLs p if it still runs.
func (p proc) kill() {
	if p.alive() {
		syscall.Kill(p.pid, syscall.SIGKILL)
	}
}

// descendants returns the live processes under pid, at any depth.
func descendants(pid int) []proc {
	entries, _ := os.ReadDir("/proc")
	children := map[int][]proc{}
	for _, e := range entries {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, ok := readProc(n); ok && p.state != 'Z' && p.state != 'X' {
			children[p.ppid] = append(children[p.ppid], p)
		}
	}
	var out []proc
	for todo := []int{pid}; len(todo) > 0; todo = todo[1:] {
		for _, c := range children[todo[0]] {
			out = append(out, c)
			todo = append(todo, c.pid)
		}
	}
	return out
}

// awaitDescendants returns every process under pid once the set has held
// still for a second (Chromium starts its zygote, GPU, network and
// renderer processes one after another), or what there is after 20 s.
func awaitDescendants(t *testing.T, pid int) []proc {
	t.Helper()
	seen := map[proc]bool{}
	var all []proc
	deadline := time.Now().Add(20 * time.Second)
	quietSince := time.Now()
	for time.Now().Before(deadline) && time.Since(quietSince) < time.Second {
		for _, p := range descendants(pid) {
			key := proc{pid: p.pid, start: p.start}
			if !seen[key] {
				seen[key] = true
				all = append(all, p)
				quietSince = time.Now()
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return all
}

// hasChromium says whether one of ps is a Chromium process.
func hasChromium(ps []proc) bool {
	for _, p := range ps {
		if strings.Contains(p.comm, "chrom") || strings.Contains(p.comm, "headless") {
			return true
		}
	}
	return false
}
