"""Debian's Chromium for the physio dashboard tests (no downloaded browsers).

The sync Playwright API runs an event loop in this thread, and Django refuses ORM calls
while one runs; tests write their data before `chromium()` opens and read it after.
"""

from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@contextmanager
def chromium():
    with sync_playwright() as playwright:
        browser: Browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Browser, *, width: int = 1280, height: int = 900) -> Page:
    """A page without a service worker (its cache must not hide server changes)."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        service_workers="block",
        timezone_id="Europe/London",  # the cast's patients live there: "today" agrees
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)
    return path
