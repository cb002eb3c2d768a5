"""Lighthouse, mobile: performance and accessibility of the patient app's three main
screens, Today (`/`), Check-in (`/checkin`) and Progress (`/progress`), signed in as Sam.

The server is what `make run` serves, without DEBUG: a fresh SQLite database made by
`migrate`, `load_protocols` and `seed_demo`, served by gunicorn (2 sync workers) with
`DJANGO_DEBUG=0`, WhiteNoise serving the compressed build in frontend/dist (`make setup`
builds it; this benchmark does not). It needs neither PostgreSQL nor Redis, and its
environment is set here alone, so the other benchmarks' settings never reach it.

The browser is Debian's Chromium, the one the browser tests drive, with their flags, in
a new profile, headless, with a remote debugging port. Playwright signs in through the
sign-in form over that port; the session is a cookie, which Lighthouse's storage reset
keeps, so every Lighthouse run is signed in and otherwise a first visit (the first-run
introduction shows on Today). Lighthouse attaches to the same browser:
`--form-factor=mobile --only-categories=performance,accessibility`, its defaults otherwise
(Moto G Power emulation, simulated slow 4G, 4x CPU slowdown).

Lighthouse is pinned and fetched by npm: `npx --yes lighthouse@13.5.0` (into npm's own
cache, ~/.npm/_npx, on first use; nothing lands in the checkout). It declares Node 22.19
or later but runs on Node 20, which npm warns about.

BENCH_LIGHTHOUSE_RUNS runs per screen (default 3), the screens taking turns within each
round so that a change in the machine's load falls on all of them. The raw reports stay
out of git, under the benchmarks' temporary directory (printed; stack.WORK_DIR).

It is in the default `make bench` list: three runs of three screens took 2 min 42 s on
the 2-core machine (the demo database and the browser's start included), against the
twenty minutes the other benchmarks take together, so all of them stay one command.
Its scores move with the machine's load more than any other number here (Lighthouse
times tasks by the wall clock), so each run records the load average before it and
Lighthouse's benchmark index of the machine.
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench import settings, stack
from tests.e2e.physio_browser import ARGS, CHROMIUM

LIGHTHOUSE = ["npx", "--yes", "lighthouse@13.5.0"]
SCREENS = [  # name, title, path
    ("today", "Today (/)", "/"),
    ("checkin", "Check-in (/checkin)", "/checkin"),
    ("progress", "Progress (/progress)", "/progress"),
]
PATIENT, PASSWORD = "sam@demo.patient", "rehab-demo-2026"
GOAL = 95  # performance and accessibility, each screen (docs/patient-app.md)
# The environment variables the app's processes keep from ours; everything else is set below.
KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def app_environment(work: Path) -> dict:
    """What `make run` runs with, DEBUG off: SQLite, tasks in-process, no Redis."""
    return {
        **{name: os.environ[name] for name in KEPT if name in os.environ},
        "DATABASE_URL": f"sqlite:///{work / 'demo.sqlite3'}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "EMAIL_URL": "dummymail://",
        "MEDIA_ROOT": str(work / "media"),
        "EXPORT_ROOT": str(work / "exports"),
        "LOG_LEVEL": "WARNING",
    }


def make_demo_database(env: dict) -> None:
    for command in (["migrate", "--noinput"], ["load_protocols"], ["seed_demo", "--force"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v", "0"],
            cwd=stack.ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


@contextmanager
def chromium(profile: Path, log: Path):
    """Chromium in its own process group (its wrapper script and helpers stop together);
    yields its remote debugging port."""
    port = stack.free_port()
    command = [
        CHROMIUM,
        *ARGS,
        "--headless=new",
        f"--remote-debugging-port={port}",
        f"--user-data-dir={profile}",
        "about:blank",
    ]
    with open(log, "w") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Chromium did not start:\n{log.read_text()}") from None
                time.sleep(0.2)
        yield port
    finally:
        _stop_group(process)


def _stop_group(process: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 15)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def sign_in(cdp_port: int, base_url: str) -> None:
    """Sign in as Sam through the form, in the browser Lighthouse will attach to."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{cdp_port}")
        page = browser.contexts[0].new_page()
        page.goto(f"{base_url}/")
        page.locator("input[name=email]").fill(PATIENT)
        page.locator("input[name=password]").fill(PASSWORD)
        with page.expect_response(lambda r: r.url.endswith("/auth/login/")) as answer:
            page.locator("button[type=submit]").first.click()
        if answer.value.status != 200:
            raise RuntimeError(f"Sign-in failed: {answer.value.status} {answer.value.text()}")
        page.close()


def lighthouse(url: str, cdp_port: int, report: Path) -> dict:
    """One Lighthouse run; returns its numbers, or the error when it recorded none."""
    command = [
        *LIGHTHOUSE,
        url,
        f"--port={cdp_port}",
        "--only-categories=performance,accessibility",
        "--form-factor=mobile",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    load_before = os.getloadavg()
    # Its own process group: a run that hangs is stopped with the browser driver npx started.
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        _, stderr = process.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return {"load_average_before": load_before, "error": "no report within 300 s"}
    if process.returncode != 0 or not report.exists():
        return {"load_average_before": load_before, "error": stderr.strip()[-2000:]}
    result = json.loads(report.read_text())
    categories, audits = result["categories"], result["audits"]
    performance = categories["performance"]["score"]
    accessibility = categories["accessibility"]["score"]
    if result.get("runtimeError") or performance is None or accessibility is None:
        error = result.get("runtimeError") or "no score"
        return {"load_average_before": load_before, "error": error}
    return {
        "performance": round(performance * 100),
        "accessibility": round(accessibility * 100),
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "benchmark_index": result["environment"]["benchmarkIndex"],
        "load_average_before": load_before,
        "report": str(report),
    }


def summarise(runs: list[dict]) -> dict:
    scored = [run for run in runs if "error" not in run]
    if not scored:
        return {"runs": len(runs), "scored": 0}
    performance = [run["performance"] for run in scored]
    return {
        "runs": len(runs),
        "scored": len(scored),
        "performance_median": statistics.median(performance),
        "performance_min": min(performance),
        "accessibility_min": min(run["accessibility"] for run in scored),
        "tbt_median_ms": statistics.median(run["tbt_ms"] for run in scored),
        "lcp_median_ms": statistics.median(run["lcp_ms"] for run in scored),
    }


def rows_for(title: str, s: dict) -> list[list[str]]:
    if not s["scored"]:
        return [["lighthouse", f"{title}: every run failed", f"0 of {s['runs']}", "", ""]]

    def goal(score: float) -> str:
        return "met" if score >= GOAL else "not met"

    runs = f"{s['scored']} of {s['runs']}" if s["scored"] < s["runs"] else str(s["runs"])
    return [
        [
            "lighthouse",
            f"{title}: performance, median (min), runs: {runs}",
            f"{s['performance_median']:g} ({s['performance_min']})",
            f">= {GOAL}",
            goal(s["performance_median"]),
        ],
        [
            "lighthouse",
            f"{title}: accessibility (min)",
            str(s["accessibility_min"]),
            f">= {GOAL}",
            goal(s["accessibility_min"]),
        ],
        [
            "lighthouse",
            f"{title}: median TBT / LCP ms",
            f"{s['tbt_median_ms']:,.0f} / {s['lcp_median_ms']:,.0f}",
            "",
            "",
        ],
    ]


def run() -> dict:
    version = subprocess.run(
        [*LIGHTHOUSE, "--version"], capture_output=True, text=True, check=True, timeout=600
    ).stdout.strip()  # fetches it on first use, before anything is timed
    reports = stack.WORK_DIR / "lighthouse"
    reports.mkdir(exist_ok=True)
    runs: dict[str, list[dict]] = {name: [] for name, _, _ in SCREENS}
    with tempfile.TemporaryDirectory(prefix="rehab-lighthouse-") as tmp:
        work = Path(tmp)
        env = app_environment(work)
        make_demo_database(env)
        with (
            stack.gunicorn(env=env) as (base_url, _server),
            chromium(work / "profile", reports / "chromium.log") as cdp_port,
        ):
            sign_in(cdp_port, base_url)
            for round_ in range(1, settings.LIGHTHOUSE_RUNS + 1):
                for name, _title, path in SCREENS:
                    report = reports / f"{name}-{round_}.json"
                    runs[name].append(lighthouse(f"{base_url}{path}", cdp_port, report))
    chromium_version = subprocess.run(
        [CHROMIUM, "--version"], capture_output=True, text=True
    ).stdout.strip()
    summaries = {name: summarise(runs[name]) for name, _, _ in SCREENS}
    print(f"Lighthouse reports: {reports}")
    return {
        "setup": {
            "lighthouse": version,
            "chromium": chromium_version,
            "runs_per_screen": settings.LIGHTHOUSE_RUNS,
            "form_factor": "mobile",
            "reports": str(reports),
        },
        "screens": {name: {"summary": summaries[name], "runs": runs[name]} for name in runs},
        "rows": [row for name, title, _ in SCREENS for row in rows_for(title, summaries[name])],
    }
