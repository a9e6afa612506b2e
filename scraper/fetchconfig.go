package scraper

import (
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// maxBrowserTabs bounds browser_tabs: each tab is a renderer process of
// 50-150 MB.
const maxBrowserTabs = 32

// fetchNodes remembers where the fetch keys of one competitor entry were
// written, for errors that need the whole entry to tell.
type fetchNodes struct {
	render, waitFor, renderTimeout, tabs, json *yaml.Node
	jsonField                                  string
	// jsonNodes are the nodes of each json rule (url template, key...),
	// checked against allowed_domains once the whole entry is read.
	jsonNodes []jsonRuleNodes
}

// fetchKeys adds the competitor keys of how pages are fetched (render,
// wait_for, render_timeout, browser_tabs, json) to fields, decoding into c.
// checkFetch must run once the entry is read.
func (d *decoder) fetchKeys(c *Competitor, fields map[string]yamlconf.Handler) *fetchNodes {
	fn := &fetchNodes{}
	fields["render"] = func(n *yaml.Node, f string) error {
		fn.render = n
		return d.Enum(n, f, &c.Render.Mode, RenderHTML, RenderBrowser)
	}
	fields["wait_for"] = func(n *yaml.Node, f string) error {
		fn.waitFor = n
		if err := d.Str(n, f, &c.Render.WaitFor); err != nil {
			return err
		}
		c.Render.WaitFor = strings.TrimSpace(c.Render.WaitFor)
		if c.Render.WaitFor == "" {
			return d.Errorf(n, f, "empty selector (leave wait_for out to wait for the network to be idle)")
		}
		// The browser's querySelector reads it; cascadia, which goquery
		// uses, catches the typos that would make every page wait out
		// render_timeout.
		if _, err := cascadia.Compile(c.Render.WaitFor); err != nil {
			return d.Errorf(n, f, "invalid CSS selector %q: %v", c.Render.WaitFor, err)
		}
		return nil
	}
	fields["render_timeout"] = func(n *yaml.Node, f string) error {
		fn.renderTimeout = n
		if err := d.Duration(n, f, &c.Render.Timeout); err != nil {
			return err
		}
		if c.Render.Timeout < 100*time.Millisecond {
			return d.Errorf(n, f, "must be at least 100ms")
		}
		return nil
	}
	fields["browser_tabs"] = func(n *yaml.Node, f string) error {
		fn.tabs = n
		if err := d.Positive(n, f, &c.Render.Tabs); err != nil {
			return err
		}
		if c.Render.Tabs > maxBrowserTabs {
			return d.Errorf(n, f, "at most %d (each tab is a renderer process)", maxBrowserTabs)
		}
		return nil
	}
	fields["json"] = func(n *yaml.Node, f string) error {
		fn.json, fn.jsonField = n, f
		rules, nodes, err := d.jsonRules(n, f, c)
		c.JSON, fn.jsonNodes = rules, nodes
		return err
	}
	return fn
}

// checkFetch checks the fetch keys against the rest of the entry: the
// browser settings need render: browser and http(s) pages of an HTML shop,
// and each json rule's endpoint must be on an allowed domain.
func (d *decoder) checkFetch(c *Competitor, field string, fn *fetchNodes) error {
	if c.Render.Mode == "" {
		c.Render.Mode = RenderHTML
	}
	if c.Render.Mode != RenderBrowser {
		for _, k := range []struct {
			n    *yaml.Node
			name string
		}{{fn.waitFor, "wait_for"}, {fn.renderTimeout, "render_timeout"}, {fn.tabs, "browser_tabs"}} {
			if k.n != nil {
				return d.Errorf(k.n, field+"."+k.name, "%s needs render: browser", k.name)
			}
		}
	} else {
		if c.Platform != PlatformHTML {
			return d.Errorf(fn.render, field+".render", "render: browser is for HTML shops; platform %s is read through its JSON API", c.Platform)
		}
		for i, s := range c.StartURLs {
			if strings.HasPrefix(s, "file:") {
				return d.Errorf(fn.render, field+".render", "render: browser renders http(s) pages; start_urls[%d] is a file (%s)", i, s)
			}
		}
	}
	return d.checkJSONHosts(c, fn)
}
