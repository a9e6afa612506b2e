package config_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/scraper"
)

// loaded is a config file read as the crawler reads it: the whole file by
// config.Load, the competitors by scraper.
type loaded struct {
	*config.Config
	Comps []scraper.Competitor
}

func load(path string) (*loaded, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	d, n := cfg.CompetitorSection()
	comps, err := scraper.DecodeCompetitors(d, n, "competitors", scraper.Section{Tree: cfg.Categories, ContactURL: cfg.ContactURL, Owned: config.CompetitorKeys})
	if err != nil {
		return nil, err
	}
	return &loaded{Config: cfg, Comps: comps}, nil
}

func loadString(t *testing.T, text string) (*loaded, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shelfwatch.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return load(path)
}
