"""Character maps the normaliser applies after NFKC: look-alikes, leetspeak, letters NFD does not split.

NFKC already folds fullwidth forms, mathematical alphanumerics, ligatures and super/subscripts into
ASCII. What it leaves are letters of other scripts drawn like Latin ones — the homoglyphs used to slip
past filters ("Ѕіеg Неіl" written with Cyrillic letters). This map is curated by hand from the Cyrillic
and Greek rows of Unicode's confusables data (UTS #39), keeping only the letters whose shapes match a
Latin letter in common fonts, in upper and lower case.
"""

from __future__ import annotations

_CYRILLIC = {
    "А": "A", "В": "B", "Е": "E", "З": "3", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ӏ": "I", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y",
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ӏ": "l", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w",
    "ү": "y", "ь": "b", "п": "n", "г": "r", "ѡ": "w",
}  # fmt: skip
_GREEK = {
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "α": "a", "β": "b", "γ": "y", "ε": "e", "ι": "i", "κ": "k",
    "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
}  # fmt: skip
_OTHER = {
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ʏ": "y", "ᴀ": "a", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e",
    "ᴊ": "j", "ᴋ": "k", "ᴍ": "m", "ᴏ": "o", "ᴘ": "p", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z",
    "ʜ": "h", "ɪ": "i", "ʟ": "l", "ɴ": "n", "ʀ": "r", "ꜱ": "s",
}  # fmt: skip

CONFUSABLES: dict[str, str] = {**_CYRILLIC, **_GREEK, **_OTHER}

# Letters that carry no combining mark to strip, and that readers still take for a plain letter.
UNDECOMPOSED_LETTERS: dict[str, str] = {
    "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ŧ": "t", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d",
}  # fmt: skip

# Leetspeak, applied to folded text for term matching only (digits keep their value for classifiers).
# 8 and 9 are left alone: "88" is itself a coded slogan, and must not become a letter.
LEET: dict[str, str] = {
    "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "€": "e", "£": "l",
    "|": "i", "¡": "i",
}  # fmt: skip
