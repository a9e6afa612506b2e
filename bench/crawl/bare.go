package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"
)

// bareResult is what the bare Colly crawler prints for the parent.
type bareResult struct {
	Pages     int64 `json:"pages"`
	Products  int64 `json:"products"`
	WithPrice int64 `json:"with_price"`
}

// runBare crawls the shop at start with plain Colly, as a tuned hand-written
// crawler would: async, one LimitRule of the given parallelism, a keep-alive
// transport with as many idle connections per host as requests in flight,
// and per product page the name and price read by goquery (Colly parses each
// page once for its OnHTML callbacks). It prints a bareResult as JSON.
func runBare(ctx context.Context, start string, parallel int, stdout io.Writer) error {
	su, err := url.Parse(start)
	if err != nil {
		return fmt.Errorf("bare: %w", err)
	}
	c := colly.NewCollector(colly.Async(true), colly.StdlibContext(ctx), colly.AllowedDomains(su.Hostname()))
	c.UserAgent = "shelfwatch-bench/1.0"
	// Without this Go's default keeps 2 idle connections per host, and 30
	// of 32 connections would be re-dialled for every request.
	c.WithTransport(&http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        2 * parallel,
		MaxIdleConnsPerHost: 2 * parallel,
		IdleConnTimeout:     90 * time.Second,
	})
	if err := c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: parallel}); err != nil {
		return fmt.Errorf("bare: %w", err)
	}
	var res bareResult
	var failed atomic.Int64
	c.OnResponse(func(*colly.Response) { atomic.AddInt64(&res.Pages, 1) })
	c.OnError(func(r *colly.Response, err error) {
		if failed.Add(1) <= 5 {
			fmt.Fprintln(stdout, "bare: error:", r.Request.URL, err)
		}
	})
	follow := func(e *colly.HTMLElement) { e.Request.Visit(e.Attr("href")) }
	c.OnHTML("a.next[href]", follow)
	c.OnHTML(".product-card a[href]", follow)
	c.OnHTML("main.product", func(e *colly.HTMLElement) {
		name := strings.TrimSpace(e.ChildText("h1.product-title"))
		price := strings.TrimSpace(e.DOM.Find(".price .now").First().Text())
		if name != "" {
			atomic.AddInt64(&res.Products, 1)
		}
		if strings.HasPrefix(price, "$") {
			atomic.AddInt64(&res.WithPrice, 1)
		}
	})
	if err := c.Visit(start); err != nil {
		return fmt.Errorf("bare: %w", err)
	}
	c.Wait()
	if n := failed.Load(); n > 0 {
		return fmt.Errorf("bare: %d requests failed", n)
	}
	return json.NewEncoder(stdout).Encode(res)
}
