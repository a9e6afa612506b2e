package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/alert"
	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

const notifySection = `notify:
  destinations:
    - {name: slack-ops, type: slack, url_env: SLACK_URL}
    - {name: mail-team, type: email, host: smtp.example.com, from: a@example.com, to: [b@example.com]}
`

func loadAlerts(t *testing.T, text string) (*config.Config, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shelfwatch.yaml")
	if err := os.WriteFile(path, []byte("database: sqlite:x.db\n"+text), 0o644); err != nil {
		t.Fatal(err)
	}
	return config.Load(path)
}

func TestLoadReadsTheAlertsSection(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want alert.Config
	}{
		{"the sketch from the issue", notifySection + `alerts:
  watch: [OUR-1, OUR-2]
  rules:
    - {type: price_move, pct: 10}
    - {type: undercut, pct: 0}
    - {type: stock}
    - {type: run_quality}
  send_to: [slack-ops, mail-team]
`, alert.Config{Watch: []string{"OUR-1", "OUR-2"}, SendTo: []string{"slack-ops", "mail-team"}, Rules: []alert.Rule{
			{Type: alert.PriceMove, PctTenths: 100}, {Type: alert.Undercut}, {Type: alert.Stock}, {Type: alert.RunQuality}}}},
		{"watch all, decimal and percent-sign thresholds, stale_after, default destinations", notifySection + `alerts:
  watch: all
  rules:
    - type: price_move
      pct: 7.5
    - {type: undercut, pct: "3%"}
    - {type: run_quality, stale_after: 36h}
`, alert.Config{WatchAll: true, Rules: []alert.Rule{
			{Type: alert.PriceMove, PctTenths: 75}, {Type: alert.Undercut, PctTenths: 30}, {Type: alert.RunQuality, StaleAfter: 36 * time.Hour}}}},
		{"defaults: price_move 10 %, undercut any", notifySection + `alerts:
  watch: [A]
  rules: [{type: price_move}, {type: undercut}]
`, alert.Config{Watch: []string{"A"}, Rules: []alert.Rule{{Type: alert.PriceMove, PctTenths: 100}, {Type: alert.Undercut}}}},
		{"run_quality alone needs no watch list", notifySection + `alerts:
  rules: [{type: run_quality}]
`, alert.Config{Rules: []alert.Rule{{Type: alert.RunQuality}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := loadAlerts(t, c.src)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Alerts == nil || !reflect.DeepEqual(*cfg.Alerts, c.want) {
				t.Errorf("Alerts = %+v\nwant %+v", cfg.Alerts, c.want)
			}
		})
	}
}

func TestLoadWithoutAlertsLeavesThemNil(t *testing.T) {
	cfg, err := loadAlerts(t, notifySection)
	if err != nil || cfg.Alerts != nil {
		t.Fatalf("Load = %+v, %v; want no alerts section", cfg.Alerts, err)
	}
}

func TestAlertsErrorsNameTheFieldAndLine(t *testing.T) {
	cases := []struct {
		name, src string
		line      int
		field     string
		msg       string
	}{
		{"alerts without notify", "alerts:\n  rules: [{type: run_quality}]\n", 3, "alerts", "there are none"},
		{"an unknown destination", notifySection + "alerts:\n  rules: [{type: run_quality}]\n  send_to: [slack-ops, pager]\n", 8, "alerts.send_to[1]", `unknown destination "pager"`},
		{"an unknown rule type", notifySection + "alerts:\n  watch: all\n  rules:\n    - {type: price_drop, pct: 5}\n", 9, "alerts.rules[0].type", `unknown rule type "price_drop"`},
		{"a rule without type", notifySection + "alerts:\n  watch: all\n  rules:\n    - {pct: 5}\n", 9, "alerts.rules[0].type", "missing"},
		{"a rule twice", notifySection + "alerts:\n  watch: all\n  rules:\n    - {type: stock}\n    - {type: stock}\n", 10, "alerts.rules[1].type", "already given on line 9"},
		{"pct on a stock rule", notifySection + "alerts:\n  watch: all\n  rules:\n    - {type: stock, pct: 5}\n", 9, "alerts.rules[0].pct", "takes no pct"},
		{"stale_after on a price rule", notifySection + "alerts:\n  watch: all\n  rules:\n    - {type: price_move, stale_after: 1h}\n", 9, "alerts.rules[0].stale_after", "takes no stale_after"},
		{"a negative pct", notifySection + "alerts:\n  watch: all\n  rules:\n    - {type: price_move, pct: -5}\n", 9, "alerts.rules[0].pct", "from 0 to 1000"},
		{"two decimals", notifySection + "alerts:\n  watch: all\n  rules:\n    - {type: price_move, pct: 7.25}\n", 9, "alerts.rules[0].pct", "at most one decimal"},
		{"a pct that is text", notifySection + "alerts:\n  watch: all\n  rules:\n    - {type: price_move, pct: ten}\n", 9, "alerts.rules[0].pct", "want a percentage"},
		{"a bad stale_after", notifySection + "alerts:\n  rules:\n    - {type: run_quality, stale_after: 3 days}\n", 8, "alerts.rules[0].stale_after", "invalid duration"},
		{"item rules without a watch list", notifySection + "alerts:\n  rules: [{type: undercut}]\n", 7, "alerts.watch", "required"},
		{"watch as a word other than all", notifySection + "alerts:\n  watch: everything\n  rules: [{type: stock}]\n", 7, "alerts.watch", "or all"},
		{"a SKU watched twice", notifySection + "alerts:\n  watch: [A, B, A]\n  rules: [{type: stock}]\n", 7, "alerts.watch[2]", "listed twice"},
		{"no rules", notifySection + "alerts:\n  watch: all\n  rules: []\n", 8, "alerts.rules", "no rules"},
		{"an unknown key", notifySection + "alerts:\n  watch: all\n  rule: [{type: stock}]\n", 8, "alerts.rule", `did you mean "rules"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadAlerts(t, c.src)
			var ce *yamlconf.Error
			if !errors.As(err, &ce) || !errors.Is(err, yamlconf.ErrConfig) {
				t.Fatalf("error %v (%T): want a *yamlconf.Error", err, err)
			}
			if ce.Line != c.line || ce.Field != c.field || !strings.Contains(ce.Msg, c.msg) {
				t.Errorf("error = line %d field %q msg %q\nwant line %d field %q msg containing %q", ce.Line, ce.Field, ce.Msg, c.line, c.field, c.msg)
			}
		})
	}
}
