"""The review app in headless Chromium (Debian's /usr/bin/chromium) behind waitress: sign in, use the
keys, approve, reject and correct, then check what the review board records."""

from __future__ import annotations

import csv
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from firpath.publish import publish
from firpath.review.rules import ReviewState

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
# The README's picture is refreshed only on request (FIRPATH_UPDATE_SCREENSHOT=1), so a test run
# leaves the tracked tree as it was.
README_SCREENSHOT = Path(__file__).resolve().parents[4] / "docs" / "review-detail.png"
PASSWORDS = {"alice": "alice-password-1", "bob": "bob-password-22"}  # as in conftest.REVIEWERS


@pytest.fixture
def served_app(review_app) -> Iterator[str]:
    """The app under waitress on a free port of 127.0.0.1, in a background thread."""
    from waitress.server import create_server

    server = create_server(review_app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=10)


@pytest.fixture
def browser_page(served_app):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(15_000)
            errors: list[str] = []
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            yield page, served_app, errors
        finally:
            browser.close()


def _sign_in(page, base: str, name: str) -> None:
    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORDS[name])
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{base}/")


def _save_small_png(png: bytes, path: Path) -> None:
    """The README's picture: 256 colours are plenty for a page of text and keep the file small."""
    import io

    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, format="PNG", optimize=True)


def _flash(page) -> str:
    return page.locator(".flashes").inner_text()


def test_review_in_the_browser(browser_page, board_of, tmp_path):
    page, base, errors = browser_page
    _sign_in(page, base, "alice")
    assert page.locator("table.queue tbody tr").count() == 13

    # keys on the queue: j selects the first row, Enter opens it
    page.keyboard.press("j")
    assert page.locator("tr.selected").get_attribute("data-href") == "/proposal/1112"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/proposal/1112")

    # 1106: a blank FIR value gets a path, so one approval (alice did not import the run) is enough;
    # it is flagged (an upgrade cycle), so `a` asks for the reason first
    page.goto(f"{base}/proposal/1106")
    assert page.locator("img.page").evaluate("img => img.complete && img.naturalWidth > 0")
    page.keyboard.press("a")
    assert page.evaluate("document.activeElement.id") == "approve-reason"
    page.keyboard.type("The cycle runs through 1105, whose MAP row is wrong.")
    page.click("#approve-form button[type=submit]")
    page.wait_for_load_state()
    assert "1106: you approved. Now approved." in _flash(page)

    # 1104: r focuses the reason, then reject
    page.goto(f"{base}/proposal/1104")
    page.keyboard.press("r")
    page.keyboard.type("The MAP row names the wrong hardware version.")
    assert page.locator("#reject-reason").input_value() == "The MAP row names the wrong hardware version."
    page.click("#reject-form button[type=submit]")
    page.wait_for_load_state()
    assert "1104: you rejected. Now rejected." in _flash(page)

    # 2204: sources conflict; correct to 2203
    page.goto(f"{base}/proposal/2204")
    assert page.locator("#approve-form button").count() == 0
    page.check("#correct-form input[name=base][value='2203']")
    page.fill("#correct-reason", "The release note requires the intermediate release 2.1.5 (02010005).")
    page.click("#correct-form button[type=submit]")
    page.wait_for_load_state()
    assert "2204: you corrected to 2203." in _flash(page)

    page.goto(f"{base}/proposal/1106")
    screenshot = README_SCREENSHOT if os.environ.get("FIRPATH_UPDATE_SCREENSHOT") == "1" else tmp_path / "detail.png"
    _save_small_png(page.screenshot(full_page=True), screenshot)
    assert screenshot.stat().st_size < 300_000

    board = board_of()
    statuses = board.statuses()
    assert (statuses["1106"].state, statuses["1106"].approvers) == (ReviewState.APPROVED, ("alice",))
    assert (statuses["1104"].state, statuses["1104"].reason) == (
        ReviewState.REJECTED, "The MAP row names the wrong hardware version.")  # fmt: skip
    corrected = statuses["2204"]
    assert (corrected.state, str(corrected.path), corrected.corrected_by) == (ReviewState.PENDING, "2203", "alice")

    # the correction needs an approver other than its author: bob
    page.click("header form button[type=submit]")  # sign out
    page.wait_for_url(f"{base}/login")
    _sign_in(page, base, "bob")
    page.goto(f"{base}/proposal/2204")
    page.click("#approve-form button[type=submit]")
    page.wait_for_load_state()
    assert "2204: you approved. Now approved." in _flash(page)
    status = board.status("2204")
    assert (status.state, str(status.path), status.approvers) == (ReviewState.APPROVED, "2203", ("bob",))
    assert errors == []  # no script errors, no Content-Security-Policy violations

    # what SECAS receives: exactly the approved and the corrected rows
    published = publish(board, tmp_path / "published")
    with published.files.csv.open(newline="", encoding="utf-8") as handle:
        rows = {r["CPL Entry ID"]: r["Firmware Upgrade Path"] for r in csv.DictReader(handle)}
    assert rows == {"1106": "1104; 1105", "2204": "2203"}


def test_secas_edits_an_entry_nobody_wrote_about_and_a_second_reviewer_approves_it(browser_page, board_of, tmp_path):
    """#17: 3302 (CD-PPM1 00010100) is in no document and its FIR path is blank. Alice finds it in the
    register, edits its path with a reason and a letter attached; her own approval is not enough; bob
    approves it; the publication writes it with its reason."""
    import json

    page, base, errors = browser_page
    _sign_in(page, base, "alice")
    page.click("header a[href='/register']")
    page.fill("#register-q", "CD-PPM1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/register?q=CD-PPM1")
    page.click("a[href='/register/3302']")
    page.wait_for_url(f"{base}/register/3302")
    assert page.locator("#entry-3302 td").nth(2).inner_text() == "blank"
    page.check("#edit-form input[name=base][value='3301']")
    page.fill("#edit-reason", "Circuit Devices' letter of 2 May: 00010100 may only be installed on 00010000.")
    page.set_input_files("#edit-evidence", files=[{"name": "circuit letter.txt", "mimeType": "text/plain",
                                                   "buffer": b"00010100 only on 00010000\n"}])  # fmt: skip
    page.click("#edit-form button[type=submit]")
    page.wait_for_url(f"{base}/edit/1")
    assert "3302: SECAS edit 1 proposed (blank -> 3301)" in _flash(page)
    page.click("#approve-form button[type=submit]")
    page.wait_for_load_state()
    assert "edit 1: you approved. Now needs another approval, waiting for an approver other than alice" in _flash(page)

    page.click("header form button[type=submit]")  # sign out
    page.wait_for_url(f"{base}/login")
    _sign_in(page, base, "bob")
    assert page.locator("#edit-queue").inner_text().count("SECAS edit 1") == 1  # the queue lists it
    page.click("#edit-queue a[href='/edit/1']")
    page.wait_for_url(f"{base}/edit/1")
    assert page.locator("a[href='/edit/1/evidence']").inner_text() == "circuit letter.txt"
    page.click("#approve-form button[type=submit]")
    page.wait_for_load_state()
    assert "edit 1: you approved. Now approved." in _flash(page)
    assert errors == []

    published = publish(board_of(), tmp_path / "published")
    with published.files.csv.open(newline="", encoding="utf-8") as handle:
        rows = {r["CPL Entry ID"]: r["Firmware Upgrade Path"] for r in csv.DictReader(handle)}
    assert rows == {"3302": "3301"}
    [row] = json.loads(published.files.manifest.read_text(encoding="utf-8"))["rows"]
    assert row["proposed_by_secas"]["reason"] == "Circuit Devices' letter of 2 May: 00010100 may only be installed on 00010000."
    assert row["proposed_by_secas"]["evidence"]["file"] == "circuit letter.txt"
    assert [a["reviewer"] for a in row["approvals"]] == ["alice", "bob"]
