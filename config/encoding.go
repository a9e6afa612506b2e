package config

import (
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/htmlindex"
)

// ErrUnknownEncoding is wrapped by CheckEncoding's error.
var ErrUnknownEncoding = errors.New("unknown encoding")

// CheckEncoding reports whether name is a character encoding the catalog
// import can force (catalogcsv.Options.Encoding): a WHATWG label such as
// utf-8, utf-16le, gbk, gb18030, big5, shift_jis or windows-1252, in any
// case. The error wraps ErrUnknownEncoding. Both the catalog_encoding: key
// and `crawler catalog import --encoding` check with it, so a typo fails
// before anything is read.
func CheckEncoding(name string) error {
	if _, err := htmlindex.Get(strings.TrimSpace(name)); err != nil {
		return fmt.Errorf("%w %q (want a WHATWG label such as utf-8, utf-16le, gbk, gb18030, big5, shift_jis or windows-1252)", ErrUnknownEncoding, name)
	}
	return nil
}

// catalogEncoding decodes catalog_encoding:, the character encoding the
// catalog CSV is read in; absent or "", the import detects it.
func (d *decoder) catalogEncoding(n *yaml.Node, field string, dst *string) error {
	if err := d.Str(n, field, dst); err != nil {
		return err
	}
	*dst = strings.TrimSpace(*dst)
	if *dst == "" {
		return nil
	}
	if err := CheckEncoding(*dst); err != nil {
		return d.Errorf(n, field, "%v", err)
	}
	return nil
}
