package notify

import (
	"time"
)

// Type names a kind of destination.
type Type string

// The destination types.
const (
	Slack    Type = "slack"
	DingTalk Type = "dingtalk"
	WeCom    Type = "wecom"
	Feishu   Type = "feishu"
	Webhook  Type = "webhook" // generic JSON webhook
	Email    Type = "email"
)

// Types lists every destination type, in the order the README documents
// them.
var Types = []Type{Slack, DingTalk, WeCom, Feishu, Webhook, Email}

// Defaults of the notify section.
const (
	DefaultMaxItems   = 5
	DefaultTimeout    = 20 * time.Second
	DefaultAttempts   = 3
	DefaultBackoff    = 2 * time.Second
	DefaultMaxBackoff = 30 * time.Second
)

// Config is the notify: section of the config file.
type Config struct {
	// PublicURL is where people can open the full digest (a page served by
	// `report serve`, or wherever the HTML is published); chat messages
	// link to it when it is set.
	PublicURL string
	// MaxItems caps the lines listed per section of a chat message (top
	// gaps, biggest moves, ...); the rest is counted as "… and N more".
	MaxItems int
	// Timeout bounds one attempt at one destination.
	Timeout time.Duration
	Retry   Retry
	// Destinations are sent to in order.
	Destinations []Destination
}

// Retry says how often a failed destination is tried again and how long to
// wait in between: Backoff after the first failure, doubling each time up to
// MaxBackoff. A server's Retry-After is honoured when it is no longer than
// MaxBackoff.
type Retry struct {
	// Attempts counts every try, the first included (1 means no retry).
	Attempts   int
	Backoff    time.Duration
	MaxBackoff time.Duration
}

// Secret names where a secret value comes from: an environment variable
// (Env) or a file (File, read whole, surrounding white space trimmed).
// Exactly one is set. Value is for values that are not secret and may be
// written in the config (only the generic webhook's url).
type Secret struct {
	Env   string
	File  string
	Value string
}

// IsZero reports whether no source is named.
func (s Secret) IsZero() bool { return s.Env == "" && s.File == "" && s.Value == "" }

// Describe says where the secret comes from without saying what it is, for
// error messages: `environment variable SLACK_URL`, `file /run/secrets/x`.
func (s Secret) Describe() string {
	switch {
	case s.Env != "":
		return "environment variable " + s.Env
	case s.File != "":
		return "file " + s.File
	}
	return "the config"
}

// TLSMode is how an SMTP connection is secured.
type TLSMode string

// The TLS modes.
const (
	// STARTTLS connects in plain text and upgrades with STARTTLS, which the
	// server must offer (port 587 by default).
	STARTTLS TLSMode = "starttls"
	// ImplicitTLS speaks TLS from the first byte (port 465 by default).
	ImplicitTLS TLSMode = "tls"
	// NoTLS never encrypts (port 25 by default): only for a relay on the
	// same host. Credentials are still refused over it except to
	// localhost.
	NoTLS TLSMode = "none"
)

// SMTPAuth is the SMTP authentication mechanism.
type SMTPAuth string

// The authentication mechanisms.
const (
	AuthPlain   SMTPAuth = "plain"
	AuthLogin   SMTPAuth = "login"
	AuthCRAMMD5 SMTPAuth = "cram-md5"
	// AuthAuto picks the strongest mechanism the server offers.
	AuthAuto SMTPAuth = "auto"
)

// Destination is one place the digest goes.
type Destination struct {
	// Name names the destination in logs, reports and errors; unique.
	Name string
	Type Type

	// URL is a chat or webhook destination's address. Chat webhook URLs
	// carry their access token, so they come from the environment or a
	// file; only the generic webhook may write it in the config.
	URL Secret
	// Secret is the signing secret of DingTalk and Feishu robots with
	// signature checks on; optional.
	Secret Secret
	// Token, for the generic webhook, is sent as "Authorization: Bearer";
	// optional.
	Token Secret

	// Email only.
	Host     string
	Port     int // 0: by TLS mode (587, 465, 25)
	TLS      TLSMode
	Auth     SMTPAuth
	Username string
	Password Secret
	From     string
	To       []string
	// Subject replaces the default subject line; the date is appended.
	Subject string
	// Attach says whether the positioning XLSX goes along (default true).
	Attach bool
}

// withDefaults fills in the section's defaults.
func (c Config) withDefaults() Config {
	if c.MaxItems <= 0 {
		c.MaxItems = DefaultMaxItems
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Retry.Attempts <= 0 {
		c.Retry.Attempts = DefaultAttempts
	}
	if c.Retry.Backoff <= 0 {
		c.Retry.Backoff = DefaultBackoff
	}
	if c.Retry.MaxBackoff <= 0 {
		c.Retry.MaxBackoff = max(DefaultMaxBackoff, c.Retry.Backoff)
	}
	return c
}

// DefaultPort returns the port of an SMTP TLS mode.
func DefaultPort(m TLSMode) int {
	switch m {
	case ImplicitTLS:
		return 465
	case NoTLS:
		return 25
	}
	return 587
}
