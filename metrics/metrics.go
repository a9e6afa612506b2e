package metrics

import (
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// ErrorClass is the kind of a failed page. Classes outside the constants
// below are counted as ErrOther, so a typo cannot grow the label set.
type ErrorClass string

// The error classes, as the issue and the README name them.
const (
	ErrTimeout      ErrorClass = "timeout"
	Err4xx          ErrorClass = "4xx"
	Err5xx          ErrorClass = "5xx"
	ErrRobots       ErrorClass = "robots"
	ErrOffDomain    ErrorClass = "off_domain"
	ErrParse        ErrorClass = "parse"
	ErrBodyTooLarge ErrorClass = "body_too_large"
	ErrTruncated    ErrorClass = "truncated"
	ErrTooManyItems ErrorClass = "too_many_items"
	ErrRedirectLoop ErrorClass = "redirect_loop"
	ErrContentType  ErrorClass = "content_type"
	ErrOther        ErrorClass = "other"
)

// errorClasses must list every class scraper.ErrorClass can return (a test
// checks it), or those failures would be counted as "other".
var errorClasses = []ErrorClass{ErrTimeout, Err4xx, Err5xx, ErrRobots, ErrOffDomain, ErrParse,
	ErrBodyTooLarge, ErrTruncated, ErrTooManyItems, ErrRedirectLoop, ErrContentType, ErrOther}

// Known reports whether c is one of the classes above; Error counts any
// other as ErrOther.
func (c ErrorClass) Known() bool { return slices.Contains(errorClasses, c) }

// StatusErrorClass returns Err4xx or Err5xx for an HTTP error status and
// ErrOther for anything else.
func StatusErrorClass(status int) ErrorClass {
	switch {
	case status >= 400 && status < 500:
		return Err4xx
	case status >= 500 && status < 600:
		return Err5xx
	}
	return ErrOther
}

// RunStatuses are the run statuses the last-run-status gauge always
// exposes (0 or 1), so an alert on `shelfwatch_last_run_status{status="failed"} == 1`
// has a series to watch before the first failure. Other statuses passed
// to RunFinished are added as they appear.
var RunStatuses = []string{"succeeded", "failed", "suspect", "interrupted", "abandoned"}

// DurationBuckets are the run duration histogram's upper bounds in
// seconds: from a one-page check to a four-hour crawl of a large shop.
var DurationBuckets = []float64{1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400}

// Metrics holds shelfwatch's collectors on a private registry.
type Metrics struct {
	reg *prometheus.Registry

	pages       *prometheus.CounterVec
	retries     *prometheus.CounterVec
	errors      *prometheus.CounterVec
	items       *prometheus.CounterVec
	skipped     *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	lastSuccess *prometheus.GaugeVec
	lastStatus  *prometheus.GaugeVec
	inProgress  *prometheus.GaugeVec

	mu       sync.Mutex
	statuses map[string]map[string]bool // competitor -> statuses exposed
}

// Option configures New.
type Option func(*options)

type options struct {
	worker  string
	runtime bool
}

// WithWorker adds the constant label worker="name" to every shelfwatch
// metric, so crawls of several workers can be told apart once crawling is
// distributed.
func WithWorker(name string) Option { return func(o *options) { o.worker = name } }

// WithoutRuntimeMetrics leaves out the Go runtime and process collectors
// (go_*, process_*), which New registers by default.
func WithoutRuntimeMetrics() Option { return func(o *options) { o.runtime = false } }

// New returns Metrics registered on a new private registry: nothing is
// added to prometheus.DefaultRegisterer, so tests and several instances in
// one process do not collide.
func New(opts ...Option) *Metrics {
	o := options{runtime: true}
	for _, opt := range opts {
		opt(&o)
	}
	var constLabels prometheus.Labels
	if o.worker != "" {
		constLabels = prometheus.Labels{"worker": o.worker}
	}
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "shelfwatch", Name: name, Help: help, ConstLabels: constLabels}, labels)
	}
	gauge := func(name, help string, labels ...string) *prometheus.GaugeVec {
		return prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: "shelfwatch", Name: name, Help: help, ConstLabels: constLabels}, labels)
	}
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		pages: counter("pages_fetched_total",
			"Pages fetched, by competitor and status class (2xx, 3xx, 4xx, 5xx, file for local files, other).",
			"competitor", "class"),
		retries: counter("retries_total", "Requests retried (429, 5xx, truncated bodies, timeouts), by competitor.",
			"competitor"),
		errors: counter("errors_total",
			"Pages that failed, by competitor and class (timeout, 4xx, 5xx, robots, off_domain, parse, body_too_large, truncated, other).",
			"competitor", "class"),
		items: counter("items_stored_total", "Offers stored in the database, by competitor.", "competitor"),
		skipped: counter("crawls_skipped_total",
			"Scheduled crawls skipped because the competitor's previous crawl was still running.", "competitor"),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "shelfwatch", Name: "run_duration_seconds",
			Help:    "Wall time of finished runs, by competitor.",
			Buckets: DurationBuckets, ConstLabels: constLabels}, []string{"competitor"}),
		lastSuccess: gauge("last_success_timestamp_seconds",
			"Unix time at which the competitor's latest succeeded run finished.", "competitor"),
		lastStatus: gauge("last_run_status",
			"1 for the status of the competitor's latest finished run, 0 for the other statuses.",
			"competitor", "status"),
		inProgress: gauge("runs_in_progress", "Runs started and not yet finished, by competitor.", "competitor"),
		statuses:   map[string]map[string]bool{},
	}
	m.reg.MustRegister(m.pages, m.retries, m.errors, m.items, m.skipped, m.duration,
		m.lastSuccess, m.lastStatus, m.inProgress)
	if o.runtime {
		m.reg.MustRegister(collectors.NewGoCollector(),
			collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	return m
}

// Registry returns the private registry, for tests and for registering
// further collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// StatusClass returns the label PageFetched files status under: "2xx" to
// "5xx", "file" for 0 (a page read from a local file, which has no HTTP
// status), "other" for anything else.
func StatusClass(status int) string {
	switch {
	case status == 0:
		return "file"
	case status >= 200 && status < 600:
		return strconv.Itoa(status/100) + "xx"
	}
	return "other"
}

// PageFetched counts a fetched page with its HTTP status; 0 is a local
// file.
func (m *Metrics) PageFetched(competitor string, status int) {
	if m == nil {
		return
	}
	m.pages.WithLabelValues(competitor, StatusClass(status)).Inc()
}

// Retried counts a request that is sent again.
func (m *Metrics) Retried(competitor string) {
	if m == nil {
		return
	}
	m.retries.WithLabelValues(competitor).Inc()
}

// Error counts a failed page in class (ErrOther if class is not one of the
// constants).
func (m *Metrics) Error(competitor string, class ErrorClass) {
	if m == nil {
		return
	}
	if !class.Known() {
		class = ErrOther
	}
	m.errors.WithLabelValues(competitor, string(class)).Inc()
}

// ItemsStored counts n offers saved to the database.
func (m *Metrics) ItemsStored(competitor string, n int) {
	if m == nil || n <= 0 {
		return
	}
	m.items.WithLabelValues(competitor).Add(float64(n))
}

// CrawlSkipped counts a scheduled crawl skipped because the previous one
// still ran (schedule.SkipCounter).
func (m *Metrics) CrawlSkipped(competitor string) {
	if m == nil {
		return
	}
	m.skipped.WithLabelValues(competitor).Inc()
}

// RunStarted counts a run in progress until RunFinished.
func (m *Metrics) RunStarted(competitor string) {
	if m == nil {
		return
	}
	m.inProgress.WithLabelValues(competitor).Inc()
}

// RunFinished ends a run RunStarted counted: it records the duration,
// makes status the competitor's last run status, and for "succeeded" sets
// the last success time to finished.
func (m *Metrics) RunFinished(competitor, status string, started, finished time.Time) {
	if m == nil {
		return
	}
	m.inProgress.WithLabelValues(competitor).Dec()
	m.duration.WithLabelValues(competitor).Observe(max(finished.Sub(started), 0).Seconds())
	if status == "succeeded" {
		m.lastSuccess.WithLabelValues(competitor).Set(float64(finished.UnixNano()) / 1e9)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	seen := m.statuses[competitor]
	if seen == nil {
		seen = map[string]bool{}
		for _, s := range RunStatuses {
			seen[s] = true
		}
		m.statuses[competitor] = seen
	}
	seen[status] = true
	for s := range seen {
		v := 0.0
		if s == status {
			v = 1
		}
		m.lastStatus.WithLabelValues(competitor, s).Set(v)
	}
}
