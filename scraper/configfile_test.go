package scraper

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/category"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// fileConfig is what the scraper's tests need of a whole config file: the
// competitors, decoded as package config hands them over, and the tree they
// map to. The whole-file config is package config's (tested there); this
// reads only categories, contact_url and competitors and skips other keys.
type fileConfig struct {
	Categories  *category.Tree
	Competitors []Competitor
}

func (c *fileConfig) Competitor(name string) (Competitor, error) {
	for _, comp := range c.Competitors {
		if comp.Name == name {
			return comp, nil
		}
	}
	return Competitor{}, fmt.Errorf("unknown competitor %q", name)
}

func loadConfig(path string) (*fileConfig, error) {
	data, err := yamlconf.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d := &yamlconf.Decoder{File: path, Dir: filepath.Dir(path)}
	root, err := d.Parse(data)
	if err != nil {
		return nil, err
	}
	cfg := &fileConfig{}
	var s Section
	var comps *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i].Value, yamlconf.Resolve(root.Content[i+1])
		switch k {
		case "categories":
			if cfg.Categories, err = d.Categories(v, k); err != nil {
				return nil, err
			}
			s.Tree = cfg.Categories
		case "contact_url":
			s.ContactURL = v.Value
		case "competitors":
			comps = v
		}
	}
	if comps != nil {
		if cfg.Competitors, err = DecodeCompetitors(d, comps, "competitors", s); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

// loadString loads a config file with the given contents.
func loadString(t *testing.T, text string) (*fileConfig, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shelfwatch.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return loadConfig(path)
}
