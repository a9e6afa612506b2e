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
// # Colours
//
// The same product in another colour is the same product: shops price the
// colours of a phone or a shoe alike, and the market bands compare products,
// not paint. Colour words and Chinese colour names ("黑色", "雅川青",
// "Natural Titanium") weigh almost nothing, and the labelled test set marks
// such pairs as matches (testdata/match/pairs.csv). A lipstick shade is a
// colour too.
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
