package catalogcsv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// ErrEncoding is wrapped by the error for a file whose bytes are in no
// encoding the reader recognises, or not in the one forced by
// Options.Encoding.
var ErrEncoding = errors.New("unrecognised text encoding")

// Options tune how a CSV file is read.
type Options struct {
	// Encoding forces the file's character encoding, by its WHATWG name or
	// label ("utf-8", "utf-16le", "gbk", "gb18030", "big5", "shift_jis",
	// "windows-1252", "latin1"); "" detects it (see Decode).
	Encoding string
}

// maxFile bounds what Decode reads: a catalog of a million rows is far
// smaller, and a runaway file must not exhaust memory.
const maxFile = 512 << 20

// Decode reads r whole and returns its text as UTF-8, so that a file saved
// by Excel or WPS on any system imports with the right titles:
//
//   - A byte-order mark decides: UTF-8 (EF BB BF, dropped), UTF-16 LE
//     (FF FE) or UTF-16 BE (FE FF).
//   - Without one, valid UTF-8 is UTF-8 (ASCII included).
//   - Bytes that are not valid UTF-8 are read as GB18030, the superset of
//     GBK and GB2312 that Excel on Chinese Windows writes ("CSV (逗号分隔)"),
//     if they decode without an invalid sequence AND look like Chinese text:
//     at least 80 % of their two-byte characters lie in GB2312's common
//     range (both bytes 0xA1–0xFE). Latin-1 or Windows-1252 text (é, ü, ñ
//     next to ASCII letters) often forms valid but rare GBK pairs, whose
//     second byte is an ASCII letter; this rule refuses that mojibake
//     instead of importing it. Name such a file's encoding with
//     Options.Encoding ("windows-1252").
//   - Anything else is refused with an error wrapping ErrEncoding that
//     names the first offending line, never imported as U+FFFD.
//
// With Options.Encoding set, the file is decoded with that encoding, and an
// invalid sequence in it is an error wrapping ErrEncoding too. file names
// the input in errors.
func Decode(file string, r io.Reader, opt Options) (string, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	if len(raw) > maxFile {
		return "", fmt.Errorf("%s: larger than %d MiB", file, maxFile>>20)
	}
	if opt.Encoding != "" {
		return decodeAs(file, raw, opt.Encoding)
	}
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw = raw[3:]
		if !utf8.Valid(raw) {
			return "", badBytes(file, raw, firstInvalidUTF8(raw), "UTF-8 (it starts with a UTF-8 byte-order mark)")
		}
		return string(raw), nil
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		return decodeWith(file, raw, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "UTF-16 LE")
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return decodeWith(file, raw, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "UTF-16 BE")
	case utf8.Valid(raw):
		if i := bytes.IndexByte(raw, 0); i >= 0 {
			// UTF-16 without a byte-order mark, or a binary file: a
			// text CSV never holds a NUL.
			return "", badBytes(file, raw, i, "text (it holds NUL bytes: UTF-16 without a byte-order mark, or not a CSV file at all); save it as CSV UTF-8 or UTF-16 with a byte-order mark")
		}
		return string(raw), nil
	}
	text, common, double, ok := gb18030(raw)
	if !ok {
		return "", badBytes(file, raw, firstInvalidUTF8(raw), "UTF-8, UTF-16 or GB18030/GBK")
	}
	if double > 0 && common*5 < double*4 {
		i := firstInvalidUTF8(raw)
		return "", fmt.Errorf("%w: %s:%d: not UTF-8, and as GB18030/GBK it reads %q, which is not Chinese text (%d of %d double-byte characters are rare ones: Latin-1 or Windows-1252 accents look like this); name the encoding with --encoding (e.g. windows-1252) or save the file as CSV UTF-8",
			ErrEncoding, file, lineAt(raw, i), excerpt(text, raw, i), double-common, double)
	}
	return text, nil
}

// decodeAs decodes raw with the named encoding.
func decodeAs(file string, raw []byte, name string) (string, error) {
	enc, err := htmlindex.Get(strings.TrimSpace(name))
	if err != nil {
		return "", fmt.Errorf("%w: %s: unknown encoding %q (want e.g. utf-8, utf-16le, gbk, gb18030, big5, shift_jis, windows-1252)", ErrEncoding, file, name)
	}
	canonical, _ := htmlindex.Name(enc)
	if canonical == "utf-8" {
		raw = bytes.TrimPrefix(raw, []byte{0xEF, 0xBB, 0xBF})
		if !utf8.Valid(raw) {
			return "", badBytes(file, raw, firstInvalidUTF8(raw), "UTF-8 (as --encoding says)")
		}
		return string(raw), nil
	}
	return decodeWith(file, raw, enc, canonical)
}

// decodeWith decodes raw and refuses a result holding U+FFFD where the
// input did not: x/text's decoders replace invalid sequences silently.
func decodeWith(file string, raw []byte, enc encoding.Encoding, name string) (string, error) {
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return "", fmt.Errorf("%w: %s: not valid %s: %v", ErrEncoding, file, name, err)
	}
	text := strings.TrimPrefix(string(out), "\ufeff")
	if i := strings.IndexRune(text, utf8.RuneError); i >= 0 {
		line := strings.Count(text[:i], "\n") + 1
		return "", fmt.Errorf("%w: %s:%d: not valid %s (an invalid byte sequence)", ErrEncoding, file, line, name)
	}
	return text, nil
}

// gb18030 decodes raw as GB18030 and counts its two-byte characters and
// those in GB2312's common range. ok is false when a sequence is invalid.
func gb18030(raw []byte) (text string, common, double int, ok bool) {
	for i := 0; i < len(raw); {
		b := raw[i]
		switch {
		case b < 0x80:
			i++
		case b == 0x80 || b == 0xFF || i+1 >= len(raw):
			return "", 0, 0, false
		case raw[i+1] >= 0x30 && raw[i+1] <= 0x39: // four-byte sequence
			if i+3 >= len(raw) {
				return "", 0, 0, false
			}
			i += 4
		case raw[i+1] >= 0x40 && raw[i+1] != 0x7F && raw[i+1] != 0xFF:
			double++
			if b >= 0xA1 && raw[i+1] >= 0xA1 {
				common++
			}
			i += 2
		default:
			return "", 0, 0, false
		}
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return "", 0, 0, false
	}
	return string(out), common, double, true
}

// badBytes is the error for a file not in the encoding it was read as.
func badBytes(file string, raw []byte, i int, want string) error {
	if i < 0 {
		i = 0
	}
	return fmt.Errorf("%w: %s:%d: byte 0x%02X at offset %d is not %s; save the file as CSV UTF-8, or name its encoding with --encoding",
		ErrEncoding, file, lineAt(raw, i), raw[min(i, len(raw)-1)], i, want)
}

func firstInvalidUTF8(raw []byte) int {
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

func lineAt(raw []byte, i int) int {
	if i < 0 {
		i = 0
	}
	return bytes.Count(raw[:min(i, len(raw))], []byte{'\n'}) + 1
}

// excerpt shows the decoded line holding raw[i], so the error shows the
// mojibake a person would have imported.
func excerpt(text string, raw []byte, i int) string {
	lines := strings.Split(text, "\n")
	l := lineAt(raw, i) - 1
	if l < 0 || l >= len(lines) {
		return ""
	}
	s := strings.TrimRight(lines[l], "\r")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return s
}
