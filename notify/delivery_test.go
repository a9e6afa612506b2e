package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestAFailingDestinationIsRetriedReportedAndDoesNotStopTheOthers(t *testing.T) {
	flaky := newFakeChat(t, reply{status: 503, body: "busy"}, reply{status: 502}, okSlack)
	down := newFakeChat(t, reply{status: 500, body: "internal"})
	fine := newFakeChat(t, okErrcode)
	cfg := Config{
		Retry: Retry{Attempts: 3, Backoff: 100 * time.Millisecond, MaxBackoff: time.Second},
		Destinations: []Destination{
			{Name: "flaky-slack", Type: Slack, URL: Secret{Env: "A"}},
			{Name: "down-dingtalk", Type: DingTalk, URL: Secret{Env: "B"}},
			{Name: "fine-wecom", Type: WeCom, URL: Secret{Env: "C"}},
		},
	}
	vars := map[string]string{"A": flaky.URL + slackPath, "B": down.URL + "/robot/send?access_token=" + dingToken, "C": fine.URL + "/send?key=" + weComKey}
	var logs bytes.Buffer
	n, waits := newTestNotifier(t, cfg, vars, &logs)
	rep := n.Send(context.Background(), Digest{Summary: Summarize(fixtureInput())})

	if got := []int{len(flaky.requests()), len(down.requests()), len(fine.requests())}; !slices.Equal(got, []int{3, 3, 1}) {
		t.Errorf("requests per server = %v, want [3 3 1]", got)
	}
	if rep[0].Err != nil || rep[0].Attempts != 3 {
		t.Errorf("flaky: %+v, want delivered on the 3rd attempt", rep[0])
	}
	if rep[1].Err == nil || rep[1].Attempts != 3 || !strings.Contains(rep[1].Err.Error(), "HTTP 500") {
		t.Errorf("down: %+v, want failed after 3 attempts with HTTP 500", rep[1])
	}
	if rep[2].Err != nil || rep[2].Attempts != 1 {
		t.Errorf("fine: %+v", rep[2])
	}
	// Backoff doubles per destination: 100ms, 200ms for each of the two
	// that failed at first.
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond}
	if !slices.Equal(*waits, want) {
		t.Errorf("waits = %v, want %v", *waits, want)
	}
	err := rep.Err()
	var fe *FailedError
	if !errors.As(err, &fe) || !slices.Equal(fe.Names(), []string{"down-dingtalk"}) {
		t.Fatalf("Err = %v, want a FailedError naming down-dingtalk only", err)
	}
	if !strings.Contains(err.Error(), "1 of 3 destinations failed: down-dingtalk (dingtalk) after 3 attempts") {
		t.Errorf("error = %q", err)
	}
	if !strings.Contains(logs.String(), "retrying") || !strings.Contains(logs.String(), "digest not delivered") {
		t.Errorf("logs lack the retries and the failure:\n%s", logs.String())
	}
}

func TestWhichFailuresAreRetried(t *testing.T) {
	cases := []struct {
		name     string
		typ      Type
		replies  []reply
		attempts int
		ok       bool
		waits    []time.Duration
	}{
		{"a refused request (400) is not retried", Slack, []reply{{status: 400, body: "invalid_payload"}}, 1, false, nil},
		{"a 404 (a deleted webhook) is not retried", Feishu, []reply{{status: 404}}, 1, false, nil},
		{"a rate limit (429) is retried after its Retry-After", Slack,
			[]reply{{status: 429, header: map[string]string{"Retry-After": "2"}}, okSlack}, 2, true, []time.Duration{2 * time.Second}},
		{"a Retry-After longer than max_backoff falls back to the backoff", Slack,
			[]reply{{status: 429, header: map[string]string{"Retry-After": "3600"}}, okSlack}, 2, true, []time.Duration{time.Second}},
		{"a bad DingTalk signature is not retried", DingTalk, []reply{{status: 200, body: `{"errcode":310000,"errmsg":"sign not match"}`}}, 1, false, nil},
		{"DingTalk's too-fast code is retried", DingTalk, []reply{{status: 200, body: `{"errcode":130101,"errmsg":"send too fast"}`}, okErrcode}, 2, true, []time.Duration{time.Second}},
		{"WeCom's frequency limit is retried", WeCom, []reply{{status: 200, body: `{"errcode":45009,"errmsg":"api freq out of limit"}`}, okErrcode}, 2, true, []time.Duration{time.Second}},
		{"an invalid WeCom key is not retried", WeCom, []reply{{status: 200, body: `{"errcode":93000,"errmsg":"invalid webhook url"}`}}, 1, false, nil},
		{"a Feishu error code fails the destination", Feishu, []reply{{status: 200, body: `{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}`}}, 1, false, nil},
		{"an old Feishu robot's StatusCode 0 is success", Feishu, []reply{{status: 200, body: `{"StatusCode":0,"StatusMessage":"success"}`}}, 1, true, nil},
		{"a reply that is not the platform's is an error", WeCom, []reply{{status: 200, body: `<html>login</html>`}}, 1, false, nil},
		{"5xx until attempts run out", Webhook, []reply{{status: 503}}, 4, false, []time.Duration{time.Second, 2 * time.Second, 2 * time.Second}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newFakeChat(t, c.replies...)
			cfg := Config{
				Retry:        Retry{Attempts: 4, Backoff: time.Second, MaxBackoff: 2 * time.Second},
				Destinations: []Destination{{Name: "d", Type: c.typ, URL: Secret{Env: "U"}}},
			}
			n, waits := newTestNotifier(t, cfg, map[string]string{"U": srv.URL + "/hook/abcdefabcdefabcdef"}, nil)
			rep := n.Send(context.Background(), Digest{Summary: Summarize(fixtureInput())})
			if (rep[0].Err == nil) != c.ok || rep[0].Attempts != c.attempts {
				t.Errorf("result %+v: want ok=%v after %d attempts", rep[0], c.ok, c.attempts)
			}
			if len(srv.requests()) != c.attempts {
				t.Errorf("server got %d requests, want %d", len(srv.requests()), c.attempts)
			}
			if !slices.Equal(*waits, c.waits) {
				t.Errorf("waits = %v, want %v", *waits, c.waits)
			}
		})
	}
}

func TestACancelledContextStopsRetryingAndFailsTheRest(t *testing.T) {
	srv := newFakeChat(t, reply{status: 503})
	other := newFakeChat(t, okSlack)
	ctx, cancel := context.WithCancel(context.Background())
	n, err := New(Config{
		Retry: Retry{Attempts: 5, Backoff: time.Hour, MaxBackoff: time.Hour},
		Destinations: []Destination{
			{Name: "first", Type: Slack, URL: Secret{Env: "A"}},
			{Name: "second", Type: Slack, URL: Secret{Env: "B"}},
		},
	}, Options{Getenv: env(map[string]string{"A": srv.URL + "/a", "B": other.URL + "/b"}),
		// The real sleep: an hour's backoff must end when ctx does.
		Sleep: func(ctx context.Context, d time.Duration) error { cancel(); return sleep(ctx, d) }})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rep := n.Send(ctx, Digest{Summary: Summarize(fixtureInput())})
	if time.Since(start) > 10*time.Second {
		t.Fatal("Send did not stop with its context")
	}
	if !errors.Is(rep[0].Err, context.Canceled) || rep[0].Attempts != 1 {
		t.Errorf("first: %+v, want cancelled after 1 attempt", rep[0])
	}
	if !errors.Is(rep[1].Err, context.Canceled) || len(other.requests()) != 0 {
		t.Errorf("second: %+v (%d requests), want not tried", rep[1], len(other.requests()))
	}
}

func TestTheRealBackoffWaits(t *testing.T) {
	srv := newFakeChat(t, reply{status: 500}, okSlack)
	n, err := New(Config{
		Retry:        Retry{Attempts: 2, Backoff: 20 * time.Millisecond},
		Destinations: []Destination{{Name: "s", Type: Slack, URL: Secret{Env: "A"}}},
	}, Options{Getenv: env(map[string]string{"A": srv.URL + "/x"})})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rep := n.Send(context.Background(), Digest{Summary: Summarize(fixtureInput())})
	if rep.Err() != nil || time.Since(start) < 20*time.Millisecond {
		t.Errorf("err %v after %v: want success after waiting at least 20ms", rep.Err(), time.Since(start))
	}
}

// secrets are every secret the tests configure; none may ever be printed.
var secrets = []string{slackPath[1:], "XyZsecretSlackToken0123", dingToken, dingSecret, weComKey, feishuHook[1:],
	"5f1e0b2a-feed-4c0d-b00c-5ec12e7f0011", feishuSecret, hookToken, smtpPassword}

func assertNoSecret(t *testing.T, where, s string) {
	t.Helper()
	for _, sec := range secrets {
		if strings.Contains(s, sec) {
			t.Errorf("%s shows the secret %q:\n%s", where, sec, s)
		}
	}
}

func TestSecretsNeverAppearInErrorsOrLogs(t *testing.T) {
	// A server that quotes the request URL back, as some proxies do.
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, "bad request to %s (escaped %s)", r.URL.String(), r.URL.EscapedPath())
	}))
	defer echo.Close()
	// A closed server: the client's *url.Error quotes the whole URL.
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	feishu := newFakeChat(t, reply{status: 200, body: `{"code":19021,"msg":"sign match fail"}`})

	vars := map[string]string{
		"SLACK":       echo.URL + slackPath,
		"DING":        closedURL + "/robot/send?access_token=" + dingToken,
		"DING_SECRET": dingSecret,
		"WECOM":       echo.URL + "/cgi-bin/webhook/send?key=" + weComKey,
		"FEISHU":      feishu.URL + feishuHook,
		"FEISHU_SEC":  feishuSecret,
		"HOOK_TOKEN":  hookToken,
		"SMTP_PASS":   smtpPassword,
	}
	cfg := Config{
		Retry: Retry{Attempts: 2, Backoff: time.Millisecond},
		Destinations: []Destination{
			{Name: "slack", Type: Slack, URL: Secret{Env: "SLACK"}},
			{Name: "ding", Type: DingTalk, URL: Secret{Env: "DING"}, Secret: Secret{Env: "DING_SECRET"}},
			{Name: "wecom", Type: WeCom, URL: Secret{Env: "WECOM"}},
			{Name: "feishu", Type: Feishu, URL: Secret{Env: "FEISHU"}, Secret: Secret{Env: "FEISHU_SEC"}},
			{Name: "hook", Type: Webhook, URL: Secret{Value: echo.URL + "/plain"}, Token: Secret{Env: "HOOK_TOKEN"}},
			{Name: "mail", Type: Email, Host: "127.0.0.1", Port: closedPort(t), TLS: NoTLS, Auth: AuthPlain,
				Username: "digest", Password: Secret{Env: "SMTP_PASS"}, From: "digest@example.com", To: []string{"a@example.com"}},
		},
	}
	var logs bytes.Buffer
	n, _ := newTestNotifier(t, cfg, vars, &logs)
	rep := n.Send(context.Background(), Digest{Summary: Summarize(fixtureInput()), Text: []byte("digest")})
	if len(rep.Failed()) != 6 {
		t.Fatalf("want all 6 destinations to fail, got %+v", rep)
	}
	for _, r := range rep {
		assertNoSecret(t, "error of "+r.Name, r.Err.Error())
		assertNoSecret(t, "error of "+r.Name, fmt.Sprintf("%v %+v %#v", r.Err, r, r.Err))
	}
	assertNoSecret(t, "the report's error", rep.Err().Error())
	assertNoSecret(t, "the log", logs.String())
	if !strings.Contains(rep.Err().Error(), redacted) {
		t.Errorf("the errors quote no redacted URL, so the test proves nothing: %v", rep.Err())
	}
	// The redaction must not hide what helps: destination names and codes.
	for _, want := range []string{"slack (slack)", "HTTP 400", "19021", "connect"} {
		if !strings.Contains(rep.Err().Error(), want) {
			t.Errorf("error lacks %q: %v", want, rep.Err())
		}
	}
}

func TestMissingSecretsAreNamedNotShown(t *testing.T) {
	cfg := Config{Destinations: []Destination{
		{Name: "s", Type: Slack, URL: Secret{Env: "NOT_SET"}},
		{Name: "d", Type: DingTalk, URL: Secret{Env: "DING"}, Secret: Secret{File: "/nonexistent/secret"}},
		{Name: "w", Type: WeCom, URL: Secret{Env: "NOT_A_URL"}},
	}}
	_, err := New(cfg, Options{Getenv: env(map[string]string{"DING": "https://x.example/robot?access_token=" + dingToken, "NOT_A_URL": weComKey})})
	if err == nil {
		t.Fatal("New accepted missing secrets")
	}
	for _, want := range []string{`"s" (slack): url: environment variable NOT_SET is not set`,
		`"d" (dingtalk): secret: read secret file /nonexistent/secret`,
		`"w" (wecom): the url from environment variable NOT_A_URL is not an absolute http(s) URL`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	assertNoSecret(t, "New's error", err.Error())
}
