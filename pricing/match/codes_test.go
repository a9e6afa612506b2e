package match

import "testing"

func TestCompareCodes(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want codeMatch
	}{
		{"a code dashed and compact is one code", "Panasonic Cordless Phone - KXTG1033S", "Panasonic KX-TG1033S DECT 6.0", codeEqual},
		{"a code split at the dash is one code", "Panasonic KX TG1033S", "Panasonic Phone - KXTG1033S", codeEqual},
		{"a region suffix with a slash is the same code", "Apple iPod nano - MB111LLA", "Apple MB111LL/A iPod", codeEqual},
		{"the region after the slash left out is the same code", "Apple iPod nano MB111LL/A", "Apple MB111LL iPod nano", codeEqual},
		{"a region suffix left out is the same code up to a suffix", "Apple iPod nano MB111LL/A", "Apple MB111 iPod nano", codeSuffix},
		{"a colour suffix left out is the same code up to a suffix", "Onkyo Receiver - TXSR606B", "Onkyo TX-SR606 Receiver", codeSuffix},
		{"a two-letter suffix on a short code is the same code up to a suffix", "JBL Loudspeaker - ES80CH", "JBL ES80 Speaker", codeSuffix},
		{"a region suffix with a digit is the same code up to a suffix", "Philips DVD Player - DVP5990F7", "Philips DVP5990 DVD", codeSuffix},
		{"near codes of one family conflict", "Panasonic - KXTG1033S", "Panasonic KX-TG1034S", codeConflict},
		{"ink colours of one cartridge conflict", "Canon Ink - CLI8G", "Canon CLI-8C Ink", codeConflict},
		{"a newer model's letter is not a suffix on a short code", "vivo X100 Pro", "vivo X100s Pro", codeConflict},
		{"TV sizes of one line conflict", "Samsung LCD - LN46A650", "Samsung LN52A650 LCD", codeConflict},
		{"digit-first codes of one line conflict", "LG LCD HDTV - 42LG60", "LG 47LG60 HDTV", codeConflict},
		{"a code on one side only", "Sony Camera - DSCW120", "Sony Cyber-shot Digital Camera", codeOneSide},
		{"channels, resolutions and standards are not codes", "Onkyo 7.1-Channel 1080p DECT 6.0 Receiver", "Onkyo 5.1 Receiver 720p", codeNone},
		{"a pack, a disc count and a contrast ratio are not codes", "6-Disc Changer 2-Pack 50,000:1", "DVD Changer", codeNone},
		{"a name glued to a small number is not a code", "HUAWEI Mate60 Pro", "华为 Mate 60 Pro", codeNone},
		{"a name glued to its number without a dash is not a code", "Lenovo Legion103", "Lenovo Legion 104", codeNone},
		{"a dashed name and number is a code", "Sony ILCE-7M4 Body", "Sony ILCE7M4 Kit", codeEqual},
		{"a code after a Han word starts at a break", "联想拯救者Y9000P 2024", "Lenovo Legion Y9000P", codeEqual},
		{"a dashed part number of digits is the compact one", "Logitech Harmony One - 915000049", "Logitech Harmony One 915-000049", codeEqual},
		{"a contrast ratio and a speed list are not part numbers", "Samsung LCD 1000000:1 10/100/1000", "Samsung LCD", codeNone},
		{"the last chunk after a dash is a code", "Uniden Cordless Phone - TRU9480", "Uniden TRU9480 Phone", codeEqual},
		{"a set numbered after a dash is another model", "VTech Phone - DS6321", "VTech DS6321-2 Phone", codeConflict},
		{"two colour suffixes of one stem conflict", "Sony Camera - DSCW120B", "Sony DSC-W120/L Camera", codeConflict},
		{"a line written apart with another number conflicts", "Sennheiser Headphones - PXC450", "Sennheiser PXC 250 Headphones", codeConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := titleCodes(normalize(tt.a)), titleCodes(normalize(tt.b))
			got, x, y := compareCodes(&a, &b)
			if got != tt.want {
				t.Errorf("compareCodes(%q, %q) = %d (%s, %s), want %d; codes %q and %q", tt.a, tt.b, got, x, y, tt.want, a.codes, b.codes)
			}
			if back, _, _ := compareCodes(&b, &a); back != got {
				t.Errorf("compareCodes is not symmetric: %d one way, %d the other", got, back)
			}
		})
	}
}

func TestStrongCode(t *testing.T) {
	tests := []struct {
		chunk string
		want  bool
	}{
		{"kxtg1033s", true}, {"mb111lla", true}, {"dscw120", true}, {"cli8g", true}, {"x100", true},
		{"32lg60", true}, {"y9000p", true}, {"nuvi260w", true}, {"sd1100", true},
		{"1080p", false}, {"260w", false}, {"a55", false}, {"mate60", false}, {"iphone15", false},
		{"legion103", false}, {"500gb", false}, {"2024", false}, {"rtx", false},
	}
	for _, tt := range tests {
		if got := strongCode(tt.chunk, false); got != tt.want {
			t.Errorf("strongCode(%q) = %v, want %v", tt.chunk, got, tt.want)
		}
	}
}
