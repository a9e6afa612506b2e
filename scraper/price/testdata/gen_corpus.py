#!/usr/bin/env python3
"""Writes generated.tsv: amounts in many currencies, each in the layouts its
shops use (symbol before or after, the locale's separators, with and without
decimals), plus amounts set in sentences. Run from this directory; the
hand-written cases live in handwritten.tsv."""
import random

random.seed(12)

# symbol, ISO code, symbol after the number?, space between?, thousands, decimal, minor digits
LOCALES = [
    ("$", "USD", False, False, ",", ".", 2), ("US$", "USD", False, False, ",", ".", 2),
    ("€", "EUR", True, True, ".", ",", 2), ("€", "EUR", False, False, ",", ".", 2),
    ("€", "EUR", True, True, "\u00a0", ",", 2), ("EUR", "EUR", True, True, ".", ",", 2),
    ("£", "GBP", False, False, ",", ".", 2), ("¥", "CNY", False, False, ",", ".", 2),
    ("元", "CNY", True, False, ",", ".", 2), ("円", "JPY", True, False, ",", "", 0),
    ("₩", "KRW", False, False, ",", "", 0), ("원", "KRW", True, False, ",", "", 0),
    ("₫", "VND", True, True, ".", "", 0), ("Rp", "IDR", False, True, ".", "", 0),
    ("₹", "INR", False, False, ",", ".", 2), ("Rs.", "INR", False, True, ",", ".", 2),
    ("R$", "BRL", False, True, ".", ",", 2), ("zł", "PLN", True, True, " ", ",", 2),
    ("Kč", "CZK", True, True, " ", "", 0), ("Ft", "HUF", True, True, " ", "", 0),
    ("kr", "SEK", True, True, " ", ",", 2), ("CHF", "CHF", False, True, "'", ".", 2),
    ("₽", "RUB", True, True, " ", "", 0), ("руб.", "RUB", True, True, " ", ",", 2),
    ("грн", "UAH", True, True, " ", "", 0), ("₺", "TRY", False, False, ".", ",", 2),
    ("TL", "TRY", True, True, ".", ",", 2), ("лв.", "BGN", True, True, " ", ",", 2),
    ("lei", "RON", True, True, ".", ",", 2), ("฿", "THB", False, False, ",", "", 0),
    ("RM", "MYR", False, True, ",", ".", 2), ("₱", "PHP", False, False, ",", ".", 2),
    ("NT$", "TWD", False, False, ",", "", 0), ("HK$", "HKD", False, False, ",", ".", 2),
    ("S$", "SGD", False, False, ",", ".", 2), ("A$", "AUD", False, False, ",", ".", 2),
    ("C$", "CAD", False, False, ",", ".", 2), ("MX$", "MXN", False, False, ",", ".", 2),
    ("₪", "ILS", False, True, ",", ".", 2), ("د.إ", "AED", False, True, ",", ".", 2),
    ("KD", "KWD", False, True, ",", ".", 3), ("BD", "BHD", False, True, ",", ".", 3),
    ("OMR", "OMR", False, True, ",", ".", 3), ("₦", "NGN", False, False, ",", ".", 2),
    ("₸", "KZT", True, True, " ", "", 0), ("S/", "PEN", False, True, ",", ".", 2),
    ("₡", "CRC", False, False, " ", "", 0), ("CLP", "CLP", False, True, ".", "", 0),
    ("$", "CLP", False, False, ".", "", 0), ("₴", "UAH", True, True, " ", ",", 2),
]


def fmt(whole, frac, thousands, decimal, indian=False):
    s = str(whole)
    if indian and len(s) > 3:
        head, tail = s[:-3], s[-3:]
        parts = []
        while len(head) > 2:
            parts.insert(0, head[-2:])
            head = head[:-2]
        if head:
            parts.insert(0, head)
        s = ",".join(parts + [tail])
    elif thousands:
        parts = []
        while len(s) > 3:
            parts.insert(0, s[-3:])
            s = s[:-3]
        parts.insert(0, s)
        s = thousands.join(parts)
    if decimal:
        s += decimal + frac
    return s


rows = []
for sym, code, after, space, th, dec, digits in LOCALES:
    for _ in range(6):
        whole = random.choice([random.randint(1, 99), random.randint(100, 999), random.randint(1000, 99999), random.randint(100000, 9999999)])
        if digits == 0:
            frac, want = "", str(whole)
        else:
            frac = "".join(random.choice("0123456789") for _ in range(digits))
            want = f"{whole}.{frac}"
        num = fmt(whole, frac, th, dec)
        sep = " " if space else ""
        text = f"{num}{sep}{sym}" if after else f"{sym}{sep}{num}"
        hint = code if sym == "$" and code != "USD" else ""
        rows.append(("generated-symbols", text, hint, want, code))

# The same amounts with the shop's currency only in the hint.
for sym, code, after, space, th, dec, digits in LOCALES[:30]:
    whole = random.randint(1000, 99999)
    frac = "".join(random.choice("0123456789") for _ in range(digits)) if digits else ""
    want = f"{whole}.{frac}" if digits else str(whole)
    rows.append(("generated-hint", fmt(whole, frac, th, dec), code, want, code))

# Amounts inside sentences, in several languages.
FRAMES = [
    ("Price: {p}", "text"), ("Now only {p}", "text"), ("Our price {p} incl. VAT", "text"),
    ("售价：{p}", "text"), ("Preis: {p} inkl. MwSt.", "text"), ("Prix : {p} TTC", "text"),
    ("Цена: {p}", "text"), ("Was {q} Now {p}", "text"), ("{p} Free shipping", "text"),
    ("from {p}", "ranges"), ("ab {p}", "ranges"), ("{p} - {r}", "ranges"),
]
for frame, cls in FRAMES:
    for sym, code, after, space, th, dec, digits in random.sample(LOCALES, 5):
        vals = sorted(random.randint(10, 9999) for _ in range(3))
        def money(v):
            num = fmt(v, "99" if digits == 2 else "999" if digits == 3 else "", th, dec)
            sep = " " if space else ""
            return f"{num}{sep}{sym}" if after else f"{sym}{sep}{num}"
        want = f"{vals[0]}.99" if digits == 2 else f"{vals[0]}.999" if digits == 3 else str(vals[0])
        text = frame.format(p=money(vals[0]), q=money(vals[2]), r=money(vals[1]))
        hint = code if sym == "$" and code != "USD" else ""
        rows.append(("generated-" + cls, text, hint, want, code))

with open("generated.tsv", "w") as f:
    f.write("# generated by gen_corpus.py; do not edit\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
print(len(rows), "rows")
