package config

import (
	"net"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// Serve is the serve: section, `report serve`'s defaults; its flags
// override each key.
type Serve struct {
	// Listen is the address to listen on ("" leaves the command's
	// default, 127.0.0.1:8080).
	Listen string
	// TokenEnv names the environment variable holding the bearer token
	// every request must carry ("" serves without a token). The token
	// itself never goes in the file.
	TokenEnv string
}

// envName is what a portable environment variable name looks like (POSIX:
// letters, digits and underscores, not starting with a digit).
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// serve decodes:
//
//	serve:
//	  listen: 127.0.0.1:8080          # host:port (":8080" is every interface)
//	  token_env: SHELFWATCH_SERVE_TOKEN
func (d *decoder) serve(n *yaml.Node, field string, dst *Serve) error {
	return d.Mapping(n, field, map[string]yamlconf.Handler{
		"listen": func(n *yaml.Node, f string) error {
			if err := d.Str(n, f, &dst.Listen); err != nil {
				return err
			}
			dst.Listen = strings.TrimSpace(dst.Listen)
			if dst.Listen == "" {
				return nil
			}
			if _, port, err := net.SplitHostPort(dst.Listen); err != nil || port == "" {
				return d.Errorf(n, f, "invalid address %q (want host:port, e.g. 127.0.0.1:8080 or :8080)", dst.Listen)
			}
			return nil
		},
		"token_env": func(n *yaml.Node, f string) error {
			if err := d.Str(n, f, &dst.TokenEnv); err != nil {
				return err
			}
			dst.TokenEnv = strings.TrimSpace(dst.TokenEnv)
			if dst.TokenEnv != "" && !envName.MatchString(dst.TokenEnv) {
				return d.Errorf(n, f, "%q is not an environment variable name (the token itself goes in the environment, not in this file)", dst.TokenEnv)
			}
			return nil
		},
	})
}
