// Package metrics is shelfwatch's Prometheus instrumentation: counters and
// gauges of crawls on a private registry, and the HTTP handler that serves
// them at /metrics next to a /healthz of named checks.
//
// Callers record with plain arguments and never import Prometheus:
//
//	m := metrics.New()
//	m.RunStarted("acme")
//	m.PageFetched("acme", 200)
//	m.Error("acme", metrics.ErrTimeout)
//	m.ItemsStored("acme", 48)
//	m.RunFinished("acme", "succeeded", started, finished)
//	handler := m.Handler(metrics.Check{Name: "database", Probe: pingDB})
//
// All methods are safe for concurrent use; a nil *Metrics records nothing,
// so code paths without a daemon (a one-shot `crawler run`) pass nil.
//
// # The metrics
//
// Every series carries competitor (the config's competitor name) and, with
// WithWorker, worker.
//
//	shelfwatch_pages_fetched_total{class}     counter: pages fetched; class is the
//	                                          HTTP status class 2xx, 3xx, 4xx, 5xx,
//	                                          "file" for a local file, "other"
//	shelfwatch_retries_total                  counter: requests sent again (429,
//	                                          5xx, truncated bodies, timeouts)
//	shelfwatch_errors_total{class}            counter: failed pages by class:
//	                                          timeout, 4xx, 5xx, robots (disallowed
//	                                          by robots.txt), off_domain (redirect
//	                                          or link outside allowed_domains),
//	                                          parse, body_too_large (over
//	                                          max_body_size), truncated, other
//	shelfwatch_items_stored_total             counter: offers saved to the database
//	shelfwatch_crawls_skipped_total           counter: scheduled crawls skipped
//	                                          because the previous one still ran
//	shelfwatch_run_duration_seconds           histogram: wall time of finished runs
//	shelfwatch_last_success_timestamp_seconds gauge: Unix time the latest succeeded
//	                                          run finished; alert when
//	                                          time() - it exceeds the schedule
//	shelfwatch_last_run_status{status}        gauge: 1 for the status of the latest
//	                                          finished run (succeeded, failed,
//	                                          suspect, interrupted, abandoned), 0
//	                                          for the others
//	shelfwatch_runs_in_progress               gauge: runs started, not finished
//
// New also registers the Go runtime (go_*) and process (process_*)
// collectors unless WithoutRuntimeMetrics is given.
package metrics
