package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/store"
)

func TestVersionPrintsTheModuleLine(t *testing.T) {
	for _, arg := range []string{"--version", "-version"} {
		out, _, err := runReport(t, arg)
		if err != nil || !strings.HasPrefix(out, "report ") || !strings.HasSuffix(out, "\n") || strings.Count(out, "\n") != 1 {
			t.Errorf("report %s = %q, %v; want one line starting with \"report \"", arg, out, err)
		}
	}
}

// subcommands are every report subcommand, with the arguments that get
// each past its own checks.
var subcommands = [][]string{
	{"digest"}, {"positioning"}, {"matches", "--review"}, {"plan", "--target", "1000", "--aov", "45"},
	{"serve"}, {"history", "--sku", "X"},
}

func TestEverySubcommandTakesTheLoggingFlags(t *testing.T) {
	for _, sub := range subcommands {
		name := sub[0]
		t.Run(name+" lists them in its help", func(t *testing.T) {
			_, errOut, err := runReport(t, name, "--help")
			if err != cmdline.ErrHelp {
				t.Fatalf("--help: %v", err)
			}
			for _, flag := range []string{"-log-format", "-log-level", "-q"} {
				if !strings.Contains(errOut, flag) {
					t.Errorf("help lacks %s:\n%s", flag, errOut)
				}
			}
		})
		for _, bad := range [][]string{{"--log-format", "xml"}, {"--log-level", "loud"}} {
			t.Run(name+" "+strings.Join(bad, " ")+" is a usage error", func(t *testing.T) {
				_, _, err := runReport(t, append(append([]string{}, sub...), bad...)...)
				if !cmdline.IsUsage(err) || !strings.Contains(err.Error(), bad[0][2:]) {
					t.Errorf("err = %v, want a usage error naming %s", err, bad[0])
				}
			})
		}
	}
	// plan needs no database: with good flags it runs to the end.
	out, _, err := runReport(t, "plan", "--target", "1000", "--aov", "45", "--log-format", "json", "--log-level", "debug", "-q")
	if err != nil || !strings.Contains(out, "sales target per year") {
		t.Errorf("plan with logging flags: %v\n%s", err, out)
	}
}

// TestLoggingFlagsShapeWhatDigestSendLogs sends the digest to a webhook
// that always fails: its retries are logged as the flags ask, while the
// per-destination summary lines stay under -q.
func TestLoggingFlagsShapeWhatDigestSendLogs(t *testing.T) {
	dsn := seededDSN(t)
	down := newChatServer(t, 503, "down")
	cfgPath := filepath.Join(t.TempDir(), "shelfwatch.yaml")
	cfg := "database: sqlite:unused.db\nnotify:\n  retry: {attempts: 2, backoff: 1ms}\n  destinations:\n    - {name: planning, type: webhook, url: \"" + down.URL + "/hook\"}\n"
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	const retry = "digest delivery failed, retrying"
	tests := []struct {
		name      string
		flags     []string
		retryLine func(string) bool // nil: no retry line
	}{
		{"text logs by default", nil, func(l string) bool {
			return strings.Contains(l, "level=WARN") && strings.Contains(l, `msg="`+retry+`"`)
		}},
		{"--log-format json logs JSON objects", []string{"--log-format", "json"}, func(l string) bool {
			var rec map[string]any
			return json.Unmarshal([]byte(l), &rec) == nil && rec["level"] == "WARN" && rec["msg"] == retry && rec["destination"] == "planning"
		}},
		{"-q keeps errors only", []string{"-q"}, nil},
		{"--log-level error keeps errors only", []string{"--log-level", "error"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			args := append([]string{"digest", "--since", "7d", "--config", cfgPath, "--send"}, tt.flags...)
			err := run(context.Background(), args, func(k string) string {
				if k == "SHELFWATCH_DB" {
					return dsn
				}
				return ""
			}, &out, &errb)
			if err == nil || cmdline.ExitCode("report", err, io.Discard) != 1 {
				t.Errorf("err = %v, want exit 1 for the failed destination", err)
			}
			if !strings.Contains(errb.String(), "FAILED to send the digest to planning (webhook) after 2 attempt(s)") {
				t.Errorf("the summary line is missing:\n%s", errb.String())
			}
			found := false
			for _, l := range strings.Split(errb.String(), "\n") {
				if strings.Contains(l, retry) {
					found = tt.retryLine != nil && tt.retryLine(l)
					if !found {
						t.Errorf("unexpected retry line: %s", l)
					}
				}
			}
			if tt.retryLine != nil && !found {
				t.Errorf("no retry line in the asked format:\n%s", errb.String())
			}
		})
	}
}

func TestServeSettingsPreferFlagsThenConfig(t *testing.T) {
	vars := map[string]string{"CFG_TOKEN": "from-config", "FLAG_TOKEN": "from-flag", "BLANK_TOKEN": "  "}
	e := &env{getenv: func(k string) string { return vars[k] }}
	tests := []struct {
		name       string
		sc         config.Serve
		set        []string
		listen     string
		tokenEnv   string
		addr, tok  string
		usageError string
	}{
		{"neither: the default address and no token", config.Serve{}, nil, defaultListen, "", defaultListen, "", ""},
		{"the config's section", config.Serve{Listen: ":9000", TokenEnv: "CFG_TOKEN"}, nil, defaultListen, "", ":9000", "from-config", ""},
		{"flags win over the config", config.Serve{Listen: ":9000", TokenEnv: "CFG_TOKEN"}, []string{"listen", "token-env"}, "127.0.0.1:7000", "FLAG_TOKEN",
			"127.0.0.1:7000", "from-flag", ""},
		{"a flag given with the default value still wins", config.Serve{Listen: ":9000"}, []string{"listen"}, defaultListen, "", defaultListen, "", ""},
		{"one flag, the other key from the config", config.Serve{Listen: ":9000", TokenEnv: "CFG_TOKEN"}, []string{"token-env"}, defaultListen, "FLAG_TOKEN",
			":9000", "from-flag", ""},
		{"the config's variable unset", config.Serve{TokenEnv: "UNSET_TOKEN"}, nil, defaultListen, "", "", "", "serve.token_env UNSET_TOKEN: the variable is empty or unset"},
		{"the flag's variable blank", config.Serve{}, []string{"token-env"}, defaultListen, "BLANK_TOKEN", "", "", "--token-env BLANK_TOKEN: the variable is empty or unset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := map[string]bool{}
			for _, s := range tt.set {
				set[s] = true
			}
			addr, tok, err := serveSettings(e, tt.sc, set, tt.listen, tt.tokenEnv)
			if tt.usageError != "" {
				if !cmdline.IsUsage(err) || !strings.Contains(err.Error(), tt.usageError) {
					t.Errorf("err = %v, want a usage error containing %q", err, tt.usageError)
				}
				return
			}
			if err != nil || addr != tt.addr || tok != tt.tok {
				t.Errorf("got %q, %q, %v; want %q, %q", addr, tok, err, tt.addr, tt.tok)
			}
		})
	}
}

// TestServeReadsItsConfigSection starts report serve with only a config
// file: it listens where serve.listen says and asks for the token named by
// serve.token_env.
func TestServeReadsItsConfigSection(t *testing.T) {
	dsn := seededDSN(t)
	cfgPath := filepath.Join(t.TempDir(), "shelfwatch.yaml")
	if err := os.WriteFile(cfgPath, []byte("database: sqlite:unused.db\nserve: {listen: \"127.0.0.1:0\", token_env: SERVE_TOKEN}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--config", cfgPath}, func(k string) string {
			return map[string]string{"SHELFWATCH_DB": dsn, "SERVE_TOKEN": "s3cret"}[k]
		}, io.Discard, pw)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base string
	for lines.Scan() {
		if u, ok := strings.CutPrefix(lines.Text(), "report: serving "); ok {
			base = u
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if !strings.HasPrefix(base, "http://127.0.0.1:") || strings.HasSuffix(base, ":0") {
		t.Fatalf("serving at %q, want 127.0.0.1 on the port the system chose", base)
	}
	for _, tc := range []struct {
		token string
		want  int
	}{{"", http.StatusUnauthorized}, {"wrong", http.StatusUnauthorized}, {"s3cret", http.StatusOK}} {
		req, _ := http.NewRequest("GET", base+"/api/digest.json", nil)
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("token %q: %d, want %d", tc.token, resp.StatusCode, tc.want)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within 15 s")
	}
}

// seededDSN returns a SQLite database holding seedWeek's market, crawled
// up to an hour ago.
func seededDSN(t *testing.T) string {
	t.Helper()
	return seeded(t, store.DialectSQLite, func(db *store.DB) { seedWeek(t, db, time.Now().UTC()) })
}
