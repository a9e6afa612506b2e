package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxResponse caps how much of a reply is read: the chat APIs answer in a
// few dozen bytes, and a misdirected URL must not stream a page into memory.
const maxResponse = 64 << 10

// StatusError is an HTTP reply outside 2xx.
type StatusError struct {
	Code int
	// Body is the start of the reply, for the reason (Slack answers
	// "invalid_token", "no_text").
	Body string
	// RetryAfter is the server's Retry-After, 0 when it gave none.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	s := "HTTP " + strconv.Itoa(e.Code)
	if t := http.StatusText(e.Code); t != "" {
		s += " " + t
	}
	if e.Body != "" {
		s += ": " + e.Body
	}
	return s
}

// retryable: the server may answer differently later (overload, rate
// limit, timeout); any other 4xx is a mistake in the request or the config.
func (e *StatusError) retryable() bool {
	return e.Code >= 500 || e.Code == http.StatusTooManyRequests || e.Code == http.StatusRequestTimeout
}

// PlatformError is a chat platform's refusal inside an HTTP 200 reply
// (DingTalk and WeCom "errcode", Feishu "code").
type PlatformError struct {
	Code int
	Msg  string
	// Retry says whether the code means "too fast, try later".
	Retry bool
}

func (e *PlatformError) Error() string {
	return fmt.Sprintf("platform error %d: %s", e.Code, e.Msg)
}

// permanentError marks a failure that retrying cannot mend.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return &permanentError{err} }

// retryable reports whether a failed attempt is worth repeating: network
// failures, 5xx, 429, 408 and rate-limit codes are; a refused request, a
// bad signature or an SMTP 5xx are not, nor is a cancelled context.
func retryable(err error) bool {
	var pe *permanentError
	var se *StatusError
	var ple *PlatformError
	switch {
	case err == nil, errors.As(err, &pe), errors.Is(err, context.Canceled):
		return false
	case errors.As(err, &se):
		return se.retryable()
	case errors.As(err, &ple):
		return ple.Retry
	}
	return true
}

// retryAfter returns the wait a failure asks for, 0 for none.
func retryAfter(err error) time.Duration {
	var se *StatusError
	if errors.As(err, &se) {
		return se.RetryAfter
	}
	return 0
}

// post sends body as JSON to url and returns the reply's body when the
// status is 2xx.
func post(ctx context.Context, client *http.Client, url string, header http.Header, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, permanent(fmt.Errorf("build request: %w", err))
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "shelfwatch-notify/1")
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return nil, fmt.Errorf("read reply: %w", err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		se := &StatusError{Code: resp.StatusCode, Body: clip(oneLine(strings.TrimSpace(string(reply))), 200)}
		if s, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && s > 0 {
			se.RetryAfter = time.Duration(s) * time.Second
		}
		return nil, se
	}
	return reply, nil
}

// checkErrcode reads a DingTalk or WeCom reply, {"errcode":0,"errmsg":"ok"};
// rateLimited lists the codes that mean "sent too fast".
func checkErrcode(reply []byte, rateLimited ...int) error {
	var r struct {
		Errcode *int   `json:"errcode"`
		Errmsg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(reply, &r); err != nil || r.Errcode == nil {
		return permanent(fmt.Errorf("unexpected reply %q", clip(oneLine(string(reply)), 200)))
	}
	if *r.Errcode != 0 {
		return &PlatformError{Code: *r.Errcode, Msg: r.Errmsg, Retry: contains(intsToStrings(rateLimited), strconv.Itoa(*r.Errcode))}
	}
	return nil
}

func intsToStrings(is []int) []string {
	out := make([]string, len(is))
	for i, v := range is {
		out[i] = strconv.Itoa(v)
	}
	return out
}
