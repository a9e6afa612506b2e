package scraper

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/gocolly/colly/v2"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// jsonLookup is one endpoint request of a JSON rule and the offers it
// answers for.
type jsonLookup struct {
	url    string
	offers []int    // indexes into the offers being enriched
	names  []string // each offer's name at the endpoint
	raws   []string // each offer's bare placeholder value
	body   []byte
	err    error
}

// enrichJSON looks offers up at the competitor's JSON endpoints (see
// JSONRule) and returns them with what the endpoints said. It runs on the
// crawl's loop goroutine, before offers go to the sink. A failed lookup is
// counted as a page failure of its class (4xx, timeout, parse...) and never
// loses an offer: the offer goes on with what its page gave.
func (r *run) enrichJSON(offers []pricing.Offer) []pricing.Offer {
	if len(r.comp.JSON) == 0 || len(offers) == 0 || r.abortErr != nil {
		return offers
	}
	out := make([]pricing.Offer, len(offers))
	copy(out, offers)
	for i := range r.comp.JSON {
		if r.ctx.Err() != nil {
			break
		}
		r.applyJSON(&r.comp.JSON[i], out)
	}
	return out
}

// applyJSON runs one rule over offers, in place.
func (r *run) applyJSON(rule *JSONRule, offers []pricing.Offer) {
	lookups, err := r.jsonLookups(rule, offers)
	if err != nil {
		r.warn(fmt.Errorf("json rule %s: %w", rule.URL, err))
		return
	}
	// Politeness first, on this goroutine (robots.txt's cache is its own).
	var todo []*jsonLookup
	for _, l := range lookups {
		u, err := url.Parse(l.url)
		if err != nil {
			r.fail(l.url, fmt.Errorf("json %s: %w", l.url, err))
			continue
		}
		if !r.allowed(u, "") || u.Scheme == "file" {
			r.fail(l.url, fmt.Errorf("json %s: %w", l.url, ErrOffDomain))
			continue
		}
		if err := r.robotsAllow(u); err != nil {
			if r.ctx.Err() != nil {
				return
			}
			if errors.Is(err, colly.ErrRobotsTxtBlocked) {
				r.count(l.url, err)
				r.log.Info("robots.txt disallows JSON endpoint", "url", l.url)
			} else {
				r.fail(l.url, err)
			}
			continue
		}
		todo = append(todo, l)
	}
	// Several at once as the host's parallelism allows; the transport's
	// host limits hold them to it (and to its delay) in any case.
	sem := make(chan struct{}, max(r.comp.Parallelism, 1))
	var wg sync.WaitGroup
	for _, l := range todo {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			referer := ""
			if len(l.offers) == 1 {
				referer = offers[l.offers[0]].URL
			}
			l.body, l.err = r.fetchJSON(l.url, referer)
		}()
	}
	wg.Wait()
	for _, l := range todo {
		if l.err != nil {
			if r.ctx.Err() != nil {
				return
			}
			r.fail(l.url, l.err)
			continue
		}
		doc, err := jsonBody(l.body)
		if err != nil {
			r.fail(l.url, withClass(ErrParse, fmt.Errorf("json %s: %w", l.url, err)))
			continue
		}
		items, err := rule.items(doc)
		if err != nil {
			r.fail(l.url, withClass(ErrParse, fmt.Errorf("json %s: %w", l.url, err)))
			continue
		}
		base, _ := url.Parse(l.url)
		for k, i := range l.offers {
			item, ok := rule.match(items, l.names[k], l.raws[k])
			if !ok {
				r.warn(fmt.Errorf("json %s: no item for %q (offer %s)", l.url, l.names[k], offers[i].URL))
				continue
			}
			for _, p := range rule.apply(&offers[i], item, base, r.comp.Rules) {
				r.warn(fmt.Errorf("json %s: offer %s: %w", l.url, offers[i].URL, p))
			}
		}
	}
}

// jsonLookups plans the requests of rule for offers: one per distinct
// URL, batched up to rule.Batch for a URL with a plural placeholder.
// Offers lacking the value a placeholder needs are left out.
func (r *run) jsonLookups(rule *JSONRule, offers []pricing.Offer) ([]*jsonLookup, error) {
	ut, err := parseTemplate(rule.URL, true)
	if err != nil {
		return nil, err
	}
	var each jsonTemplate
	if rule.Each != "" {
		if each, err = parseTemplate(rule.Each, false); err != nil {
			return nil, err
		}
	}
	plural := ut.plural()
	var out []*jsonLookup
	byURL := map[string]*jsonLookup{}
	var batch *jsonLookup
	flush := func() {
		if batch == nil {
			return
		}
		joined := strings.Join(batch.names, rule.join())
		batch.url, _ = ut.render(map[string]string{plural: joined}, true)
		out = append(out, batch)
		batch = nil
	}
	skipped := 0
	for i, o := range offers {
		vals := rule.offerValues(o)
		name, ok := rule.name(ut, each, vals)
		if !ok {
			skipped++
			continue
		}
		raw := vals["sku"]
		if raw == "" {
			raw = vals["id"]
		}
		if plural == "" {
			u, ok := ut.render(vals, true)
			if !ok {
				skipped++
				continue
			}
			l := byURL[u]
			if l == nil {
				l = &jsonLookup{url: u}
				byURL[u] = l
				out = append(out, l)
			}
			l.offers, l.names, l.raws = append(l.offers, i), append(l.names, name), append(l.raws, raw)
			continue
		}
		if batch == nil {
			batch = &jsonLookup{}
		}
		batch.offers, batch.names, batch.raws = append(batch.offers, i), append(batch.names, name), append(batch.raws, raw)
		if len(batch.offers) >= rule.batch() {
			flush()
		}
	}
	flush()
	if skipped > 0 {
		r.log.Debug("json rule: offers without the values its URL needs", "url", rule.URL, "offers", skipped)
	}
	return out, nil
}

func (rule *JSONRule) batch() int {
	if rule.Batch > 0 {
		return rule.Batch
	}
	return DefaultJSONBatch
}

func (rule *JSONRule) join() string {
	if rule.Join != "" {
		return rule.Join
	}
	return DefaultJSONJoin
}

// fetchJSON fetches an endpoint through the crawl's transport, retrying
// as page requests are retried (timeouts, dropped connections, 429, 5xx).
func (r *run) fetchJSON(target, referer string) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		body, res, err := r.getJSON(target, referer)
		if err == nil {
			return body, nil
		}
		cres := &colly.Response{}
		if res != nil {
			cres.StatusCode, cres.Headers = res.StatusCode, &res.Header
		}
		wait, ok, why := r.retryWait(cres, err, attempt)
		if !ok {
			if why != "" {
				err = fmt.Errorf("%w (%s)", err, why)
			}
			return nil, err
		}
		if !sleep(r.ctx, wait) {
			return nil, r.ctx.Err()
		}
		if o := r.c.Observer; o != nil {
			o.Retried(r.comp.Name)
		}
	}
}

// getJSON makes one endpoint request. An HTTP error status is a
// *StatusError.
func (r *run) getJSON(target, referer string) ([]byte, *http.Response, error) {
	req, err := http.NewRequestWithContext(r.ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("json %s: %w", target, err)
	}
	req.Header.Set("User-Agent", r.col.UserAgent)
	req.Header.Set("Accept", "application/json, text/javascript;q=0.9, */*;q=0.1")
	if referer != "" {
		// Price endpoints often answer only requests that come from
		// their product pages, as the browser's would.
		req.Header.Set("Referer", referer)
	}
	res, err := r.onDomainClient().Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("json %s: %w", target, err)
	}
	defer res.Body.Close()
	if o := r.c.Observer; o != nil {
		o.PageFetched(r.comp.Name, res.StatusCode)
	}
	if res.StatusCode >= 300 {
		return nil, res, &StatusError{Code: res.StatusCode, URL: target}
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, res, fmt.Errorf("json %s: %w", target, err)
	}
	return body, res, nil
}
