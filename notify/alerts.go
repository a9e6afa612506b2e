package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/shelfwatch/shelfwatch/alert"
)

// AlertsSchema versions the JSON the generic webhook receives for alerts.
const AlertsSchema = "shelfwatch.alerts/v1"

// maxAlertsPerMessage caps the alerts in one chat message: more is a wall
// nobody reads, and the platforms' limits would cut it anyway. Alerts are
// never dropped as a digest's lists are: they go in further messages.
const maxAlertsPerMessage = 20

// alertKindOrder orders a message's sections: what a buyer acts on first.
var alertKindOrder = []alert.Kind{alert.Undercuts, alert.PriceDown, alert.PriceUp, alert.StockOut, alert.StockBack, alert.SuspectRun, alert.Stale}

// Destinations returns the destinations' names, in config order.
func (n *Notifier) Destinations() []string {
	out := make([]string, len(n.dests))
	for i, d := range n.dests {
		out[i] = d.Name
	}
	return out
}

// SendAlerts sends alerts, in the order given, to the destination called
// name. Chat platforms get as many messages as their size limits and
// maxAlertsPerMessage need, every alert listed (never "… and N more"); the
// generic webhook gets one JSON document (AlertsSchema); email one message.
// Each message is retried as Send retries a digest, and the first that
// fails for good stops the rest. delivered counts the alerts that reached
// the destination: the first delivered of alerts. The Result's error is
// redacted; an unknown name is an error, not a panic.
func (n *Notifier) SendAlerts(ctx context.Context, name string, alerts []alert.Alert) (res Result, delivered int) {
	res.Name = name
	var dst *destination
	for i := range n.dests {
		if n.dests[i].Name == name {
			dst = &n.dests[i]
		}
	}
	if dst == nil {
		res.Err = fmt.Errorf("notify: unknown destination %q", name)
		return res, 0
	}
	res.Type = dst.Type
	if len(alerts) == 0 {
		return res, 0
	}
	// The parts laid out before one that cannot be are still sent.
	parts, layoutErr := n.alertParts(*dst, alerts)
	var err error
	for _, p := range parts {
		var tries int
		tries, err = n.retry(ctx, *dst, p.send)
		res.Attempts += tries
		if err != nil {
			break
		}
		delivered += p.count
	}
	if err == nil {
		err = layoutErr
	}
	res.Err = n.redact.error(err)
	log := n.opt.Logger.With("destination", dst.Name, "type", string(dst.Type), "attempts", res.Attempts,
		"alerts", len(alerts), "delivered", delivered)
	if res.Err != nil {
		log.Error("alerts not delivered", "err", res.Err.Error())
	} else {
		log.Info("alerts delivered")
	}
	return res, delivered
}

// alertPart is one message of alerts: how many it carries and one attempt
// at sending it.
type alertPart struct {
	count int
	send  func(context.Context) error
}

// alertParts lays alerts out for dst: one part for email and the webhook;
// for chat, runs of at most maxAlertsPerMessage alerts, each halved until
// it fits the platform's limit.
func (n *Notifier) alertParts(dst destination, alerts []alert.Alert) ([]alertPart, error) {
	switch dst.Type {
	case Webhook:
		send, err := n.alertWebhook(dst, alerts)
		return []alertPart{{len(alerts), send}}, err
	case Email:
		send, err := n.alertMail(dst, alerts)
		return []alertPart{{len(alerts), send}}, err
	}
	var parts []alertPart
	for i := 0; i < len(alerts); {
		j := min(len(alerts), i+maxAlertsPerMessage)
		for {
			send, ok, err := n.chatAttempt(dst, composeAlerts(alerts, i, j, n.opt.Now(), n.cfg.PublicURL))
			if err != nil {
				return parts, err
			}
			if ok {
				parts = append(parts, alertPart{j - i, send})
				break
			}
			if j-i == 1 {
				return parts, permanent(errTooBig)
			}
			j = i + (j-i)/2
		}
		i = j
	}
	return parts, nil
}

// composeAlerts makes the chat message of alerts[i:j] (of all alerts): a
// section per kind, in alertKindOrder, every alert listed.
func composeAlerts(all []alert.Alert, i, j int, now time.Time, link string) message {
	part := all[i:j]
	m := message{Title: "Shelfwatch alerts", Link: link}
	when := now.UTC().Format("2006-01-02 15:04 UTC")
	if len(part) == len(all) {
		m.Subtitle = fmt.Sprintf("%s · %s", when, plural(len(all), "new alert", "new alerts"))
	} else {
		m.Subtitle = fmt.Sprintf("%s · alerts %d–%d of %d", when, i+1, j, len(all))
	}
	by := map[alert.Kind][]string{}
	var other []string
	for _, a := range part {
		line := clip(oneLine(a.Text()), maxLineRunes)
		if knownKind(a.Kind) {
			by[a.Kind] = append(by[a.Kind], line)
		} else {
			other = append(other, line)
		}
	}
	add := func(title string, items []string) {
		if len(items) > 0 {
			m.Sections = append(m.Sections, section{Title: title, Lead: fmt.Sprintf("%d.", len(items)), Items: items, Shown: len(items)})
		}
	}
	for _, k := range alertKindOrder {
		add(k.Title(), by[k])
	}
	add("Other", other)
	return m
}

func knownKind(k alert.Kind) bool {
	for _, x := range alertKindOrder {
		if x == k {
			return true
		}
	}
	return false
}

// chatAttempt lays m out for a chat destination as it is, and returns one
// attempt at sending it; ok is false when it is over the platform's limit.
func (n *Notifier) chatAttempt(dst destination, m message) (send func(context.Context) error, ok bool, err error) {
	client := n.opt.Client
	switch dst.Type {
	case Slack:
		msg, ok := slackLayout(m)
		body, err := json.Marshal(msg)
		return func(ctx context.Context) error {
			reply, err := post(ctx, client, dst.url, nil, body)
			if err != nil {
				return err
			}
			return checkSlack(reply)
		}, ok, err
	case DingTalk:
		body, ok := dingTalkLayout(m)
		return func(ctx context.Context) error {
			u := dst.url
			if dst.secret != "" {
				var err error
				if u, err = dingTalkSign(dst.url, dst.secret, n.opt.Now()); err != nil {
					return err
				}
			}
			reply, err := post(ctx, client, u, nil, body)
			if err != nil {
				return err
			}
			return checkErrcode(reply, dingTalkTooFast)
		}, ok, nil
	case WeCom:
		body, ok := weComLayout(m)
		return func(ctx context.Context) error {
			reply, err := post(ctx, client, dst.url, nil, body)
			if err != nil {
				return err
			}
			return checkErrcode(reply, weComTooFast)
		}, ok, nil
	case Feishu:
		signed := dst.secret != ""
		msg, ok := feishuLayout(m, signed)
		return func(ctx context.Context) error {
			if signed {
				msg.Timestamp, msg.Sign = feishuSign(dst.secret, n.opt.Now())
			}
			body, err := json.Marshal(msg)
			if err != nil {
				return permanent(err)
			}
			reply, err := post(ctx, client, dst.url, nil, body)
			if err != nil {
				return err
			}
			return checkFeishu(reply)
		}, ok, nil
	}
	return nil, false, fmt.Errorf("unknown destination type %q", dst.Type)
}

// webhookAlert is an alert as the generic webhook receives it: its fields
// and the line people read.
type webhookAlert struct {
	alert.Alert
	Text string `json:"text"`
}

// AlertsDocument is the generic webhook's body for alerts.
type AlertsDocument struct {
	Schema      string    `json:"schema"`
	GeneratedAt time.Time `json:"generated_at"`
	// URL is notify.public_url, "" when unset.
	URL    string         `json:"url"`
	Alerts []webhookAlert `json:"alerts"`
}

func (n *Notifier) alertWebhook(dst destination, alerts []alert.Alert) (func(context.Context) error, error) {
	doc := AlertsDocument{Schema: AlertsSchema, GeneratedAt: n.opt.Now().UTC(), URL: n.cfg.PublicURL}
	for _, a := range alerts {
		doc.Alerts = append(doc.Alerts, webhookAlert{Alert: a, Text: a.Text()})
	}
	body, err := json.Marshal(doc)
	if err != nil {
		return nil, permanent(err)
	}
	return n.webhookAttempt(dst, body), nil
}

// alertsHTML is the email body: a list per kind. html/template escapes the
// scraped titles.
var alertsHTML = template.Must(template.New("alerts").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Shelfwatch alerts</title></head>
<body style="font-family: sans-serif; line-height: 1.4">
<h1 style="font-size: 1.3em">Shelfwatch alerts</h1>
<p style="color: #555">{{.When}} · {{.Count}}</p>
{{range .Sections}}<h2 style="font-size: 1.1em">{{.Title}} ({{len .Items}})</h2>
<ul>{{range .Items}}<li>{{.}}</li>{{end}}</ul>
{{end}}{{if .Link}}<p><a href="{{.Link}}">Open the full digest</a></p>{{end}}
</body></html>
`))

func (n *Notifier) alertMail(dst destination, alerts []alert.Alert) (func(context.Context) error, error) {
	m := composeAlerts(alerts, 0, len(alerts), n.opt.Now(), n.cfg.PublicURL)
	var html bytes.Buffer
	err := alertsHTML.Execute(&html, struct {
		When, Count, Link string
		Sections          []section
	}{n.opt.Now().UTC().Format("2006-01-02 15:04 UTC"), plural(len(alerts), "new alert", "new alerts"), m.Link, m.Sections})
	if err != nil {
		return nil, permanent(err)
	}
	var text strings.Builder
	text.WriteString(m.Title + "\n" + m.Subtitle + "\n")
	for _, s := range m.Sections {
		fmt.Fprintf(&text, "\n%s (%d)\n", s.Title, len(s.Items))
		for _, l := range s.Items {
			text.WriteString("- " + l + "\n")
		}
	}
	// The destination's subject and attachment are the digest's; an
	// alert email names its own subject and carries nothing.
	d := dst
	d.Subject, d.Attach = "", false
	msg, err := n.mail(d, Digest{Subject: alertSubject(alerts), HTML: html.Bytes(), Text: []byte(text.String()),
		Summary: Summary{URL: n.cfg.PublicURL}})
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error { return n.sendMail(ctx, d, msg) }, nil
}

// alertSubject says the first alert in the subject line, and how many more
// there are: "Shelfwatch alert: OUR-1 Phone A: jd cut … (+2 more)".
func alertSubject(alerts []alert.Alert) string {
	s := "Shelfwatch alert: " + clip(oneLine(alerts[0].Text()), 120)
	if len(alerts) > 1 {
		s = fmt.Sprintf("Shelfwatch alerts: %s (+%d more)", clip(oneLine(alerts[0].Text()), 100), len(alerts)-1)
	}
	return s
}
