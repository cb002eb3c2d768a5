from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from protocols.docs import render_pages
from protocols.services import DEFINITIONS_DIR, read_definitions

DOCS_DIR = Path(settings.BASE_DIR) / "docs" / "protocols"


def stale_pages(out: Path, pages: dict[str, str]) -> list[str]:
    """Pages that differ from what the definitions give, are missing, or are left over."""
    on_disk = {p.name for p in out.glob("*.md")} if out.is_dir() else set()
    changed = [
        n for n, text in pages.items() if not (out / n).is_file() or (out / n).read_text() != text
    ]
    return sorted(changed + list(on_disk - set(pages)))


class Command(BaseCommand):
    help = (
        "Write the clinical rules (docs/protocols/*.md) from the protocol definition files. "
        "With --check, write nothing and fail if the pages are out of date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=DEFINITIONS_DIR)
        parser.add_argument("--out", type=Path, default=DOCS_DIR)
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, dir, out, check, **options):
        pages = render_pages(read_definitions(dir))
        stale = stale_pages(out, pages)
        if check:
            if stale:
                raise CommandError(f"{out} is out of date ({', '.join(stale)}): run `make docs`.")
            return
        out.mkdir(parents=True, exist_ok=True)
        for name in stale:
            if name in pages:
                (out / name).write_text(pages[name])
            else:
                (out / name).unlink()
        self.stdout.write(f"{len(stale)} of {len(pages)} pages written in {out}")
