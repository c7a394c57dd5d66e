"""The styles corpus (benchmarks/styles): deterministic, self-consistent labels, both splits of every kind."""

from __future__ import annotations

import csv
import email
import io
import re
from email import policy
from pathlib import Path

import openpyxl
import pypdfium2
import pytest

from benchmarks.styles import heldout, tuned
from benchmarks.styles.generate import CPL_HEADER, FIR_HEADER, generate
from benchmarks.styles.model import build_cpl
from tests.benchmarks.trees import tree_hash

pytestmark = pytest.mark.unit

SEED, SCALE = 3, 0.1
KINDS = ("release note", "email", "MAP spreadsheet")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("styles")
    truth = generate(out, SEED, SCALE)
    return out, truth


def test_same_arguments_give_byte_identical_trees(corpus, tmp_path):
    out, _ = corpus
    again = tmp_path / "again"
    generate(again, SEED, SCALE)
    assert tree_hash(again) == tree_hash(out)


def test_registers_have_the_export_headers(corpus):
    out, _ = corpus
    for name, header in (("cpl.csv", CPL_HEADER), ("fir.csv", FIR_HEADER)):
        rows = list(csv.reader(io.StringIO((out / name).read_text(encoding="utf-8"))))
        assert rows[0] == header
        assert len(rows) > 100
    assert CPL_HEADER == ["CPL Entry ID", "Device Type", "Manufacturer Identifier", "Manufacturer Name",
                          "Model Identifier", "Model Name", "Hardware Version", "Firmware Version", "Status"]
    assert FIR_HEADER == ["CPL Entry ID", "Firmware Upgrade Path"]


def test_fir_paths_that_are_filled_are_true(corpus):
    out, _ = corpus
    cpl = build_cpl(SEED)
    filled = [r for r in csv.DictReader(io.StringIO((out / "fir.csv").read_text(encoding="utf-8")))
              if r["Firmware Upgrade Path"]]
    assert filled
    for r in filled:
        device, i = cpl.entry(r["CPL Entry ID"])
        want = "; ".join(device.entries[b] for b in device.path(i)) or "N/A"
        assert r["Firmware Upgrade Path"] == want


def test_every_pair_joins_two_entries_of_one_device_base_older(corpus):
    out, truth = corpus
    cpl = build_cpl(SEED)
    rows = {r["CPL Entry ID"]: r for r in csv.DictReader(io.StringIO((out / "cpl.csv").read_text(encoding="utf-8")))}
    pairs = truth["pairs"] + [dict(target=t, base=b, **{k: s[k] for k in ("file", "split")})
                              for s in truth["statements"] for t, b in s["pairs"]]
    assert len(truth["pairs"]) > 50
    for p in pairs:
        t, b = rows[p["target"]], rows[p["base"]]
        key = ("Manufacturer Identifier", "Model Identifier", "Hardware Version")
        assert [t[k] for k in key] == [b[k] for k in key], p
        (dt, it), (db, ib) = cpl.entry(p["target"]), cpl.entry(p["base"])
        assert dt is db and ib < it, p
        assert ib in dt.path(it), p  # documents state only truths
    for n in truth["no_prerequisite"]:
        d, i = cpl.entry(n["target"])
        assert d.path(i) == tuple(range(d.lo, i))


def test_every_file_named_in_truth_exists(corpus):
    out, truth = corpus
    files = {r["file"] for part in ("pairs", "no_prerequisite", "statements", "decoys") for r in truth[part]}
    files |= {d["file"] for d in truth["documents"]}
    assert files
    for f in files:
        path, _, attachment = f.partition(" > ")
        assert (out / "inbox" / path).is_file(), f
        if attachment:
            msg = email.message_from_bytes((out / "inbox" / path).read_bytes(), policy=policy.default)
            assert attachment in [p.get_filename() for p in msg.iter_attachments()], f


def test_both_splits_for_every_source_kind(corpus):
    _, truth = corpus
    for kind in KINDS:
        splits = {d["split"] for d in truth["documents"] if d["source_kind"] == kind}
        assert splits == {"tuned", "heldout"}, kind
        stated = {s["split"] for s in truth["statements"] if s["source_kind"] == kind}
        assert stated == {"tuned", "heldout"}, kind


def test_tuned_documents_use_only_tuned_styles_and_wordings(corpus):
    _, truth = corpus
    tuned_labels = {x.label for lst in (tuned.WORDINGS, tuned.CORRECTIONS, tuned.CELLS, tuned.DECOYS, tuned.RN_STYLES,
                                        tuned.MAIL_STYLES, tuned.SHEET_STYLES) for x in lst}
    held_labels = {x.label for lst in (heldout.WORDINGS, heldout.CORRECTIONS, heldout.CELLS, heldout.DECOYS,
                                       heldout.RN_STYLES, heldout.MAIL_STYLES, heldout.SHEET_STYLES) for x in lst}
    assert not tuned_labels & held_labels
    for part in ("statements", "decoys", "pairs"):
        for r in truth[part]:
            labels = set(r["style"].split("/")) | {r["wording"]}
            assert labels <= tuned_labels | held_labels, r
            if r["split"] == "tuned":
                assert labels <= tuned_labels, r
    for d in truth["documents"]:
        labels = set(d["style"].split("/")) | set(d["wordings"])
        assert (d["split"] == "heldout") == bool(labels & held_labels), d


def _text(out: Path, file: str) -> str:
    path, _, attachment = file.partition(" > ")
    data = (out / "inbox" / path).read_bytes()
    name = path
    if attachment:
        msg = email.message_from_bytes(data, policy=policy.default)
        data = next(p for p in msg.iter_attachments() if p.get_filename() == attachment).get_payload(decode=True)
        name = attachment
    if name.endswith(".pdf"):
        doc = pypdfium2.PdfDocument(data)
        text = "\n".join(doc[k].get_textpage().get_text_range() for k in range(len(doc)))
    elif name.endswith(".eml"):
        msg = email.message_from_bytes(data, policy=policy.default)
        text = ""
        for part in msg.walk():
            if part.get_content_type() in ("text/plain", "text/html") and not part.get_filename():
                body = part.get_content()
                if part.get_content_type() == "text/html":
                    body = re.sub(r"<[^>]+>", "\n", body).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                text += body
        text = "\n".join(line.lstrip("> ") for line in text.splitlines())
    elif name.endswith(".csv"):
        text = data.decode("utf-8-sig")
    else:
        wb = openpyxl.load_workbook(io.BytesIO(data))
        text = "\n".join(" ".join("" if c is None else str(c) for c in row) for ws in wb for row in ws.iter_rows(values_only=True))
    return re.sub(r"\s+", " ", text)


def test_labelled_texts_are_in_their_documents(corpus):
    out, truth = corpus
    cache: dict[str, str] = {}
    for r in truth["statements"] + truth["decoys"]:
        doc = cache.setdefault(r["file"], _text(out, r["file"]))
        for line in r["text"].split("\n"):
            for piece in line.split(" | "):
                piece = re.sub(r"\s+", " ", piece).strip()
                if not piece:
                    continue
                if "running-header" in r["style"]:
                    piece = piece[:30]  # the sentence is broken by a page footer and header
                if piece not in doc:
                    piece = re.sub(r"^\d+\. ", "", piece)  # an HTML <ol> numbers its items itself
                assert piece in doc, (r["file"], piece)
