package notify

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"mime"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/alert"
	"github.com/shelfwatch/shelfwatch/pricing"
)

// fixtureAlerts are one alert of each kind, with a hostile title.
func fixtureAlerts() []alert.Alert {
	at := fixtureNow
	return []alert.Alert{
		{Key: "k1", Kind: alert.PriceDown, Rule: alert.PriceMove, Competitor: "jd-mall", SKU: "PH-100", ItemTitle: "Phone A",
			ListingKey: "100012", ListingTitle: "小米 Redmi Note 13 <b>*限时*</b> [秒杀]", From: money("1299", "CNY"), To: money("1099", "CNY"), Pct: -15.4, RunID: 41, At: at},
		{Key: "k2", Kind: alert.PriceUp, Rule: alert.PriceMove, Competitor: "tmall-shop", SKU: "EP-3", ItemTitle: "Buds Lite",
			ListingKey: "t-77", ListingTitle: "华为 FreeBuds 5i", From: money("399", "CNY"), To: money("449", "CNY"), Pct: 12.5, RunID: 42, At: at},
		{Key: "k3", Kind: alert.Undercuts, Rule: alert.Undercut, Competitor: "jd-mall", SKU: "PH-200", ItemTitle: "Phone B",
			ListingKey: "100013", ListingTitle: "Phone B rival", Ours: money("2299", "CNY"), To: money("2099", "CNY"), Pct: -8.7, RunID: 41, At: at},
		{Key: "k4", Kind: alert.StockOut, Rule: alert.Stock, Competitor: "jd-mall", SKU: "PH-100", ListingKey: "100014", ListingTitle: "Note 13 Pro", From: money("1599", "CNY"), RunID: 41, At: at},
		{Key: "k5", Kind: alert.StockBack, Rule: alert.Stock, Competitor: "jd-mall", SKU: "PH-100", ListingKey: "100015", ListingTitle: "Note 13 Lite", To: money("899", "CNY"), RunID: 41, At: at},
		{Key: "k6", Kind: alert.SuspectRun, Rule: alert.RunQuality, Competitor: "pdd", RunID: 44, Reason: "items fell 92% from the previous run", At: at},
		{Key: "k7", Kind: alert.Stale, Rule: alert.RunQuality, Competitor: "suning", RunID: 12, LastSuccess: at.Add(-100 * time.Hour), At: at},
	}
}

// manyAlerts are n price cuts with long Chinese titles.
func manyAlerts(n int) []alert.Alert {
	var out []alert.Alert
	for i := range n {
		out = append(out, alert.Alert{Key: fmt.Sprintf("m%03d", i), Kind: alert.PriceDown, Rule: alert.PriceMove, Competitor: "jd-mall",
			SKU: fmt.Sprintf("SKU-%04d", i), ItemTitle: "华为 Mate 60 Pro 12GB+512GB 雅川青",
			ListingKey: fmt.Sprintf("k%04d", i), ListingTitle: fmt.Sprintf("华为 Mate 60 Pro 12GB+512GB 雅川青 卫星通话 鸿蒙智能手机 官方旗舰店正品 型号 %03d %s", i, strings.Repeat("限时特惠", 20)),
			From: money("6999", "CNY"), To: money("6499", "CNY"), Pct: -7.1, RunID: 41, At: fixtureNow})
	}
	return out
}

// chatBody is what a chat message says, markup aside: every string in the
// JSON, joined.
func chatBody(t *testing.T, body []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, body)
	}
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			b.WriteString(x + "\n")
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return b.String()
}

func TestSendAlertsToEveryChatPlatform(t *testing.T) {
	cases := []struct {
		typ    Type
		ok     reply
		escape func(string) string
	}{
		{Slack, okSlack, func(s string) string { return s }}, // plain_text blocks
		{DingTalk, okErrcode, mdEscape},
		{WeCom, okErrcode, mdEscape},
		{Feishu, okFeishu, func(s string) string { return s }},
	}
	for _, c := range cases {
		t.Run(string(c.typ), func(t *testing.T) {
			srv := newFakeChat(t, c.ok)
			dst := Destination{Name: "chat", Type: c.typ, URL: Secret{Env: "U"}}
			if c.typ == DingTalk || c.typ == Feishu {
				dst.Secret = Secret{Env: "S"}
			}
			n, _ := newTestNotifier(t, Config{PublicURL: "https://reports.example.com/d", Destinations: []Destination{dst}},
				map[string]string{"U": srv.URL + "/hook/" + weComKey, "S": dingSecret}, nil)
			as := fixtureAlerts()
			res, delivered := n.SendAlerts(context.Background(), "chat", as)
			if res.Err != nil || delivered != len(as) || res.Attempts != 1 {
				t.Fatalf("result %+v, delivered %d: want all %d in one message", res, delivered, len(as))
			}
			reqs := srv.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			body := chatBody(t, reqs[0].Body)
			for _, a := range as {
				if line := c.escape(a.Text()); !strings.Contains(body, line) {
					t.Errorf("message lacks %q:\n%s", line, body)
				}
			}
			for _, want := range []string{"Shelfwatch alerts", "7 new alerts", "Price cut", "Undercut", "Stale data", "https://reports.example.com/d"} {
				if !strings.Contains(body, want) {
					t.Errorf("message lacks %q", want)
				}
			}
			if strings.Contains(body, "more") {
				t.Errorf("an alert message must list every alert, not count the rest:\n%s", body)
			}
			if strings.Contains(string(reqs[0].Body), "<b>") {
				t.Errorf("the hostile title's markup went out unescaped:\n%s", reqs[0].Body)
			}
			switch c.typ {
			case DingTalk:
				if reqs[0].Query.Get("sign") == "" || reqs[0].Query.Get("timestamp") == "" {
					t.Errorf("DingTalk request not signed: %v", reqs[0].Query)
				}
			case Feishu:
				var m feishuMessage
				json.Unmarshal(reqs[0].Body, &m)
				if ts, sign := feishuSign(dingSecret, fixtureNow); m.Timestamp != ts || m.Sign != sign {
					t.Errorf("Feishu signature %q/%q, want %q/%q", m.Timestamp, m.Sign, ts, sign)
				}
			}
		})
	}
}

func TestManyAlertsAreSplitNeverCut(t *testing.T) {
	for _, c := range []struct {
		typ     Type
		ok      reply
		atLeast int
	}{
		{Slack, okSlack, 3},      // 45 alerts at most 20 a message
		{WeCom, okErrcode, 5},    // 4096 bytes of markdown: a few long Chinese lines each
		{DingTalk, okErrcode, 3}, // 20,000 bytes
		{Feishu, okFeishu, 3},    // 30 KB
	} {
		t.Run(string(c.typ), func(t *testing.T) {
			srv := newFakeChat(t, c.ok)
			n, _ := newTestNotifier(t, Config{Destinations: []Destination{{Name: "chat", Type: c.typ, URL: Secret{Env: "U"}}}},
				map[string]string{"U": srv.URL + "/hook/x"}, nil)
			as := manyAlerts(45)
			res, delivered := n.SendAlerts(context.Background(), "chat", as)
			if res.Err != nil || delivered != 45 {
				t.Fatalf("result %+v, delivered %d", res, delivered)
			}
			reqs := srv.requests()
			if len(reqs) < c.atLeast {
				t.Errorf("%d messages, want at least %d", len(reqs), c.atLeast)
			}
			seen := map[string]int{}
			for _, r := range reqs {
				body := chatBody(t, r.Body)
				if strings.Contains(body, "… and") {
					t.Errorf("a message cut its list:\n%s", body)
				}
				for _, a := range as {
					if strings.Contains(body, fmt.Sprintf("型号 %03d", mustIndex(a.Key))) {
						seen[a.Key]++
					}
				}
			}
			for _, a := range as {
				if seen[a.Key] != 1 {
					t.Errorf("alert %s appears in %d messages, want 1", a.Key, seen[a.Key])
				}
			}
		})
	}
}

func mustIndex(key string) int {
	var i int
	fmt.Sscanf(key, "m%d", &i)
	return i
}

func TestAFailedAlertMessageStopsTheRestAndCountsWhatWentThrough(t *testing.T) {
	// The first message goes through, the second fails for good.
	srv := newFakeChat(t, okSlack, reply{status: 404, body: "no_service"})
	n, _ := newTestNotifier(t, Config{Destinations: []Destination{{Name: "chat", Type: Slack, URL: Secret{Env: "U"}}}},
		map[string]string{"U": srv.URL + slackPath}, nil)
	res, delivered := n.SendAlerts(context.Background(), "chat", manyAlerts(45))
	if res.Err == nil || !strings.Contains(res.Err.Error(), "HTTP 404") {
		t.Errorf("err = %v, want the 404", res.Err)
	}
	if delivered != 20 || len(srv.requests()) != 2 {
		t.Errorf("delivered %d in %d requests, want the first message's 20 and no third request", delivered, len(srv.requests()))
	}
	assertNoSecret(t, "the error", res.Err.Error())
}

func TestAlertsRetryLikeTheDigest(t *testing.T) {
	srv := newFakeChat(t, reply{status: 503}, okErrcode)
	n, waits := newTestNotifier(t, Config{Retry: Retry{Attempts: 3, Backoff: time.Second, MaxBackoff: time.Minute},
		Destinations: []Destination{{Name: "w", Type: WeCom, URL: Secret{Env: "U"}}}}, map[string]string{"U": srv.URL + "/x"}, nil)
	res, delivered := n.SendAlerts(context.Background(), "w", fixtureAlerts())
	if res.Err != nil || res.Attempts != 2 || delivered != 7 || len(*waits) != 1 {
		t.Errorf("result %+v, delivered %d, waits %v: want delivered on the 2nd attempt", res, delivered, *waits)
	}
}

func TestSendAlertsToTheWebhook(t *testing.T) {
	srv := newFakeChat(t, okPlain)
	n, _ := newTestNotifier(t, Config{PublicURL: "https://r.example/d", Destinations: []Destination{{Name: "hook", Type: Webhook,
		URL: Secret{Value: srv.URL + "/alerts"}, Token: Secret{Env: "T"}}}}, map[string]string{"T": hookToken}, nil)
	as := fixtureAlerts()
	res, delivered := n.SendAlerts(context.Background(), "hook", as)
	if res.Err != nil || delivered != 7 {
		t.Fatalf("%+v, %d", res, delivered)
	}
	r := srv.requests()[0]
	if r.Header.Get("Authorization") != "Bearer "+hookToken {
		t.Errorf("Authorization = %q", r.Header.Get("Authorization"))
	}
	var doc struct {
		Schema      string    `json:"schema"`
		GeneratedAt time.Time `json:"generated_at"`
		URL         string    `json:"url"`
		Alerts      []struct {
			alert.Alert
			Text string `json:"text"`
		} `json:"alerts"`
	}
	dec := json.NewDecoder(strings.NewReader(string(r.Body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("body does not decode strictly: %v\n%s", err, r.Body)
	}
	if doc.Schema != AlertsSchema || !doc.GeneratedAt.Equal(fixtureNow) || doc.URL != "https://r.example/d" || len(doc.Alerts) != 7 {
		t.Fatalf("doc = %+v", doc)
	}
	for i, a := range doc.Alerts {
		if a.Key != as[i].Key || a.Text != as[i].Text() || a.Kind != as[i].Kind {
			t.Errorf("alert %d = %+v, want %+v", i, a, as[i])
		}
	}
	if got := doc.Alerts[0].From; got == nil || *got != (pricing.Money{Amount: pricing.MustAmount("1299"), Currency: "CNY"}) {
		t.Errorf("from = %v", got)
	}
}

func TestSendAlertsByEmail(t *testing.T) {
	cert, pool := selfSigned(t)
	srv := newFakeSMTP(t, &fakeSMTP{cert: cert, starttls: true, user: "digest", pw: smtpPassword})
	// The destination's subject and attachment setting are the digest's.
	dst := Destination{Name: "mail", Type: Email, Host: "127.0.0.1", Port: srv.port(), TLS: STARTTLS, Auth: AuthPlain,
		Username: "digest", Password: Secret{Env: "P"}, From: "digest@example.com", To: []string{"a@example.com", "b@example.com"},
		Subject: "Weekly digest", Attach: true}
	n, err := New(Config{Destinations: []Destination{dst}}, Options{Getenv: env(map[string]string{"P": smtpPassword}),
		Now: func() time.Time { return fixtureNow }, TLS: &tls.Config{RootCAs: pool}})
	if err != nil {
		t.Fatal(err)
	}
	as := fixtureAlerts()
	res, delivered := n.SendAlerts(context.Background(), "mail", as)
	if res.Err != nil || delivered != 7 {
		t.Fatalf("%+v, %d", res, delivered)
	}
	got := srv.received()
	if len(got) != 1 || len(got[0].To) != 2 {
		t.Fatalf("%d mails", len(got))
	}
	hdr, bodies, files := parts(t, got[0].Data)
	subj, _ := new(mime.WordDecoder).DecodeHeader(hdr.Get("Subject"))
	if !strings.HasPrefix(subj, "Shelfwatch alerts: PH-100 Phone A: jd-mall cut") || !strings.HasSuffix(subj, "(+6 more) — 2026-05-04") {
		t.Errorf("Subject = %q", subj)
	}
	if len(files) != 0 {
		t.Errorf("an alert email carries no attachment, got %v", files)
	}
	text := strings.ReplaceAll(bodies["text/plain"], "\r\n", "\n")
	for _, a := range as {
		if !strings.Contains(text, a.Text()) {
			t.Errorf("text lacks %q", a.Text())
		}
	}
	html := bodies["text/html"]
	if strings.Contains(html, "<b>*限时*</b>") || !strings.Contains(html, "&lt;b&gt;*限时*&lt;/b&gt;") {
		t.Errorf("HTML does not escape the scraped title:\n%s", html)
	}
	assertNoSecret(t, "the mail", string(got[0].Data))
}

func TestSendAlertsToAnUnknownDestination(t *testing.T) {
	n, _ := newTestNotifier(t, Config{}, nil, nil)
	res, delivered := n.SendAlerts(context.Background(), "nope", fixtureAlerts())
	if res.Err == nil || delivered != 0 {
		t.Errorf("%+v, %d: want an error", res, delivered)
	}
	if res, delivered := n.SendAlerts(context.Background(), "nope", nil); res.Err == nil || delivered != 0 {
		t.Errorf("no alerts to an unknown destination: %+v", res)
	}
}
