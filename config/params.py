"""What counts as an id in a query parameter or body, so bad input is a 400 with a
message, never a 500 (config.filters reads query parameters with it).

`str.isdigit()` accepts '²' and '٣', which the database then refuses: only ASCII digits
count as a number here.
"""

MAX_ID = 2**63 - 1  # PostgreSQL bigint


def is_id(value) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID
