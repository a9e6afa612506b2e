package notify

import (
	"fmt"
	"net/mail"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Errorf reports a problem in the config file at node n (its line) for the
// dotted field path, as the config loader formats its errors
// ("shelfwatch.yaml:42: notify.destinations[1].url_env: ..."). The loader
// supplies it, so this package decodes its section without owning the file.
type Errorf func(n *yaml.Node, field, format string, args ...any) error

// Decode decodes the notify: section n, found at the dotted path field
// ("notify"), of a config file in directory dir (relative *_file paths are
// resolved against it). Every error comes from errf. Secrets are only named
// here; New reads them.
//
// The section:
//
//	notify:
//	  public_url: https://reports.example.com/digest   # optional link in chat messages
//	  max_items: 5          # lines per section of a chat message
//	  timeout: 20s          # per attempt
//	  retry: {attempts: 3, backoff: 2s, max_backoff: 30s}
//	  destinations:
//	    - name: buyers
//	      type: slack | dingtalk | wecom | feishu | webhook | email
//	      url_env: VAR | url_file: PATH      # chat and webhook (webhook may give url:)
//	      secret_env: VAR | secret_file: PATH # dingtalk, feishu signing secret
//	      token_env: VAR | token_file: PATH   # webhook bearer token
//	      host, port, tls (starttls|tls|none), auth (plain|login|cram-md5|auto),
//	      username, password_env | password_file, from, to: [..], subject, attach  # email
func Decode(n *yaml.Node, field, dir string, errf Errorf) (Config, error) {
	d := &decoder{errf: errf, dir: dir}
	var cfg Config
	err := d.mapping(n, field, map[string]handler{
		"public_url": func(v *yaml.Node, f string) error {
			if err := d.str(v, f, &cfg.PublicURL); err != nil {
				return err
			}
			u, err := url.Parse(cfg.PublicURL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return d.errf(v, f, "want an absolute http(s) URL, got %q", cfg.PublicURL)
			}
			return nil
		},
		"max_items": func(v *yaml.Node, f string) error { return d.positive(v, f, &cfg.MaxItems) },
		"timeout":   func(v *yaml.Node, f string) error { return d.duration(v, f, &cfg.Timeout) },
		"retry": func(v *yaml.Node, f string) error {
			return d.mapping(v, f, map[string]handler{
				"attempts":    func(v *yaml.Node, f string) error { return d.positive(v, f, &cfg.Retry.Attempts) },
				"backoff":     func(v *yaml.Node, f string) error { return d.duration(v, f, &cfg.Retry.Backoff) },
				"max_backoff": func(v *yaml.Node, f string) error { return d.duration(v, f, &cfg.Retry.MaxBackoff) },
			})
		},
		"destinations": func(v *yaml.Node, f string) error {
			if v.Kind != yaml.SequenceNode {
				return d.errf(v, f, "want a list of destinations, got %s", kindName(v))
			}
			names := map[string]int{}
			for i, item := range v.Content {
				fi := fmt.Sprintf("%s[%d]", f, i)
				dst, err := d.destination(resolve(item), fi)
				if err != nil {
					return err
				}
				if line, dup := names[dst.Name]; dup {
					return d.errf(item, fi+".name", "destination %q is already defined on line %d", dst.Name, line)
				}
				names[dst.Name] = item.Line
				cfg.Destinations = append(cfg.Destinations, dst)
			}
			return nil
		},
	})
	if err != nil {
		return Config{}, err
	}
	if cfg.Retry.MaxBackoff > 0 && cfg.Retry.Backoff > cfg.Retry.MaxBackoff {
		return Config{}, d.errf(n, field+".retry", "backoff %s is longer than max_backoff %s", cfg.Retry.Backoff, cfg.Retry.MaxBackoff)
	}
	return cfg, nil
}

// The keys each type takes besides name and type: a key given to a type
// that does not use it is an error, so a misplaced secret_env is not
// silently ignored.
var typeKeys = map[Type][]string{
	Slack:    {"url_env", "url_file"},
	WeCom:    {"url_env", "url_file"},
	DingTalk: {"url_env", "url_file", "secret_env", "secret_file"},
	Feishu:   {"url_env", "url_file", "secret_env", "secret_file"},
	Webhook:  {"url", "url_env", "url_file", "token_env", "token_file"},
	Email: {"host", "port", "tls", "auth", "username", "password_env", "password_file",
		"from", "to", "subject", "attach"},
}

func (d *decoder) destination(n *yaml.Node, field string) (Destination, error) {
	dst := Destination{Attach: true}
	if n.Kind != yaml.MappingNode {
		return dst, d.errf(n, field, "want a mapping, got %s", kindName(n))
	}
	// The type decides which keys are allowed, so read it first.
	var typ *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "type" {
			typ = resolve(n.Content[i+1])
		}
	}
	if typ == nil {
		return dst, d.errf(n, field+".type", "missing (want one of %s)", typeList())
	}
	var t string
	if err := d.str(typ, field+".type", &t); err != nil {
		return dst, err
	}
	dst.Type = Type(strings.ToLower(t))
	keys, ok := typeKeys[dst.Type]
	if !ok {
		return dst, d.errf(typ, field+".type", "unknown type %q (want one of %s)", t, typeList())
	}
	fields := map[string]handler{
		"name": func(v *yaml.Node, f string) error { return d.str(v, f, &dst.Name) },
		"type": func(*yaml.Node, string) error { return nil },
	}
	all := map[string]handler{
		"url": func(v *yaml.Node, f string) error { return d.str(v, f, &dst.URL.Value) },
		"url_env": func(v *yaml.Node, f string) error {
			return d.env(v, f, &dst.URL.Env)
		},
		"url_file":      func(v *yaml.Node, f string) error { return d.file(v, f, &dst.URL.File) },
		"secret_env":    func(v *yaml.Node, f string) error { return d.env(v, f, &dst.Secret.Env) },
		"secret_file":   func(v *yaml.Node, f string) error { return d.file(v, f, &dst.Secret.File) },
		"token_env":     func(v *yaml.Node, f string) error { return d.env(v, f, &dst.Token.Env) },
		"token_file":    func(v *yaml.Node, f string) error { return d.file(v, f, &dst.Token.File) },
		"password_env":  func(v *yaml.Node, f string) error { return d.env(v, f, &dst.Password.Env) },
		"password_file": func(v *yaml.Node, f string) error { return d.file(v, f, &dst.Password.File) },
		"host":          func(v *yaml.Node, f string) error { return d.str(v, f, &dst.Host) },
		"port": func(v *yaml.Node, f string) error {
			if err := d.positive(v, f, &dst.Port); err != nil {
				return err
			}
			if dst.Port > 65535 {
				return d.errf(v, f, "want a port number up to 65535, got %d", dst.Port)
			}
			return nil
		},
		"tls": func(v *yaml.Node, f string) error {
			var s string
			if err := d.enum(v, f, &s, "starttls", "tls", "none"); err != nil {
				return err
			}
			dst.TLS = TLSMode(s)
			return nil
		},
		"auth": func(v *yaml.Node, f string) error {
			var s string
			if err := d.enum(v, f, &s, "plain", "login", "cram-md5", "auto"); err != nil {
				return err
			}
			dst.Auth = SMTPAuth(s)
			return nil
		},
		"username": func(v *yaml.Node, f string) error { return d.str(v, f, &dst.Username) },
		"from": func(v *yaml.Node, f string) error {
			if err := d.str(v, f, &dst.From); err != nil {
				return err
			}
			if _, err := mail.ParseAddress(dst.From); err != nil {
				return d.errf(v, f, "not an email address: %q", dst.From)
			}
			return nil
		},
		"to": func(v *yaml.Node, f string) error {
			if v.Kind == yaml.ScalarNode {
				var s string
				if err := d.str(v, f, &s); err != nil {
					return err
				}
				dst.To = []string{s}
			} else if v.Kind == yaml.SequenceNode {
				for i, it := range v.Content {
					var s string
					if err := d.str(resolve(it), fmt.Sprintf("%s[%d]", f, i), &s); err != nil {
						return err
					}
					dst.To = append(dst.To, s)
				}
			} else {
				return d.errf(v, f, "want an address or a list of addresses, got %s", kindName(v))
			}
			for _, a := range dst.To {
				if _, err := mail.ParseAddress(a); err != nil {
					return d.errf(v, f, "not an email address: %q", a)
				}
			}
			if len(dst.To) == 0 {
				return d.errf(v, f, "no recipients")
			}
			return nil
		},
		"subject": func(v *yaml.Node, f string) error { return d.str(v, f, &dst.Subject) },
		"attach": func(v *yaml.Node, f string) error {
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
				return d.errf(v, f, "want true or false, got %s", kindName(v))
			}
			dst.Attach = v.Value == "true"
			return nil
		},
	}
	for _, k := range keys {
		fields[k] = all[k]
	}
	if dst.Type != Webhook && dst.Type != Email {
		fields["url"] = func(v *yaml.Node, f string) error {
			return d.errf(v, f, "a %s webhook URL carries its access token, so it is not written in the config: put it in an environment variable (url_env) or a file (url_file)", dst.Type)
		}
	}
	if err := d.mapping(n, field, fields); err != nil {
		return dst, err
	}
	return dst, d.check(n, field, &dst)
}

// check verifies what a destination of its type needs.
func (d *decoder) check(n *yaml.Node, field string, dst *Destination) error {
	if dst.Name == "" {
		return d.errf(n, field+".name", "missing: every destination needs a name for logs and errors")
	}
	one := func(s Secret, key string, required bool) error {
		given := 0
		for _, v := range []string{s.Env, s.File, s.Value} {
			if v != "" {
				given++
			}
		}
		if given > 1 {
			return d.errf(n, field, "give one of %s_env and %s_file, not both", key, key)
		}
		if given == 0 && required {
			return d.errf(n, field+"."+key+"_env", "missing: give %s_env or %s_file (webhook URLs carry their token, so they are not written in the config)", key, key)
		}
		return nil
	}
	switch dst.Type {
	case Email:
		if dst.Host == "" {
			return d.errf(n, field+".host", "missing: the SMTP server's host name")
		}
		if dst.From == "" {
			return d.errf(n, field+".from", "missing: the sender's address")
		}
		if len(dst.To) == 0 {
			return d.errf(n, field+".to", "missing: at least one recipient")
		}
		if dst.TLS == "" {
			dst.TLS = STARTTLS
		}
		if dst.Auth == "" {
			dst.Auth = AuthPlain
		}
		if err := one(dst.Password, "password", false); err != nil {
			return err
		}
		if dst.Username != "" && dst.Password.IsZero() {
			return d.errf(n, field+".password_env", "missing: username is set, so give password_env or password_file")
		}
		if dst.Username == "" && !dst.Password.IsZero() {
			return d.errf(n, field+".username", "missing: a password is given, so give the username too")
		}
	case Webhook:
		if err := one(dst.URL, "url", true); err != nil {
			return err
		}
		if dst.URL.Value != "" {
			u, err := url.Parse(dst.URL.Value)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return d.errf(n, field+".url", "want an absolute http(s) URL")
			}
		}
		return one(dst.Token, "token", false)
	default:
		if err := one(dst.URL, "url", true); err != nil {
			return err
		}
		return one(dst.Secret, "secret", false)
	}
	return nil
}

type handler = func(n *yaml.Node, field string) error

type decoder struct {
	errf Errorf
	dir  string
}

// mapping calls the handler of each key of n, in file order; an unknown or
// repeated key is an error naming the keys allowed there.
func (d *decoder) mapping(n *yaml.Node, field string, fields map[string]handler) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return d.errf(n, field, "want a mapping, got %s", kindName(n))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		f := field + "." + k.Value
		if line, dup := seen[k.Value]; dup {
			return d.errf(k, f, "duplicate key (first given on line %d)", line)
		}
		seen[k.Value] = k.Line
		h, ok := fields[k.Value]
		if !ok {
			known := make([]string, 0, len(fields))
			for name := range fields {
				known = append(known, name)
			}
			slices.Sort(known)
			return d.errf(k, f, "unknown key (known here: %s)", strings.Join(known, ", "))
		}
		if err := h(v, f); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) str(n *yaml.Node, field string, dst *string) error {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return d.errf(n, field, "want a string, got %s", kindName(n))
	}
	s := strings.TrimSpace(n.Value)
	if s == "" {
		return d.errf(n, field, "empty")
	}
	*dst = s
	return nil
}

func (d *decoder) env(n *yaml.Node, field string, dst *string) error {
	if err := d.str(n, field, dst); err != nil {
		return err
	}
	for _, r := range *dst {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			// A value that is not a variable name is most likely the
			// secret itself pasted in: say so without repeating it.
			*dst = ""
			return d.errf(n, field, "want the name of an environment variable (letters, digits, _), not the secret itself")
		}
	}
	return nil
}

func (d *decoder) file(n *yaml.Node, field string, dst *string) error {
	if err := d.str(n, field, dst); err != nil {
		return err
	}
	if !filepath.IsAbs(*dst) && d.dir != "" {
		*dst = filepath.Join(d.dir, *dst)
	}
	return nil
}

func (d *decoder) enum(n *yaml.Node, field string, dst *string, allowed ...string) error {
	if err := d.str(n, field, dst); err != nil {
		return err
	}
	*dst = strings.ToLower(*dst)
	if !slices.Contains(allowed, *dst) {
		return d.errf(n, field, "%q: want one of %s", n.Value, strings.Join(allowed, ", "))
	}
	return nil
}

func (d *decoder) positive(n *yaml.Node, field string, dst *int) error {
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || v <= 0 {
		return d.errf(n, field, "want a positive whole number, got %q", n.Value)
	}
	*dst = v
	return nil
}

func (d *decoder) duration(n *yaml.Node, field string, dst *time.Duration) error {
	v, err := time.ParseDuration(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || v <= 0 {
		return d.errf(n, field, "want a positive duration such as 30s or 2m, got %q", n.Value)
	}
	*dst = v
	return nil
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

func typeList() string {
	s := make([]string, len(Types))
	for i, t := range Types {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}
