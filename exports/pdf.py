"""HTML reports rendered to PDF with WeasyPrint (the same page, so they look alike)."""

from django.template.loader import render_to_string
from django.utils import translation


class NoFetching(ValueError):
    pass


def refuse_urls(url: str, *args, **kwargs):
    """Reports are self-contained (inline CSS and SVG): never fetch anything."""
    raise NoFetching(f"Reports load no external resources ({url[:60]}).")


def render_html(template: str, context: dict) -> str:
    """In the context's `language` (the patient's, for their report), else the request's."""
    with translation.override(context.get("language") or translation.get_language()):
        return render_to_string(template, context)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported when needed: it is heavy to load

    return HTML(string=html, url_fetcher=refuse_urls).write_pdf()


def render_pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(render_html(template, context))
