package cmdline

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionOf(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	tests := []struct {
		name     string
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"a tagged clean build", "v1.2.3",
			settings("vcs", "git", "vcs.revision", "abc1234def5678", "vcs.time", "2026-12-01T10:20:30Z", "vcs.modified", "false"),
			"crawler v1.2.3 (rev abc1234, 2026-12-01)"},
		{"a modified build", "v1.2.3",
			settings("vcs.revision", "abc1234def5678", "vcs.time", "2026-12-01T10:20:30Z", "vcs.modified", "true"),
			"crawler v1.2.3 (rev abc1234, 2026-12-01, modified)"},
		{"a build in the repository is devel", "(devel)",
			settings("vcs.revision", "0123456789abcdef", "vcs.time", "2026-11-30T23:59:59Z"),
			"crawler devel (rev 0123456, 2026-11-30)"},
		{"an empty version is devel", "", settings("vcs.revision", "0123456"), "crawler devel (rev 0123456)"},
		{"the date is the commit's UTC date", "v2.0.0",
			settings("vcs.revision", "feedfacecafe", "vcs.time", "2026-12-01T01:30:00+03:00"),
			"crawler v2.0.0 (rev feedfac, 2026-11-30)"},
		{"an unparsable time is shown as it is", "v2.0.0", settings("vcs.time", "yesterday"), "crawler v2.0.0 (yesterday)"},
		{"go install of a version without VCS data", "v1.4.0", nil, "crawler v1.4.0"},
		{"a pseudo-version is kept whole", "v0.0.0-20261201102030-abc1234def56",
			settings("vcs.revision", "abc1234def56"), "crawler v0.0.0-20261201102030-abc1234def56 (rev abc1234)"},
		{"-buildvcs=false: nothing but devel", "(devel)", settings("-buildmode", "exe", "GOOS", "linux"), "crawler devel"},
		{"a short revision is kept", "v1.0.0", settings("vcs.revision", "abc"), "crawler v1.0.0 (rev abc)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/shelfwatch/shelfwatch", Version: tt.version}, Settings: tt.settings}
			if got := VersionOf("crawler", bi); got != tt.want {
				t.Errorf("VersionOf = %q, want %q", got, tt.want)
			}
		})
	}
	if got := VersionOf("report", nil); got != "report (unknown version)" {
		t.Errorf("no build info: %q", got)
	}
}

func TestVersionReadsThisBinarysBuildInfo(t *testing.T) {
	// A test binary's main module is the package under test, built as devel.
	if got := Version("report"); !strings.HasPrefix(got, "report devel") {
		t.Errorf("Version = %q", got)
	}
}

func TestIsVersionRequest(t *testing.T) {
	for args, want := range map[string]bool{"--version": true, "-version": true, "version": false,
		"run --version": false, "": false, "-v": false} {
		if got := IsVersionRequest(strings.Fields(args)); got != want {
			t.Errorf("IsVersionRequest(%q) = %v, want %v", args, got, want)
		}
	}
}
