package notify

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"log/slog"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, pool
}

// smtpMail is one message the fake server accepted.
type smtpMail struct {
	From     string
	To       []string
	Data     []byte
	TLS      bool // the message came over an encrypted connection
	AuthUser string
}

// fakeSMTP is a minimal SMTP server: EHLO/HELO, STARTTLS (when starttls),
// implicit TLS (when implicit), AUTH PLAIN and LOGIN, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT. It checks credentials and records what it accepts.
type fakeSMTP struct {
	ln        net.Listener
	cert      tls.Certificate
	starttls  bool
	implicit  bool
	user, pw  string
	rejectTo  string // a recipient answered with 550
	tempFails int    // first sessions answered 421 at MAIL FROM
	mu        sync.Mutex
	mails     []smtpMail
	sessions  int
	authFails int
}

func newFakeSMTP(t *testing.T, f *fakeSMTP) *fakeSMTP {
	t.Helper()
	cert := f.cert
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if f.implicit {
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}})
	}
	f.ln = ln
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return f
}

func (f *fakeSMTP) port() int { return f.ln.Addr().(*net.TCPAddr).Port }

func (f *fakeSMTP) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	f.mu.Lock()
	f.sessions++
	session := f.sessions
	f.mu.Unlock()
	encrypted := f.implicit
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	say := func(s string) { w.WriteString(s + "\r\n"); w.Flush() }
	say("220 fake.test ESMTP")
	var cur smtpMail
	authed := ""
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		arg := strings.TrimSpace(strings.TrimPrefix(line, strings.SplitN(line, " ", 2)[0]))
		switch verb {
		case "EHLO", "HELO":
			ext := []string{"250-fake.test", "250-8BITMIME", "250-SIZE 10485760"}
			if f.starttls && !encrypted {
				ext = append(ext, "250-STARTTLS")
			}
			ext = append(ext, "250-AUTH PLAIN LOGIN")
			ext = append(ext, "250 HELP")
			for _, e := range ext {
				w.WriteString(e + "\r\n")
			}
			w.Flush()
		case "STARTTLS":
			say("220 go ahead")
			tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{f.cert}})
			if err := tc.Handshake(); err != nil {
				return
			}
			c, encrypted = tc, true
			r, w = bufio.NewReader(tc), bufio.NewWriter(tc)
		case "AUTH":
			parts := strings.Fields(arg)
			var user, pw string
			switch strings.ToUpper(parts[0]) {
			case "PLAIN":
				resp := ""
				if len(parts) > 1 {
					resp = parts[1]
				} else {
					say("334 ")
					resp, _ = r.ReadString('\n')
				}
				b, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(resp))
				fs := strings.Split(string(b), "\x00")
				if len(fs) == 3 {
					user, pw = fs[1], fs[2]
				}
			case "LOGIN":
				say("334 VXNlcm5hbWU6")
				u, _ := r.ReadString('\n')
				say("334 UGFzc3dvcmQ6")
				p, _ := r.ReadString('\n')
				ub, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(u))
				pb, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(p))
				user, pw = string(ub), string(pb)
			}
			if user == f.user && pw == f.pw {
				authed = user
				say("235 2.7.0 Authentication successful")
			} else {
				f.mu.Lock()
				f.authFails++
				f.mu.Unlock()
				say("535 5.7.8 Authentication credentials invalid")
			}
		case "MAIL":
			if f.user != "" && authed == "" {
				say("530 5.7.0 Authentication required")
				continue
			}
			if session <= f.tempFails {
				say("421 4.3.2 try again later")
				return
			}
			cur = smtpMail{From: addrOf(arg), TLS: encrypted, AuthUser: authed}
			say("250 OK")
		case "RCPT":
			to := addrOf(arg)
			if to == f.rejectTo {
				say("550 5.1.1 no such user")
				continue
			}
			cur.To = append(cur.To, to)
			say("250 OK")
		case "DATA":
			say("354 end with .")
			var data bytes.Buffer
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(strings.TrimPrefix(l, "."))
			}
			cur.Data = data.Bytes()
			f.mu.Lock()
			f.mails = append(f.mails, cur)
			f.mu.Unlock()
			say("250 OK queued")
		case "RSET", "NOOP":
			say("250 OK")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("502 command not implemented")
		}
	}
}

func addrOf(arg string) string {
	i, j := strings.Index(arg, "<"), strings.Index(arg, ">")
	if i < 0 || j < i {
		return ""
	}
	return arg[i+1 : j]
}

func (f *fakeSMTP) received() []smtpMail {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]smtpMail(nil), f.mails...)
}

// closedPort returns a local port nothing listens on.
func closedPort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return p
}

// parts reads a MIME message into its leaf parts by content type, and its
// attachments by file name.
func parts(t *testing.T, data []byte) (hdr mail.Header, bodies map[string]string, files map[string][]byte) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	bodies, files = map[string]string{}, map[string][]byte{}
	var walk func(h map[string][]string, body io.Reader)
	walk = func(h map[string][]string, body io.Reader) {
		get := func(k string) string {
			if v := h[k]; len(v) > 0 {
				return v[0]
			}
			return ""
		}
		mt, params, err := mime.ParseMediaType(get("Content-Type"))
		if err != nil {
			t.Fatalf("content type %q: %v", get("Content-Type"), err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				walk(p.Header, p)
			}
		}
		raw, _ := io.ReadAll(body)
		switch strings.ToLower(get("Content-Transfer-Encoding")) {
		case "base64":
			raw, err = io.ReadAll(base64.NewDecoder(base64.StdEncoding, bytes.NewReader(bytes.ReplaceAll(raw, []byte("\r\n"), nil))))
			if err != nil {
				t.Fatal(err)
			}
		case "quoted-printable":
			raw, _ = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
		}
		if _, p, err := mime.ParseMediaType(get("Content-Disposition")); err == nil && p["filename"] != "" {
			files[p["filename"]] = raw
			return
		}
		bodies[mt] = string(raw)
	}
	walk(msg.Header, msg.Body)
	return msg.Header, bodies, files
}

func TestEmailCarriesHTMLTextAndTheSpreadsheetToEveryRecipient(t *testing.T) {
	html := []byte("<!doctype html><html><body><h1>Shelfwatch weekly digest</h1><p>小米 ¥1,099</p></body></html>")
	text := []byte("Shelfwatch weekly digest\n小米 ¥1,099\n")
	xlsx := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0, 1, 2, 0xff, '\r', '\n', '.'}, 4000)...)
	cert, pool := selfSigned(t)
	cases := []struct {
		name string
		srv  *fakeSMTP
		mode TLSMode
		auth SMTPAuth
	}{
		{"STARTTLS with AUTH PLAIN", &fakeSMTP{starttls: true, user: "digest", pw: smtpPassword}, STARTTLS, AuthPlain},
		{"implicit TLS with AUTH LOGIN", &fakeSMTP{implicit: true, user: "digest", pw: smtpPassword}, ImplicitTLS, AuthLogin},
		{"no TLS to a local relay without auth", &fakeSMTP{}, NoTLS, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.srv.cert = cert
			srv := newFakeSMTP(t, c.srv)
			dst := Destination{Name: "buyers", Type: Email, Host: "127.0.0.1", Port: srv.port(), TLS: c.mode, Auth: c.auth,
				From: "Shelfwatch <digest@example.com>", To: []string{"li.wei@example.com", "ops@example.com", "Zhang San <zhang@example.cn>"},
				Attach: true}
			if c.srv.user != "" {
				dst.Username, dst.Password = c.srv.user, Secret{Env: "SMTP_PASS"}
			}
			var logs bytes.Buffer
			n, err := New(Config{PublicURL: "https://reports.example.com/d", Destinations: []Destination{dst}}, Options{
				Getenv: env(map[string]string{"SMTP_PASS": smtpPassword}), Now: func() time.Time { return fixtureNow },
				TLS: &tls.Config{RootCAs: pool}, Logger: slogTo(&logs),
			})
			if err != nil {
				t.Fatal(err)
			}
			rep := n.Send(context.Background(), Digest{Summary: Summarize(fixtureInput()), HTML: html, Text: text,
				Attachments: []Attachment{{Name: "positioning.xlsx", ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: xlsx}}})
			if err := rep.Err(); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.received()
			if len(got) != 1 {
				t.Fatalf("server accepted %d messages, want 1 for all recipients", len(got))
			}
			m := got[0]
			if want := []string{"li.wei@example.com", "ops@example.com", "zhang@example.cn"}; !slices.Equal(m.To, want) {
				t.Errorf("RCPT TO = %v, want %v", m.To, want)
			}
			if m.From != "digest@example.com" || m.TLS != (c.mode != NoTLS) || m.AuthUser != c.srv.user {
				t.Errorf("from %q, tls %v, auth %q", m.From, m.TLS, m.AuthUser)
			}
			hdr, bodies, files := parts(t, m.Data)
			subj, _ := new(mime.WordDecoder).DecodeHeader(hdr.Get("Subject"))
			if want := "Shelfwatch weekly digest: 4 gaps to act on (2 high) — 2026-05-04"; subj != want {
				t.Errorf("Subject = %q, want %q", subj, want)
			}
			if bodies["text/html"] != string(html) {
				t.Errorf("HTML part = %q", bodies["text/html"])
			}
			if want := "Full digest: https://reports.example.com/d\n\n" + string(text); strings.ReplaceAll(bodies["text/plain"], "\r\n", "\n") != want {
				t.Errorf("text part = %q, want %q", bodies["text/plain"], want)
			}
			if !bytes.Equal(files["positioning.xlsx"], xlsx) {
				t.Errorf("attachment: %d bytes, want the %d sent", len(files["positioning.xlsx"]), len(xlsx))
			}
			assertNoSecret(t, "the mail", string(m.Data))
			assertNoSecret(t, "the log", logs.String())
		})
	}
}

func TestEmailFailures(t *testing.T) {
	cert, pool := selfSigned(t)
	cases := []struct {
		name     string
		srv      *fakeSMTP
		mode     TLSMode
		password string
		attempts int
		ok       bool
		want     string
	}{
		{"a wrong password fails at once", &fakeSMTP{starttls: true, user: "digest", pw: "other"}, STARTTLS, smtpPassword, 1, false, "535"},
		{"a server without STARTTLS is refused under starttls", &fakeSMTP{user: "digest", pw: smtpPassword}, STARTTLS, smtpPassword, 1, false, "STARTTLS"},
		{"a temporary 421 is retried", &fakeSMTP{starttls: true, user: "digest", pw: smtpPassword, tempFails: 2}, STARTTLS, smtpPassword, 3, true, ""},
		{"an unknown recipient is a permanent failure", &fakeSMTP{starttls: true, user: "digest", pw: smtpPassword, rejectTo: "ops@example.com"}, STARTTLS, smtpPassword, 1, false, "550"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.srv.cert = cert
			srv := newFakeSMTP(t, c.srv)
			dst := Destination{Name: "mail", Type: Email, Host: "127.0.0.1", Port: srv.port(), TLS: c.mode, Auth: AuthPlain,
				Username: "digest", Password: Secret{Env: "P"}, From: "digest@example.com", To: []string{"a@example.com", "ops@example.com"}, Attach: true}
			var logs bytes.Buffer
			n, err := New(Config{Retry: Retry{Attempts: 3, Backoff: time.Millisecond}, Destinations: []Destination{dst}}, Options{
				Getenv: env(map[string]string{"P": c.password}), TLS: &tls.Config{RootCAs: pool}, Logger: slogTo(&logs),
			})
			if err != nil {
				t.Fatal(err)
			}
			rep := n.Send(context.Background(), Digest{Summary: Summarize(fixtureInput()), Text: []byte("x")})
			if (rep[0].Err == nil) != c.ok || rep[0].Attempts != c.attempts {
				t.Fatalf("result %+v: want ok=%v after %d attempts", rep[0], c.ok, c.attempts)
			}
			if c.want != "" && !strings.Contains(rep[0].Err.Error(), c.want) {
				t.Errorf("error %q lacks %q", rep[0].Err, c.want)
			}
			if rep[0].Err != nil {
				assertNoSecret(t, "the error", rep[0].Err.Error())
			}
			assertNoSecret(t, "the log", logs.String())
		})
	}
}

func slogTo(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
