package notify

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strings"
)

// redacted stands in for a secret in errors and logs.
const redacted = "[redacted]"

// resolve reads a secret from where s names it. Its errors say where it
// looked, never what it found.
func (s Secret) resolve(getenv func(string) string, readFile func(string) ([]byte, error)) (string, error) {
	switch {
	case s.Env != "":
		v := strings.TrimSpace(getenv(s.Env))
		if v == "" {
			return "", fmt.Errorf("environment variable %s is not set", s.Env)
		}
		return v, nil
	case s.File != "":
		b, err := readFile(s.File)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				// The path is the config's, not a secret; the
				// underlying error never holds the file's content.
				return "", fmt.Errorf("read secret file %s: %w", s.File, pe.Err)
			}
			return "", fmt.Errorf("read secret file %s: %w", s.File, err)
		}
		v := strings.TrimSpace(string(b))
		if v == "" {
			return "", fmt.Errorf("secret file %s is empty", s.File)
		}
		return v, nil
	}
	return s.Value, nil
}

// minSecretPart is the shortest part of a webhook URL (path segment, query
// value) that is redacted on its own: tokens are long, while host names'
// labels and paths like "send" or "hook" are short and help a reader.
const minSecretPart = 12

// redactor replaces secrets in text. Besides each whole secret it knows the
// parts of secret URLs, since an error may quote only a path or a query
// string, escaped or not.
type redactor struct {
	words []string // longest first, so a secret containing another goes whole
}

// add registers a secret; a URL also registers its token-like parts.
func (r *redactor) add(secret string) {
	if secret == "" {
		return
	}
	words := []string{secret, url.QueryEscape(secret), url.PathEscape(secret)}
	if u, err := url.Parse(secret); err == nil && u.Host != "" {
		words = append(words, u.RawQuery, u.EscapedPath())
		for _, seg := range strings.Split(u.Path, "/") {
			if len(seg) >= minSecretPart {
				words = append(words, seg)
			}
		}
		for _, vs := range u.Query() {
			for _, v := range vs {
				if len(v) >= minSecretPart {
					words = append(words, v, url.QueryEscape(v))
				}
			}
		}
		if p, ok := u.User.Password(); ok && p != "" {
			words = append(words, p)
		}
	}
	for _, w := range words {
		// Short fragments ("/", "") would redact ordinary text.
		if len(w) >= 4 && !contains(r.words, w) {
			r.words = append(r.words, w)
		}
	}
	sort.Slice(r.words, func(i, j int) bool { return len(r.words[i]) > len(r.words[j]) })
}

// clean returns s with every known secret replaced.
func (r *redactor) clean(s string) string {
	for _, w := range r.words {
		s = strings.ReplaceAll(s, w, redacted)
	}
	return s
}

// error returns err with a redacted message; errors.Is and errors.As still
// see the original chain (context.Canceled, *SendError), whose own messages
// must therefore never be printed by the caller: only Error() is.
func (r *redactor) error(err error) error {
	if err == nil {
		return nil
	}
	return &redactedError{msg: r.clean(err.Error()), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
