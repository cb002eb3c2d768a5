"""Words for the patient as a message template and its parameters, without Django.

The gate engine and the criterion labels are pure Python, yet a Dutch patient must read
them in Dutch. So they write `Words("at least {min} days in this phase", min=14)`: its
str() is the English sentence, and `as_dict()` keeps the template and parameters, stored
with the gate, for the API to translate in the reader's language. makemessages extracts
the first argument of every `Words(...)` (protocols/management/commands/makemessages.py).
"""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Day:
    """A date inside words: "09 Feb" in the stored English, kept as an ISO date for the API
    to write in the reader's language."""

    on: dt.date

    def __str__(self) -> str:
        return f"{self.on:%d %b}"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def as_dict(self) -> dict:
        return {"day": self.on.isoformat()}


def gettext_noop(text: str) -> str:
    """Marks a word for the catalogue (makemessages knows this name) and returns it as is:
    the API translates it where it arrives wrapped in `Words`."""
    return text


class Words:
    __slots__ = ("text", "params")

    def __init__(self, text: str, **params):
        self.text = text
        self.params = params

    def __str__(self) -> str:
        return self.text.format(
            **{k: str(v) if isinstance(v, Words | Day) else v for k, v in self.params.items()}
        )

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Words({self.text!r}, **{self.params!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Words) and (self.text, self.params) == (other.text, other.params)

    def __hash__(self) -> int:
        return hash(self.text)

    def as_dict(self) -> dict:
        """JSON for the stored gate: a parameter that is itself words stays structured."""
        params = {
            k: v.as_dict() if isinstance(v, Words | Day) else v for k, v in self.params.items()
        }
        return {"text": self.text, "params": params}


def render(words: dict, translate, day=str) -> str:
    """A stored `as_dict()` in the reader's language: `translate` is gettext, `day` writes
    a `Day` in that language (the English "09 Feb" unless given)."""
    params = {k: _param(v, translate, day) for k, v in words.get("params", {}).items()}
    return translate(words["text"]).format(**params)


def _param(value, translate, day):
    if isinstance(value, dict) and "day" in value:
        return day(Day(dt.date.fromisoformat(value["day"])))
    if isinstance(value, dict):
        return render(value, translate, day)
    return value
