// Package notify delivers the weekly digest to the people who read it: chat
// groups (Slack, DingTalk, WeCom / 企业微信, Feishu / Lark and a generic JSON
// webhook) get a short summary with a link to the full digest, and email
// recipients get the digest itself (HTML with a plain-text alternative) with
// the positioning spreadsheet attached.
//
// The package is given everything it sends as plain values (a Summary built
// by Summarize from the week's pricing.Analysis, and the rendered documents)
// and an *http.Client; it keeps no global state and reads the environment
// only through the getenv function it is handed.
//
// Secrets (webhook URLs, which carry their tokens, signing secrets, SMTP
// passwords) are named in the config by an environment variable or a file,
// never written in it. They are never printed: every error and log line this
// package produces passes through a redactor that replaces each secret, and
// each part of a webhook URL long enough to be a token, with "[redacted]".
//
// A destination that fails is retried with exponential backoff (bounded in
// attempts and delay, and stopped by the context); it is reported in the
// Report and does not stop the other destinations.
package notify
