"""The service worker precaches the patient's app and never the physio dashboard.

Read from the built front end (frontend/dist, made by `make setup`): the worker's precache
list in sw.js against Vite's chunk graph in dist/.vite/manifest.json. The dashboard is
reached through one lazy import (src/physio/PhysioApp.tsx); whatever only it loads stays
off patients' phones, and staff fetch it online.
"""

import json
import re
from pathlib import Path

import pytest

DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"
DASHBOARD = "src/physio/PhysioApp.tsx"


def built(name: str) -> Path:
    path = DIST / name
    if not path.exists():
        pytest.fail(f"{path} is missing: build the front end first (make frontend)")
    return path


def precached() -> set[str]:
    return set(re.findall(r'url:"([^"]+)"', built("sw.js").read_text()))


def chunk_files(manifest: dict, key: str) -> set[str]:
    chunk = manifest[key]
    return {chunk["file"], *chunk.get("css", [])}


def reachable(manifest: dict, start: str, *, skip: str | None = None) -> set[str]:
    """Files a page loads from `start` on, through static and lazy imports, never entering
    `skip`."""
    seen: set[str] = set()
    todo = [start]
    files: set[str] = set()
    while todo:
        key = todo.pop()
        if key in seen or key == skip:
            continue
        seen.add(key)
        files |= chunk_files(manifest, key)
        todo += manifest[key].get("imports", []) + manifest[key].get("dynamicImports", [])
    return files


def test_the_worker_precaches_every_file_of_the_patient_app_and_none_only_the_dashboard_loads():
    manifest = json.loads(built(".vite/manifest.json").read_text())
    assert DASHBOARD in manifest, "the dashboard is no longer its own lazy chunk"
    patient = reachable(manifest, "index.html", skip=DASHBOARD)
    dashboard_only = reachable(manifest, DASHBOARD) - patient
    cached = precached()

    assert any(f.startswith("assets/PhysioApp-") and f.endswith(".js") for f in dashboard_only)
    assert dashboard_only.isdisjoint(cached), sorted(dashboard_only & cached)
    assert patient <= cached, sorted(patient - cached)
    assert {"index.html", "manifest.webmanifest"} <= cached
