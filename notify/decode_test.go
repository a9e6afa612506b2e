package notify

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// decodeYAML decodes src's notify: section as a config loader would, with
// errors formatted "notify.yaml:LINE: FIELD: MSG".
func decodeYAML(t *testing.T, src string) (Config, error) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatalf("bad test YAML: %v", err)
	}
	root := doc.Content[0]
	var n *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "notify" {
			n = root.Content[i+1]
		}
	}
	return Decode(n, "notify", "/etc/shelfwatch", func(n *yaml.Node, field, format string, args ...any) error {
		return fmt.Errorf("notify.yaml:%d: %s: %s", n.Line, field, fmt.Sprintf(format, args...))
	})
}

func TestDecodeReadsEveryDestinationType(t *testing.T) {
	cfg, err := decodeYAML(t, `
notify:
  public_url: https://reports.example.com/digest
  max_items: 8
  timeout: 15s
  retry: {attempts: 4, backoff: 500ms, max_backoff: 10s}
  destinations:
    - {name: buyers, type: slack, url_env: SLACK_URL}
    - {name: ops, type: DingTalk, url_env: DING_URL, secret_file: secrets/ding}
    - {name: wx, type: wecom, url_file: /run/secrets/wecom}
    - {name: lark, type: feishu, url_env: FEISHU_URL, secret_env: FEISHU_SECRET}
    - {name: planning, type: webhook, url: "https://planning.example.com/hook", token_env: PLAN_TOKEN}
    - name: mail
      type: email
      host: smtp.example.com
      port: 465
      tls: tls
      auth: login
      username: digest@example.com
      password_env: SMTP_PASSWORD
      from: "Shelfwatch <digest@example.com>"
      to: [a@example.com, "B <b@example.com>"]
      attach: false
    - {name: relay, type: email, host: localhost, from: x@example.com, to: y@example.com}
`)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		PublicURL: "https://reports.example.com/digest", MaxItems: 8, Timeout: 15 * time.Second,
		Retry: Retry{Attempts: 4, Backoff: 500 * time.Millisecond, MaxBackoff: 10 * time.Second},
		Destinations: []Destination{
			{Name: "buyers", Type: Slack, URL: Secret{Env: "SLACK_URL"}, Attach: true},
			{Name: "ops", Type: DingTalk, URL: Secret{Env: "DING_URL"}, Secret: Secret{File: "/etc/shelfwatch/secrets/ding"}, Attach: true},
			{Name: "wx", Type: WeCom, URL: Secret{File: "/run/secrets/wecom"}, Attach: true},
			{Name: "lark", Type: Feishu, URL: Secret{Env: "FEISHU_URL"}, Secret: Secret{Env: "FEISHU_SECRET"}, Attach: true},
			{Name: "planning", Type: Webhook, URL: Secret{Value: "https://planning.example.com/hook"}, Token: Secret{Env: "PLAN_TOKEN"}, Attach: true},
			{Name: "mail", Type: Email, Host: "smtp.example.com", Port: 465, TLS: ImplicitTLS, Auth: AuthLogin,
				Username: "digest@example.com", Password: Secret{Env: "SMTP_PASSWORD"}, From: "Shelfwatch <digest@example.com>",
				To: []string{"a@example.com", "B <b@example.com>"}, Attach: false},
			{Name: "relay", Type: Email, Host: "localhost", TLS: STARTTLS, Auth: AuthPlain, From: "x@example.com", To: []string{"y@example.com"}, Attach: true},
		},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got  %+v\nwant %+v", cfg, want)
	}
}

func TestDecodeErrorsNameTheLineAndField(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"a chat webhook URL written in the config is refused",
			"notify:\n  destinations:\n    - {name: a, type: slack, url: 'https://hooks.slack.com/services/T/B/x'}\n",
			"notify.yaml:3: notify.destinations[0].url: a slack webhook URL carries its access token, so it is not written in the config: put it in an environment variable (url_env) or a file (url_file)"},
		{"a missing URL",
			"notify:\n  destinations:\n    - name: a\n      type: wecom\n",
			"notify.yaml:3: notify.destinations[0].url_env: missing: give url_env or url_file"},
		{"both env and file",
			"notify:\n  destinations:\n    - {name: a, type: feishu, url_env: A, url_file: b}\n",
			"notify.yaml:3: notify.destinations[0]: give one of url_env and url_file, not both"},
		{"an unknown type",
			"notify:\n  destinations:\n    - {name: a, type: teams, url_env: A}\n",
			`notify.yaml:3: notify.destinations[0].type: unknown type "teams" (want one of slack, dingtalk, wecom, feishu, webhook, email)`},
		{"no type",
			"notify:\n  destinations:\n    - {name: a, url_env: A}\n",
			"notify.yaml:3: notify.destinations[0].type: missing"},
		{"a secret key on a type without signatures",
			"notify:\n  destinations:\n    - {name: a, type: wecom, url_env: A, secret_env: S}\n",
			"notify.destinations[0].secret_env: unknown key"},
		{"a pasted secret instead of a variable name",
			"notify:\n  destinations:\n    - {name: a, type: dingtalk, url_env: 'https://oapi.dingtalk.com/robot/send?access_token=abc'}\n",
			"url_env: want the name of an environment variable (letters, digits, _), not the secret itself"},
		{"a duplicate name",
			"notify:\n  destinations:\n    - {name: a, type: slack, url_env: A}\n    - {name: a, type: wecom, url_env: B}\n",
			`notify.yaml:4: notify.destinations[1].name: destination "a" is already defined on line 3`},
		{"no name",
			"notify:\n  destinations:\n    - {type: slack, url_env: A}\n",
			"notify.destinations[0].name: missing"},
		{"an email without recipients",
			"notify:\n  destinations:\n    - {name: m, type: email, host: h, from: a@example.com}\n",
			"notify.destinations[0].to: missing"},
		{"a bad recipient",
			"notify:\n  destinations:\n    - {name: m, type: email, host: h, from: a@example.com, to: [ok@example.com, 'not an address']}\n",
			`notify.yaml:3: notify.destinations[0].to: not an email address: "not an address"`},
		{"a username without a password",
			"notify:\n  destinations:\n    - {name: m, type: email, host: h, from: a@example.com, to: b@example.com, username: u}\n",
			"password_env: missing: username is set"},
		{"a bad TLS mode",
			"notify:\n  destinations:\n    - {name: m, type: email, host: h, from: a@example.com, to: b@example.com, tls: ssl}\n",
			`notify.destinations[0].tls: "ssl": want one of starttls, tls, none`},
		{"a port out of range",
			"notify:\n  destinations:\n    - {name: m, type: email, host: h, from: a@example.com, to: b@example.com, port: 70000}\n",
			"port: want a port number up to 65535"},
		{"a relative public URL",
			"notify:\n  public_url: /digest\n",
			`notify.yaml:2: notify.public_url: want an absolute http(s) URL, got "/digest"`},
		{"an unknown key in retry",
			"notify:\n  retry: {attempts: 3, delay: 1s}\n",
			"notify.retry.delay: unknown key (known here: attempts, backoff, max_backoff)"},
		{"a negative duration",
			"notify:\n  timeout: -5s\n",
			`notify.timeout: want a positive duration`},
		{"backoff longer than its cap",
			"notify:\n  retry: {backoff: 1m, max_backoff: 10s}\n",
			"notify.retry: backoff 1m0s is longer than max_backoff 10s"},
		{"destinations not a list",
			"notify:\n  destinations: {name: a}\n",
			"notify.yaml:2: notify.destinations: want a list of destinations, got a mapping"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := decodeYAML(t, c.yaml)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, c.want)
			}
			if strings.Contains(fmt.Sprint(err), "access_token=abc") {
				t.Errorf("the error repeats the pasted secret: %v", err)
			}
		})
	}
}
