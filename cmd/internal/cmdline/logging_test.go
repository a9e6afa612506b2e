package cmdline

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLogFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		format   string
		level    slog.Level
		progress bool
		usage    string // "" parses
	}{
		{"the defaults are text at info with progress", nil, "text", slog.LevelInfo, true, ""},
		{"json at debug", []string{"--log-format", "json", "--log-level", "debug"}, "json", slog.LevelDebug, true, ""},
		{"values in any case", []string{"--log-format=JSON", "--log-level=Warn"}, "json", slog.LevelWarn, true, ""},
		{"warning is warn", []string{"-log-level", "warning"}, "text", slog.LevelWarn, true, ""},
		{"error level", []string{"--log-level", "error"}, "text", slog.LevelError, true, ""},
		{"-q keeps errors only and hides progress", []string{"-q"}, "text", slog.LevelError, false, ""},
		{"--quiet is -q", []string{"--quiet"}, "text", slog.LevelError, false, ""},
		{"-q beats an explicit level", []string{"--log-level", "debug", "-q"}, "text", slog.LevelError, false, ""},
		{"an unknown format", []string{"--log-format", "xml"}, "", 0, false, `invalid value "xml" for flag -log-format: want text or json`},
		{"an unknown level", []string{"--log-level", "verbose"}, "", 0, false, `invalid value "verbose" for flag -log-level: want debug, info, warn or error`},
		{"a numeric level is refused", []string{"--log-level", "-4"}, "", 0, false, "want debug, info, warn or error"},
		{"a missing value", []string{"--log-level"}, "", 0, false, "flag needs an argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			fs := NewFlagSet(&stderr, "crawler", "run", "run")
			lf := AddLogFlags(fs)
			err := ParseNoArgs(fs, tt.args)
			if tt.usage != "" {
				if !IsUsage(err) || !strings.Contains(err.Error(), tt.usage) {
					t.Fatalf("Parse = %v, want a usage error containing %q", err, tt.usage)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if lf.Format != tt.format || lf.EffectiveLevel() != tt.level || lf.ShowProgress() != tt.progress {
				t.Errorf("format %q level %v progress %v, want %q %v %v", lf.Format, lf.EffectiveLevel(), lf.ShowProgress(), tt.format, tt.level, tt.progress)
			}
		})
	}
}

func TestTheLoggerWritesTheChosenFormatAtTheChosenLevel(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, out string)
	}{
		{"text drops debug at info", nil, func(t *testing.T, out string) {
			if strings.Contains(out, "dbg") || !strings.Contains(out, `level=INFO msg=crawling competitor=acme`) ||
				!strings.Contains(out, "level=ERROR msg=failed") {
				t.Errorf("text log:\n%s", out)
			}
		}},
		{"json lines at debug", []string{"--log-format", "json", "--log-level", "debug"}, func(t *testing.T, out string) {
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 4 {
				t.Fatalf("%d lines, want 4:\n%s", len(lines), out)
			}
			for _, l := range lines {
				var r map[string]any
				if err := json.Unmarshal([]byte(l), &r); err != nil || r["msg"] == nil {
					t.Errorf("not a JSON record: %q (%v)", l, err)
				}
			}
		}},
		{"-q leaves only the error", []string{"-q", "--log-format", "json"}, func(t *testing.T, out string) {
			if strings.Count(out, "\n") != 1 || !strings.Contains(out, `"level":"ERROR","msg":"failed"`) {
				t.Errorf("quiet log:\n%s", out)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := NewFlagSet(&bytes.Buffer{}, "report", "digest", "digest")
			lf := AddLogFlags(fs)
			if err := ParseNoArgs(fs, tt.args); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			log := lf.Logger(&out)
			log.Debug("dbg")
			log.Info("crawling", "competitor", "acme")
			log.Warn("slow", "competitor", "acme")
			log.Error("failed", "err", "boom")
			if log.Enabled(context.Background(), slog.LevelDebug) != (lf.EffectiveLevel() <= slog.LevelDebug) {
				t.Error("Enabled disagrees with the level")
			}
			tt.check(t, out.String())
		})
	}
}

func TestIsTerminalIsFalseForBuffersAndFiles(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var nilFile *os.File
	for name, w := range map[string]any{"a buffer": &bytes.Buffer{}, "a regular file": f, "a nil file": nilFile} {
		if IsTerminal(w.(interface{ Write([]byte) (int, error) })) {
			t.Errorf("%s is a terminal", name)
		}
	}
}
