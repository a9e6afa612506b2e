package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strings"

	mail "github.com/wneessen/go-mail"
)

// mail builds the email of a digest: the plain text first and the HTML as
// the preferred alternative, then the attachments.
func (n *Notifier) mail(dst destination, d Digest) (*mail.Msg, error) {
	if len(d.HTML) == 0 && len(d.Text) == 0 {
		return nil, permanent(errors.New("nothing to email: the digest has no HTML or text"))
	}
	m := mail.NewMsg()
	if err := m.From(dst.From); err != nil {
		return nil, permanent(fmt.Errorf("from %q: %w", dst.From, err))
	}
	if err := m.To(dst.To...); err != nil {
		return nil, permanent(fmt.Errorf("to: %w", err))
	}
	now := n.opt.Now()
	subject := dst.Subject
	if subject == "" {
		subject = d.Subject
	}
	if subject == "" {
		subject = defaultSubject(d.Summary)
	}
	m.Subject(subject + " — " + now.UTC().Format("2006-01-02"))
	m.SetDateWithValue(now)
	m.SetMessageID()
	text := string(d.Text)
	if d.Summary.URL != "" {
		text = "Full digest: " + d.Summary.URL + "\n\n" + text
	}
	if len(d.Text) == 0 {
		text = "This digest is HTML; open it in a mail program that shows HTML."
	}
	m.SetBodyString(mail.TypeTextPlain, text)
	if len(d.HTML) > 0 {
		m.AddAlternativeString(mail.TypeTextHTML, string(d.HTML))
	}
	if dst.Attach {
		for _, a := range d.Attachments {
			ct := a.ContentType
			if ct == "" {
				ct = string(mail.TypeAppOctetStream)
			}
			if err := m.AttachReader(a.Name, bytes.NewReader(a.Data), mail.WithFileContentType(mail.ContentType(ct))); err != nil {
				return nil, permanent(fmt.Errorf("attach %s: %w", a.Name, err))
			}
		}
	}
	return m, nil
}

// defaultSubject says the week's most urgent number in the subject line.
func defaultSubject(s Summary) string {
	high := 0
	for _, g := range s.Gaps {
		if g.Severity == "high" {
			high++
		}
	}
	subj := s.Title
	if subj == "" {
		subj = "Shelfwatch weekly digest"
	}
	if len(s.Gaps) > 0 {
		subj += fmt.Sprintf(": %s to act on", plural(len(s.Gaps), "gap", "gaps"))
		if high > 0 {
			subj += fmt.Sprintf(" (%d high)", high)
		}
	}
	return subj
}

// sendMail makes one attempt at delivering msg through dst's server.
func (n *Notifier) sendMail(ctx context.Context, dst destination, msg *mail.Msg) error {
	port := dst.Port
	if port == 0 {
		port = DefaultPort(dst.TLS)
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if n.opt.TLS != nil {
		tc = n.opt.TLS.Clone()
	}
	tc.ServerName = dst.Host
	opts := []mail.Option{mail.WithPort(port), mail.WithTLSConfig(tc), mail.WithTimeout(n.cfg.Timeout)}
	switch dst.TLS {
	case ImplicitTLS:
		opts = append(opts, mail.WithSSL())
	case NoTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if dst.Username != "" {
		// PLAIN and LOGIN send the password as it is: go-mail refuses them
		// on a connection without TLS, except to localhost.
		auth := map[SMTPAuth]mail.SMTPAuthType{
			AuthPlain: mail.SMTPAuthPlain, AuthLogin: mail.SMTPAuthLogin,
			AuthCRAMMD5: mail.SMTPAuthCramMD5, AuthAuto: mail.SMTPAuthAutoDiscover,
		}[dst.Auth]
		if auth == "" {
			auth = mail.SMTPAuthPlain
		}
		opts = append(opts, mail.WithSMTPAuth(auth), mail.WithUsername(dst.Username), mail.WithPassword(dst.password))
	}
	c, err := mail.NewClient(dst.Host, opts...)
	if err != nil {
		return permanent(fmt.Errorf("smtp client: %w", err))
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return smtpError(err)
	}
	return nil
}

// smtpError marks a server's permanent refusal (5xx: unknown recipient,
// bad credentials) as not worth retrying; a temporary one (4xx) and a
// failed connection are retried.
func smtpError(err error) error {
	// A certificate that does not verify, or a server without the TLS
	// the config asks for, will not mend by itself.
	var cve *tls.CertificateVerificationError
	if errors.As(err, &cve) || strings.Contains(err.Error(), "does not support STARTTLS") {
		return permanent(err)
	}
	var se *mail.SendError
	if errors.As(err, &se) {
		if se.IsTemp() {
			return err
		}
		if code := se.ErrorCode(); code >= 500 && code < 600 {
			return permanent(err)
		}
	}
	if strings.Contains(err.Error(), "535") || strings.Contains(strings.ToLower(err.Error()), "authentication failed") {
		return permanent(err)
	}
	return err
}
