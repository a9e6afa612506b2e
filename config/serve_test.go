package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

func loadFile(t *testing.T, text string) (*config.Config, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shelfwatch.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return config.Load(path)
}

const hook = "notify:\n  destinations:\n    - {name: planning, type: webhook, url: https://planning.example/hook}\n"

func TestLoadReadsServeCatalogEncodingAndDigestSend(t *testing.T) {
	tests := []struct {
		name     string
		yaml     string
		serve    config.Serve
		encoding string
		digest   *config.Digest
	}{
		{"no sections leave every default", "database: sqlite:x.db\n", config.Serve{}, "", nil},
		{"serve: gives the address and the token's variable",
			"serve: {listen: \"0.0.0.0:9000\", token_env: SHELFWATCH_SERVE_TOKEN}\n",
			config.Serve{Listen: "0.0.0.0:9000", TokenEnv: "SHELFWATCH_SERVE_TOKEN"}, "", nil},
		{"a port alone listens on every interface", "serve:\n  listen: \":8081\"\n", config.Serve{Listen: ":8081"}, "", nil},
		{"an IPv6 address in brackets", "serve: {listen: \"[::1]:8080\"}\n", config.Serve{Listen: "[::1]:8080"}, "", nil},
		{"catalog_encoding takes a WHATWG label", "catalog_encoding: gbk\n", config.Serve{}, "gbk", nil},
		{"labels are matched in any case", "catalog_encoding: Windows-1252\n", config.Serve{}, "Windows-1252", nil},
		{"a digest sent without a file", "digest: {send: true, format: text}\n" + hook, config.Serve{}, "",
			&config.Digest{Send: true, Format: "text"}},
		{"a digest written and sent, as a spreadsheet", "digest: {send: true, output: /srv/d.xlsx, format: xlsx, schedule: \"0 7 * * 1\"}\n" + hook, config.Serve{}, "",
			&config.Digest{Send: true, Output: "/srv/d.xlsx", Format: "xlsx", Schedule: "0 7 * * 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadFile(t, tt.yaml)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Serve != tt.serve {
				t.Errorf("serve %+v, want %+v", cfg.Serve, tt.serve)
			}
			if cfg.CatalogEncoding != tt.encoding {
				t.Errorf("catalog encoding %q, want %q", cfg.CatalogEncoding, tt.encoding)
			}
			if (cfg.Digest == nil) != (tt.digest == nil) || cfg.Digest != nil && *cfg.Digest != *tt.digest {
				t.Errorf("digest %+v, want %+v", cfg.Digest, tt.digest)
			}
		})
	}
}

func TestLoadRejectsBadServeCatalogEncodingAndDigestSend(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"a listen address without a port", "serve: {listen: localhost}\n", `:1: serve.listen: invalid address "localhost"`},
		{"a listen address that is a bare port number", "serve:\n  listen: 8080\n", `:2: serve.listen: invalid address "8080"`},
		{"a token written where its variable's name goes", "serve: {token_env: \"xoxb-1234-secret\"}\n", `serve.token_env: "xoxb-1234-secret" is not an environment variable name`},
		{"a variable name starting with a digit", "serve: {token_env: 1TOKEN}\n", "is not an environment variable name"},
		{"the token itself as a key", "serve: {token: abc}\n", `serve.token: unknown field (known: listen, token_env)`},
		{"serve: as a list", "serve: [a]\n", "serve"},
		{"an unknown encoding", "catalog_encoding: klingon\n", `:1: catalog_encoding: unknown encoding "klingon"`},
		{"send: that is not a boolean", "digest: {send: maybe, output: d.html}\n" + hook, "digest.send"},
		{"a digest sent without destinations", "digest: {send: true, output: d.html}\n", ":1: digest.send: the digest is sent through the notify: section's destinations, and there are none"},
		{"a digest neither written nor sent", "digest: {format: html, send: false}\n" + hook, ":1: digest.output: required field missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is a config error naming its line", func(t *testing.T) {
			_, err := loadFile(t, tt.yaml)
			if err == nil || !errors.Is(err, yamlconf.ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want …%s…", err, tt.want)
			}
		})
	}
}
