"""Every word the patient app shows is translated: the Dutch catalogue has every English
key (with the same placeholders), and no patient-facing file writes words outside t()."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
I18N = FRONTEND / "src" / "i18n"
ENTRY = re.compile(r'^\s*("(?:[^"\\]|\\.)*")\s*:\s*("(?:[^"\\]|\\.)*")\s*,?\s*$', re.M)
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Words Dutch writes as English does: names of tests and exercises, units, loanwords.
SAME = {
    "Check-in",
    "Offline",
    "Start",
    "{n} min",
    "Timer: {name}",
    "{n} check-in",
    "{n} check-ins",
    "VISA-H",
    "PHAT",
    "Nordic hamstring curl",
    # Date patterns: Dutch orders weekday, day and month as English does ("zo 29 nov").
    "{weekday} {day} {month}",
    "{day} {month}",
}


def catalogue(name: str) -> dict[str, str]:
    text = (I18N / f"{name}.ts").read_text()
    entries = [(json.loads(k), json.loads(v)) for k, v in ENTRY.findall(text)]
    keys = [k for k, _ in entries]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"{name}.ts has these keys twice: {duplicates}"
    return dict(entries)


def test_the_catalogues_parse_into_many_entries():
    # A guard for the tests below: a format change must not make them pass on nothing.
    assert len(catalogue("en")) > 200


def test_every_english_key_has_a_dutch_translation():
    en, nl = catalogue("en"), catalogue("nl")
    missing = {k: en[k] for k in en if k not in nl}
    assert not missing, "add these to frontend/src/i18n/nl.ts, translated:\n" + "\n".join(
        f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in missing.items()
    )
    extra = sorted(set(nl) - set(en))
    assert not extra, f"nl.ts has keys en.ts does not (remove them): {extra}"


def test_no_dutch_entry_is_empty_or_left_in_english():
    en, nl = catalogue("en"), catalogue("nl")
    untranslated = {k: v for k, v in nl.items() if not v.strip() or (v == en[k] and v not in SAME)}
    assert not untranslated, (
        "translate these in frontend/src/i18n/nl.ts (or, if Dutch says it the same way, add the "
        f"words to SAME in {__file__}): {untranslated}"
    )


def test_placeholders_match_between_languages():
    en, nl = catalogue("en"), catalogue("nl")
    different = {
        k: (sorted(PLACEHOLDER.findall(en[k])), sorted(PLACEHOLDER.findall(nl[k])))
        for k in en
        if k in nl and sorted(PLACEHOLDER.findall(en[k])) != sorted(PLACEHOLDER.findall(nl[k]))
    }
    assert not different, f"placeholders differ (en, nl): {different}"


def test_every_plural_has_both_forms():
    for name in ("en", "nl"):
        keys = set(catalogue(name))
        bases = {k.rsplit(".", 1)[0] for k in keys if k.endswith((".one", ".other"))}
        lonely = sorted(b for b in bases if not {f"{b}.one", f"{b}.other"} <= keys)
        assert not lonely, f"{name}.ts: give these both .one and .other: {lonely}"


def test_every_key_the_source_uses_is_in_the_catalogue():
    en = catalogue("en")
    used, plural = set(), set()
    for path in (FRONTEND / "src").rglob("*.ts*"):
        if I18N in path.parents:
            continue
        text = path.read_text()
        used |= set(re.findall(r'\bt\(\s*"([\w.-]+)"', text))
        plural |= set(re.findall(r'\btn\(\s*"([\w.-]+)"', text))
    assert used and plural, "found no t() or tn() calls: the pattern no longer matches the source"
    unknown = sorted(
        (used | {f"{b}.one" for b in plural} | {f"{b}.other" for b in plural}) - set(en)
    )
    assert not unknown, f"add these keys to frontend/src/i18n/en.ts and nl.ts: {unknown}"


def scan(*files: str) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = FRONTEND / "scripts" / "untranslated.mjs"
    result = subprocess.run(
        [node, str(script), *files], cwd=FRONTEND, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_scanner_finds_words_written_outside_the_catalogue(tmp_path):
    probe = tmp_path / "Probe.tsx"
    probe.write_text(
        "export function Probe({ ok }: { ok: boolean }) {\n"
        '  const words = ok ? "Could not save." : "";\n'
        '  return <p title="Open it" class="muted small">Hello there {words}</p>;\n'
        "}\n"
    )
    assert sorted(f["text"] for f in scan(str(probe))) == [
        "Could not save.",
        "Hello there",
        "Open it",
    ]


def test_no_patient_facing_file_writes_words_outside_the_catalogue():
    found = scan()
    assert not found, (
        "these words are written straight into the source; move each into "
        "frontend/src/i18n/en.ts (and its translation into nl.ts) and show it with t():\n"
        + "\n".join(f"  {f['file']}:{f['line']}: {f['text']!r}" for f in found)
    )
