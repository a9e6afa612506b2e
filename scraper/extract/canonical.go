package extract

import (
	"net/url"
	"strings"
)

// trackingParams are query parameters that identify a visit, not a page.
var trackingParams = map[string]bool{
	"spm": true, "scm": true, "from": true, "ref": true, "ref_": true, "ref_src": true,
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "msclkid": true,
	"yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true,
	"srsltid": true, "trk": true, "clickid": true, "pvid": true, "scene": true,
	"share_token": true, "tracking_id": true, "ali_trackid": true, "_hsenc": true, "_hsmi": true,
}

// isTrackingParam reports whether a query key is a tracking parameter.
func isTrackingParam(k string) bool {
	k = strings.ToLower(k)
	return trackingParams[k] || strings.HasPrefix(k, "utm_")
}

// CanonicalURL returns the form of u used to identify a listing: scheme and
// host lower-cased, default port dropped, empty path as "/", no fragment, no
// tracking parameters (utm_*, spm, scm, from, ref, fbclid, gclid, ...), and
// the remaining query parameters sorted by name. Parameters that name the
// product (id, variant, skuId) are kept. A nil u gives "".
func CanonicalURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.Fragment, c.RawFragment = "", ""
	c.Scheme = strings.ToLower(c.Scheme)
	c.Host = strings.ToLower(c.Host)
	if h, p, ok := strings.Cut(c.Host, ":"); ok && (c.Scheme == "http" && p == "80" || c.Scheme == "https" && p == "443") {
		c.Host = h
	}
	if c.Host != "" && c.Path == "" && c.Opaque == "" {
		c.Path = "/"
	}
	c.User = nil
	c.ForceQuery = false
	if c.RawQuery != "" {
		q, err := url.ParseQuery(c.RawQuery)
		if err != nil {
			// Keep what parses; a stray '%' must not lose the product id.
			q = lenientQuery(c.RawQuery)
		}
		for k := range q {
			if isTrackingParam(k) {
				delete(q, k)
			}
		}
		c.RawQuery = q.Encode() // Encode sorts by key.
	}
	return c.String()
}

// lenientQuery parses a query string keeping every pair that decodes.
func lenientQuery(raw string) url.Values {
	q := url.Values{}
	for _, kv := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(kv, "=")
		dk, err1 := url.QueryUnescape(k)
		dv, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil || dk == "" {
			continue
		}
		q.Add(dk, dv)
	}
	return q
}

// resolve makes ref absolute against base. It returns "" for empty refs and
// for links that lead nowhere a crawler can go (javascript:, mailto:, tel:,
// data:) or that do not parse.
func resolve(base *url.URL, ref string) *url.URL {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") {
		return nil
	}
	r, err := url.Parse(ref)
	if err != nil {
		return nil
	}
	if base != nil {
		r = base.ResolveReference(r)
	}
	switch strings.ToLower(r.Scheme) {
	case "http", "https", "file":
		return r
	}
	return nil
}

// absolute resolves ref and drops its fragment; "" when it does not resolve.
func absolute(base *url.URL, ref string) string {
	r := resolve(base, ref)
	if r == nil {
		return ""
	}
	r.Fragment, r.RawFragment = "", ""
	return r.String()
}
