package match

import (
	"strings"
)

// Model codes in titles ("KX-TG1033S", "MB111LL/A", "DSC-W120") are the
// strongest evidence a title carries: two shops write the same code in
// different ways, and two different codes of one family ("kxtg1033s",
// "kxtg1034s") are two different products however alike the rest of the
// titles read. A title's codes are compared with the other title's letters
// and digits as one run, so a code written glued, dashed, slashed or spaced
// is found wherever it starts and ends at a break of the other title.

// codeInfo is what code comparison needs from one title.
type codeInfo struct {
	// codes are the strong model codes of the title (see strongCode),
	// compacted to lower-case ASCII letters and digits.
	codes []string
	// flat is the title's ASCII letters and digits, lower-cased, with
	// nothing between them; starts marks the positions of flat where the
	// title had a break (a space, a dash, a slash, Han text, the start).
	flat   string
	starts []bool
	// forCode is whether a code follows "for": the title is an accessory
	// for that model.
	forCode bool
	// forEnd is one past where the first "for" ends in flat, 0 without
	// one, and forStop one past where a dash standing alone after it
	// starts a new part of the title, 0 without one: a code found between
	// them is the model an accessory fits.
	forEnd, forStop int
	// appendix is whether the title's one code is the one it ends with
	// after a dash standing alone ("Sony Bravia 46' Series LCD HDTV -
	// KDL46V5100"): the catalogue's label for the product, not words of
	// its name.
	appendix bool
	// tail is the compacted chunk the title ends with after a dash
	// standing alone, code or not ("goplayii", "onstageiiipblk"): an
	// Abt-style label that may be the other title's words run together.
	tail string
}

// codeStop are code-shaped chunks that name a technology, not a model: they
// appear in the titles of many different products.
var codeStop = map[string]bool{
	"ddr2": true, "ddr3": true, "ddr4": true, "ddr5": true, "usb2": true, "usb3": true, "usb20": true,
	"usb30": true, "usb31": true, "h264": true, "h265": true, "x264": true, "mpeg4": true, "mpeg2": true,
	"xbox360": true, "dect60": true, "wifi6": true, "wifi7": true, "ipv6": true, "ieee1394": true,
	"ps2": true, "ps3": true, "ps4": true, "ps5": true, "ac3": true, "aac": true, "hdmi2": true,
	"hdmi21": true, "mp3": true, "mp4": true, "cd-r": true, "dvdr": true, "cdr": true, "cdrw": true,
	"dvdrw": true, "bdr": true, "bdre": true, "rj45": true, "rj11": true, "a2dp": true, "ipx4": true,
	"ipx5": true, "ipx7": true, "ipx8": true, "ip67": true, "ip68": true, "i3": true, "i5": true, "i7": true, "i9": true,
	"pcie": true, "sata2": true, "sata3": true, "tv1": true, "5g": true, "4g": true, "3g": true, "lte": true,
	"802": true, "g2": true, "cat5": true, "cat5e": true, "cat6": true, "cat6a": true, "cat7": true,
}

// forWindow is how many plain words may stand between "for" and the code
// of the model an accessory fits: the model's line name ("Ink Tank for
// PIXMA MP620").
const forWindow = 2

// titleCodes reads the codes, flat run and breaks of a normalised title.
func titleCodes(norm string) codeInfo {
	ci := codeInfo{starts: make([]bool, 0, len(norm))}
	flat := make([]byte, 0, len(norm))
	brk := true
	chunkStart := -1
	// afterFor counts the words since "for" while they are plain words
	// ("for PIXMA MP620", "for Photosmart C6280"); -1 outside such a run.
	afterFor := -1
	// afterDash is whether the chunk being read follows a dash standing
	// alone ("Uniden Cordless Phone - TRU9480"); tail is the last chunk
	// read after one, and whether it was taken as a code.
	afterDash, tail, tailCode := false, "", false
	flush := func(end int) {
		if chunkStart < 0 {
			return
		}
		chunk := norm[chunkStart:end]
		tail, tailCode = "", false
		if afterDash {
			tail = chunk
		}
		afterDash = false
		if c, ok := chunkCode(chunk); ok && !(end < len(norm) && norm[end] == ':' && allDigits(c)) { // "1000000:1" is a contrast ratio
			tailCode = true
			ci.codes = appendUnique(ci.codes, c)
			if afterFor >= 0 && afterFor <= forWindow {
				ci.forCode = true
			}
		}
		switch {
		case chunk == "for":
			afterFor = 0
			if ci.forEnd == 0 {
				ci.forEnd = len(flat) + 1
			}
		case afterFor >= 0 && (chunk == "and" || chunk == "or" || strings.ContainsAny(chunk, "0123456789")):
			// "Battery for D40, D60 and D5000": the list of models the
			// accessory fits goes on.
		case afterFor >= 0 && allLetters(chunk):
			afterFor++
		default:
			afterFor = -1
		}
		chunkStart = -1
	}
	for i := 0; i < len(norm); i++ {
		c := norm[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			flat = append(flat, c)
			ci.starts = append(ci.starts, brk)
			brk = false
			if chunkStart < 0 {
				chunkStart = i
			}
		case c == '-' || c == '/' || c == '.':
			// Inside a chunk: "kx-tg1033s", "mb111ll/a", "7.1".
			brk = true
			if chunkStart < 0 {
				afterFor = -1 // "Case for Travel - DSCW120": a new part of the title
				if ci.forEnd != 0 && ci.forStop == 0 {
					ci.forStop = len(flat) + 1
				}
				afterDash = c == '-'
			}
		default:
			brk = true
			flush(i)
		}
	}
	flush(len(norm))
	if tail != "" && !tailCode {
		// A shop that ends every title with " - " and the model code
		// ("Uniden 5.8 GHz Cordless Phone - TRU9480") says it is one,
		// whatever its shape.
		if c, ok := trailingCode(tail); ok {
			ci.codes = appendUnique(ci.codes, c)
			tailCode = true
		}
	}
	ci.appendix = tail != "" && tailCode && len(ci.codes) == 1
	if t := compactCode(tail); len(t) >= 5 && len(t) <= 24 {
		ci.tail = t
	}
	ci.flat = string(flat)
	return ci
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// chunkCode returns the compacted code of one chunk of a title (ASCII
// letters, digits and the dashes, slashes and dots between them) and
// whether it is a strong code. Numbers with decimals ("7.1-channel", "6.0",
// "802.11n") and a number with a word after a dash ("6-disc", "4-port") are
// descriptions, not codes.
func chunkCode(chunk string) (string, bool) {
	chunk = strings.Trim(chunk, "-/.")
	for i := 1; i+1 < len(chunk); i++ {
		if chunk[i] == '.' && isDigit(chunk[i-1]) && isDigit(chunk[i+1]) {
			return "", false
		}
	}
	if i := strings.IndexAny(chunk, "-/"); i > 0 && allDigits(chunk[:i]) && i+1 < len(chunk) && allLetters(chunk[i+1:]) {
		return "", false
	}
	// Most chunks are words: compact into a stack buffer and make a
	// string only of a code.
	var buf [24]byte
	n, digit := 0, false
	for i := 0; i < len(chunk); i++ {
		if c := chunk[i]; c >= 'a' && c <= 'z' || isDigit(c) {
			if n == len(buf) {
				return "", false
			}
			buf[n] = c
			n++
			digit = digit || isDigit(c)
		}
	}
	if digit && n >= 6 && allDigits(string(buf[:n])) && !strings.Contains(chunk, "/") {
		// A part number of digits ("915-000049", "0100065720"): six
		// digits are more than any size, count or year; "10/100/1000"
		// is a speed.
		return string(buf[:n]), true
	}
	if !digit || !strongCode(string(buf[:n]), strings.ContainsAny(chunk, "-/")) {
		return "", false
	}
	c := string(buf[:n])
	if codeStop[c] {
		return "", false
	}
	return c, true
}

// trailingCode reads a chunk that ends a title after a dash as a code when
// it leads with a letter, has a digit and is no technology name ("tru9480",
// "hda35"; not "black", "1080p" or "mp3"), or is five digits or more.
func trailingCode(chunk string) (string, bool) {
	c := compactCode(chunk)
	if allDigits(c) && len(c) >= 5 && len(c) <= 24 {
		return c, true // Abt's "- 25420": a part number of digits
	}
	if len(c) >= 5 && len(c) <= 24 && allLetters(c) && !strings.ContainsAny(c, "aeiouy") && !codeStop[c] {
		// "- LCSCSJ": letters with no vowel are no word but a code.
		return c, true
	}
	if len(c) < 4 || len(c) > 24 || isDigit(c[0]) || !strings.ContainsAny(c, "0123456789") || codeStop[c] ||
		strings.ContainsRune(strings.Trim(chunk, "-/."), '.') {
		return "", false
	}
	return c, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// strongCode reports whether a compacted chunk looks like a manufacturer's
// model code rather than a size ("1080p", "500gb"), a short model name
// ("a55", "x7") or a word glued to a small number ("mate60", "iphone15",
// which shops as often write apart; dashed, "ILCE-7M4" is a code):
// letters before digits, at least four
// characters, and either three digits or more ("x100", "sd1100",
// "32lg60") or letters on both sides of the digits ("cli8g", "y9000p").
func strongCode(c string, dashed bool) bool {
	if len(c) < 4 || len(c) > 24 {
		return false
	}
	digits, runs := 0, 0
	letterBeforeDigit, letterAfterDigit := false, false
	var prev byte
	for i := 0; i < len(c); i++ {
		d := isDigit(c[i])
		if d {
			digits++
		}
		if i == 0 || d != isDigit(prev) {
			runs++
		}
		if d && i > 0 && !isDigit(prev) {
			letterBeforeDigit = true
		}
		if !d && i > 0 && isDigit(prev) {
			letterAfterDigit = true
		}
		prev = c[i]
	}
	if digits == 0 || digits == len(c) {
		return false
	}
	if !letterBeforeDigit {
		// "32lg60" leads with digits but has letters between numbers;
		// "1080p", "260w" and "50pack" are a number and its unit.
		return runs >= 3 && digits >= 3
	}
	if lead := leadingLetters(c); !dashed && !letterAfterDigit && len(lead) >= 3 && strings.ContainsAny(lead, "aeiou") {
		// A name glued to its number ("legion103", "air173", written
		// "Legion 103" as often) is not a code; "nuvi260w", "cli8g"
		// and "ILCE-7M4" are.
		return false
	}
	if digits >= 3 {
		return true
	}
	// "cli8g", "s24ultra" yes; "mate60", "note13" no. Letters without a
	// vowel are no word but an abbreviation: "DCR-SR65", "HDC-SD9".
	lead := leadingLetters(c)
	return len(c) >= 5 && (letterAfterDigit || len(lead) >= 3 && !strings.ContainsAny(lead, "aeiouy"))
}

// leadingLetters returns the letters a code starts with.
func leadingLetters(c string) string {
	i := 0
	for i < len(c) && !isDigit(c[i]) {
		i++
	}
	return c[:i]
}

// codeMatch is how the codes of two titles compare.
type codeMatch uint8

const (
	codeNone     codeMatch = iota // no code to compare
	codeEqual                     // a code of one title is a whole run of the other
	codeSuffix                    // equal up to a trailing colour or region suffix ("txsr606b", "txsr606")
	codeConflict                  // different codes of one family ("kxtg1033s", "kxtg1034s")
	codeOneSide                   // one title has codes, the other has none at all
)

// compareCodes compares the codes of two titles; on a match or a conflict
// it also returns the two codes concerned, for the reasons. It is
// symmetric.
func compareCodes(a, b *codeInfo) (codeMatch, string, string) {
	if len(a.codes) == 0 && len(b.codes) == 0 {
		if a.tail == "" && b.tail == "" {
			return codeNone, "", ""
		}
		return tailWords(a, b)
	}
	// Prefer an equal code over one equal up to a suffix, whichever side
	// names it.
	var sa, sb string
	suffix := false
	// numbered: a code found whole in the other title, where that title's
	// code goes on with a number after a dash ("DS6321" and "DS6321-2"):
	// the two- or three-handset set, another model.
	var na, nb string
	numbered := false
	for _, c := range a.codes {
		switch m, other := findCode(c, b); m {
		case codeEqual:
			if v := numberedCode(c, b.codes); v != "" {
				if !numbered {
					numbered, na, nb = true, c, v
				}
				continue
			}
			return codeEqual, c, c
		case codeSuffix:
			if !suffix {
				suffix, sa, sb = true, c, other
			}
		}
	}
	for _, c := range b.codes {
		switch m, other := findCode(c, a); m {
		case codeEqual:
			if v := numberedCode(c, a.codes); v != "" {
				if !numbered {
					numbered, na, nb = true, v, c
				}
				continue
			}
			return codeEqual, c, c
		case codeSuffix:
			if !suffix {
				suffix, sa, sb = true, other, c
			}
		}
	}
	if numbered {
		return codeConflict, na, nb
	}
	if !suffix {
		// "ES80CH" against "ES80": the other title has the code without
		// its suffix, too short to be a code of its own.
		for k, cs := range [2][]string{a.codes, b.codes} {
			o := b
			if k == 1 {
				o = a
			}
			for _, c := range cs {
				stem := trimSuffix(c)
				if stem == c || len(c)-len(stem) > 3 || len(stem) < 4 || !suffixable(stem) {
					continue
				}
				if m, _ := findCode(stem, o); m == codeEqual {
					if v := otherSuffix(c, stem, o.codes); v != "" {
						// "DSCW120B" and "DSC-W120/L": each names its
						// own colour of the model.
						if k == 0 {
							return codeConflict, c, v
						}
						return codeConflict, v, c
					}
					if k == 0 {
						return codeSuffix, c, stem
					}
					return codeSuffix, stem, c
				}
			}
		}
	}
	if !suffix {
		// "MSHX4GN" and "MSHX4G", "CS1BK" and "CS1 ... Black": a code
		// and the other title's code or words with a colour or region
		// letter more. Score judges the letter's colour against the
		// other title's colour words.
		if m, x, y := letterSuffixed(a, b); m != codeNone {
			return m, x, y
		}
	}
	if suffix {
		if x, y := suffixClash(a.codes, b.codes); x != "" {
			// "DSLRA200K" and "DSLR-A200W": the stem alone matched, but
			// each title also names its own variant of it.
			return codeConflict, x, y
		}
		return codeSuffix, sa, sb
	}
	if m, x, y := tailWords(a, b); m != codeNone {
		return m, x, y
	}
	if len(a.codes) == 0 || len(b.codes) == 0 {
		if len(a.codes) > 0 {
			if c, o := spacedFamily(a.codes, b); c != "" {
				return codeConflict, c, o
			}
			return codeOneSide, a.codes[0], ""
		}
		if c, o := spacedFamily(b.codes, a); c != "" {
			return codeConflict, o, c
		}
		return codeOneSide, "", b.codes[0]
	}
	for _, x := range a.codes {
		for _, y := range b.codes {
			if sameFamily(x, y) {
				return codeConflict, x, y
			}
		}
	}
	return codeNone, "", ""
}

// sameFamily reports whether two different codes are models of one line:
// they start with the same letters ("kxtg1033s", "kxtg1034s"; "x100",
// "x200") or share at least their first two letters ("dscw120",
// "dsct70").
func sameFamily(x, y string) bool {
	lx, ly := leadingLetters(x), leadingLetters(y)
	if lx == "" || ly == "" {
		// "32lg60" and "37lg60": the same letters between the numbers.
		return lx == ly && strings.TrimLeft(x, "0123456789") == strings.TrimLeft(y, "0123456789")
	}
	if lx == ly {
		return true
	}
	n := 0
	for n < len(lx) && n < len(ly) && lx[n] == ly[n] {
		n++
	}
	return n >= 2
}

// findCode looks for code c in another title's flat run: equal when it
// starts and ends at breaks of that title; equal up to a suffix when it
// starts at a break and is followed by one to three letters up to the next
// break, and c is long enough that the suffix cannot be the model itself
// (two letters and two digits at least: "txsr606" + "b", not "x100" + "s").
// It returns the other title's code text for the reasons.
func findCode(c string, o *codeInfo) (codeMatch, string) {
	best := codeNone
	other := ""
	for off := 0; off < len(o.flat); {
		i := strings.Index(o.flat[off:], c)
		if i < 0 {
			break
		}
		i += off
		off = i + 1
		if !o.starts[i] {
			continue
		}
		end := i + len(c)
		if end == len(o.flat) || o.starts[end] {
			return codeEqual, c
		}
		if best == codeSuffix || !suffixable(c) {
			continue
		}
		// The suffix: up to three letters and digits led by a letter
		// ("b", "lla", "f7"), up to the next break.
		j := end
		for j < len(o.flat) && !o.starts[j] {
			j++
		}
		if j-end <= 3 && !isDigit(o.flat[end]) {
			best, other = codeSuffix, o.flat[i:j]
		}
	}
	return best, other
}

// trimSuffix cuts a colour or region suffix off a code: the letters after
// its last digits, or a letter and a digit after them ("dvp5990f7").
func trimSuffix(c string) string {
	s := strings.TrimRight(c, "abcdefghijklmnopqrstuvwxyz")
	if s == c && len(c) >= 3 && isDigit(c[len(c)-1]) && !isDigit(c[len(c)-2]) && isDigit(c[len(c)-3]) {
		return c[:len(c)-2]
	}
	return s
}

// suffixable reports whether a code may be followed by a colour or region
// suffix and still be itself: it ends in a digit and has at least two
// letters and two digits.
func suffixable(c string) bool {
	if !isDigit(c[len(c)-1]) {
		return false
	}
	letters, digits := 0, 0
	for i := 0; i < len(c); i++ {
		if isDigit(c[i]) {
			digits++
		} else {
			letters++
		}
	}
	return letters >= 2 && digits >= 2
}

// gluedColours are the colour words shops glue to the end of a model code
// ("SD1100ISSILVER", "S550BLACK", "AM10IIIWHITE"), longest first where one
// ends another.
var gluedColours = []string{"black", "white", "silver", "blue", "red", "pink", "green", "grey", "gray", "gold", "purple", "orange", "brown", "yellow", "cherry", "walnut"}

// splitGluedColours puts a space between a model code and a colour word
// glued to its end, so the code compares with the same code written apart
// from its colour and the colour compares as a colour. Only a run with a
// digit before the colour is split: "redmi" or "blackberry" never are.
func splitGluedColours(n string) string {
	var out []byte // nil until a split is needed
	start := 0     // of the current ASCII letter-digit run
	for i := 0; i <= len(n); i++ {
		if i < len(n) && (n[i] >= 'a' && n[i] <= 'z' || n[i] >= '0' && n[i] <= '9') {
			continue
		}
		if run := n[start:i]; len(run) >= 6 && run[len(run)-1] >= 'a' {
			for _, c := range gluedColours {
				code := run[:max(len(run)-len(c), 0)]
				if len(code) < 3 || !strings.HasSuffix(run, c) || !strings.ContainsAny(code, "0123456789") {
					continue
				}
				if out == nil {
					out = append(make([]byte, 0, len(n)+4), n[:start]...)
				}
				out = append(out, code...)
				out = append(out, ' ')
				out = append(out, c...)
				start = -1
				break
			}
		}
		if out != nil {
			if start >= 0 {
				out = append(out, n[start:i]...)
			}
			if i < len(n) {
				out = append(out, n[i])
			}
		}
		start = i + 1
	}
	if out == nil {
		return n
	}
	return string(out)
}

// numberedCode returns the code of codes that is c followed by one digit
// ("ds63212" for "ds6321", read from "DS6321-2"), or "". Two digits are
// more often a region ("SA3245/37").
func numberedCode(c string, codes []string) string {
	for _, x := range codes {
		if len(x) == len(c)+1 && strings.HasPrefix(x, c) && isDigit(x[len(c)]) {
			return x
		}
	}
	return ""
}

// otherSuffix returns the code of codes that is stem with a suffix of its
// own, neither c's suffix nor a spelling of it ("dscw120l" against
// "dscw120b"; not "txsr606blk" against "txsr606b"), or "".
func otherSuffix(c, stem string, codes []string) string {
	mine := c[len(stem):]
	for _, x := range codes {
		if x == c || len(x) <= len(stem) || !strings.HasPrefix(x, stem) || trimSuffix(x) != stem {
			continue
		}
		if theirs := x[len(stem):]; !strings.HasPrefix(theirs, mine) && !strings.HasPrefix(mine, theirs) {
			return x
		}
	}
	return ""
}

// spacedFamily looks for another model of one of codes' lines written
// apart in a title with no code of its own: "PXC 250" against "PXC450",
// "GO 920" against "GO720". It returns the code and the other title's
// letters and number, or "".
func spacedFamily(codes []string, o *codeInfo) (string, string) {
	for _, c := range codes {
		lead := leadingLetters(c)
		num := c[len(lead):]
		if len(lead) < 2 || !allDigits(num) {
			continue
		}
		for off := 0; off < len(o.flat); {
			i := strings.Index(o.flat[off:], lead)
			if i < 0 {
				break
			}
			i += off
			off = i + 1
			end := i + len(lead)
			// Glued ("CS55" against "CS50", too short to be a code of
			// its own) or spaced ("PXC 250").
			if !o.starts[i] || end == len(o.flat) || !isDigit(o.flat[end]) {
				continue
			}
			j := end
			for j < len(o.flat) && isDigit(o.flat[j]) && (j == end || !o.starts[j]) {
				j++
			}
			if j-end >= 2 && (j == len(o.flat) || o.starts[j]) && o.flat[end:j] != num {
				return c, o.flat[i:j]
			}
		}
	}
	return "", ""
}

// suffixClash returns a code of each side that share a stem and end in
// suffixes of their own, neither a spelling of the other ("dslra200k",
// "dslra200w"; not "txsr606b", "txsr606blk"), or "".
func suffixClash(as, bs []string) (string, string) {
	for _, x := range as {
		sx := trimSuffix(x)
		if sx == x {
			continue
		}
		for _, y := range bs {
			if sy := trimSuffix(y); sy == sx && y != sy && !strings.HasPrefix(x[len(sx):], y[len(sy):]) && !strings.HasPrefix(y[len(sy):], x[len(sx):]) {
				return x, y
			}
		}
	}
	return "", ""
}

// fits reports whether code c is found in the title after its "for"
// ("Replacement Cable for HD 280 Pro" fits the HD280PRO).
func (ci *codeInfo) fits(c string) bool {
	if ci.forEnd == 0 || c == "" {
		return false
	}
	end := len(ci.flat)
	if ci.forStop != 0 {
		end = ci.forStop - 1
	}
	for off := ci.forEnd - 1; off < end; {
		i := strings.Index(ci.flat[off:end], c)
		if i < 0 {
			return false
		}
		if ci.starts[off+i] {
			return true
		}
		off += i + 1
	}
	return false
}

// suffixColours are the letters makers append to a model code for its
// colour or its market ("DMC-ZS3K" black, "LC-32D47UN" for the US), with
// the colour each names (0 for a market). Letters that name a variant of
// the model itself are left out: "W" (the widescreen nuvi 260W, or
// white), "CI" (custom install), "T" (traffic).
var suffixColours = map[string]colourFam{
	"b": famBlack, "k": famBlack, "bk": famBlack, "blk": famBlack,
	"s": famSilver, "sl": famSilver, "slv": famSilver,
	"wh": famWhite, "wht": famWhite,
	"r": famRed, "rd": famRed, "l": famBlue, "blu": famBlue,
	"bl": 0, // Yamaha's black, others' blue
	"p":  famPink, "pk": famPink, "gd": famGold, "v": famPurple,
	"a": 0, "n": 0, "u": 0, "e": 0, "un": 0, "uc": 0, "ca": 0, "us": 0, "eu": 0, "uk": 0,
}

// suffixOf returns what code long has after short when short is its
// prefix and the rest is a colour or region suffix (suffixColours). After
// a letter only a market letter is: "LC-32D47U" + "N", but "WRT54G" + "S"
// and "WRT160N" + "L" are other routers.
func suffixOf(long, short string) (string, bool) {
	if len(long) <= len(short) || !strings.HasPrefix(long, short) {
		return "", false
	}
	x := long[len(short):]
	fam, ok := suffixColours[x]
	if ok && !isDigit(short[len(short)-1]) && (fam != 0 || len(x) > 1) {
		return "", false
	}
	if len(short) < 5 && len(x) < 2 {
		// "X100" + "S" is another camera; "CS1" + "BK" is spelt out.
		return "", false
	}
	return x, ok
}

// codeLike reports whether a stem is still a model code once its suffix is
// cut: three characters or more, with a letter and a digit ("cs1").
func codeLike(c string) bool {
	return len(c) >= 3 && strings.ContainsAny(c, "0123456789") && strings.ContainsAny(c, "abcdefghijklmnopqrstuvwxyz")
}

// letterSuffixed compares codes that differ only by a colour or region
// suffix which findCode does not take (it wants a stem ending in a digit
// with two letters and two digits): one code of each title
// ("lc32d47un", "lc32d47u"), or a code whose stem the other title has as
// a whole run ("cs1bk" against "CS1 Series II").
func letterSuffixed(a, b *codeInfo) (codeMatch, string, string) {
	for _, x := range a.codes {
		for _, y := range b.codes {
			if _, ok := suffixOf(x, y); ok && codeLike(y) {
				return codeSuffix, x, y
			}
			if _, ok := suffixOf(y, x); ok && codeLike(x) {
				return codeSuffix, x, y
			}
		}
	}
	for k, cs := range [2][]string{a.codes, b.codes} {
		o := b
		if k == 1 {
			o = a
		}
		for _, c := range cs {
			for n := 1; n <= 3 && n < len(c); n++ {
				stem := c[:len(c)-n]
				if _, ok := suffixOf(c, stem); !ok || !codeLike(stem) || !isDigit(stem[len(stem)-1]) && len(stem) < 4 {
					continue
				}
				if m, _ := findCode(stem, o); m == codeEqual && !otherCode(stem, c, o.codes) {
					if k == 0 {
						return codeSuffix, c, stem
					}
					return codeSuffix, stem, c
				}
			}
		}
	}
	return codeNone, "", ""
}

// otherCode reports whether codes has a code that starts with stem and is
// neither stem nor c: the other title names its own variant of it.
func otherCode(stem, c string, codes []string) bool {
	for _, x := range codes {
		if x != stem && x != c && strings.HasPrefix(x, stem) {
			return true
		}
	}
	return false
}

// tailWords compares a title's " - LABEL" ending that is no code of the
// other title with the other title's words run together: "GOPLAYII" is
// "Go + Play II", "430EXII" is "430EX II", "NORTHRIDGEE30" is
// "Northridge E30", and "ONSTAGEIIIPBLK" is "On Stage IIIP" with a colour
// suffix. The label must span at least two of the other title's words or
// have a digit, so a label that is one plain word ("SoundDock") is not a
// code; and it must be the other title's only code or hold none of them.
func tailWords(a, b *codeInfo) (codeMatch, string, string) {
	for k, x := range [2]*codeInfo{a, b} {
		o := b
		if k == 1 {
			o = a
		}
		t := x.tail
		if t == "" {
			continue
		}
		m, c := tailIn(t, o)
		if m == codeNone {
			for n := 1; n <= 3 && n < len(t)-4 && m == codeNone; n++ {
				if _, ok := suffixColours[t[len(t)-n:]]; ok {
					if m, c = tailIn(t[:len(t)-n], o); m == codeEqual {
						m = codeSuffix
					}
				}
			}
		}
		if m == codeNone {
			continue
		}
		if k == 0 {
			return m, t, c
		}
		return m, c, t
	}
	return codeNone, "", ""
}

// tailIn looks for label t in o's flat run as a whole run spanning a
// break, or holding a digit; o's codes must all lie inside that run, or
// be the models an accessory is for ("LCS-TWA Case for DSC-W300").
func tailIn(t string, o *codeInfo) (codeMatch, string) {
	for off := 0; off < len(o.flat); {
		i := strings.Index(o.flat[off:], t)
		if i < 0 {
			return codeNone, ""
		}
		i += off
		off = i + 1
		end := i + len(t)
		if !o.starts[i] || end < len(o.flat) && !o.starts[end] {
			continue
		}
		spans := false
		for j := i + 1; j < end; j++ {
			spans = spans || o.starts[j]
		}
		if !spans && !strings.ContainsAny(t, "0123456789") {
			continue
		}
		for _, c := range o.codes {
			if !strings.Contains(t, c) && !o.fits(c) {
				return codeNone, ""
			}
		}
		return codeEqual, t
	}
	return codeNone, ""
}

// variantSuffixes are suffixes that name another model, not a colour or
// market: the widescreen "nuvi 260W", the custom-install "AVR3310CI".
var variantSuffixes = map[string]bool{"w": true, "ci": true}

// suffixVeto reports whether codes ca and cb, equal up to a suffix, are
// still two articles: the suffix names a variant of the model
// (variantSuffixes), or a colour the title without it contradicts
// ("DSCW170B" is black; "DSC-W170 ... Silver" is not). cols is the
// colour families of the title with the code ca, then cb's.
func suffixVeto(ca, cb string, cols [2]colourFam) bool {
	long, short, other := ca, cb, cols[1]
	if len(cb) > len(ca) {
		long, short, other = cb, ca, cols[0]
	}
	if !strings.HasPrefix(long, short) {
		return false
	}
	x := long[len(short):]
	if variantSuffixes[x] {
		return true
	}
	fam := suffixColours[x]
	return fam != 0 && other != 0 && fam&other == 0
}
