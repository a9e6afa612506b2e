//go:build ignore

// generate writes the legacy-encoded product pages next to it. The pages are
// committed; run it again only to change them, then rewrite the goldens:
//
//	go run testdata/scraper/encodings/generate.go
//	go test ./scraper/ -run TestCrawlOfEncodedFixtures -update
//
// Each page is written here in UTF-8 and encoded with golang.org/x/text, so
// the committed .html files hold the bytes a shop on that charset would send.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

const (
	metaCharset   = `<meta charset="%s">`
	metaHTTPEquiv = `<meta http-equiv="Content-Type" content="text/html; charset=%s">`
)

type fixture struct {
	name    string // file name without .html
	charset string // the label the page declares
	enc     encoding.Encoding
	meta    string // metaCharset or metaHTTPEquiv
	// notIn is an encoding the page must not fit in, so that it really
	// needs its own (GB18030 beyond GBK).
	notIn encoding.Encoding
	page  string // the page in UTF-8, %s for the meta tag
}

var fixtures = []fixture{
	{name: "gbk", charset: "gbk", enc: simplifiedchinese.GBK, meta: metaCharset, page: `<!DOCTYPE html>
<html lang="zh-CN">
<head>
%s
<title>华为 FreeBuds Pro 3 无线降噪耳机 陶瓷白【行情 报价 价格】- 数码商城</title>
<meta name="keywords" content="华为耳机,降噪耳机,蓝牙耳机">
</head>
<body>
<div class="crumbs"><a href="/">首页</a> &gt; <a href="/list/audio">影音娱乐</a> &gt; <a href="/list/earphones">耳机</a></div>
<div class="product" data-sku="100066906471">
  <h1 class="name">华为 FreeBuds Pro 3 无线降噪耳机 陶瓷白</h1>
  <div class="brand">华为（HUAWEI）</div>
  <div class="price-box">价格：<span class="price">￥1,299.00</span> <del class="list-price">￥1,499.00</del></div>
  <div class="stock">有货，23:00前下单，预计明天送达</div>
  <ul class="promo"><li>满1000减100</li><li>以旧换新，至高补贴200元</li></ul>
  <p class="desc">星闪连接，智慧动态降噪 3.0，双单元同轴声学架构。</p>
</div>
<div class="footer">&copy; 2026 数码商城 版权所有</div>
</body>
</html>
`},
	// The half-width ¥ (U+00A5), the rare 䶮 and the € all need GB18030:
	// GBK has none of them.
	{name: "gb18030", charset: "gb18030", enc: simplifiedchinese.GB18030, meta: metaHTTPEquiv, notIn: simplifiedchinese.GBK, page: `<!DOCTYPE html>
<html lang="zh-CN">
<head>
%s
<title>宜兴紫砂壶 䶮字款 原矿朱泥西施壶 手工 220ml - 茗器轩</title>
</head>
<body>
<div class="crumbs"><a href="/">首页</a> &gt; <a href="/c/teaware">茶具</a> &gt; 紫砂壶</div>
<div class="product" data-sku="ZS-0219">
  <h1 class="name">宜兴紫砂壶 䶮字款 原矿朱泥西施壶 手工 220ml</h1>
  <div class="brand">茗器轩</div>
  <div class="price-box">售价 <span class="price">¥2,680.00</span>（海外约 €345）</div>
  <div class="stock">预售：付定金200元，3月15日起发货</div>
  <p class="desc">顾景舟门下传人监制，每把附证书。</p>
</div>
<div class="footer">&copy; 2026 茗器轩</div>
</body>
</html>
`},
	{name: "big5", charset: "big5", enc: traditionalchinese.Big5, meta: metaCharset, page: `<!DOCTYPE html>
<html lang="zh-TW">
<head>
%s
<title>華碩 ZenBook 14 OLED 筆記型電腦 紳士灰 | 3C 購物網</title>
</head>
<body>
<div class="crumbs"><a href="/">首頁</a> &gt; <a href="/c/notebooks">筆記型電腦</a></div>
<div class="product" data-sku="UX3405MA-0142G">
  <h1 class="name">華碩 ZenBook 14 OLED 筆記型電腦 紳士灰</h1>
  <div class="brand">華碩 ASUS</div>
  <div class="price-box">網路價 <span class="price">NT$ 3,990</span> 起（分期 0 利率）</div>
  <div class="stock">已售完，補貨中</div>
  <p class="desc">輕薄機身，全天候續航，台灣公司貨保固兩年。</p>
</div>
<div class="footer">&copy; 2026 3C 購物網 版權所有</div>
</body>
</html>
`},
	// Shift_JIS has no U+00A5: Japanese shops write the full-width ￥.
	{name: "shift_jis", charset: "shift_jis", enc: japanese.ShiftJIS, meta: metaHTTPEquiv, page: `<!DOCTYPE html>
<html lang="ja">
<head>
%s
<title>【公式】ソニー ワイヤレスノイズキャンセリングヘッドホン WH-1000XM5 ブラック｜家電ショップ</title>
</head>
<body>
<div class="crumbs"><a href="/">トップ</a> &gt; <a href="/c/audio">オーディオ</a> &gt; ヘッドホン</div>
<div class="product" data-sku="WH1000XM5-B">
  <h1 class="name">ソニー ワイヤレスノイズキャンセリングヘッドホン WH-1000XM5 ブラック</h1>
  <div class="brand">ソニー</div>
  <div class="price-box">販売価格 <span class="price">￥12,800</span>（税込）</div>
  <div class="stock">在庫あり　当日発送（14時までのご注文）</div>
  <p class="desc">業界最高クラスのノイズキャンセリング性能。送料無料。</p>
</div>
<div class="footer">&copy; 2026 家電ショップ株式会社</div>
</body>
</html>
`},
	// EUC-KR (KS X 1001) has no ₩ (U+20A9), only the full-width ￦.
	{name: "euc-kr", charset: "euc-kr", enc: korean.EUCKR, meta: metaCharset, page: `<!DOCTYPE html>
<html lang="ko">
<head>
%s
<title>삼성전자 갤럭시 버즈2 프로 그라파이트 - 전자몰</title>
</head>
<body>
<div class="crumbs"><a href="/">홈</a> &gt; <a href="/c/audio">음향기기</a> &gt; 이어폰</div>
<div class="product" data-sku="SM-R510NZAAKOO">
  <h1 class="name">삼성전자 갤럭시 버즈2 프로 그라파이트</h1>
  <div class="brand">삼성전자</div>
  <div class="price-box">판매가 <span class="price">￦39,000</span> (무료배송)</div>
  <div class="stock">재고 있음 - 오늘 출발</div>
  <p class="desc">24비트 하이파이 사운드, 인텔리전트 ANC 지원.</p>
</div>
<div class="footer">&copy; 2026 전자몰</div>
</body>
</html>
`},
	// „ “ – € and ’ are in windows-1252 but not in ISO-8859-1.
	{name: "windows-1252", charset: "windows-1252", enc: charmap.Windows1252, meta: metaHTTPEquiv, page: `<!DOCTYPE html>
<html lang="de">
<head>
%s
<title>De’Longhi Kaffeevollautomat „Magnifica Évo“ – Edelstahl | Küchenwelt</title>
</head>
<body>
<div class="crumbs"><a href="/">Startseite</a> &gt; <a href="/c/kaffee">Kaffee &amp; Espresso</a></div>
<div class="product" data-sku="ECAM290.61.SB">
  <h1 class="name">De’Longhi Kaffeevollautomat „Magnifica Évo“ – Edelstahl</h1>
  <div class="brand">De’Longhi</div>
  <div class="price-box">Unser Preis: <span class="price">1.299,00 €</span> inkl. MwSt.</div>
  <div class="stock">Auf Lager – Lieferung in 1–3 Werktagen</div>
  <p class="desc">Crème-Funktion, Milchaufschäumer „LatteCrema“, Kegelmahlwerk mit 13 Stufen.</p>
</div>
<div class="footer">© 2026 Küchenwelt GmbH · Größe &amp; Gewicht laut Hersteller</div>
</body>
</html>
`},
}

func main() {
	_, self, _, _ := runtime.Caller(0)
	dir := filepath.Dir(self)
	for _, f := range fixtures {
		page := fmt.Sprintf(f.page, fmt.Sprintf(f.meta, f.charset))
		b, err := f.enc.NewEncoder().Bytes([]byte(page))
		if err != nil {
			fail("encode %s: %v", f.name, err)
		}
		if utf8.Valid(b) {
			fail("%s: the encoded page is valid UTF-8 and would not test decoding", f.name)
		}
		if f.notIn != nil {
			if _, err := f.notIn.NewEncoder().Bytes([]byte(page)); err == nil {
				fail("%s: the page also fits the smaller encoding", f.name)
			}
		}
		if back, err := f.enc.NewDecoder().Bytes(b); err != nil || string(back) != page {
			fail("%s: the page does not survive a round trip: %v", f.name, err)
		}
		path := filepath.Join(dir, f.name+".html")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			fail("%v", err)
		}
		fmt.Println("wrote", path, strings.Count(page, "\n"), "lines")
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "generate: "+format+"\n", args...)
	os.Exit(1)
}
