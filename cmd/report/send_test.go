package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/notify"
	"github.com/shelfwatch/shelfwatch/store"
)

// chatServer records the bodies it is sent and answers with status.
type chatServer struct {
	*httptest.Server
	mu     sync.Mutex
	bodies [][]byte
}

func newChatServer(t *testing.T, status int, body string) *chatServer {
	c := &chatServer{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		c.bodies = append(c.bodies, b)
		c.mu.Unlock()
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(c.Close)
	return c
}

func (c *chatServer) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.bodies)
}

func TestDigestSendDeliversAndNamesTheFailedDestination(t *testing.T) {
	dsn := seededDSN(t)

	slack := newChatServer(t, 200, "ok")
	down := newChatServer(t, 503, "down")
	const slackToken = "T0000/B0000/sendDigestSecretToken42"
	const hookToken = "planning-bearer-token-0123456789"
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "shelfwatch.yaml")
	cfg := `database: sqlite:unused.db
notify:
  public_url: https://reports.example.com/digest
  retry: {attempts: 2, backoff: 10ms}
  destinations:
    - {name: buyers-slack, type: slack, url_env: TEST_SLACK_URL}
    - {name: planning-hook, type: webhook, url: "` + down.URL + `/hook", token_file: hook.token}
`
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hook.token"), []byte(hookToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"SHELFWATCH_DB": dsn, "TEST_SLACK_URL": slack.URL + "/services/" + slackToken}
	getenv := func(k string) string { return vars[k] }

	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"digest", "--config", cfgPath, "--send"}, getenv, &out, &errb)

	var fe *notify.FailedError
	if !errors.As(err, &fe) || len(fe.Failed) != 1 || fe.Failed[0].Name != "planning-hook" {
		t.Fatalf("err = %v, want a failure naming planning-hook only\n%s", err, errb.String())
	}
	if code := cmdline.ExitCode("report", err, io.Discard); code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if slack.count() != 1 || down.count() != 2 {
		t.Errorf("slack got %d messages, the failing hook %d attempts; want 1 and 2", slack.count(), down.count())
	}
	if out.Len() != 0 {
		t.Errorf("--send without --out printed the digest:\n%s", out.String())
	}
	for _, want := range []string{"sent the digest to buyers-slack (slack)", "FAILED to send the digest to planning-hook (webhook) after 2 attempt(s): HTTP 503"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
	for _, secret := range []string{slackToken, hookToken} {
		if strings.Contains(errb.String(), secret) || strings.Contains(err.Error(), secret) {
			t.Errorf("a secret was printed:\n%s\n%v", errb.String(), err)
		}
	}
	// The Slack message summarises the seeded week and links the digest.
	var msg struct {
		Blocks []struct {
			Type string
			Text *struct{ Text string }
		}
	}
	if err := json.Unmarshal(slack.bodies[0], &msg); err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, b := range msg.Blocks {
		if b.Text != nil {
			all.WriteString(b.Text.Text + "\n")
		}
	}
	for _, want := range []string{"3 competitors", "jdmall: run #", "Biggest moves", "<https://reports.example.com/digest|Open the full digest>"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("slack message lacks %q:\n%s", want, all.String())
		}
	}
}

func TestDigestSendConfigErrorsExitTwo(t *testing.T) {
	dsn := seeded(t, store.DialectSQLite, func(*store.DB) {}) // migrated, empty
	cases := []struct{ name, notify, want string }{
		{"no notify section", "", "has no notify: destinations"},
		{"an unset variable", "notify:\n  destinations:\n    - {name: ops, type: wecom, url_env: UNSET_WECOM_URL}\n",
			`destination "ops" (wecom): url: environment variable UNSET_WECOM_URL is not set`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(path, []byte("database: sqlite:unused.db\n"+c.notify), 0o644); err != nil {
				t.Fatal(err)
			}
			var out, errb bytes.Buffer
			err := run(context.Background(), []string{"digest", "--config", path, "--send"},
				func(k string) string {
					if k == "SHELFWATCH_DB" {
						return dsn
					}
					return ""
				}, &out, &errb)
			if !cmdline.IsUsage(err) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want a usage error containing %q", err, c.want)
			}
		})
	}
}
