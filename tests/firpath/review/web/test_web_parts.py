"""The review app's parts on their own: accounts, the evidence picture, the sign-in limit, the secret key."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from firpath.review.accounts import add_user, disable_user, verify_user
from firpath.review.evidence import evidence_context, evidence_image, page_of, sentence_pattern
from firpath.review.web.auth import LoginLimiter, safe_next
from firpath.review.web.forms import FormProblem, correct_form
from firpath.review.web.server import load_or_create_secret_key
from staging.engine import StagingError
from staging.store import StagingStore

pytestmark = pytest.mark.unit

LONG_SENTENCE = (
    "This release shall only be applied to devices running firmware 01020005 or 01020007, and devices on any "
    "older firmware must first be brought up to one of those two releases before it is installed."
)


@pytest.fixture
def store(tmp_path: Path):
    with StagingStore.open(f"sqlite:///{tmp_path / 'staging.sqlite'}") as opened:
        yield opened


@pytest.fixture(scope="module")
def release_note_pdf() -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, "AM-E200 release notes 1.3.1", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for line in ("Release history and fixes.", LONG_SENTENCE, "Requires GBCS v2.0 or later."):
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.multi_cell(0, 5, "Page two says nothing about upgrades.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# --- accounts -------------------------------------------------------------------------------------


def test_add_user_stores_a_scrypt_hash_and_verify_user_checks_it(store):
    add_user(store, "  alice ", "correct horse", admin=True)
    record = store.reviews.user("alice")
    assert record is not None and record.is_admin
    assert record.password_hash.startswith("scrypt:") and "correct horse" not in record.password_hash
    assert verify_user(store, "alice", "correct horse") == record
    assert verify_user(store, " alice", "correct horse") == record
    assert verify_user(store, "alice", "correct horsE") is None
    assert verify_user(store, "nobody", "correct horse") is None
    assert verify_user(store, "", "") is None


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [("", "long enough", "needs a name"), ("   ", "long enough", "needs a name"),
     ("carol", "short", "at least 8 characters"), ("carol", "", "at least 8 characters"),
     ("bad\nname", "long enough", "printable characters only")],  # fmt: skip
)
def test_add_user_refuses_empty_names_and_short_passwords(store, name, password, message):
    with pytest.raises(ValueError, match=message):
        add_user(store, name, password)


def test_add_user_refuses_a_second_account_of_the_same_name(store):
    alice = add_user(store, "alice", "correct horse")
    with pytest.raises(StagingError, match="exists already"):
        add_user(store, "Alice", "another password", by=alice)


def test_a_disabled_reviewer_is_nobody_to_verify_user(store):
    alice = add_user(store, "alice", "correct horse")
    add_user(store, "bob", "battery staple", by=alice)
    assert verify_user(store, "BOB", "battery staple").name == "bob"
    disable_user(store, "bob", alice)
    assert verify_user(store, "bob", "battery staple") is None


# --- evidence picture -----------------------------------------------------------------------------


def test_sentence_pattern_escapes_each_word_and_allows_any_whitespace():
    pattern = sentence_pattern("Firmware 1.2 (beta) requires\n 1.1+")
    assert pattern == r"Firmware\s+1\.2\s+\(beta\)\s+requires\s+1\.1\+"
    assert sentence_pattern("   ") is None


def test_evidence_image_crops_the_region_of_a_sentence_over_two_lines(release_note_pdf):
    png = evidence_image(release_note_pdf, 1, LONG_SENTENCE)
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    page_width_px = 595 * 2
    assert image.width < page_width_px and 40 < image.height < 600  # a region, not the page
    yellow = sum(1 for r, g, b in image.getdata() if r > 240 and g > 200 and b < 170)
    assert yellow > 1000  # the translucent marker over the sentence


@pytest.fixture(scope="module")
def dense_note_pdf() -> bytes:
    """A page of closely set lines (10 pt type on 14.2 pt lines): a margin of a fixed number of points
    ends inside a line."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for n in range(1, 31):
        text = LONG_SENTENCE if n == 15 else f"Line {n}: the release fixes the meter's display of tariff register {n}."
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _ink_rows(image: Image.Image) -> list[int]:
    grey = image.convert("L")
    return [y for y in range(grey.height) if min(grey.getpixel((x, y)) for x in range(grey.width)) < 128]


def test_evidence_image_shows_whole_lines_never_half_a_line(dense_note_pdf):
    """#14.11: the crop was the sentence plus 54 points either side, which cut the line at each edge
    in half. It now reaches to whole text lines: no ink on its first or last rows, and every line of
    the page is in the crop entirely or not at all."""
    import pdfplumber

    from firpath.review.evidence import evidence_crop

    png = evidence_image(dense_note_pdf, 1, LONG_SENTENCE)
    image = Image.open(io.BytesIO(png))
    rows = _ink_rows(image)
    assert rows and rows[0] > 0 and rows[-1] < image.height - 1  # blank above the first line, below the last
    crop = evidence_crop(dense_note_pdf, 1, LONG_SENTENCE)
    with pdfplumber.open(io.BytesIO(dense_note_pdf)) as pdf:
        lines = pdf.pages[0].extract_text_lines()
    inside = [line for line in lines if crop.top <= line["top"] and line["bottom"] <= crop.bottom]
    cut = [line["text"] for line in lines if line not in inside and line["top"] < crop.bottom and line["bottom"] > crop.top]
    assert cut == []
    assert len(inside) >= 5  # the sentence's two lines and context around them
    assert any(LONG_SENTENCE.startswith(line["text"][:40]) for line in inside)


def test_evidence_crop_never_ends_inside_a_table_row():
    """A table of bordered rows above the sentence: the crop takes a row whole (its borders and its
    text) or leaves it out, but for the white margin (LINE_PAD) that may show the next row's borders."""
    import pdfplumber

    from firpath.review.evidence import LINE_PAD, evidence_crop

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for n in range(8):
        pdf.cell(40, 7, f"Field {n}", border=1)
        pdf.cell(120, 7, f"Value {n}", border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, LONG_SENTENCE, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    crop = evidence_crop(data, 1, LONG_SENTENCE)
    with pdfplumber.open(io.BytesIO(data)) as opened:
        rects, chars = opened.pages[0].rects, opened.pages[0].chars
    crossing = [r for r in rects if r["top"] < crop.top < r["bottom"] or r["top"] < crop.bottom < r["bottom"]]
    assert rects and all(min(r["bottom"] - crop.top, crop.bottom - r["top"]) <= LINE_PAD + 0.01 for r in crossing)
    assert not [c["text"] for c in chars if c["top"] < crop.top < c["bottom"] or c["top"] < crop.bottom < c["bottom"]]
    assert any(c["text"] == "F" and crop.top <= c["top"] for c in chars)  # some rows of the table are in it


@pytest.mark.parametrize(("page", "text"), [(1, "Not a sentence of this note."), (2, LONG_SENTENCE), (3, LONG_SENTENCE), (0, LONG_SENTENCE)])
def test_evidence_image_is_none_when_the_sentence_is_not_on_the_page(release_note_pdf, page, text):
    assert evidence_image(release_note_pdf, page, text) is None


def test_evidence_context_gives_the_text_around_the_sentence(release_note_pdf):
    before, sentence, after = evidence_context(release_note_pdf, 1, LONG_SENTENCE)
    assert "Release history" in before and "GBCS" in after
    assert " ".join(sentence.split()) == LONG_SENTENCE
    assert evidence_context(release_note_pdf, 2, LONG_SENTENCE) is None


@pytest.mark.parametrize(("location", "page"), [("page 2", 2), ("Page 10", 10), ("page 2, table 1 row 1", None),
                                                ("sheet 'Paths' row 7", None), ("email body", None)])  # fmt: skip
def test_only_a_plain_page_location_has_a_page_picture(location, page):
    assert page_of(location) == page


# --- sign-in limit, redirects, forms --------------------------------------------------------------


def test_login_limiter_blocks_an_account_and_limits_an_address_after_five_failures_within_five_minutes():
    now = [1000.0]
    limiter = LoginLimiter(clock=lambda: now[0])
    for _ in range(4):
        limiter.failed("alice", "10.0.0.1")
    assert not limiter.account_blocked("alice") and not limiter.address_limited("10.0.0.1")
    limiter.failed("Alice", "10.0.0.2")
    assert limiter.account_blocked("alice")  # the name, from anywhere, whatever its case
    assert not limiter.account_blocked("bob")
    assert not limiter.address_limited("10.0.0.1")  # 4 failures from .1: not yet
    limiter.failed("carol", "10.0.0.1")
    assert limiter.address_limited("10.0.0.1") and not limiter.account_blocked("bob")  # bob is not locked out
    now[0] += 299
    assert limiter.account_blocked("alice")
    now[0] += 2
    assert not limiter.account_blocked("alice") and not limiter.address_limited("10.0.0.1")


def test_a_correct_password_clears_the_names_failures_but_not_the_addresses():
    limiter = LoginLimiter()
    for _ in range(4):
        limiter.failed("alice", "10.0.0.1")
    limiter.succeeded("alice")
    limiter.failed("alice", "10.0.0.1")
    assert not limiter.account_blocked("alice")
    assert limiter.address_limited("10.0.0.1")


@pytest.mark.parametrize(
    ("target", "expected"),
    [("/proposal/1104", "/proposal/1104"), ("/?state=pending", "/?state=pending"), ("//evil.example/", None),
     ("https://evil.example/", None), ("/\\evil.example", None), ("proposal/1104", None), ("", None), (None, None)],
)  # fmt: skip
def test_only_local_paths_are_followed_after_sign_in(target, expected):
    assert safe_next(target) == expected


class _Form(dict):
    def getlist(self, key):
        value = self.get(key)
        return value if isinstance(value, list) else [] if value is None else [value]


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"base": ["1101"], "not_applicable": "1", "reason": "x"}, "either N/A or base entries"),
     ({"reason": "x"}, "tick the base entries"),
     ({"base": ["1101"]}, "needs a reason"),
     ({"base": ["1101"], "reason": "x", "proposal_hash": ""}, "which version of the proposal")],
)  # fmt: skip
def test_correct_form_problems(fields, message):
    with pytest.raises(FormProblem, match=message):
        correct_form(_Form({"proposal_hash": "abc", **fields}))


def test_correct_form_reads_bases_or_not_applicable():
    form = correct_form(_Form(proposal_hash="abc", base=["1103", "1101", "1103"], reason=" from  the\nMAP "))
    assert (str(form.path), form.reason) == ("1101; 1103", "from the MAP")
    assert str(correct_form(_Form(proposal_hash="abc", not_applicable="1", reason="first release")).path) == "N/A"


# --- secret key -----------------------------------------------------------------------------------


def test_secret_key_is_created_owner_only_and_reused(tmp_path):
    path = tmp_path / "work" / "review_secret.key"
    key = load_or_create_secret_key(path)
    assert len(key) == 64 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret_key(path) == key
    path.chmod(0o644)
    assert load_or_create_secret_key(path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("short\n")
    with pytest.raises(ValueError, match="too short"):
        load_or_create_secret_key(path)


def test_serve_runs_waitress_on_the_workdirs_store_with_the_workdirs_key(tmp_path, monkeypatch):
    import waitress
    from flask import Flask

    from firpath.review.web import serve

    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)
    calls = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: calls.append((app, kwargs)))
    serve(tmp_path / "work", host="127.0.0.1", port=8123)
    [(app, kwargs)] = calls
    assert isinstance(app, Flask) and (kwargs["host"], kwargs["port"]) == ("127.0.0.1", 8123)
    key_file = tmp_path / "work" / "review_secret.key"
    assert app.config["SECRET_KEY"] == key_file.read_text().strip()
    assert (tmp_path / "work" / "staging.sqlite").exists()
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    app.extensions["firpath_review"].store.close()
