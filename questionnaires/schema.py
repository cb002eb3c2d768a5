"""The shape of a questionnaire definition file, checked before anything is stored.

Pure Python (pydantic, no Django), like protocols/schema.py: `validate_definition` turns a
parsed YAML document into a `Definition` or raises `DefinitionError` naming the problem.
"""

from itertools import product
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

Key = Field(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=40)
KEYS = ("visa_h", "phat")  # the questionnaires the app knows, and their measurement keys


class DefinitionError(Exception):
    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    value: int | str
    label: str = Field(min_length=1, max_length=200)
    points: float = Field(ge=0, le=100)


class ShownIf(_Strict):
    item: str
    equals: int | str


class Item(_Strict):
    key: str = Key
    kind: Literal["scale", "choice"]
    prompt: str = Field(min_length=5, max_length=300)
    min: int | None = None  # scale: whole numbers min..max, scored as the number
    max: int | None = None
    min_label: str = ""
    max_label: str = ""
    options: tuple[Option, ...] = ()
    shown_if: ShownIf | None = None  # asked only when an earlier choice has this value
    clinic_default: bool = False  # not checked against the published instrument

    @model_validator(mode="after")
    def _kind_fits(self):
        if self.kind == "scale":
            if self.options:
                raise ValueError(f"{self.key}: a scale has no options")
            low, high = (
                (0 if self.min is None else self.min),
                (10 if self.max is None else self.max),
            )
            if low >= high:
                raise ValueError(f"{self.key}: 'min' must be below 'max'")
            object.__setattr__(self, "min", low)
            object.__setattr__(self, "max", high)
        else:
            if len(self.options) < 2:
                raise ValueError(f"{self.key}: a choice needs at least two options")
            values = [o.value for o in self.options]
            if len(set(values)) != len(values):
                raise ValueError(f"{self.key}: option values must differ")
        return self


class Schedule(_Strict):
    protocols: tuple[str, ...] = ()
    at_enrolment: bool = True
    every_days: int | None = Field(default=28, ge=7, le=365)
    at_phase_change: bool = True


class Scoring(_Strict):
    # sum: the points as they are; sum_scaled: the points over the most possible, x 100
    method: Literal["sum", "sum_scaled"]


class ItemText(_Strict):
    prompt: str | None = Field(default=None, min_length=5, max_length=300)
    min_label: str | None = None
    max_label: str | None = None
    options: tuple[str, ...] | None = None  # the options' labels, in the item's order


class Translation(_Strict):
    """The patient-facing words in another language, by item key; anything left out is
    shown in English. `note` says who translated it and whether the version is validated."""

    note: str = Field(min_length=10)
    intro: str | None = None
    items: dict[str, ItemText] = {}


class Definition(_Strict):
    key: Literal[KEYS]  # type: ignore[valid-type]
    version: int = Field(ge=1)
    name: str = Field(min_length=2, max_length=60)
    measurement: Literal[KEYS]  # type: ignore[valid-type]
    source: str = Field(min_length=10, max_length=600)
    intro: str = ""
    structure_confirmed: bool = True
    scoring: Scoring
    schedule: Schedule = Schedule()
    items: tuple[Item, ...] = Field(min_length=1, max_length=40)
    # Folded in from `<key>.<language>.yaml` beside a shipped file, or a clinic copy's own.
    translations: dict[Literal["nl"], Translation] = {}

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)


def validate_definition(document: object, *, source: str) -> Definition:
    try:
        definition = Definition.model_validate(document)
    except ValidationError as error:
        raise DefinitionError(
            source, [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()]
        )
    problems = _cross_check(definition)
    if problems:
        raise DefinitionError(source, problems)
    return definition


def _cross_check(d: Definition) -> list[str]:
    problems = []
    seen: dict[str, Item] = {}
    for item in d.items:
        if item.key in seen:
            problems.append(f"items: key '{item.key}' is used more than once")
        if item.shown_if is not None:
            parent = seen.get(item.shown_if.item)
            if parent is None or parent.kind != "choice":
                problems.append(
                    f"items.{item.key}.shown_if: '{item.shown_if.item}' is not an earlier choice"
                )
            elif item.shown_if.equals not in [o.value for o in parent.options]:
                problems.append(
                    f"items.{item.key}.shown_if: '{item.shown_if.equals}' is not an option "
                    f"of '{parent.key}'"
                )
        seen[item.key] = item
    for language, translation in d.translations.items():
        for key, text in translation.items.items():
            where = f"translations.{language}.items.{key}"
            if key not in seen:
                problems.append(f"{where}: no item '{key}' in this questionnaire")
            elif text.options is not None and len(text.options) != len(seen[key].options):
                problems.append(
                    f"{where}.options: {len(text.options)} labels for "
                    f"{len(seen[key].options)} options"
                )
    if not problems and d.scoring.method == "sum" and most_points(d) != 100:
        problems.append(f"scoring: the most points possible are {most_points(d)}, not 100")
    return problems


def most_points(d: Definition) -> float:
    """The highest total any path through the items can reach (branches counted once)."""
    controllers = [
        i for i in d.items if any(j.shown_if and j.shown_if.item == i.key for j in d.items)
    ]
    best = 0.0
    for values in product(*[[o.value for o in c.options] for c in controllers]):
        chosen = dict(zip([c.key for c in controllers], values, strict=True))
        total = 0.0
        for item in d.items:
            if item.shown_if and chosen.get(item.shown_if.item) != item.shown_if.equals:
                continue
            if item.key in chosen:
                total += next(o.points for o in item.options if o.value == chosen[item.key])
            elif item.kind == "scale":
                total += item.max
            else:
                total += max(o.points for o in item.options)
        best = max(best, total)
    return best
