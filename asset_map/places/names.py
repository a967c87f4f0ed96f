"""How place names are compared: their key, and the typing slips forgiven in them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_IN_KEY = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=8192)  # a feed names the same few towns thousands of times (Miami: 26,000)
def place_key(text: str) -> str:
    """Lower case, accents dropped, "st." as "st", other marks as spaces: "Stanford-le-Hope" is
    "stanford le hope", "Ynys Môn" is "ynys mon"."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_IN_KEY.sub(" ", text.lower().replace("st.", "st")).strip()


def slips_allowed(text: str) -> int:
    """Typing slips forgiven in a place name: one from 4 letters, two from 9 (a swap of
    neighbouring letters is one slip). "Grayz" is Grays; "London" is not Horndon."""
    letters = len(text.replace(" ", ""))
    return 0 if letters < 4 else 1 if letters < 9 else 2
