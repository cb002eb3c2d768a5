"""A stored criterion's words in the request's language.

The engine stores each criterion's English beside its templates (`label_words`,
`explanation_words`, protocols/words.py); readers render the templates with gettext. A
gate stored before it kept its templates, or a label the clinic wrote itself, reads as
stored.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from protocols.words import Day, render


def day(value: Day) -> str:
    """A date inside a sentence, in the active language; the English format "d M" writes
    exactly the stored English ("09 Feb")."""
    return date_format(value.on, pgettext("a date inside a sentence", "d M"))


def in_language(words: dict | None, english: str) -> str:
    if not words:
        return english
    try:
        return render(words, gettext, day)
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
        return english


def label(criterion: dict) -> str:
    return in_language(criterion.get("label_words"), criterion.get("label", ""))


def explanation(criterion: dict) -> str:
    return in_language(criterion.get("explanation_words"), criterion.get("explanation", ""))


def summary(gate: dict) -> str:
    return in_language(gate.get("summary_words"), gate.get("summary", ""))


def warnings(gate: dict) -> list[str]:
    english = gate.get("warnings", [])
    words = gate.get("warnings_words") or []
    if len(words) != len(english):  # stored before the warnings kept their templates
        return list(english)
    return [in_language(w, e) for w, e in zip(words, english, strict=True)]


def reason(criterion: dict) -> str:
    """A triggered rule's explanation without its "met: " prefix, for the patient's news."""
    words = criterion.get("explanation_words")
    if (
        words
        and words.get("text") == "met: {words}"
        and isinstance(words.get("params", {}).get("words"), dict)
    ):
        return in_language(words["params"]["words"], criterion.get("explanation", ""))
    return explanation(criterion).removeprefix("met: ")
