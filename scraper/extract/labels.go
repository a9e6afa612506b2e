package extract

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/pricing/match"
)

// Shops print identifiers and brands with their labels ("商品编号：B100001",
// "Art.-Nr. 123456", "Brand: Sony"), and a selector reads the label along
// with the value. Stored with it, a GTIN fails its check digit and a SKU or
// brand never equals the other shop's; so every source's identifiers and
// brand are cleaned here, in any of the languages below, before they are
// stored.

// identifierLabels name a SKU, GTIN or MPN. Longer labels are tried first, so
// "商品编号" wins over "编号" and "item number" over "item".
var identifierLabels = []string{
	// English
	"sku", "item", "item no", "item number", "item code", "item id", "product code", "product no",
	"product number", "product id", "article", "article no", "article number", "art. no", "art.no",
	"model", "model no", "model number", "model code", "part", "part no", "part number",
	"mfr part", "mfr. part", "mfr", "manufacturer part number", "mpn", "ref", "reference", "code", "id",
	"upc", "upc-a", "ean", "ean-13", "ean13", "ean/upc", "gtin", "gtin-13", "gtin13", "gtin-14", "isbn",
	"isbn-13", "barcode", "bar code", "jan", "jan code", "style", "style no", "catalog", "catalogue",
	"asin", "stock code", "stock no",
	// German, Dutch
	"art.-nr", "art.nr", "art-nr", "artikel-nr", "artikelnr", "artikelnummer", "artikelcode",
	"bestellnummer", "best.-nr", "best.nr", "bestell-nr", "herstellernummer", "hersteller-nr",
	"herstellerartikelnummer", "modellnummer", "typ", "ean-code", "eancode",
	// French, Spanish, Italian, Portuguese
	"réf", "ref.", "référence", "reference fabricant", "référence fabricant", "code article",
	"n° d'article", "numéro d'article", "numéro de modèle", "modèle", "code ean", "code-barres",
	"code barre", "referencia", "código", "cód", "modelo", "código de barras", "codice",
	"codice articolo", "cod. art", "cod", "codice ean", "modello",
	// Russian
	"артикул", "код товара", "модель", "штрихкод", "штрих-код",
	// Chinese (simplified and traditional)
	"商品编号", "商品编码", "商品货号", "商品型号", "商品条码", "商品id", "货号", "编号", "编码",
	"型号", "产品型号", "产品编号", "规格型号", "条形码", "条码", "国际条码", "款号", "料号",
	"宝贝编号", "商品編號", "商品編碼", "貨號", "編號", "型號", "條碼", "條形碼", "國際條碼",
	// Japanese
	"型番", "品番", "商品番号", "商品コード", "製品番号", "製品コード", "janコード", "メーカー型番",
	"管理番号", "品目コード", "型式",
	// Korean
	"상품번호", "상품코드", "품번", "모델명", "모델번호", "모델", "제품번호", "제품코드", "바코드",
	// bare number signs
	"no.", "nr.", "n°", "nº", "№", "#",
}

// brandLabels name a brand or maker.
var brandLabels = []string{
	"brand", "brand name", "brands", "manufacturer", "maker", "make",
	"marke", "hersteller", "merk", "marque", "fabricant", "marca", "fabricante", "produttore",
	"producent", "producător", "marcă", "značka", "výrobce", "gyártó", "márka", "varumärke", "tillverkare",
	"mærke", "merkki", "μάρκα", "κατασκευαστής", "marka", "üretici", "merek", "thương hiệu", "hãng",
	"ยี่ห้อ", "แบรนด์", "יצרן", "מותג", "العلامة التجارية", "الاسم التجاري", "الماركة",
	"бренд", "производитель", "торговая марка",
	"品牌", "品牌名称", "品牌名稱", "牌子", "厂商", "厂家", "制造商", "生产厂家", "廠商",
	"ブランド", "ブランド名", "メーカー", "メーカー名",
	"브랜드", "제조사", "제조회사", "제조자", "jenama", "tatak",
}

// labelPattern builds the pattern of a leading label: optional opening
// brackets, one of labels, an optional "No."/"#" word, closing brackets,
// then a separator (colon, "#", "=", "." or a dash between spaces). The
// label is group 1, the separator group 2.
func labelPattern(labels []string) *regexp.Regexp {
	ls := append([]string(nil), labels...)
	sort.SliceStable(ls, func(i, j int) bool { return utf8.RuneCountInString(ls[i]) > utf8.RuneCountInString(ls[j]) })
	q := make([]string, len(ls))
	for i, l := range ls {
		q[i] = regexp.QuoteMeta(l)
		// "art. no" also stands for "art.no", "Art. No." and "art no".
		q[i] = strings.ReplaceAll(q[i], `\. `, `\.?\s*`)
		q[i] = strings.ReplaceAll(q[i], ` `, `[\s_-]*`)
	}
	return regexp.MustCompile(`^(?i)[\s(\[【（「『<]*(` + strings.Join(q, "|") + `)` +
		`((?:\s*(?:no|nr|nº|n°|num|number|nummer|numéro|#|№))?\.?[\s)\]】）」』>]*` +
		`(?:[:：﹕∶=#.]+|[-–—]+\s+)?)\s*`)
}

// labelMatcher is a labelPattern with the first runes of its labels: a
// text whose first rune after the pattern's leading brackets and spaces
// starts no label (in any case) cannot match, and is not given to the
// regexp. CleanIdentifier ran the long case-insensitive alternation twice
// per call, on every offer's SKU and MPN and every labelled line.
type labelMatcher struct {
	re    *regexp.Regexp
	first map[rune]bool
}

func newLabelMatcher(labels []string) labelMatcher {
	m := labelMatcher{re: labelPattern(labels), first: map[rune]bool{}}
	for _, l := range labels {
		r, _ := utf8.DecodeRuneInString(l)
		if labelLead(r) {
			panic("label " + l + " starts with a character the pattern's leading class takes")
		}
		m.first[r] = true
	}
	return m
}

// labelLead reports whether the pattern's leading class
// [\s(\[【（「『<] takes r (\s is Go's [\t\n\f\r ]).
func labelLead(r rune) bool {
	switch r {
	case '\t', '\n', '\f', '\r', ' ', '(', '[', '【', '（', '「', '『', '<':
		return true
	}
	return false
}

// mayMatch reports whether m.re can match s: the first rune after the
// leading class, or one of its case folds (what (?i) matches), starts a
// label. No label starts with a rune of the class, so the label begins
// right after the class's longest run.
func (m labelMatcher) mayMatch(s string) bool {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !labelLead(r) {
			break
		}
		i += size
	}
	if i == len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	for f := r; ; {
		if m.first[f] {
			return true
		}
		if f = unicode.SimpleFold(f); f == r {
			return false
		}
	}
}

// findIndex is m.re.FindStringIndex(s).
func (m labelMatcher) findIndex(s string) []int {
	if !m.mayMatch(s) {
		return nil
	}
	return m.re.FindStringIndex(s)
}

// findSubmatchIndex is m.re.FindStringSubmatchIndex(s).
func (m labelMatcher) findSubmatchIndex(s string) []int {
	if !m.mayMatch(s) {
		return nil
	}
	return m.re.FindStringSubmatchIndex(s)
}

// trailingLabel is trailingLabelRE.FindStringSubmatch(s), which needs s to
// end in a closing bracket and white space.
func trailingLabel(s string) []string {
	t := strings.TrimRight(s, " \t\n\f\r")
	if t == "" || !strings.ContainsRune(")]）】", lastRune(t)) {
		return nil
	}
	return trailingLabelRE.FindStringSubmatch(s)
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

var (
	identifierLabelRE = newLabelMatcher(identifierLabels)
	brandLabelRE      = newLabelMatcher(brandLabels)
	// A label after the value: "B100001 (SKU)", "4006381333931 [EAN]".
	trailingLabelRE = regexp.MustCompile(`^(.*?)\s*[(\[（【]\s*(?i:sku|ean|upc|gtin|mpn|jan|isbn|item|art\.?-?nr\.?|ref\.?|réf\.?|商品编号|货号|编号|型号|型番|品番|条码|条形码|상품번호|품번)\s*[)\]）】]\s*$`)
	// "Visit the Sony Store" is how one large marketplace labels its brand.
	visitStoreRE = regexp.MustCompile(`(?i)^\s*(?:(?:visit\s+the|besuche\s+den|bezoek\s+de)\s+(.+?)[\s-](?:store|winkel)|` +
		`(?:shop|view|see)\s+all\s+(?:products\s+(?:from|by)\s+)?(.+?)|more\s+(?:from|by)\s+(.+?)|` +
		`(?:visiter\s+la\s+boutique|visita\s+la\s+tienda\s+de|visita\s+lo\s+store\s+di|visite\s+a\s+loja\s+da)\s+(.+?)|(.+?)\s*のストアを表示)\s*$`)
	gtinRunRE = regexp.MustCompile(`\d(?:[\d \t-]*\d)?`)
)

// stripLabel removes a leading label matched by re from s and, when generic
// is set, an unknown "Label: value" prefix. It returns s unchanged when it
// finds no label or when nothing follows the label.
func stripLabel(s string, re labelMatcher, generic bool) string {
	if m := re.findSubmatchIndex(s); m != nil {
		rest := strings.TrimSpace(s[m[1]:])
		// A Latin label must be followed by a separator or a space: "SKU123",
		// "ITEM-2000" and "Modelo" are values, not labels. A CJK label may
		// run into the code ("商品编号B100001"): the change of script is the
		// boundary.
		last, _ := utf8.DecodeLastRuneInString(s[:m[3]])
		if rest != "" && (m[4] < m[5] || !isASCIIAlnum(last)) {
			return rest
		}
	}
	if !generic {
		return s
	}
	// An unknown label before a colon: "Item-Nr.: 123", "Número de pieza: X".
	i := strings.IndexAny(s, ":：﹕")
	if i <= 0 {
		return s
	}
	label := strings.TrimSpace(s[:i])
	_, w := utf8.DecodeRuneInString(s[i:])
	rest := strings.TrimSpace(s[i+w:])
	if rest == "" || strings.HasPrefix(rest, "//") || !labelLike(label, s[i+w:]) {
		return s
	}
	return rest
}

// labelLike reports whether text before a colon reads as a label: a few
// words of letters and no digits. A short upper-case word hard against the
// value ("AB:12") is more likely part of a code.
func labelLike(label, after string) bool {
	if label == "" || utf8.RuneCountInString(label) > 30 || len(strings.Fields(label)) > 4 {
		return false
	}
	letters, upperASCII := 0, true
	for _, r := range label {
		switch {
		case unicode.IsDigit(r):
			return false
		case unicode.IsLetter(r):
			letters++
			if r > unicode.MaxASCII || unicode.IsLower(r) {
				upperASCII = false
			}
		}
	}
	if letters == 0 {
		return false
	}
	short := upperASCII && letters <= 3 && !strings.ContainsAny(label, " .-")
	return !short || strings.HasPrefix(after, " ") || strings.HasPrefix(after, "\u3000")
}

func isASCIIAlnum(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// foldWidth turns full-width ASCII forms ("ＡＢ１２", "："), which CJK shops
// use in codes, and the ideographic space into plain ASCII.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

// cutValue ends a value at a list separator or at the next "label:" that
// follows it on the same line ("vivo 型号：X100").
func cutValue(s string) string {
	if i := strings.IndexAny(s, "|;；，,、\n\r\t"); i >= 0 {
		s = s[:i]
	}
	fields := strings.Fields(s)
	for i, f := range fields {
		if i > 0 && strings.ContainsAny(f, ":：﹕") {
			fields = fields[:i]
			break
		}
	}
	return strings.Join(fields, " ")
}

// codeLike reports whether a word continues a code ("AB 12", "0 12345
// 67890 5"): it has a digit, or is a short upper-case part.
func codeLike(w string) bool {
	if strings.ContainsAny(w, ":：") {
		return false
	}
	digit, short := false, utf8.RuneCountInString(w) <= 5
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r >= 'A' && r <= 'Z', strings.ContainsRune("-_./+", r):
		default:
			short = false
		}
	}
	return digit || short
}

// trimCode drops quotes and brackets around a code and punctuation after it.
func trimCode(s string) string {
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ".,;:。、"))
	for _, p := range []string{"()", "[]", "「」", "『』", "【】", `""`, "''", "“”", "‘’"} {
		o, c := string([]rune(p)[0]), string([]rune(p)[1])
		if strings.HasPrefix(s, o) && strings.HasSuffix(s, c) && len(s) > len(o)+len(c) {
			s = strings.TrimSpace(s[len(o) : len(s)-len(c)])
		}
	}
	return s
}

// placeholders are what shops and platforms print where a field has no
// value ("N/A", eBay's "Does not apply", a template's "undefined"): no
// code and no brand.
var placeholders = []string{
	"n/a", "na", "n.a.", "n.a", "null", "nil", "undefined", "none", "-", "--", "0", "false", "does not apply",
	"not applicable", "nicht zutreffend", "non applicable", "no aplica", "não se aplica", "non applicabile",
	"nie dotyczy", "не применимо",
}

// placeholder reports whether s stands for no value (see placeholders).
// It compares without lower-casing: it runs on every offer's SKU, MPN and
// brand, and most are not placeholders.
func placeholder(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 32 {
		return false
	}
	for _, p := range placeholders {
		if strings.EqualFold(s, p) {
			return true
		}
	}
	return false
}

// CleanIdentifier returns the code in a SKU or MPN text: its label in any
// of the common shop languages is dropped ("商品编号：B100001" → "B100001",
// "Art.-Nr. 123456" → "123456", "B100001 (SKU)" → "B100001"), full-width
// characters are folded to ASCII, and words after the code that are not part
// of it ("ABC-123 在庫あり") are cut. A text without a label comes back
// trimmed; a label with a separator and no code after it ("SKU:") gives "".
func CleanIdentifier(s string) string {
	s = strings.TrimSpace(foldWidth(s))
	if s == "" {
		return ""
	}
	if m := trailingLabel(s); m != nil && strings.TrimSpace(m[1]) != "" {
		s = m[1]
	}
	if m := identifierLabelRE.findIndex(s); m != nil && m[1] == len(s) && strings.ContainsAny(s, ":：#") {
		return "" // "SKU:" with no code after it
	}
	v := cutValue(stripLabel(s, identifierLabelRE, true))
	words := strings.Fields(v)
	if len(words) == 0 {
		return s
	}
	kept := words[:1]
	for _, w := range words[1:] {
		if !codeLike(w) {
			break
		}
		kept = append(kept, w)
	}
	out := trimCode(strings.Join(kept, " "))
	if !strings.ContainsFunc(out, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return s
	}
	return out
}

// CleanBrand returns the brand name in a brand text: a leading label
// ("品牌：vivo", "Marke: Bosch", "ブランド：ソニー", "brand name: Sony") or a
// lower-case "by " is dropped, "Visit the Sony Store" gives "Sony", and the
// value ends at a list separator or the next label ("vivo 型号：X100").
func CleanBrand(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if m := visitStoreRE.FindStringSubmatch(s); m != nil {
		// A link to the brand's page names it in a sentence ("Visit the
		// Sony Store", "Shop all Threshold", "More from Anker").
		return strings.TrimSpace(strings.Join(m[1:], ""))
	}
	// Only the lower-case "by" is a label: "By Terry" is a brand.
	if rest, ok := strings.CutPrefix(s, "by "); ok && strings.TrimSpace(rest) != "" {
		s = rest
	} else {
		// No generic "X: y" rule here: a brand may hold a colon.
		s = stripLabel(s, brandLabelRE, false)
	}
	if v := trimCode(cutValue(s)); v != "" {
		return v
	}
	return strings.TrimSpace(s)
}

// CleanGTIN returns the GTIN in a text as its digits ("条形码：6926469429203"
// → "6926469429203", "UPC: 0 12345 67890 5" → "012345678905", "ISBN
// 978-3-16-148410-0" → "9783161484100"): the first number of 8, 12, 13 or
// 14 digits (spaces and dashes allowed between them) whose GS1 check digit
// holds, checked by match.NormalizeGTIN. It returns an error wrapping
// match.ErrInvalidGTIN when the text holds no such number.
func CleanGTIN(s string) (string, error) {
	v := stripLabel(strings.TrimSpace(foldWidth(s)), identifierLabelRE, true)
	var first error
	for _, run := range gtinRunRE.FindAllString(v, -1) {
		cands := []string{run}
		if strings.ContainsAny(run, " \t") {
			cands = append(cands, strings.Fields(run)...)
		}
		for _, c := range cands {
			digits := strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, c)
			switch len(digits) {
			case 8, 12, 13, 14:
			default:
				continue
			}
			if _, err := match.NormalizeGTIN(digits); err != nil {
				if first == nil {
					first = err
				}
				continue
			}
			return digits, nil
		}
	}
	if first != nil {
		return "", first
	}
	return "", fmt.Errorf("%w: %q holds no number of 8, 12, 13 or 14 digits", match.ErrInvalidGTIN, s)
}

// cleanFields cleans the identifiers and brand of an offer from any source
// (CleanIdentifier, CleanGTIN, CleanBrand). A GTIN whose check digit fails,
// or a GTIN text without one, is dropped and reported in errs with the page
// URL and the value, as matching would otherwise trust a wrong code.
func cleanFields(o *pricing.Offer, page string, errs *[]error) {
	for _, f := range []*string{&o.SKU, &o.MPN, &o.Brand} {
		if placeholder(*f) {
			*f = ""
		}
	}
	o.SKU = CleanIdentifier(o.SKU)
	o.MPN = CleanIdentifier(o.MPN)
	o.Brand = CleanBrand(o.Brand)
	for _, f := range []*string{&o.SKU, &o.MPN, &o.Brand} {
		if placeholder(*f) {
			*f = "" // "SKU: N/A"
		}
	}
	if o.GTIN != "" {
		g, err := CleanGTIN(o.GTIN)
		if err != nil {
			*errs = append(*errs, fmt.Errorf("%s: gtin %q dropped: %w", page, o.GTIN, err))
		}
		o.GTIN = g
	}
	for k, v := range map[string]string{"sku": o.SKU, "mpn": o.MPN, "brand": o.Brand, "gtin": o.GTIN} {
		if v == "" && o.Source != nil {
			delete(o.Source, k)
		}
	}
}
