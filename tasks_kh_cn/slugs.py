"""Vietnamese text as ASCII, for file names and fonts without Vietnamese letters.

Unicode decomposes "ộ" into "o" and its marks, so dropping the marks leaves the letter; but
"đ" and "Đ" are letters of their own and were dropped whole ("hoạt động" → "hoat-ong"), by
Django's slugify as by an ASCII encode. They become "d" and "D" first.
"""

import unicodedata

from django.utils.text import slugify


def ascii_text(text: str) -> str:
    """``text`` without diacritics: "Tóm tắt hoạt động" → "Tom tat hoat dong"."""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slug(text: str, max_length: int | None = None) -> str:
    """A file-name slug: "Tóm tắt hoạt động của tổ chức" → "tom-tat-hoat-dong-cua-to-chuc",
    cut at ``max_length`` without a trailing hyphen."""
    value = slugify(ascii_text(text))
    if max_length is not None:
        value = value[:max_length].rstrip("-")
    return value
