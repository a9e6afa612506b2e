package cmdline

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/shelfwatch/shelfwatch/yamlconf"
)

func TestParseAcceptsFlagsBetweenArguments(t *testing.T) {
	fs := NewFlagSet(&bytes.Buffer{}, "crawler", "extract", "extract URL...")
	c := fs.String("config", "", "")
	pos, err := Parse(fs, []string{"a.html", "--config", "x.yaml", "b.html", "--", "--c.html"})
	if err != nil {
		t.Fatal(err)
	}
	if *c != "x.yaml" || !slices.Equal(pos, []string{"a.html", "b.html", "--c.html"}) {
		t.Errorf("config %q, positional %q", *c, pos)
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"success", nil, 0},
		{"help", ErrHelp, 0},
		{"a usage error", Usagef("bad flag"), 2},
		{"a wrapped usage error", fmt.Errorf("run: %w", Usagef("bad")), 2},
		{"a config error", &yamlconf.Error{File: "c.yaml", Line: 3, Msg: "bad"}, 2},
		{"any other failure", errors.New("site down"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name+" exits "+fmt.Sprint(tt.want), func(t *testing.T) {
			var stderr bytes.Buffer
			if got := ExitCode("crawler", tt.err, &stderr); got != tt.want {
				t.Errorf("ExitCode = %d, want %d", got, tt.want)
			}
			if tt.want != 0 && stderr.String() != "crawler: "+tt.err.Error()+"\n" {
				t.Errorf("stderr = %q", stderr.String())
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	fs := NewFlagSet(&bytes.Buffer{}, "report", "digest", "digest")
	if err := ParseNoArgs(fs, []string{"--nope"}); !IsUsage(err) {
		t.Errorf("unknown flag: %v, want a usage error", err)
	}
	fs = NewFlagSet(&bytes.Buffer{}, "report", "digest", "digest")
	if err := ParseNoArgs(fs, []string{"extra"}); !IsUsage(err) || err.Error() != `digest: unexpected argument "extra"` {
		t.Errorf("positional: %v", err)
	}
	fs = NewFlagSet(&bytes.Buffer{}, "report", "digest", "digest")
	if err := ParseNoArgs(fs, []string{"--help"}); !errors.Is(err, ErrHelp) {
		t.Errorf("help: %v", err)
	}
}
