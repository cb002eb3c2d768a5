"""Query parameters read strictly, so bad input is a 400 with a message, never a 500.

`str.isdigit()` accepts '²' and '٣', which the database then refuses: only ASCII digits
count as a number here.
"""

from rest_framework.exceptions import ValidationError

MAX_ID = 2**63 - 1  # PostgreSQL bigint


def is_id(value) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID


def id_param(request, name: str, what: str = "id") -> int | None:
    """An optional positive integer query parameter (None when absent or empty)."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if not is_id(raw):
        raise ValidationError({name: [f"Give the {what}, a whole number like 12."]})
    return int(raw)
