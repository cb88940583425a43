"""Slugs: the stable, readable keys every row with a name is found by."""

import re
import unicodedata


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: accents dropped, any other character a separator
    ("Côte d'Ivoire" is ``cote-d-ivoire``)."""
    letters = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", letters.lower()).strip("-")
