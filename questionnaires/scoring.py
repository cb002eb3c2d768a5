"""Scoring answers by a questionnaire's own rules (pure: no Django, no database).

`score(definition, answers)` checks every answer and returns the total 0-100, or raises
`InvalidAnswers` with one message per item, in words a patient understands.
"""

from decimal import ROUND_HALF_UP, Decimal

from questionnaires.schema import Definition, Item, most_points


class InvalidAnswers(Exception):
    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def asked(definition: Definition, answers: dict) -> list[Item]:
    """The items asked given these answers (a branch only when its choice was made)."""
    shown = []
    for item in definition.items:
        condition = item.shown_if
        if condition is None or _same(answers.get(condition.item), condition.equals):
            shown.append(item)
    return shown


def _same(answer, value) -> bool:
    return answer is not None and str(answer) == str(value)


def _whole(answer) -> int | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int):
        return answer
    if isinstance(answer, float) and answer.is_integer():
        return int(answer)
    if isinstance(answer, str):
        text = answer.strip()
        if text.isascii() and text.lstrip("-").isdigit():
            return int(text)
    return None


def _points(item: Item, answer) -> tuple[float, int | str]:
    """The points for one answer and the answer as stored; ValueError with a message."""
    if item.kind == "scale":
        value = _whole(answer)
        if value is None or not item.min <= value <= item.max:
            raise ValueError(f"Choose a whole number from {item.min} to {item.max}.")
        return float(value), value
    for option in item.options:
        if not isinstance(answer, bool) and _same(answer, option.value):
            return option.points, option.value
    choices = ", ".join(f"{o.value} ({o.label})" for o in item.options)
    raise ValueError(f"Choose one of: {choices}.")


def clean(definition: Definition, answers) -> dict:
    """The answers checked and normalised (as the definition's own values)."""
    if not isinstance(answers, dict):
        raise InvalidAnswers({"answers": "Send the answers as {item key: answer}."})
    problems: dict[str, str] = {}
    shown = asked(definition, answers)
    shown_keys = {item.key for item in shown}
    for key in answers:
        if definition.item(key) is None:
            problems[key] = f"{definition.name} has no question '{key}'."
        elif key not in shown_keys:
            parent = definition.item(key).shown_if.item
            problems[key] = f"Not asked with the answer given to '{parent}'; leave it out."
    cleaned = {}
    for item in shown:
        if answers.get(item.key) is None:
            problems[item.key] = "Answer this question."
            continue
        try:
            cleaned[item.key] = _points(item, answers[item.key])[1]
        except ValueError as error:
            problems[item.key] = str(error)
    if problems:
        raise InvalidAnswers(problems)
    return cleaned


def score(definition: Definition, answers) -> Decimal:
    """The total 0-100 by the instrument's rules, to one decimal."""
    cleaned = clean(definition, answers)
    total = sum(_points(item, cleaned[item.key])[0] for item in asked(definition, cleaned))
    if definition.scoring.method == "sum_scaled":
        total = total * 100 / most_points(definition)
    return Decimal(str(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
