package scraper

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// jsHead is a competitor entry the cases below extend, from line 5 on.
const jsHead = `competitors:
  - name: js
    start_urls: [https://shop.example/list]
    allowed_domains: [shop.example, p.shop.example]
`

func TestLoadConfigReadsRenderAndJSONRules(t *testing.T) {
	cfg, err := loadString(t, jsHead+`    render: browser
    wait_for: ".price:not(:empty)"
    render_timeout: 12s
    browser_tabs: 2
    json:
      - url: "https://p.shop.example/prices/mgets?skuIds={skus}&source=list"
        each: "J_{sku}"
        items: "#"
        key: id
        batch: 30
        fields: {price: p, list_price: op}
      - url: "https://shop.example/api/item/{id}"
        id: {from: url, regex: "/item/(\\d+)\\.html"}
        fill: true
        fields:
          availability: data.stock.state
          title: data.item.title
        availability_values: {"33": in_stock, "34": out_of_stock, "40": preorder}
`)
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.Competitors[0]
	if c.Render != (RenderOptions{Mode: RenderBrowser, WaitFor: ".price:not(:empty)", Timeout: 12 * time.Second, Tabs: 2}) {
		t.Errorf("Render = %+v", c.Render)
	}
	if len(c.JSON) != 2 {
		t.Fatalf("JSON = %+v, want 2 rules", c.JSON)
	}
	a, b := c.JSON[0], c.JSON[1]
	if a.URL != "https://p.shop.example/prices/mgets?skuIds={skus}&source=list" || a.Each != "J_{sku}" || a.Items != "#" || a.Key != "id" || a.Batch != 30 ||
		a.Fields["price"] != "p" || a.Fields["list_price"] != "op" || a.Fill {
		t.Errorf("first rule = %+v", a)
	}
	if b.IDFrom != "url" || b.IDRegex == nil || b.IDRegex.String() != `/item/(\d+)\.html` || !b.Fill ||
		b.AvailabilityValues["40"] != pricing.PreOrder || b.Fields["title"] != "data.item.title" {
		t.Errorf("second rule = %+v", b)
	}

	// Left out, render is html and there are no rules.
	cfg, err = loadString(t, jsHead)
	if err != nil {
		t.Fatal(err)
	}
	if c := cfg.Competitors[0]; c.Render.Mode != RenderHTML || c.JSON != nil {
		t.Errorf("defaults: Render %+v, JSON %+v", c.Render, c.JSON)
	}
}

func TestLoadConfigRejectsBadRenderAndJSONRules(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		line int
		want string
	}{
		{"an unknown render mode", "    render: chrome\n", 5, "render"},
		{"wait_for without render: browser", "    wait_for: .price\n", 5, "wait_for needs render: browser"},
		{"a wait_for that is no CSS selector", "    render: browser\n    wait_for: \".price[\"\n", 6, "invalid CSS selector"},
		{"browser_tabs of 0", "    render: browser\n    browser_tabs: 0\n", 6, "browser_tabs"},
		{"too many browser tabs", "    render: browser\n    browser_tabs: 100\n", 6, "at most"},
		{"a render_timeout too short to load anything", "    render: browser\n    render_timeout: 5ms\n", 6, "at least"},
		{"render: browser for a Shopify shop", "    platform: shopify\n    render: browser\n", 6, "platform shopify"},
		{"an unknown placeholder", "    json:\n      url: \"https://p.shop.example/p?id={skuid}\"\n      fields: {price: p}\n", 6, "unknown placeholder {skuid}"},
		{"an unclosed brace", "    json:\n      url: \"https://p.shop.example/p?id={sku\"\n      fields: {price: p}\n", 6, "unclosed"},
		{"a stray brace", "    json:\n      url: \"https://p.shop.example/p?id=sku}\"\n      fields: {price: p}\n", 6, "stray"},
		{"a URL with no placeholder", "    json:\n      url: \"https://p.shop.example/prices\"\n      fields: {price: p}\n", 6, "no placeholder"},
		{"a relative URL", "    json:\n      url: \"/prices?sku={sku}\"\n      fields: {price: p}\n", 6, "absolute http(s)"},
		{"a list and a single placeholder together", "    json:\n      url: \"https://p.shop.example/p?skus={skus}&ref={url}\"\n      items: data\n      key: id\n      fields: {price: p}\n", 6, "asks for many offers"},
		{"an endpoint off the allowed domains", "    json:\n      url: \"https://api.elsewhere.example/p?sku={sku}\"\n      fields: {price: p}\n", 6, "not in allowed_domains"},
		{"a list placeholder without items", "    json:\n      url: \"https://p.shop.example/p?skus={skus}\"\n      key: id\n      fields: {price: p}\n", 6, "items"},
		{"a list placeholder without key", "    json:\n      url: \"https://p.shop.example/p?skus={skus}\"\n      items: data\n      fields: {price: p}\n", 6, "key"},
		{"batch without a list placeholder", "    json:\n      url: \"https://p.shop.example/p?sku={sku}\"\n      batch: 5\n      fields: {price: p}\n", 6, "batch and join need"},
		{"{id} without an id rule", "    json:\n      url: \"https://p.shop.example/p/{id}\"\n      fields: {price: p}\n", 6, "required with {id}"},
		{"an id regex without a group", "    json:\n      url: \"https://p.shop.example/p/{id}\"\n      id: {regex: \"/item/\\\\d+\"}\n      fields: {price: p}\n", 7, "has no group"},
		{"an id regex that does not compile", "    json:\n      url: \"https://p.shop.example/p/{id}\"\n      id: {regex: \"(\\\\d+\"}\n      fields: {price: p}\n", 7, "invalid regex"},
		{"an id from an unknown field", "    json:\n      url: \"https://p.shop.example/p/{id}\"\n      id: {from: body, regex: \"(\\\\d+)\"}\n      fields: {price: p}\n", 7, "id.from"},
		{"a JSON path with an empty component", "    json:\n      url: \"https://p.shop.example/p?sku={sku}\"\n      fields:\n        price: data..price\n", 8, "empty component"},
		{"a JSON path with an unclosed query", "    json:\n      url: \"https://p.shop.example/p?sku={sku}\"\n      fields:\n        price: 'data.#(id==\"1\".p'\n", 8, "unclosed"},
		{"a JSON path with an unknown modifier", "    json:\n      url: \"https://p.shop.example/p?sku={sku}\"\n      fields:\n        price: \"@sum\"\n", 8, "unknown modifier"},
		{"an items path that ends in a dot", "    json:\n      url: \"https://p.shop.example/p?skus={skus}\"\n      items: \"data.\"\n      key: id\n      fields: {price: p}\n", 7, "ends in a separator"},
		{"an unknown offer field", "    json:\n      url: \"https://p.shop.example/p?sku={sku}\"\n      fields: {cost: p}\n", 7, "unknown field"},
		{"no fields", "    json:\n      url: \"https://p.shop.example/p?sku={sku}\"\n", 6, "fields: required"},
		{"no url", "    json:\n      fields: {price: p}\n", 6, "url: required"},
		{"an unknown availability state", "    json:\n      url: \"https://p.shop.example/p?sku={sku}\"\n      fields: {availability: s}\n      availability_values: {\"33\": yes}\n", 8, "availability_values.33"},
		{"each with an unknown placeholder", "    json:\n      url: \"https://p.shop.example/p?skus={skus}\"\n      each: \"J_{code}\"\n      items: \"#\"\n      key: id\n      fields: {price: p}\n", 7, "unknown placeholder {code}"},
		{"an empty list of rules", "    json: []\n", 5, "empty list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, path, err := loadYAML(t, jsHead+tt.yaml)
			if err == nil {
				t.Fatal("loaded without error")
			}
			var ye *yamlconf.Error
			if !errors.As(err, &ye) || !errors.Is(err, yamlconf.ErrConfig) {
				t.Fatalf("error %v is not a *yamlconf.Error", err)
			}
			if ye.File != path || ye.Line != tt.line {
				t.Errorf("error at %s:%d, want %s:%d: %v", ye.File, ye.Line, path, tt.line, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}
