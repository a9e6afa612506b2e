package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// received is one request a fake chat server got.
type received struct {
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
}

type reply struct {
	status int
	body   string
	header map[string]string
}

// fakeChat is a chat platform's webhook endpoint: it records every request
// and answers from a script, the last reply repeating.
type fakeChat struct {
	*httptest.Server
	mu      sync.Mutex
	got     []received
	replies []reply
}

func newFakeChat(t *testing.T, replies ...reply) *fakeChat {
	t.Helper()
	f := &fakeChat{replies: replies}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.got = append(f.got, received{Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body})
		i := min(len(f.got)-1, len(f.replies)-1)
		rp := f.replies[i]
		f.mu.Unlock()
		for k, v := range rp.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(rp.status)
		io.WriteString(w, rp.body)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeChat) requests() []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]received(nil), f.got...)
}

// Replies that mean success on each platform.
var (
	okSlack   = reply{status: 200, body: "ok"}
	okErrcode = reply{status: 200, body: `{"errcode":0,"errmsg":"ok"}`}
	okFeishu  = reply{status: 200, body: `{"code":0,"msg":"success","data":{}}`}
	okPlain   = reply{status: 204}
)

// Token-like secrets, long enough to be told apart from ordinary text.
const (
	slackPath    = "/services/T0SHELF01/B0WATCH02/XyZsecretSlackToken0123"
	dingToken    = "d1n6t0k3nSECRETaccess0123456789abcdef"
	dingSecret   = "SECd1n6s1gn1ngs3cr3t0123456789abcdef0123456789"
	weComKey     = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
	feishuHook   = "/open-apis/bot/v2/hook/5f1e0b2a-feed-4c0d-b00c-5ec12e7f0011"
	feishuSecret = "fe1shuS1gn1ngSecretXYZ"
	hookToken    = "bearer-t0ken-for-the-planning-tool-0042"
	smtpPassword = "sm7p-p4ssw0rd-n0t-f0r-l0gs"
)

// env is a getenv over a map.
func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// newTestNotifier returns a Notifier over cfg whose backoff is recorded
// instead of slept, with its log lines collected in logs.
func newTestNotifier(t *testing.T, cfg Config, vars map[string]string, logs *bytes.Buffer) (*Notifier, *[]time.Duration) {
	t.Helper()
	var waits []time.Duration
	var mu sync.Mutex
	if logs == nil {
		logs = &bytes.Buffer{}
	}
	n, err := New(cfg, Options{
		Client: &http.Client{Timeout: 5 * time.Second},
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Getenv: env(vars),
		Now:    func() time.Time { return fixtureNow },
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			waits = append(waits, d)
			mu.Unlock()
			return ctx.Err()
		},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return n, &waits
}

// golden compares got (JSON) with testdata/golden/name, indented, or
// rewrites the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(got, &v); err != nil {
		t.Fatalf("%s: body is not JSON: %v\n%s", name, err, got)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./notify -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs from the golden file (rerun with -update if the change is meant):\n--- got\n%s", name, buf.String())
	}
}

func TestEachPlatformReceivesExactlyTheExpectedMessage(t *testing.T) {
	s := Summarize(fixtureInput())
	cases := []struct {
		name   string
		typ    Type
		path   string
		query  string
		secret string
		ok     reply
		golden string
		// check verifies what the golden file cannot: signatures and
		// headers computed at send time.
		check func(t *testing.T, r received)
	}{
		{name: "slack gets Block Kit", typ: Slack, path: slackPath, ok: okSlack, golden: "slack.json"},
		{name: "dingtalk gets a signed markdown message", typ: DingTalk, path: "/robot/send", query: "access_token=" + dingToken,
			secret: dingSecret, ok: okErrcode, golden: "dingtalk.json", check: func(t *testing.T, r received) {
				if got := r.Query["access_token"]; len(got) != 1 || got[0] != dingToken {
					t.Errorf("access_token = %q, want the configured token kept", got)
				}
				ts := r.Query.Get("timestamp")
				if want := strconv.FormatInt(fixtureNow.UnixMilli(), 10); ts != want {
					t.Errorf("timestamp = %q, want milliseconds %s", ts, want)
				}
				mac := hmac.New(sha256.New, []byte(dingSecret))
				mac.Write([]byte(ts + "\n" + dingSecret))
				if want := base64.StdEncoding.EncodeToString(mac.Sum(nil)); r.Query.Get("sign") != want {
					t.Errorf("sign = %q, want %q", r.Query.Get("sign"), want)
				}
			}},
		{name: "wecom gets markdown", typ: WeCom, path: "/cgi-bin/webhook/send", query: "key=" + weComKey, ok: okErrcode, golden: "wecom.json"},
		{name: "feishu gets a signed interactive card", typ: Feishu, path: feishuHook, secret: feishuSecret, ok: okFeishu, golden: "feishu.json",
			check: func(t *testing.T, r received) {
				var b struct{ Timestamp, Sign string }
				if err := json.Unmarshal(r.Body, &b); err != nil {
					t.Fatal(err)
				}
				if want := strconv.FormatInt(fixtureNow.Unix(), 10); b.Timestamp != want {
					t.Errorf("timestamp = %q, want seconds %s", b.Timestamp, want)
				}
				mac := hmac.New(sha256.New, []byte(b.Timestamp+"\n"+feishuSecret))
				if want := base64.StdEncoding.EncodeToString(mac.Sum(nil)); b.Sign != want {
					t.Errorf("sign = %q, want %q", b.Sign, want)
				}
			}},
		{name: "the generic webhook gets the summary as JSON with the bearer token", typ: Webhook, path: "/hooks/shelfwatch", ok: okPlain, golden: "webhook.json",
			check: func(t *testing.T, r received) {
				if got := r.Header.Get("Authorization"); got != "Bearer "+hookToken {
					t.Errorf("Authorization = %q", got)
				}
				var back Summary
				if err := json.Unmarshal(r.Body, &back); err != nil || back.Schema != SummarySchema || len(back.Gaps) != 4 {
					t.Errorf("summary JSON does not read back: %v, %+v", err, back)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newFakeChat(t, c.ok)
			u := srv.URL + c.path
			if c.query != "" {
				u += "?" + c.query
			}
			vars := map[string]string{"URL": u, "SECRET": c.secret, "TOKEN": hookToken}
			d := Destination{Name: "team", Type: c.typ, URL: Secret{Env: "URL"}}
			if c.secret != "" {
				d.Secret = Secret{Env: "SECRET"}
			}
			if c.typ == Webhook {
				d.Token = Secret{Env: "TOKEN"}
			}
			n, _ := newTestNotifier(t, Config{PublicURL: "https://reports.example.com/digest/2026-05-04", Destinations: []Destination{d}}, vars, nil)
			rep := n.Send(context.Background(), Digest{Summary: s})
			if err := rep.Err(); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.requests()
			if len(got) != 1 {
				t.Fatalf("server got %d requests, want 1", len(got))
			}
			if got[0].Path != c.path {
				t.Errorf("path = %q, want %q", got[0].Path, c.path)
			}
			if ct := got[0].Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q", ct)
			}
			golden(t, c.golden, got[0].Body)
			if c.check != nil {
				c.check(t, got[0])
			}
		})
	}
}

// text gathers the human-readable text of a chat body: every string value
// in the JSON, joined by newlines.
func text(t *testing.T, body []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case string:
			b.WriteString(x + "\n")
		}
	}
	walk(v)
	return b.String()
}

var moreRE = regexp.MustCompile(`… and (\d+) more`)

func TestMessagesStayWithinEachPlatformsLimits(t *testing.T) {
	for _, n := range []int{0, 1, 5, 40, 400} {
		in := bigInput(n)
		s := Summarize(in)
		for _, maxItems := range []int{5, 50} {
			m := compose(s, maxItems)
			t.Run(strconv.Itoa(n)+" gaps, "+strconv.Itoa(maxItems)+" listed at most", func(t *testing.T) {
				slack, ms, err := fit(m, slackLayout)
				if err != nil {
					t.Fatal(err)
				}
				if len(slack.Blocks) > slackMaxBlocks {
					t.Errorf("slack: %d blocks", len(slack.Blocks))
				}
				for _, b := range slack.Blocks {
					if b.Text != nil && utf8.RuneCountInString(b.Text.Text) > slackMaxText {
						t.Errorf("slack: a %s block of %d characters", b.Type, utf8.RuneCountInString(b.Text.Text))
					}
				}
				checkCounts(t, "slack", ms, n)

				ding, md, err := fit(m, dingTalkLayout)
				if err != nil {
					t.Fatal(err)
				}
				if len(ding) > dingTalkMaxBody {
					t.Errorf("dingtalk: %d bytes", len(ding))
				}
				checkCounts(t, "dingtalk", md, n)

				wc, mw, err := fit(m, weComLayout)
				if err != nil {
					t.Fatal(err)
				}
				var w weComMessage
				json.Unmarshal(wc, &w)
				if len(w.Markdown.Content) > weComMaxContent {
					t.Errorf("wecom: content of %d bytes", len(w.Markdown.Content))
				}
				if !utf8.ValidString(w.Markdown.Content) {
					t.Error("wecom: content cut inside a character")
				}
				checkCounts(t, "wecom", mw, n)

				fs, mf, err := fit(m, func(m message) (feishuMessage, bool) { return feishuLayout(m, true) })
				if err != nil {
					t.Fatal(err)
				}
				fs.Timestamp, fs.Sign = feishuSign("x", fixtureNow)
				body, _ := json.Marshal(fs)
				if len(body) > feishuMaxBody {
					t.Errorf("feishu: %d bytes", len(body))
				}
				checkCounts(t, "feishu", mf, n)
				if n >= 40 {
					if !strings.Contains(text(t, wc), "… and") {
						t.Error("wecom: a cut list does not say how many more there are")
					}
				}
			})
		}
	}
}

// checkCounts checks that every section lists some of its items and counts
// the rest exactly: shown + "… and N more" = all.
func checkCounts(t *testing.T, platform string, m message, n int) {
	t.Helper()
	for _, s := range m.Sections {
		lines := s.lines()
		shown := len(lines)
		more := 0
		if len(lines) > 0 {
			if g := moreRE.FindStringSubmatch(lines[len(lines)-1]); g != nil {
				more, _ = strconv.Atoi(g[1])
				shown--
			}
		}
		if shown+more != len(s.Items) {
			t.Errorf("%s: %s lists %d and counts %d more of %d", platform, s.Title, shown, more, len(s.Items))
		}
		if (s.Title == "Top gaps" || s.Title == "Biggest moves") && n > 0 && shown == 0 {
			t.Errorf("%s: %s lists nothing of %d", platform, s.Title, n)
		}
	}
}

func TestWeComCutsLongListsToFit(t *testing.T) {
	// 400 gaps listed 50 at most cannot fit 4096 bytes: the most listed
	// section gives way first and the count says how many are left out.
	m := compose(Summarize(bigInput(400)), 50)
	body, fitted, err := fit(m, weComLayout)
	if err != nil {
		t.Fatal(err)
	}
	var w weComMessage
	if err := json.Unmarshal(body, &w); err != nil {
		t.Fatal(err)
	}
	if len(w.Markdown.Content) > weComMaxContent || len(w.Markdown.Content) < weComMaxContent*2/3 {
		t.Errorf("content is %d bytes: want close to, not over, %d", len(w.Markdown.Content), weComMaxContent)
	}
	if m.Sections[1].Shown != 50 {
		t.Errorf("fit changed its input: the next platform would start from %d gaps", m.Sections[1].Shown)
	}
	gaps := fitted.Sections[1]
	if gaps.Shown == 0 || gaps.Shown >= 50 {
		t.Errorf("gaps listed: %d", gaps.Shown)
	}
	if want := "… and " + strconv.Itoa(400-gaps.Shown) + " more"; !strings.Contains(w.Markdown.Content, want) {
		t.Errorf("content lacks %q", want)
	}
}

func TestMarkupInScrapedTitlesIsEscaped(t *testing.T) {
	m := compose(Summarize(fixtureInput()), 5)
	md := markdownLayout(m)
	for _, bad := range []string{"<b>", "*限时*", "[秒杀]"} {
		if strings.Contains(md, bad) {
			t.Errorf("markdown keeps %q unescaped", bad)
		}
	}
	if !strings.Contains(md, `&lt;b&gt;\*限时\*&lt;/b&gt; \[秒杀\]`) {
		t.Errorf("escaped title not found in:\n%s", md)
	}
	sl, _ := slackLayout(m)
	for _, b := range sl.Blocks {
		if b.Text != nil && b.Text.Type == "mrkdwn" && strings.Contains(b.Text.Text, "<b>") {
			t.Errorf("slack mrkdwn keeps a tag: %q", b.Text.Text)
		}
	}
}

func TestSummarizeOrdersGapsAndMoves(t *testing.T) {
	s := Summarize(fixtureInput())
	var sev []string
	for _, g := range s.Gaps {
		sev = append(sev, g.Severity+":"+g.SKU)
	}
	// High first, and within high the larger score (40 before 31).
	if got, want := strings.Join(sev, " "), "high: high:PH-200 medium:PH-100 low:EP-3"; got != want {
		t.Errorf("gap order = %q, want %q", got, want)
	}
	var pcts []float64
	for _, m := range s.Moves {
		pcts = append(pcts, m.Pct)
	}
	if len(pcts) != 3 || pcts[0] != -15.4 || pcts[1] != 12.5 || pcts[2] != 1.7 {
		t.Errorf("moves = %v, want biggest first: [-15.4 12.5 1.7]", pcts)
	}
	if got := s.Quality.NeedsSecondRun; len(got) != 1 || got[0] != "newshop" {
		t.Errorf("needs second run = %v", got)
	}
	if s.Quality.Unmapped != 17 || s.Changes.PriceUp != 2 || s.Changes.PriceDown != 1 || s.Changes.New != 1 || s.Changes.StockOut != 1 {
		t.Errorf("counts = %+v, quality %+v", s.Changes, s.Quality)
	}
}
