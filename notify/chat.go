package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Platform limits. Each was checked against the platform's documentation;
// where a platform counts characters it is counted in runes, where it
// counts bytes in UTF-8 bytes (Chinese titles take three each).
const (
	// Slack: at most 50 blocks a message, 3000 characters in a section's
	// text, 150 in a header. Slack also refuses messages whose blocks
	// add up to somewhat over 13,000 characters (msg_blocks_too_long,
	// seen below the documented 40,000), so the whole is kept under
	// slackMaxTotal.
	slackMaxBlocks  = 50
	slackMaxText    = 3000
	slackMaxHeader  = 150
	slackMaxTotal   = 12000
	dingTalkMaxBody = 20000    // bytes of the request body
	weComMaxContent = 4096     // bytes of markdown.content
	feishuMaxBody   = 30 << 10 // 30 KB request body, card and signature included
)

// The reply codes that mean "sent too fast: try later".
const (
	dingTalkTooFast = 130101
	weComTooFast    = 45009
	feishuTooFast   = 11232
)

const linkText = "Open the full digest"

// ---- Slack: Block Kit ----

type slackText struct {
	Type string `json:"type"` // plain_text or mrkdwn
	Text string `json:"text"`
}

type slackBlock struct {
	Type     string      `json:"type"`
	Text     *slackText  `json:"text,omitempty"`
	Elements []slackText `json:"elements,omitempty"`
}

type slackMessage struct {
	// Text is the notification's fallback text.
	Text   string       `json:"text"`
	Blocks []slackBlock `json:"blocks"`
}

// slackEscape escapes the three characters Slack's mrkdwn gives meaning to
// (&, <, >), as Slack's formatting guide asks.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// slackLayout lays m out as Block Kit. Listed lines go in plain_text
// sections, so scraped titles need no escaping; a section's lines are split
// over several blocks when they pass 3000 characters.
func slackLayout(m message) (slackMessage, bool) {
	out := slackMessage{Text: m.Title + " — " + m.Subtitle}
	out.Blocks = append(out.Blocks,
		slackBlock{Type: "header", Text: &slackText{Type: "plain_text", Text: clip(m.Title, slackMaxHeader)}},
		slackBlock{Type: "context", Elements: []slackText{{Type: "mrkdwn", Text: slackEscape(m.Subtitle)}}},
	)
	for _, s := range m.Sections {
		out.Blocks = append(out.Blocks, slackBlock{Type: "section",
			Text: &slackText{Type: "mrkdwn", Text: "*" + slackEscape(s.Title) + "* — " + slackEscape(s.Lead)}})
		var chunk []string
		n := 0
		flush := func() {
			if len(chunk) > 0 {
				out.Blocks = append(out.Blocks, slackBlock{Type: "section",
					Text: &slackText{Type: "plain_text", Text: strings.Join(chunk, "\n")}})
			}
			chunk, n = nil, 0
		}
		for _, l := range s.lines() {
			l = "• " + l
			ln := utf8.RuneCountInString(l) + 1
			if n+ln > slackMaxText {
				flush()
			}
			chunk = append(chunk, l)
			n += ln
		}
		flush()
	}
	if m.Link != "" {
		out.Blocks = append(out.Blocks, slackBlock{Type: "divider"},
			slackBlock{Type: "section", Text: &slackText{Type: "mrkdwn", Text: "<" + slackEscape(m.Link) + "|" + linkText + ">"}})
	}
	total := 0
	for _, b := range out.Blocks {
		if b.Text != nil {
			total += utf8.RuneCountInString(b.Text.Text)
		}
		for _, e := range b.Elements {
			total += utf8.RuneCountInString(e.Text)
		}
	}
	return out, len(out.Blocks) <= slackMaxBlocks && total <= slackMaxTotal
}

// ---- Markdown (DingTalk, WeCom) ----

// mdEscape keeps scraped text from turning into markup: markdown's
// punctuation is backslash-escaped and angle brackets become entities
// (both robots render a few HTML tags such as <font>).
func mdEscape(s string) string {
	return strings.NewReplacer(
		`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
		"&", "&amp;", "<", "&lt;", ">", "&gt;",
	).Replace(s)
}

// markdownLayout lays m out as the markdown both DingTalk and WeCom render:
// a heading, a bold title and lead per section and a list of its lines.
func markdownLayout(m message) string {
	var b strings.Builder
	b.WriteString("### " + mdEscape(m.Title) + "\n")
	b.WriteString(mdEscape(m.Subtitle) + "\n")
	for _, s := range m.Sections {
		b.WriteString("\n**" + mdEscape(s.Title) + "** " + mdEscape(s.Lead) + "\n")
		for _, l := range s.lines() {
			b.WriteString("- " + mdEscape(l) + "\n")
		}
	}
	if m.Link != "" {
		b.WriteString("\n[" + linkText + "](" + m.Link + ")\n")
	}
	return b.String()
}

type dingTalkMessage struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"markdown"`
}

func dingTalkLayout(m message) ([]byte, bool) {
	var msg dingTalkMessage
	msg.MsgType = "markdown"
	msg.Markdown.Title = m.Title
	msg.Markdown.Text = markdownLayout(m)
	body, err := json.Marshal(msg)
	return body, err == nil && len(body) <= dingTalkMaxBody
}

// dingTalkSign returns the query parameters a signed DingTalk robot checks:
// timestamp in milliseconds and sign = base64(HMAC-SHA256(key=secret,
// msg=timestamp+"\n"+secret)), URL-encoded by url.Values.
func dingTalkSign(rawURL, secret string, now time.Time) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", permanent(err)
	}
	ts := strconv.FormatInt(now.UnixMilli(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "\n" + secret))
	q := u.Query()
	q.Set("timestamp", ts)
	q.Set("sign", base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	u.RawQuery = q.Encode()
	return u.String(), nil
}

type weComMessage struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Content string `json:"content"`
	} `json:"markdown"`
}

func weComLayout(m message) ([]byte, bool) {
	var msg weComMessage
	msg.MsgType = "markdown"
	msg.Markdown.Content = markdownLayout(m)
	body, err := json.Marshal(msg)
	return body, err == nil && len(msg.Markdown.Content) <= weComMaxContent
}

// ---- Feishu / Lark: interactive card ----

type feishuText struct {
	Tag     string `json:"tag"` // plain_text or lark_md
	Content string `json:"content"`
}

type feishuAction struct {
	Tag  string     `json:"tag"`
	Text feishuText `json:"text"`
	Type string     `json:"type"`
	URL  string     `json:"url"`
}

type feishuElement struct {
	Tag     string         `json:"tag"` // div, hr, action
	Text    *feishuText    `json:"text,omitempty"`
	Actions []feishuAction `json:"actions,omitempty"`
}

type feishuCard struct {
	Config struct {
		WideScreenMode bool `json:"wide_screen_mode"`
	} `json:"config"`
	Header struct {
		Title    feishuText `json:"title"`
		Template string     `json:"template"`
	} `json:"header"`
	Elements []feishuElement `json:"elements"`
}

type feishuMessage struct {
	// Timestamp (seconds) and Sign are set when the robot has a secret.
	Timestamp string     `json:"timestamp,omitempty"`
	Sign      string     `json:"sign,omitempty"`
	MsgType   string     `json:"msg_type"`
	Card      feishuCard `json:"card"`
}

// feishuLayout lays m out as an interactive card: a plain-text block per
// section (no markup to escape), each under a bold lark_md title, and a
// button to the full digest. signed reserves room for the signature
// fields, so a signed card is checked at its real size.
func feishuLayout(m message, signed bool) (feishuMessage, bool) {
	var msg feishuMessage
	msg.MsgType = "interactive"
	c := &msg.Card
	c.Config.WideScreenMode = true
	c.Header.Title = feishuText{Tag: "plain_text", Content: m.Title}
	c.Header.Template = "blue"
	c.Elements = append(c.Elements, feishuElement{Tag: "div", Text: &feishuText{Tag: "plain_text", Content: m.Subtitle}})
	for _, s := range m.Sections {
		c.Elements = append(c.Elements,
			feishuElement{Tag: "div", Text: &feishuText{Tag: "lark_md", Content: "**" + s.Title + "**"}},
		)
		lines := []string{s.Lead}
		for _, l := range s.lines() {
			lines = append(lines, "• "+l)
		}
		c.Elements = append(c.Elements, feishuElement{Tag: "div", Text: &feishuText{Tag: "plain_text", Content: strings.Join(lines, "\n")}})
	}
	if m.Link != "" {
		c.Elements = append(c.Elements, feishuElement{Tag: "hr"}, feishuElement{Tag: "action", Actions: []feishuAction{{
			Tag: "button", Text: feishuText{Tag: "plain_text", Content: linkText}, Type: "primary", URL: m.Link,
		}}})
	}
	sized := msg
	if signed {
		sized.Timestamp, sized.Sign = "0000000000", strings.Repeat("=", 44)
	}
	body, err := json.Marshal(sized)
	return msg, err == nil && len(body) <= feishuMaxBody
}

// feishuSign returns a Feishu robot's signature: timestamp in seconds and
// sign = base64(HMAC-SHA256(key=timestamp+"\n"+secret, msg="")).
func feishuSign(secret string, now time.Time) (ts, sign string) {
	ts = strconv.FormatInt(now.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(ts+"\n"+secret))
	return ts, base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// checkFeishu reads a Feishu reply: {"code":0,"msg":"success"}, or from
// older robots {"StatusCode":0,"StatusMessage":"success"}.
func checkFeishu(reply []byte) error {
	var r struct {
		Code       *int   `json:"code"`
		Msg        string `json:"msg"`
		StatusCode *int   `json:"StatusCode"`
		StatusMsg  string `json:"StatusMessage"`
	}
	if err := json.Unmarshal(reply, &r); err != nil {
		return permanent(&PlatformError{Code: -1, Msg: "unexpected reply " + strconv.Quote(clip(oneLine(string(reply)), 200))})
	}
	code, msg := r.Code, r.Msg
	if code == nil {
		code, msg = r.StatusCode, r.StatusMsg
	}
	if code == nil {
		return permanent(&PlatformError{Code: -1, Msg: "unexpected reply " + strconv.Quote(clip(oneLine(string(reply)), 200))})
	}
	if *code != 0 {
		return &PlatformError{Code: *code, Msg: msg, Retry: *code == feishuTooFast}
	}
	return nil
}

// checkSlack reads a Slack incoming webhook's reply: "ok" with status 200.
func checkSlack(reply []byte) error {
	if s := strings.TrimSpace(string(reply)); s != "ok" && s != "" {
		return permanent(&PlatformError{Code: -1, Msg: clip(oneLine(s), 200)})
	}
	return nil
}
