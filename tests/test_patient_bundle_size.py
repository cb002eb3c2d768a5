"""The patient app's first load stays small: at most 60 kB of gzipped JavaScript.

Read from the built front end (frontend/dist, made by `make setup`): the entry script that
index.html loads and every chunk it imports statically, by Vite's chunk graph in
dist/.vite/manifest.json. Lazy chunks (progress charts, questionnaires, history, the
physio dashboard, Dutch) load later and do not count.
"""

import gzip
import json
import re

from tests.test_service_worker_precache import built

BUDGET = 60_000  # bytes of gzipped JavaScript on first load (issue: <= 60 kB)


def first_load_scripts(manifest: dict, entry: str = "index.html") -> list[str]:
    """The entry's JavaScript file and those of its static imports, transitively."""
    seen, todo, files = set(), [entry], []
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        chunk = manifest[key]
        if chunk["file"].endswith(".js"):
            files.append(chunk["file"])
        todo += chunk.get("imports", [])
    return sorted(files)


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def test_only_static_imports_count_toward_the_first_load():
    manifest = {
        "index.html": {
            "file": "assets/index.js",
            "imports": ["_shared.js"],
            "dynamicImports": ["src/Lazy.tsx"],
            "css": ["assets/index.css"],
        },
        "_shared.js": {"file": "assets/shared.js", "imports": ["_deep.js"]},
        "_deep.js": {"file": "assets/deep.js", "imports": ["_shared.js"]},
        "src/Lazy.tsx": {"file": "assets/Lazy.js", "imports": ["_shared.js"]},
    }
    assert first_load_scripts(manifest) == ["assets/deep.js", "assets/index.js", "assets/shared.js"]


def test_the_patient_app_loads_at_most_60_kb_of_gzipped_javascript_first():
    manifest = json.loads(built(".vite/manifest.json").read_text())
    scripts = first_load_scripts(manifest)
    # index.html loads the same entry the manifest names.
    html = built("index.html").read_text()
    assert re.search(
        rf'<script type="module"[^>]*src="[^"]*{re.escape(manifest["index.html"]["file"])}"', html
    )
    sizes = {name: gzipped_size(built(name).read_bytes()) for name in scripts}
    total = sum(sizes.values())
    print(f"patient first load: {total / 1000:.1f} kB gzipped JS in {len(sizes)} files {sizes}")
    assert total <= BUDGET, f"{total / 1000:.1f} kB > {BUDGET / 1000:.0f} kB: {sizes}"
