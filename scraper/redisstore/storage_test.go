package redisstore

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/shelfwatch/shelfwatch/queue/queuetest"
)

// TestStorageIsSharedByWorkers: two Storage values with one prefix (two
// workers) see each other's visited hashes and cookies; another prefix
// (another crawl) sees neither; Expire puts a TTL on its keys.
func TestStorageIsSharedByWorkers(t *testing.T) {
	rdb := queuetest.MustClient(t, queuetest.MustURL(t, queuetest.DBRedisStore))
	ctx := context.Background()
	a, b, other := NewStorage(rdb, "st"), NewStorage(rdb, "st"), NewStorage(rdb, "other")
	for _, s := range []*Storage{a, b, other} {
		if err := s.Init(); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Visited(42); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		s    *Storage
		id   uint64
		want bool
	}{
		{"the worker that visited", a, 42, true},
		{"another worker of the crawl", b, 42, true},
		{"another crawl", other, 42, false},
		{"a hash nobody visited", b, 43, false},
	} {
		if got, err := tc.s.IsVisited(tc.id); err != nil || got != tc.want {
			t.Errorf("%s: IsVisited(%d) = %v, %v; want %v", tc.name, tc.id, got, err, tc.want)
		}
	}
	shop, _ := url.Parse("https://shop.example/p/1")
	elsewhere, _ := url.Parse("https://other.example/")
	a.SetCookies(shop, "region=cn")
	if got := b.Cookies(shop); got != "region=cn" {
		t.Errorf("another worker's cookies for the shop = %q, want region=cn", got)
	}
	if got := b.Cookies(elsewhere); got != "" {
		t.Errorf("cookies for another host = %q, want none", got)
	}
	if got := other.Cookies(shop); got != "" {
		t.Errorf("another crawl's cookies = %q, want none", got)
	}
	if err := a.Expire(ctx, time.Hour); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"st:visited", "st:cookies"} {
		if ttl := rdb.TTL(ctx, k).Val(); ttl <= 0 || ttl > time.Hour {
			t.Errorf("TTL of %s = %v, want up to an hour", k, ttl)
		}
	}
}

// TestStorageInitFailsWhenRedisIsDown: Collector.SetStorage fails at once
// with a Redis that does not answer, not on every request later.
func TestStorageInitFailsWhenRedisIsDown(t *testing.T) {
	rdb := queuetest.MustClient(t, "redis://127.0.0.1:1/0")
	s := NewStorage(rdb, "down")
	s.Timeout = time.Second
	if err := colly.NewCollector().SetStorage(s); err == nil {
		t.Fatal("SetStorage with Redis down: no error")
	}
}

// TestStorageCarriesCookiesBetweenCollectors: a cookie the shop sets on
// one worker's Colly collector is sent by another worker's, as one
// visitor's would be; with Colly's default storage it is not.
func TestStorageCarriesCookiesBetweenCollectors(t *testing.T) {
	rdb := queuetest.MustClient(t, queuetest.MustURL(t, queuetest.DBRedisStore))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/region" {
			http.SetCookie(w, &http.Cookie{Name: "region", Value: "cn", Path: "/"})
			return
		}
		c, err := r.Cookie("region")
		if err != nil {
			fmt.Fprint(w, "none")
			return
		}
		fmt.Fprint(w, c.Value)
	}))
	defer srv.Close()
	fetch := func(c *colly.Collector, path string) string {
		t.Helper()
		var body string
		c.OnResponse(func(r *colly.Response) { body = string(r.Body) })
		if err := c.Visit(srv.URL + path); err != nil {
			t.Fatalf("visit %s: %v", path, err)
		}
		return body
	}
	for _, tc := range []struct {
		name   string
		shared bool
		want   string
	}{
		{"shared storage", true, "cn"},
		{"each its own storage", false, "none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first, second := colly.NewCollector(), colly.NewCollector()
			if tc.shared {
				prefix := "jar-" + tc.name
				if err := first.SetStorage(NewStorage(rdb, prefix)); err != nil {
					t.Fatal(err)
				}
				if err := second.SetStorage(NewStorage(rdb, prefix)); err != nil {
					t.Fatal(err)
				}
			}
			fetch(first, "/region")
			if got := fetch(second, "/p/1"); got != tc.want {
				t.Errorf("the second worker sent region %q, want %q", got, tc.want)
			}
		})
	}
}
