// Package match pairs our catalog items with competitor listings.
//
// Run trusts evidence in this order:
//
//  1. People's decisions. A confirmed pair is always a match (Method
//     "confirmed", Score 1); a rejected pair is never matched or offered for
//     review, whatever else agrees.
//  2. Identifiers. Identical GTINs (EAN-13, UPC-A, GTIN-8 and GTIN-14 are
//     compared as 14-digit GTINs, and invalid ones never match but are
//     reported in Result.Invalid); identical MPNs with the same brand (MPNs
//     are compared as lower-case ASCII letters and digits, so "MB-FB40E511"
//     and "mb fb40e511" are one; an item without an MPN offers the code-like
//     chunks of its title instead); identical SKUs where brand and category
//     do not disagree.
//  3. Similarity of brand and title, at or above Options.AutoThreshold, within
//     one category when both categories are known. Pairs between
//     CandidateThreshold and AutoThreshold are returned for review.
//
// # Titles
//
// Titles are normalised with NFKC (full-width letters and digits become
// half-width), lower-cased and stripped of Latin accents, then tokenised:
// Han text as character bigrams (plus single characters at a low weight),
// Latin words as words, and numbers with what qualifies them as single
// tokens: sizes with units scaled to one base unit per quantity ("500ml",
// "500 ml" and "0.5L" are all "500ml"; "1.5升" is "1500ml"; "512G" and
// "512 GB" are "512gb"; "2kg", "2公斤" and "4斤" are "2000g"), pack counts
// ("*24", "x 24", "24瓶", "24-Pack" are all "×24"), model numbers with their
// variant ("iPhone 15 Pro" gives "15pro", "Galaxy S24+" gives "24plus",
// "Lolli Pro3" gives "pro3", "WH-1000XM5" gives "wh", "1000xm" and "5"),
// and memory pairs ("12+256GB" and "12+256" are 12gb and 256gb).
//
// Similarity weighs the shared tokens against the ones found on one side
// only. Words only one title has cost little (one shop writes more
// description), but words each title has instead of the other's ("Elite"
// against "Challenger") cost a lot. Some differences are conflicts that cut
// the score to a quarter or less whatever else agrees: a different size or
// count within one unit (128GB vs 256GB, 500ml vs 1L, 24 vs 12 bottles), a
// different model number (Pegasus 40 vs 41, iPhone 15 vs 15 Pro, M2 vs M3), a
// different flavour, an accessory against the product it fits (a case, a
// screen film, a charger, "适用iPhone 15"), a variant word on one side only
// ("zero", "无糖", "mid", "cellular"), the men's against the women's model,
// and two different known brands.
//
// # Model codes
//
// Codes in titles ("KX-TG1033S", "MB111LL/A", "DSC-W120"), and MPNs given
// in their own fields, are compared with the other title's letters and
// digits read as one run, so a code written compact, dashed, slashed or
// spaced is found wherever it starts and ends at a break of the other
// title (codes.go says which chunks count as codes: "1080p", "7.1",
// "6-Disc" and "Mate60" do not). The same code lifts a pair to at least
// 0.7 and outweighs model numbers that only describe ("Series 7") and
// descriptive or bundle words ("Digital", "Kit", "Cable"); a code equal up
// to a colour or region suffix ("TXSR606B", "TX-SR606") lifts it to 0.62;
// two different codes of one family are a conflict; a code or model number
// on one side only, with none on the other, costs a quarter or a fifth.
//
// Codes are read the ways two electronics shops write them (the Abt-Buy
// style, measured by testdata/holdout_abtbuy.tsv): six digits or more are a
// part number ("915-000049"); the chunk after a title's last " - " is a code
// whatever its shape ("- TRU9480", "- 25420"); a vowel-less abbreviation
// before a digit is one ("DCR-SR65"); a colour glued to a code is split off
// ("SD1100ISSILVER"). A code found in the other title followed there by a
// dash and one digit ("DS6321" and "DS6321-2") is another model, and so are
// two colour suffixes of one stem ("DSCW120B" and "DSC-W120/L") and the
// code's line written apart with another number ("PXC450" and "PXC 250").
// With the same code, megapixels and inches that disagree are loose
// description. Against a title with no code at all, the pieces of a code
// cost as description and contradict no model number ("4th Generation");
// a code after "for" and up to two words ("Ink for PIXMA MP620") marks an
// accessory; "refurbished" on one side only is a conflict.
//
// # Variants
//
// A pack count on one side only ("2-Pack") and a different model name
// right before the same model number ("Free 16", "Air 16") are conflicts.
// Run keeps, of one shop's sibling variants that all read like an item, the
// one whose options agree (see variants.go); siblings that differ in a size
// the item's title does not name are offered for review instead.
//
// # Reasons
//
// Every match and candidate carries Reasons: "gtin …", "code …", "brand
// …", "tokens 0.86", and penalties prefixed "penalty: " naming what
// differed ("penalty: unit conflict 128gb/256gb", "penalty: code conflict
// kxtg1033s/kxtg1034s").
//
// # Colours
//
// A shop lists each colour of a product as its own article, so when both
// titles name a colour and the colours differ, the listing is a sibling
// variant, not our item: the score is cut (colourFactor) below the default
// AutoThreshold, Run never matches the pair automatically at any threshold,
// and it may be offered for review with the reason "penalty: colour
// conflict black/blue". Colours are compared in families (black, white,
// silver, grey, gold, blue, green, red, pink, purple, yellow, orange, brown,
// beige, cyan) across languages and marketing names (colours.go): "Obsidian
// Black" and "曜石黑" are black, "Star Blue" and "星迹蓝" blue, "Mint" and
// "薄荷绿" green; a Chinese colour name is named by its last colour
// character ("子夜黑", "冰晶蓝") or the one before 色 ("天青色"); 青 is
// blue, green or cyan; katakana, Hangul and German, French, Spanish and
// Italian basic words count too. A two-tone colourway ("黑白") is both of
// its colours, and conflicts with another only when each names a colour
// the other lacks. A title without a colour, with one the dictionary does
// not know ("海阔天空", "浅梦空间") or with a multi-colour word ("彩色",
// "Multicolor") conflicts with none: an item whose title names no colour
// takes any colour sibling (see Variants). Words that only look like
// colours are not read as colours: "Redmi", "红米", "青春版", "蛋白",
// "口红", "Black+Decker", "Blue Yeti", "Red Magic", "Pink Floyd", and a
// brand's own name ("Orange"). Colour words weigh almost nothing in the
// score otherwise.
//
// # Brands
//
// Brands are compared through a built-in table of the names one brand goes
// by ("Apple" and "苹果", "L'Oréal" and "欧莱雅") extended by
// Options.BrandAliases; brand names are taken out of the titles before they
// are compared, so "Apple iPhone 15" and "苹果 iPhone 15" are alike. Two
// different known brands still match when one title names the other's brand
// (a shop filing "Merries" under "花王").
//
// # Scale
//
// Run never forms the cross product of items and listings. Listings are put
// in an inverted index by (category, token); each item is compared only with
// the listings that share its rarest tokens. Each title is tokenised once
// and its tokens numbered in text order, so a pair is scored by merging two
// integer lists, with the same result as comparing the texts.
// 5,000 items against 200,000 listings is measured by BenchmarkRun.
//
// The package is pure: no I/O, no clock.
package match
