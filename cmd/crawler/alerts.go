package main

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/shelfwatch/shelfwatch/alerting"
	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/monitor"
	"github.com/shelfwatch/shelfwatch/notify"
)

// attachAlerter wires the config's alerts: section into m: the notify:
// destinations and an alerting service over db, told of every finished run
// and re-match. It returns nil without an alerts: section. A destination
// whose secret cannot be read is a configuration error (exit 2), found
// before any crawl, as for `report digest --send`.
func attachAlerter(e *env, cfg *loaded, m *monitor.Monitor, db alerting.Store, log *slog.Logger) (*alerting.Service, error) {
	if cfg.Alerts == nil || cfg.Notify == nil {
		return nil, nil // config.Load refuses alerts: without notify:
	}
	n, err := notify.New(*cfg.Notify, notify.Options{Client: &http.Client{}, Logger: log, Getenv: e.getenv, Now: e.now})
	if err != nil {
		return nil, cmdline.UsageError{Err: fmt.Errorf("%s: alerts: %w", cfg.Path, err)}
	}
	svc := &alerting.Service{Store: db, Sender: n, Config: *cfg.Alerts, Now: e.now, Logger: log}
	for _, c := range cfg.Competitors {
		svc.Competitors = append(svc.Competitors, c.Name)
	}
	m.Alerter = svc
	return svc, nil
}
