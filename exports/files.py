"""Export files and progress: what a builder writes with, below the job runner.

The builders (exports/builders.py) write through these; the job runner
(exports/jobs.py) calls the builders. Neither imports the other's caller.
"""

import os
import secrets
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from exports.models import ExportJob


class ExportRefused(Exception):
    """A job that must not run (its message is safe to show)."""


class Progress:
    """Writes the job's progress when the whole percentage changes (at most ~100 writes)."""

    def __init__(self, job_id: int, *, total: int = 1, start: int = 0, end: int = 99):
        self.job_id, self.total, self.start, self.end = job_id, max(total, 1), start, end
        self.done, self.last = 0, -1

    def step(self, rows: int = 1) -> None:
        self.done += rows
        self.set(self.start + (self.end - self.start) * self.done // self.total)

    def set(self, percent: int) -> None:
        percent = min(int(percent), 99)  # 100 only with the file in place
        if percent > self.last:
            self.last = percent
            ExportJob.objects.filter(pk=self.job_id).update(progress=percent)


def export_path(relative: str) -> Path:
    return Path(settings.EXPORT_ROOT) / relative


@contextmanager
def new_file(job: ExportJob, suffix: str):
    """Yield (path under EXPORT_ROOT, temporary file to write); the file appears under its
    unguessable final name only once written, and a failed write leaves nothing behind."""
    relative = f"{job.clinic_id}/{job.pk}-{secrets.token_hex(12)}.{suffix}"
    final = export_path(relative)
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_suffix(".part")
    try:
        yield relative, partial
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
