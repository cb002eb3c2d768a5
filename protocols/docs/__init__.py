"""The clinical rules as pages for clinicians, written from the shipped definition files.

Pure Python (no Django): `render_pages` turns the validated definitions into Markdown, one
page per protocol and an index, so the pages in docs/protocols say exactly what ships.
`manage.py write_protocol_docs` (`make docs`) writes them; a test fails when they drift.
Numbers that come from a definition file are clinic-editable defaults and are set in
bold; the words of each criterion are the ones the app shows (protocols/criteria.py).
"""

from protocols.docs.index_page import index_page
from protocols.docs.protocol_page import INDEX, protocol_page
from protocols.schema import Definition


def render_pages(definitions: list[Definition]) -> dict[str, str]:
    """File name under docs/protocols -> its Markdown."""
    pages = {f"{d.slug}.md": protocol_page(d) for d in definitions}
    pages[INDEX] = index_page(definitions)
    return pages
