"""Vietnamese text as ASCII, for file names and fonts without Vietnamese letters.

Unicode decomposes "ộ" into "o" and its marks, so dropping the marks leaves the letter; but
"đ" and "Đ" are letters of their own and were dropped whole ("hoạt động" → "hoat-ong"), by
Django's slugify as by an ASCII encode. They become "d" and "D" first.
"""

import unicodedata

from django.utils.text import slugify


def strip_diacritics(text: str) -> str:
    """``text`` without its marks, đ and Đ as d and D, every other character kept (SMS
    without diacritics uses it: notifications.channels.sms)."""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def ascii_text(text: str) -> str:
    """``text`` without diacritics, in ASCII: "Tóm tắt hoạt động" → "Tom tat hoat dong"."""
    return unicodedata.normalize("NFKD", strip_diacritics(text)).encode("ascii", "ignore").decode()


def slug(text: str, max_length: int | None = None) -> str:
    """A file-name slug: "Tóm tắt hoạt động của tổ chức" → "tom-tat-hoat-dong-cua-to-chuc",
    cut at ``max_length`` without a trailing hyphen."""
    value = slugify(ascii_text(text))
    if max_length is not None:
        value = value[:max_length].rstrip("-")
    return value
