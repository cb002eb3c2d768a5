"""Query-parameter filters read strictly (django-filter), so a bad value is a 400 naming
the parameter, never a 500 or a silent empty list."""

import django_filters
from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from config.params import is_id

DATE_MESSAGE = "Use a date like 2026-03-31."


class IdField(forms.Field):
    """A positive id in ASCII digits only (see config.params.is_id)."""

    def __init__(self, *, message: str, **kwargs):
        self.message = message
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not is_id(value):
            raise forms.ValidationError(self.message, code="invalid")
        return int(value)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.Filter):
    """`?patient=12`: a whole-number id. `what` names it in the message."""

    field_class = IdField

    def __init__(self, *args, what: str = "id", message: str | None = None, **kwargs):
        kwargs["message"] = message or f"Give the {what}, a whole number like 12."
        super().__init__(*args, **kwargs)


class FlagFilter(django_filters.BooleanFilter):
    """`?open=1`: on when the value is 1 (or true); any other value leaves it off."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", django_filters.widgets.BooleanWidget)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, True) if value else qs


def date_filter(field: str, lookup: str, words: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name=field,
        lookup_expr=lookup,
        label=words,
        input_formats=["%Y-%m-%d"],  # ISO only, whatever the caller's language
        error_messages={"invalid": DATE_MESSAGE},
    )


def with_dates(filterset: type[django_filters.FilterSet], field: str = "date"):
    """The FilterSet plus `?from=&to=` on `field`, both inclusive (`from` is a Python
    keyword, so it cannot be declared in a class body)."""
    dates = {
        "from": date_filter(field, "gte", "Earliest date (YYYY-MM-DD), inclusive."),
        "to": date_filter(field, "lte", "Latest date (YYYY-MM-DD), inclusive."),
    }
    return type(filterset.__name__, (filterset,), dates)


class FiltersOnList:
    """A viewset mixin: its `filterset_class` narrows the list only; one record is found
    by its id alone, whatever the query string says."""

    filter_backends = [DjangoFilterBackend]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset


def chosen_id(request, name: str) -> int | None:
    """An id query parameter the filterset has already accepted (None when absent)."""
    raw = request.query_params.get(name)
    return int(raw) if raw else None
