package cmd_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/shelfwatch/shelfwatch/internal/browsertest"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/render"
	"github.com/shelfwatch/shelfwatch/store"
)

// hostileTitle is a scraped title that would run script if it reached the
// page as markup.
const hostileTitle = `<img src=x onerror=alert(1)>`

// demoDB crawls the bundled demo (both weeks) into a fresh SQLite database
// and adds a competitor run whose one offer has a hostile title.
func demoDB(t *testing.T, crawler string) string {
	t.Helper()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "demo.db")
	for _, cfg := range []string{"../configs/shelfwatch.yaml", "../configs/demo/week2.yaml"} {
		out, errOut, code := run(t, dsn, crawler, "run", "--config", cfg)
		if code != 0 {
			t.Fatalf("crawler run --config %s exited %d\n%s\n%s", cfg, code, out, errOut)
		}
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, err := db.StartRun(ctx, "evilshop", time.Now().UTC().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	offers := []pricing.Offer{{Key: "sku:EVIL-1", Title: hostileTitle, URL: "javascript:alert(2)", Category: "Phones",
		Price: &pricing.Money{Amount: pricing.MustAmount("1999"), Currency: "CNY"}, Availability: pricing.InStock}}
	if err := db.SaveOffers(ctx, r.ID, offers); err != nil {
		t.Fatal(err)
	}
	r.Status, r.FinishedAt, r.Pages, r.Items, r.WithPrice, r.WithTitle = store.RunSucceeded, time.Now().UTC(), 1, 1, 1, 1
	if err := db.FinishRun(ctx, r); err != nil {
		t.Fatal(err)
	}
	return dsn
}

// startServe runs `report serve` on a free port and returns its base URL;
// the server is stopped with SIGTERM when the test ends, and must exit 0.
func startServe(t *testing.T, report, dsn string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(report, append([]string{"serve", "--config", "../configs/shelfwatch.yaml", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(append(os.Environ(), "SHELFWATCH_DB="+dsn), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stderr)
	base := ""
	for lines.Scan() {
		if u, ok := strings.CutPrefix(lines.Text(), "report: serving "); ok {
			base = u
			break
		}
	}
	if base == "" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("report serve did not say where it listens")
	}
	go io.Copy(io.Discard, stderr)
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("report serve did not shut down cleanly on SIGTERM: %v", err)
			}
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Error("report serve did not stop within 15s of SIGTERM")
		}
	})
	return base
}

func get(t *testing.T, u string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// A Transport of our own, so gzip comes back as sent.
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// strict decodes body into v, failing on a field v's type does not have:
// the documented schema is exactly the render package's feed types.
func strict(t *testing.T, what string, body []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s does not decode into its documented schema: %v\n%.400s", what, err, body)
	}
}

func TestReportServeOnTheDemo(t *testing.T) {
	crawler, report := binaries(t)
	dsn := demoDB(t, crawler)
	base := startServe(t, report, dsn, nil)

	var d render.DigestFeed
	resp, body := get(t, base+"/api/digest.json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/api/digest.json: %s", resp.Status)
	}
	strict(t, "/api/digest.json", body, &d)
	if d.Schema != render.DigestSchema || len(d.Categories) < 3 || len(d.Positions) == 0 {
		t.Fatalf("digest: schema %q, %d categories, %d positions", d.Schema, len(d.Categories), len(d.Positions))
	}
	sku, phones := d.Positions[0].SKU, ""
	for _, c := range d.Categories {
		if c.Category == "Phones" {
			phones = c.Key
		}
	}
	if phones == "" {
		t.Fatal("the demo has no Phones group")
	}

	t.Run("the API serves the documented schemas", func(t *testing.T) {
		var p render.PositioningFeed
		_, body := get(t, base+"/api/positioning.json")
		strict(t, "/api/positioning.json", body, &p)
		if p.Schema != render.PositioningSchema || len(p.Items) != len(d.Positions) || len(p.Tiers) == 0 {
			t.Errorf("positioning: schema %q, %d items, %d tiers", p.Schema, len(p.Items), len(p.Tiers))
		}
		for _, table := range []string{"items", "tiers", "competitors"} {
			resp, body := get(t, base+"/api/positioning.csv?table="+table)
			recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			if err != nil || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" || len(recs) < 2 {
				t.Fatalf("positioning.csv?table=%s: %v, %s, %d records", table, err, resp.Header.Get("Content-Type"), len(recs))
			}
			want := map[string]string{"items": "sku", "tiers": "category", "competitors": "competitor"}[table]
			if recs[0][0] != want {
				t.Errorf("positioning.csv?table=%s starts with column %q, want %q (docs/positioning-feed.md)", table, recs[0][0], want)
			}
		}
		_, body = get(t, base+"/api/positioning.csv?excel=1")
		if !bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) || !bytes.Contains(body, []byte("\r\n")) {
			t.Errorf("positioning.csv?excel=1 lacks the BOM or CRLF: %q", body[:min(len(body), 20)])
		}
		var h render.HistoryFeed
		_, body = get(t, base+"/api/history.json?sku="+url.QueryEscape(sku))
		strict(t, "/api/history.json", body, &h)
		if h.Schema != render.HistorySchema || h.SKU != sku {
			t.Errorf("history: schema %q sku %q", h.Schema, h.SKU)
		}
		points := 0
		for _, l := range h.Listings {
			points += len(l.Points)
		}
		if len(d.Positions[0].Listings) > 0 && points < 2 {
			t.Errorf("history of %s has %d points over two demo weeks, want at least 2", sku, points)
		}
		for _, tt := range []struct{ path, status string }{
			{"/api/history.json", "400"}, {"/api/history.json?sku=NOPE", "404"}, {"/items/NOPE", "404"},
			{"/categories/NOPE", "404"}, {"/competitors/NOPE", "404"}, {"/nope", "404"}, {"/api/positioning.csv?table=x", "400"},
		} {
			if resp, _ := get(t, base+tt.path); !strings.HasPrefix(resp.Status, tt.status) {
				t.Errorf("%s: %s, want %s", tt.path, resp.Status, tt.status)
			}
		}
	})

	t.Run("responses are cacheable, compressed and forbid scripts", func(t *testing.T) {
		for _, path := range []string{"/", "/api/digest.json", "/categories/" + url.PathEscape(phones)} {
			resp, plain := get(t, base+path)
			csp := resp.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
				t.Errorf("%s: CSP %q, want default-src 'none' and no script source", path, csp)
			}
			etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
			if etag == "" || lm == "" {
				t.Fatalf("%s: ETag %q, Last-Modified %q", path, etag, lm)
			}
			if resp, _ := get(t, base+path, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
				t.Errorf("%s with If-None-Match: %s, want 304", path, resp.Status)
			}
			if resp, _ := get(t, base+path, "If-Modified-Since", lm); resp.StatusCode != http.StatusNotModified {
				t.Errorf("%s with If-Modified-Since: %s, want 304", path, resp.Status)
			}
			resp, zipped := get(t, base+path, "Accept-Encoding", "gzip")
			if resp.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("%s: not gzipped for a client that takes gzip", path)
			}
			zr, err := gzip.NewReader(bytes.NewReader(zipped))
			if err != nil {
				t.Fatal(err)
			}
			unzipped, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(unzipped, plain) || len(zipped) >= len(plain) {
				t.Errorf("%s: gzip body (%d bytes) is not the plain one (%d bytes) compressed: %v", path, len(zipped), len(plain), err)
			}
		}
	})

	t.Run("every page renders in Chromium without console errors", func(t *testing.T) {
		b := browsertest.New(t, 90*time.Second)
		out := browsertest.OutputDir(t)
		for _, p := range []struct{ path, shot string }{
			{"/", "digest.png"},
			{"/categories/" + url.PathEscape(phones), "category.png"},
			{"/items/" + url.PathEscape(sku), ""},
			{"/competitors/gadgethub", ""},
			{"/competitors/evilshop", ""},
		} {
			resp, err := chromedp.Run(b.Ctx, chromedp.NavigateResponse(base+p.path))
			if err != nil {
				t.Fatalf("%s: %v", p.path, err)
			}
			if resp.Status != http.StatusOK {
				t.Errorf("%s: status %d", p.path, resp.Status)
			}
			state, err := chromedp.Run(b.Ctx, chromedp.Evaluate[map[string]any](`({
				title: document.title,
				h1: (document.querySelector('h1') || {}).textContent || '',
				imgs: document.querySelectorAll('img').length,
				scripts: document.querySelectorAll('script').length,
				hostileAsText: document.body.innerText.includes(`+"`"+hostileTitle+"`"+`),
				jsLinks: Array.from(document.querySelectorAll('a')).filter(a => a.href.startsWith('javascript:')).length,
				svgs: document.querySelectorAll('svg').length,
			})`))
			if err != nil {
				t.Fatal(err)
			}
			if state["title"] == "" || state["h1"] == "" {
				t.Errorf("%s: no title or heading rendered: %v", p.path, state)
			}
			if state["imgs"] != float64(0) || state["scripts"] != float64(0) || state["jsLinks"] != float64(0) {
				t.Errorf("%s: scraped text became markup: %v", p.path, state)
			}
			if strings.HasPrefix(p.path, "/categories/") && state["hostileAsText"] != true {
				t.Errorf("%s: the hostile title is not shown as text", p.path)
			}
			if p.path != "/competitors/gadgethub" && p.path != "/competitors/evilshop" && state["svgs"] == float64(0) {
				t.Errorf("%s: no chart", p.path)
			}
			errs, err := b.TakeErrors()
			if err != nil || len(errs) > 0 {
				t.Errorf("%s: console errors %q (%v)", p.path, errs, err)
			}
			if p.shot != "" {
				png, err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(out, p.shot), png, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("screenshot %s", filepath.Join(out, p.shot))
			}
		}
	})

	t.Run("with a token every request without it gets 401", func(t *testing.T) {
		locked := startServe(t, report, dsn, []string{"SW_TEST_TOKEN=s3cret-token"}, "--token-env", "SW_TEST_TOKEN")
		for _, path := range []string{"/", "/categories/" + url.PathEscape(phones), "/items/" + url.PathEscape(sku), "/competitors/gadgethub",
			"/api/digest.json", "/api/positioning.json", "/api/positioning.csv", "/api/history.json?sku=" + url.QueryEscape(sku), "/nope"} {
			for _, auth := range []string{"", "Bearer wrong", "s3cret-token", "Basic s3cret-token", "Bearer s3cret-token2", "Bearer s3cret-toke"} {
				resp, body := get(t, locked+path, "Authorization", auth)
				if resp.StatusCode != http.StatusUnauthorized || bytes.Contains(body, []byte("s3cret")) {
					t.Errorf("%s with %q: %s, want 401", path, auth, resp.Status)
				}
			}
			want := http.StatusOK
			if path == "/nope" {
				want = http.StatusNotFound
			}
			// RFC 6750: the scheme's case does not matter.
			if resp, _ := get(t, locked+path, "Authorization", "bearer s3cret-token"); resp.StatusCode != want {
				t.Errorf("%s with the token: %s, want %d", path, resp.Status, want)
			}
		}
	})
}
