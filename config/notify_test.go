package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/notify"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

func TestLoadReadsTheNotifySection(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shelfwatch.yaml")
	src := `database: sqlite:x.db
notify:
  public_url: https://reports.example.com/digest
  destinations:
    - {name: ops, type: dingtalk, url_env: DING_URL, secret_file: secrets/ding}
    - {name: mail, type: email, host: smtp.example.com, from: a@example.com, to: [b@example.com, c@example.com]}
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Notify == nil || len(cfg.Notify.Destinations) != 2 {
		t.Fatalf("Notify = %+v", cfg.Notify)
	}
	d := cfg.Notify.Destinations[0]
	if d.Type != notify.DingTalk || d.URL.Env != "DING_URL" || d.Secret.File != filepath.Join(dir, "secrets", "ding") {
		t.Errorf("destination = %+v, want the secret file resolved against the config's directory", d)
	}
	if cfg.Notify.PublicURL != "https://reports.example.com/digest" {
		t.Errorf("PublicURL = %q", cfg.Notify.PublicURL)
	}
}

func TestLoadWithoutNotifyLeavesItNil(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(path, []byte("database: sqlite:x.db\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil || cfg.Notify != nil {
		t.Fatalf("Load = %+v, %v; want no notify section", cfg, err)
	}
}

func TestNotifyErrorsNameTheFileAndLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	src := "database: sqlite:x.db\nnotify:\n  destinations:\n    - name: chat\n      type: slack\n      url: https://hooks.slack.com/services/T/B/secret\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := config.Load(path)
	var ce *yamlconf.Error
	if !errors.As(err, &ce) || !errors.Is(err, yamlconf.ErrConfig) {
		t.Fatalf("error %v (%T): want a *yamlconf.Error", err, err)
	}
	if ce.File != path || ce.Line != 6 || ce.Field != "notify.destinations[0].url" || !strings.Contains(ce.Msg, "url_env") {
		t.Errorf("error = %+v", ce)
	}
}
