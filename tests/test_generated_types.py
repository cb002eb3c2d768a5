"""The front end's API types (frontend/src/api/schema.d.ts) are generated from the OpenAPI
schema and committed; this fails when the API changed and they were not regenerated."""

import difflib
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "frontend" / "src" / "api" / "schema.d.ts"


def test_the_committed_api_types_match_the_schema(tmp_path):
    fresh = tmp_path / "schema.d.ts"
    subprocess.run(["sh", "scripts/api-types.sh", str(fresh)], cwd=ROOT, check=True)
    committed = COMMITTED.read_text() if COMMITTED.exists() else ""
    drift = list(
        difflib.unified_diff(
            committed.splitlines(),
            fresh.read_text().splitlines(),
            "committed",
            "schema",
            n=1,
            lineterm="",
        )
    )
    assert not drift, (
        "frontend/src/api/schema.d.ts is out of date with the API: run `make types` (or "
        "`cd frontend && npm run types`) and commit it.\n" + "\n".join(drift[:40])
    )
