package scraper

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// Defaults of a competitor's per-page limits (max_body_size and
// max_items_per_page in the config file).
const (
	// DefaultMaxBodySize bounds one response body: 10 MiB, Colly's own
	// default, far above any real product or listing page.
	DefaultMaxBodySize = 10 << 20
	// DefaultMaxItemsPerPage bounds the offers one page may yield. Real
	// listings show tens to a few hundred; thousands means the selectors
	// match something they should not (every <li> of a mega-menu, say).
	DefaultMaxItemsPerPage = 1000
)

// maxBodySizeCeiling bounds max_body_size itself: a body is held in memory
// whole, several at a time.
const maxBodySizeCeiling = 1 << 30

// maxBodySize is comp's body limit in bytes, the default for 0.
func (comp Competitor) maxBodySize() int64 {
	if comp.MaxBodySize > 0 {
		return comp.MaxBodySize
	}
	return DefaultMaxBodySize
}

// maxItemsPerPage is comp's item limit per page, the default for 0.
func (comp Competitor) maxItemsPerPage() int {
	if comp.MaxItemsPerPage > 0 {
		return comp.MaxItemsPerPage
	}
	return DefaultMaxItemsPerPage
}

// byteSize reads max_body_size: a whole number of bytes or a number with a
// unit (10MiB, 512 KiB, 2MB).
func (d *decoder) byteSize(n *yaml.Node, field string, dst *int64) error {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!str") {
		return d.Errorf(n, field, "want a size such as 10MiB or 500000, got %s %q", yamlconf.KindName(n), n.Value)
	}
	v, err := parseByteSize(n.Value)
	if err != nil {
		return d.Errorf(n, field, "%v", err)
	}
	*dst = v
	return nil
}

// byteUnits are the units parseByteSize accepts, upper-cased: SI units are
// powers of 1000, IEC units (KiB, MiB, GiB) powers of 1024, as written on
// the tin.
var byteUnits = map[string]int64{
	"": 1, "B": 1,
	"KB": 1000, "MB": 1000 * 1000, "GB": 1000 * 1000 * 1000,
	"KIB": 1 << 10, "MIB": 1 << 20, "GIB": 1 << 30,
}

// parseByteSize parses "10MiB", "512 KiB", "2MB" or "1048576" into bytes:
// at least 1 byte and at most 1 GiB.
func parseByteSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	num, unit := s[:i], strings.ToUpper(strings.TrimSpace(s[i:]))
	mult, ok := byteUnits[unit]
	if num == "" || !ok {
		return 0, fmt.Errorf("invalid size %q (want a whole number of bytes, or one with a unit: B, KB, MB, GB, KiB, MiB, GiB)", s)
	}
	v, err := strconv.ParseInt(num, 10, 64)
	if err != nil || v < 1 || v > maxBodySizeCeiling/mult {
		return 0, fmt.Errorf("size %q out of range (want 1 B to 1 GiB)", s)
	}
	return v * mult, nil
}
