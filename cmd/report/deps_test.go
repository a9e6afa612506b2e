package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestReportDoesNotLinkTheCrawler keeps the report binary free of the
// crawler: it reads the config through package config, and must not pull
// in scraper and Colly just to find the database.
func TestReportDoesNotLinkTheCrawler(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch {
		case dep == "github.com/shelfwatch/shelfwatch/scraper",
			strings.HasPrefix(dep, "github.com/shelfwatch/shelfwatch/scraper/"),
			strings.Contains(dep, "colly"):
			t.Errorf("cmd/report depends on %s", dep)
		}
	}
}
