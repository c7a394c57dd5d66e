"""The review app in headless Chromium (Debian's /usr/bin/chromium) behind waitress: sign in, use the
keys, approve, reject and correct, then check what the review board records."""

from __future__ import annotations

import csv
import os
import re
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


FIXED_TIME = "2024-03-01 09:00"


def _fix_decision_times(page) -> None:
    """The decision log's times, which are the test's own clock, shown as FIXED_TIME: the README's
    picture then changes only when the page does (the demo itself is deterministic)."""
    page.evaluate(
        """fixed => document.querySelectorAll("section.log li").forEach(li => {
             li.innerHTML = li.innerHTML.replace(/\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}/, fixed); })""",
        FIXED_TIME,
    )
    assert FIXED_TIME in page.locator("section.log").inner_text()


def _flash(page) -> str:
    return page.locator(".flashes").inner_text()


def _edge_rows_blank(png: bytes) -> bool:
    """No glyph on the picture's first or last row of pixels, so no line of text cut in half at its
    edges (the vertical rules of a table may cross them: a few pixels, never a line of letters)."""
    import io

    from PIL import Image

    grey = Image.open(io.BytesIO(png)).convert("L")
    return all(sum(grey.getpixel((x, y)) < 128 for x in range(grey.width)) <= 8 for y in (0, grey.height - 1))


def test_review_in_the_browser(browser_page, board_of, tmp_path):
    page, base, errors = browser_page
    _sign_in(page, base, "alice")
    # #14.9: what the FIR holds already (1102, 2203) is not listed as pending; it is one link away
    assert page.locator("table.queue tbody tr").count() == 11
    assert "11 proposals need review: 11 pending" in page.locator("p.run").inner_text()
    page.click("p.run a[href='/?state=no+change']")
    assert page.locator("table.queue tbody tr td:first-child").all_inner_texts() == ["1102", "2203"]
    page.goto(f"{base}/")

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
    # #14.8: the page says approved and asks nothing more of anyone
    aside = page.locator("aside.review").inner_text()
    assert "Review: approved" in aside and "Approved by alice: the next publication writes it." in aside
    assert "further approval" not in aside and "Waiting for" not in aside
    assert page.locator("#approve-form button[type=submit]").is_disabled()
    # #14.11: the evidence picture holds whole lines: no glyph on its first or last rows of pixels
    png = page.request.get(base + page.locator("img.page").get_attribute("src")).body()
    assert _edge_rows_blank(png)
    # #14.11: the current FIR value names its FIR export row
    page.goto(f"{base}/proposal/1103")
    assert re.search(r"from row \d+ of .+, the FIR export this run read", page.locator("dd:has(.fir-source)").inner_text())

    # 1104: r focuses the reason, then reject
    page.goto(f"{base}/proposal/1104")
    page.keyboard.press("r")
    page.keyboard.type("The MAP row names the wrong hardware version.")
    assert page.locator("#reject-reason").input_value() == "The MAP row names the wrong hardware version."
    page.click("#reject-form button[type=submit]")
    page.wait_for_load_state()
    assert "1104: you rejected. Now rejected." in _flash(page)

    # 2204: sources conflict; the graph draws both alternatives, one colour a source; correct to 2203
    page.goto(f"{base}/proposal/2204")
    assert page.locator("#approve-form button").count() == 0
    titles = page.locator(".graph svg path title").all_text_contents()
    assert any(t.startswith("2204 requires base 2201 (alternative 1, from ") for t in titles)
    assert any(t.startswith("2204 requires base 2203 (alternative 2, from ") for t in titles)
    page.check("#correct-form input[name=base][value='2203']")
    page.fill("#correct-reason", "The release note requires the intermediate release 2.1.5 (02010005).")
    page.click("#correct-form button[type=submit]")
    page.wait_for_load_state()
    assert "2204: you corrected to 2203." in _flash(page)

    page.goto(f"{base}/proposal/1106")
    _fix_decision_times(page)
    screenshot = README_SCREENSHOT if os.environ.get("FIRPATH_UPDATE_SCREENSHOT") == "1" else tmp_path / "detail.png"
    _save_small_png(page.screenshot(full_page=True), screenshot)
    assert screenshot.stat().st_size < 300_000
    assert _save_small_png(page.screenshot(full_page=True), tmp_path / "again.png") is None
    assert (tmp_path / "again.png").read_bytes() == screenshot.read_bytes()  # retaking it changes nothing

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


def test_bulk_approval_lists_what_it_will_do_before_it_does_it_and_the_counts_agree(browser_page, board_of, tmp_path):
    """#14.10 and #14.9: the queue offers the MAP workbook with the number bulk approval will approve
    (not counting 1105, which the rules refuse: flagged); the next page lists both, with why; nothing
    is recorded until the reviewer confirms; then the queue, the progress page and the Excel export
    count the same."""
    from openpyxl import load_workbook

    from firpath.review.workbook import REVIEW_SHEET, export_workbook

    page, base, errors = browser_page
    _sign_in(page, base, "alice")
    source = "MAP/Northern MAP firmware paths.xlsx"
    option = page.locator(f"section.bulk option[value='{source}']").inner_text()
    assert option == f"{source} (2 to approve, 1 not)"
    page.select_option("section.bulk select[name=source]", source)
    page.click("section.bulk button[type=submit]")
    page.wait_for_url(f"{base}/bulk?source=*")
    assert page.locator("#bulk-approve tbody td:first-child").all_inner_texts() == ["1104", "4401"]
    assert page.locator("#bulk-refuse tbody td:first-child").all_inner_texts() == ["1105"]
    assert "flagged by the automatic checks" in page.locator("#bulk-refuse").inner_text()
    assert board_of().store.reviews.decisions() == []  # nothing yet
    page.click("#bulk-form button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert f"Bulk approval of proposals only from {source}: 2 approved (1104, 4401)." in _flash(page)
    assert "11 proposals need review: 9 pending, 0 needs another approval, 2 approved, 0 rejected." in (
        " ".join(page.locator("p.run").inner_text().split()))  # fmt: skip

    page.click("header a[href='/progress']")
    page.wait_for_url(f"{base}/progress")
    total = page.locator("#progress-run tr.total td").all_inner_texts()
    assert [t.strip() for t in total[:6]] == ["All manufacturers", "11", "9", "0", "2", "0"]

    board = board_of()
    export_workbook(board, tmp_path / "review.xlsx")
    rows = list(load_workbook(tmp_path / "review.xlsx", read_only=True)[REVIEW_SHEET].iter_rows(values_only=True))
    states = [dict(zip(rows[0], r, strict=True))["review_state"] for r in rows[1:]]
    assert (len(states), states.count("pending"), states.count("approved")) == (11, 9, 2)
    assert errors == []
