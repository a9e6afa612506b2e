package config_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/yamlconf"
)

func TestLoadReadsSchedulesAndTheDigest(t *testing.T) {
	cfg, err := loadString(t, `schedule: "0 6 * * 1"
digest: {schedule: "@daily", output: out/digest.html, format: markdown}
competitors:
  - name: a
    start_urls: [a.html]
    schedule: "CRON_TZ=Asia/Shanghai */30 * * * *"
  - name: b
    start_urls: [b.html]
`)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Schedule != "0 6 * * 1" || cfg.Competitors[0].Schedule != "CRON_TZ=Asia/Shanghai */30 * * * *" || cfg.Competitors[1].Schedule != "" {
		t.Errorf("schedules %q %+v", cfg.Schedule, cfg.Competitors)
	}
	d := cfg.Digest
	if d == nil || d.Schedule != "@daily" || d.Format != "markdown" || d.Output != filepath.Join(cfg.Dir, "out", "digest.html") {
		t.Errorf("digest %+v", d)
	}
	if len(cfg.Comps) != 2 {
		t.Errorf("the crawler's decoding of the entries: %d competitors", len(cfg.Comps))
	}
}

func TestLoadRejectsBadSchedules(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"a cron line with six fields", "schedule: \"0 0 6 * * 1\"\n", `:1: schedule: invalid schedule "0 0 6 * * 1"`},
		{"a schedule that never fires", "schedule: \"0 0 30 2 *\"\n", "never fires"},
		{"a time zone without a schedule", "schedule: CRON_TZ=UTC\n", "needs a schedule after it"},
		{"a bad competitor schedule", "competitors:\n  - name: a\n    start_urls: [a.html]\n    schedule: \"every monday\"\n", `:4: competitors[0].schedule: invalid schedule`},
		{"a digest without output", "digest: {format: html}\n", ":1: digest.output: required field missing"},
		{"a digest in an unknown format", "digest: {output: d.pdf, format: pdf}\n", `digest.format: invalid value "pdf"`},
		{"a typo in the digest", "digest: {output: d.html, shedule: \"@daily\"}\n", `digest.shedule: unknown field (did you mean "schedule"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is a config error naming its line", func(t *testing.T) {
			_, err := loadString(t, tt.yaml)
			if err == nil || !errors.Is(err, yamlconf.ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want …%s…", err, tt.want)
			}
		})
	}
}
