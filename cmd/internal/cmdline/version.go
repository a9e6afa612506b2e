package cmdline

import (
	"runtime/debug"
	"strings"
	"time"
)

// Version returns the program's version line from the build information
// the Go toolchain embeds, e.g.
//
//	crawler v1.2.3 (rev abc1234, 2026-12-01, modified)
//
// See VersionOf for the cases.
func Version(prog string) string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return VersionOf(prog, bi)
}

// VersionOf formats the version line of prog from bi: the main module's
// version ("devel" for a build inside the repository, which Go reports as
// "(devel)" or ""), then in parentheses the VCS revision shortened to 7
// characters, the commit date (UTC) and "modified" for a build with
// uncommitted changes, each when known. A nil bi (a binary built without
// module support) gives "prog (unknown version)".
func VersionOf(prog string, bi *debug.BuildInfo) string {
	if bi == nil {
		return prog + " (unknown version)"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	var rev, date string
	var modified bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
			if len(rev) > 7 {
				rev = rev[:7]
			}
		case "vcs.time":
			date = s.Value
			if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
				date = t.UTC().Format(time.DateOnly)
			}
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	var parts []string
	if rev != "" {
		parts = append(parts, "rev "+rev)
	}
	if date != "" {
		parts = append(parts, date)
	}
	if modified {
		parts = append(parts, "modified")
	}
	line := prog + " " + v
	if len(parts) > 0 {
		line += " (" + strings.Join(parts, ", ") + ")"
	}
	return line
}

// IsVersionRequest reports whether args (without the program name) ask
// for the version only: "--version" or "-version" as the first argument.
func IsVersionRequest(args []string) bool {
	return len(args) > 0 && (args[0] == "--version" || args[0] == "-version")
}
