"""Shared by the locale tests: a world with a case at each kind of page, the pages' text, and
detectors of the other language's words in it."""

import html
import re
import unicodedata

from django.test import Client

# Letters only Vietnamese uses (with their capitals): a word with one is Vietnamese.
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]")

# Proper names and data that stay in Vietnamese in both languages: the language switcher's
# own name, the province and its places, the legal texts' titles (rule rows are dated data
# with their legal basis, not interface strings), the currency.
ALLOWED = [
    "Tiếng Việt", "Thanh Hóa", "VNĐ", "Sở Khoa học và Công nghệ", "QĐ", "HĐ",
]


def page_text(response) -> str:
    """The visible text of a page: no tags, scripts, styles, pictures' internals or attributes."""
    body = response.content.decode()
    body = re.sub(r"(?s)<(script|style|svg|title)\b.*?</\1>", " ", body)
    body = re.sub(r"(?s)<!--.*?-->", " ", body)
    body = re.sub(r"(?s)<[^>]+>", " ", body)
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", html.unescape(body)))


def without_data(text: str, data=()) -> str:
    """``text`` with the allowed names and the world's own data taken out."""
    for allowed in sorted([*ALLOWED, *data], key=len, reverse=True):
        if allowed:
            text = text.replace(str(allowed), " ")
    return text


def vietnamese_words(text: str, data=()) -> list[str]:
    """Words in Vietnamese left once the allowed names and the world's own data are taken out."""
    text = without_data(text, data)
    return sorted({word for word in re.findall(r"[\w’'-]+", text) if VIETNAMESE.search(word)})


def client_in(user, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    client.cookies["django_language"] = language
    return client
