package extract

import (
	"errors"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/pricing/match"
)

func TestCleanIdentifier(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// No label: the code as it is.
		{"a bare code stays as it is", "B100001", "B100001"},
		{"a code with a dash stays whole", "ITEM-2000", "ITEM-2000"},
		{"a label-like prefix glued to digits is part of the code", "SKU123", "SKU123"},
		{"a code with a slash stays whole", "MB111LL/A", "MB111LL/A"},
		{"a short upper-case prefix before a colon is part of the code", "AB:1234", "AB:1234"},
		{"surrounding space is trimmed", "  X-9  ", "X-9"},
		// Chinese
		{"商品编号 with a full-width colon", "商品编号：B100001", "B100001"},
		{"商品编号 run into the code", "商品编号B100001", "B100001"},
		{"货号 with a space", "货号 A100", "A100"},
		{"型号 with an ASCII colon", "型号:X100 Pro", "X100"},
		{"商品编码 with a full-width space", "商品编码\u3000100071383534", "100071383534"},
		{"traditional 貨號", "貨號：TW-8899", "TW-8899"},
		{"a label followed by another label keeps only the first value", "商品编号：B100001 店铺：京东自营", "B100001"},
		{"full-width code characters are folded", "商品编号：ＢＸ１２３", "BX123"},
		{"a label in 【】 brackets", "【货号】A-77", "A-77"},
		// Japanese, Korean
		{"型番 with a full-width colon", "型番：ABC-123", "ABC-123"},
		{"品番 followed by stock words", "品番：KJ-55X 在庫あり", "KJ-55X"},
		{"商品コード", "商品コード: 4521329", "4521329"},
		{"상품번호 with a colon", "상품번호: 12345", "12345"},
		{"모델명 with a space", "모델명 SM-S921N", "SM-S921N"},
		// English
		{"SKU with a colon", "SKU: AB-12", "AB-12"},
		{"sku in lower case", "sku:ab-12", "ab-12"},
		{"Item # with spaces", "Item # 123", "123"},
		{"Item No. with a colon", "Item No.: 55-10", "55-10"},
		{"Model Number", "Model Number: WH-1000XM5", "WH-1000XM5"},
		{"MPN with a full-width colon", "MPN：XYZ", "XYZ"},
		{"Mfr. Part #", "Mfr. Part # 9X-220", "9X-220"},
		{"Part No with a dash between spaces", "Part No - 7781", "7781"},
		{"a code split in groups keeps its groups", "SKU: AB 12 34", "AB 12 34"},
		{"words after the code are cut", "SKU: AB-12 In stock", "AB-12"},
		{"a list separator ends the code", "SKU: AB-12 | Brand: Sony", "AB-12"},
		{"a label after the code", "B100001 (SKU)", "B100001"},
		{"a bracketed label after the code", "ZX-9 [Item]", "ZX-9"},
		{"an unknown label before a colon", "Manufacturer Code: QX-1", "QX-1"},
		{"a quoted code loses its quotes", `SKU: "AB-12"`, "AB-12"},
		// German, French, Spanish, Russian
		{"Art.-Nr.", "Art.-Nr. 123456", "123456"},
		{"Art.-Nr. with a colon", "Art.-Nr.: 123456", "123456"},
		{"Artikelnummer", "Artikelnummer: 4711-0", "4711-0"},
		{"Bestellnummer", "Bestellnummer 88.123", "88.123"},
		{"Herstellernummer with a colon", "Herstellernummer: GSR12V", "GSR12V"},
		{"Réf. with a spaced colon", "Réf. : X12", "X12"},
		{"Référence", "Référence : 20-300", "20-300"},
		{"Ref. run into the code after the dot", "Ref.123", "123"},
		{"Referencia", "Referencia: ES-44", "ES-44"},
		{"Артикул", "Артикул: 778899", "778899"},
		{"a trailing full stop is dropped", "Art.-Nr. 123456.", "123456"},
		// Nothing to take
		{"a label with nothing after it is no code", "SKU:", ""},
		{"a CJK label with nothing after it is no code", "商品编号：", ""},
		{"a word that is also a label stays when it is the whole text", "Model", "Model"},
		{"an empty text stays empty", "", ""},
		{"a URL is not a label", "https://shop.example/p/1", "https://shop.example/p/1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanIdentifier(tt.in); got != tt.want {
				t.Errorf("CleanIdentifier(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPlaceholdersAreNoValue(t *testing.T) {
	o := pricing.Offer{SKU: "N/A", MPN: "Does not apply", Brand: "undefined", Source: map[string]string{"sku": "jsonld", "mpn": "jsonld", "brand": "jsonld"}}
	var errs []error
	cleanFields(&o, "https://p.example/x", &errs)
	if o.SKU != "" || o.MPN != "" || o.Brand != "" || len(o.Source) != 0 {
		t.Errorf("cleanFields kept a placeholder: %+v", o)
	}
	o = pricing.Offer{MPN: "Does not apply"}
	if mpnAsSKU(&o); o.SKU != "" {
		t.Errorf("mpnAsSKU made the placeholder %q the SKU", o.SKU)
	}
}

func TestCleanBrand(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"a bare brand stays", "Sony", "Sony"},
		{"a brand of several words stays", "Bang & Olufsen", "Bang & Olufsen"},
		{"品牌 with a full-width colon", "品牌：vivo", "vivo"},
		{"品牌 followed by another label", "品牌：vivo 型号：X100", "vivo"},
		{"Brand with a colon", "Brand: Sony", "Sony"},
		{"Brand Name", "Brand Name: Anker", "Anker"},
		{"lower-case by", "by Sony", "Sony"},
		{"a capitalised By is part of a brand", "By Terry", "By Terry"},
		{"Visit the … Store", "Visit the Sony Store", "Sony"},
		{"Visiter la boutique …", "Visiter la boutique Philips", "Philips"},
		{"Besuche den …-Store", "Besuche den Bosch-Store", "Bosch"},
		{"Shop all …", "Shop all Threshold", "Threshold"},
		{"More from …", "More from Anker", "Anker"},
		{"…のストアを表示", "ソニーのストアを表示", "ソニー"},
		{"Marke", "Marke: Bosch", "Bosch"},
		{"Hersteller", "Hersteller: Miele", "Miele"},
		{"Marque with a spaced colon", "Marque : Moulinex", "Moulinex"},
		{"Marca", "Marca: Taurus", "Taurus"},
		{"ブランド with a full-width colon", "ブランド：ソニー", "ソニー"},
		{"メーカー", "メーカー：パナソニック", "パナソニック"},
		{"브랜드", "브랜드: 삼성", "삼성"},
		{"Бренд", "Бренд: Xiaomi", "Xiaomi"},
		{"a brand whose name starts like a label stays", "Maker's Mark", "Maker's Mark"},
		{"a colon in a brand without a known label stays", "Sony: Official", "Sony: Official"},
		{"a separator ends the brand", "Brand: Sony | Model: WH-1000XM5", "Sony"},
		{"an empty brand stays empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanBrand(tt.in); got != tt.want {
				t.Errorf("CleanBrand(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanGTIN(t *testing.T) {
	tests := []struct {
		name, in, want string // want "" means an error
	}{
		{"a bare EAN-13", "6926469429203", "6926469429203"},
		{"条形码 with a full-width colon", "条形码：6926469429203", "6926469429203"},
		{"EAN with a space", "EAN 4006381333931", "4006381333931"},
		{"EAN-13 with a colon", "EAN-13: 4006381333931", "4006381333931"},
		{"UPC written in groups", "UPC: 0 12345 67890 5", "012345678905"},
		{"a GTIN-8", "GTIN: 96385074", "96385074"},
		{"a GTIN-14", "GTIN-14: 10012345678902", "10012345678902"},
		{"ISBN with dashes", "ISBN 978-3-16-148410-0", "9783161484100"},
		{"JAN コード", "JANコード：4902370536485", "4902370536485"},
		{"바코드", "바코드: 8806094933017", "8806094933017"},
		{"full-width digits", "条码：６９２６４６９４２９２０３", "6926469429203"},
		{"a GTIN URL keeps its number", "https://id.gs1.org/01/04006381333931", "04006381333931"},
		{"the first valid number wins", "EAN: 4006381333932, 4006381333931", "4006381333931"},
		{"a label after the number", "4006381333931 (EAN)", "4006381333931"},
		{"a wrong check digit is an error", "条形码：6926469429204", ""},
		{"a number of the wrong length is an error", "EAN 12345", ""},
		{"all zeros is an error", "0000000000000", ""},
		{"no number is an error", "条形码：暂无", ""},
		{"an empty text is an error", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CleanGTIN(tt.in)
			if tt.want == "" {
				if err == nil || !errors.Is(err, match.ErrInvalidGTIN) {
					t.Errorf("CleanGTIN(%q) = %q, %v; want an error wrapping match.ErrInvalidGTIN", tt.in, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("CleanGTIN(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}
