package match

import (
	"fmt"
	"testing"
)

// TestAbtBuy3Classes pins the classes the third holdout
// (testdata/holdout_abtbuy3.tsv) showed the matcher getting wrong, each
// over several brands and shapes and with the negatives that must stay
// apart.
func TestAbtBuy3Classes(t *testing.T) {
	type pair struct {
		left, right string
		same        bool
	}
	classes := map[string][]pair{}
	add := func(class string, same bool, left, right string) {
		classes[class] = append(classes[class], pair{left, right, same})
	}

	// 1. The same accessory on both sides: the models one title says it
	// fits do not make it another article; an accessory against the
	// product it fits is still another article.
	for _, a := range []struct{ brand, kind, code, dashed, fits string }{
		{"Sony", "Rechargeable Battery", "NPFH50", "NP-FH50", "DCR-SR45"},
		{"Canon", "Battery Pack", "NB5L", "NB-5L", "SD850"},
		{"Olympus", "Lithium-Ion Battery", "BLS1", "BLS-1", "E-420"},
		{"Sony", "Soft Carrying Case", "LCSTWA", "LCS-TWA", "DSC-W300"},
		{"Panasonic", "Cordless Handset", "KXTGA931T", "KX-TGA931T", "KX-TG9341T"},
		{"Samsung", "Wall Mount Bracket", "WMN450M", "WMN-450M", "LN40A550"},
		{"Vizio", "Wall Mount Bracket", "XMB300", "XMB-300", "VO32L"},
	} {
		add("same accessory", true, fmt.Sprintf("%s %s - %s", a.brand, a.kind, a.code),
			fmt.Sprintf("%s %s %s for %s", a.brand, a.dashed, a.kind, a.fits))
		add("same accessory", true, fmt.Sprintf("%s %s for Select Models - %s", a.brand, a.kind, a.code),
			fmt.Sprintf("%s %s %s for %s Black", a.brand, a.dashed, a.kind, a.fits))
		add("accessory vs its product", false, fmt.Sprintf("%s Digital Product - %s", a.brand, compactCode(a.fits)),
			fmt.Sprintf("%s %s %s for %s", a.brand, a.dashed, a.kind, a.fits))
	}
	add("same accessory", true, "Apple Universal Dock - MB125LL/A", "Apple Universal Dock for iPod & iPhone mb125ll/a")
	add("accessory vs its product", false, "Canon NB-4L Battery - NB4L", "Canon Battery Charger for NB-4L Battery")

	// 2. A colour or market letter glued to a code on one side.
	for _, c := range []struct {
		left, right string
		same        bool
	}{
		{"Sharp 42' Aquos LCD HDTV - LC42D65U", "Sharp AQUOS LC-42D65UN 42-Inch LCD HDTV", true},
		{"Panasonic Lumix Digital Camera - DMCFX48K Black", "Panasonic Lumix DMC-FX48 Digital Camera (Black)", true},
		{"Panasonic Lumix Digital Camera - DMCFS6S Silver", "Panasonic Lumix DMC-FS6 Digital Camera - Silver", true},
		{"Panasonic Lumix Digital Camera - DMCTZ5A Blue", "Panasonic Lumix DMC-TZ5 Digital Camera Blue", true},
		{"Sony 8GB Memory Stick PRO Duo - MSMT8GN", "Sony MSMT8G 8 GB Memory Stick PRO Duo", true},
		{"Polk Audio Center Channel Speaker - CS2BK", "Polk Audio CS2 Series II Center Channel Speaker - Black", true},
		{"Yamaha Home Theater Receiver - RXV465BL", "Yamaha RX-V465 Home Theater Receiver Black", true},
		{"Sony Cyber-shot Digital Camera - DSCW150B", "Sony Cyber-shot DSC-W150 Digital Camera - Silver", false},
		{"Canon PowerShot Digital Camera - SD1200S", "Canon PowerShot SD1200 Digital Camera - Pink", false},
		{"Garmin nuvi Portable GPS - NUVI350W", "Garmin nuvi 350 Portable GPS Navigator", false},
		{"Denon Home Theater Receiver - AVR2310CI", "Denon AVR2310 A/V Receiver", false},
		{"Onkyo Home Theater Receiver - TXSR507CI", "Onkyo TX-SR507 A/V Receiver", false},
		{"Linksys Wireless-G Router - WRT54G", "Linksys WRT54GS Wireless-G Router", false},
		{"Linksys Wireless-N Router - WRT310N", "Linksys WRT310NL Wireless-N Router", false},
		{"Plantronics Office Headset System - CS50", "Plantronics CS55 Office Headset System", false},
		{"Jabra Office Headset System - GN90", "Jabra GN95 Office Headset System", false},
	} {
		add("colour or market suffix", c.same, c.left, c.right)
	}

	// 3. Codes made of words and roman numerals.
	add("code of words", true, "Harman Kardon Go + Play iPod Speaker Dock - GOPLAYII", "Harman Kardon Go + Play II Portable Speaker for iPod")
	add("code of words", true, "JBL On Stage III P iPod Speaker Dock - ONSTAGEIIIPBLK", "JBL On Stage IIIP Portable Loudspeaker Dock for iPod")
	add("code of words", true, "Altec Lansing Speaker Dock - INMOTIONIM600", "Altec Lansing inMotion iM600 Speaker Dock")

	// 4. Articles that read alike: colour variants, body and kit.
	for _, c := range []struct{ brand, model, a, b string }{
		{"Nikon Coolpix", "S220", "Plum", "Graphite Black"},
		{"Canon PowerShot", "SD780", "Amethyst", "Silver"},
		{"Sony Cyber-shot", "DSC-T90", "Ruby", "Black"},
		{"Samsung", "SL202", "Cerulean", "Silver"},
	} {
		add("colour variants", false, fmt.Sprintf("%s Digital Camera - %s %s", c.brand, c.model, c.a),
			fmt.Sprintf("%s %s Digital Camera %s", c.brand, c.model, c.b))
		add("colour variants agree", true, fmt.Sprintf("%s Digital Camera - %s %s", c.brand, c.model, c.a),
			fmt.Sprintf("%s %s Digital Camera %s", c.brand, c.model, c.a))
	}
	for _, c := range []struct{ brand, model, lens string }{
		{"Olympus", "E-620", "14-42mm"},
		{"Nikon", "D5000", "18-55mm"},
		{"Pentax", "K-7", "18-55mm"},
		{"Sony Alpha", "DSLR-A380", "18-55mm"},
	} {
		add("body vs kit", false, fmt.Sprintf("%s %s Digital SLR Camera Body - %s", c.brand, c.model, compactCode(c.model)),
			fmt.Sprintf("%s %s Digital SLR Camera Kit with %s Lens", c.brand, c.model, c.lens))
		add("body vs kit", false, fmt.Sprintf("%s %s Digital SLR w/ %s Lens - %s", c.brand, c.model, c.lens, compactCode(c.model)),
			fmt.Sprintf("%s %s Digital SLR Camera Body Only", c.brand, c.model))
		add("body and body", true, fmt.Sprintf("%s %s Digital SLR Camera Body - %s", c.brand, c.model, compactCode(c.model)),
			fmt.Sprintf("%s %s Digital SLR Camera Body Only", c.brand, c.model))
	}

	for class, pairs := range classes {
		for _, p := range pairs {
			t.Run(class+"/"+p.left, func(t *testing.T) {
				lp := labelledPair{ourTitle: p.left, theirTitle: p.right, same: p.same}
				if got, score := pairMatched(lp, DefaultOptions()); got != p.same {
					t.Errorf("%q | %q: matched = %v (score %.3f), want %v", p.left, p.right, got, score, p.same)
				}
			})
		}
	}
}
