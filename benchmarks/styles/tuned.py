"""The TUNED part of the styles corpus: house styles, requirement wordings and decoys an extractor may be
tuned on. (The held-out part is in heldout.py, which whoever tunes must not read.)

Wordings are written after the ways GB metering manufacturers and other firmware vendors phrase base
version requirements; styles after the ways they lay out release notes, mails and spreadsheets.
"""

from __future__ import annotations

from benchmarks.styles import model as M
from benchmarks.styles.kit import (
    CellWording,
    Ctx,
    Decoy,
    Items,
    MailDoc,
    NoteDoc,
    Pdf,
    Prose,
    SheetDoc,
    SheetOut,
    Style,
    Table,
    Wording,
    csv_bytes,
    html_block,
    hw_inline,
    hw_value,
    plain_block,
    put,
    workbook_bytes,
)

# =============================================================================================
# Requirement wordings
# =============================================================================================


def _one(fn):
    """make() for wordings that state one claim."""
    def make(m, i):
        c = fn(m, i)
        return [c] if c else None
    return make


def _chain34(m, i):
    return M.claim_chain(m, i, 4) if (i + len(m.short)) % 2 else (M.claim_chain(m, i, 3) or M.claim_chain(m, i, 4))


def _min_rows(m, i):
    """Minimum-version rows for the target and up to two releases before it (all with range paths)."""
    rows = [M.claim_min(m, j) for j in (i - 2, i - 1, i) if j >= 1]
    rows = [c for c in rows if c]
    if not rows or rows[-1].target != i or len(rows) < 2:
        return None
    return rows


def _matrix(m, i):
    targets = [t for t in (i - 1, i) if t >= 1 and m.paths.get(t)]
    if not targets or i not in targets:
        return None
    claims = [M.Claim("exact", m, t, bases=m.paths[t]) for t in targets]
    r0 = max(0, min(min(m.paths[t]) for t in targets) - 1)
    if i - r0 > 7:
        return None
    return claims


def _route_rows(m, i):
    via = M.claim_via(m, i)
    ex = M.claim_exact(m, i, maxn=4)
    if not via or not ex:
        return None
    return [via, ex]


W = Wording

WORDINGS = [
    # --- minimum -------------------------------------------------------------------------------
    W("min-or-later-must-be-installed", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"{x.v(c[0].base)} or later must be installed on the {x.dev} before "
                         f"{x.this(c[0].target)} can be applied.")),
    W("min-must-be-running-at-least", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"The {x.dev} must be running at least firmware {x.v(c[0].base)} before "
                         f"{x.this(c[0].target)} is installed.")),
    W("min-required-colon", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"Minimum required firmware: {x.v(c[0].base)}" if x.implied else
                         f"Minimum required firmware for {x.v(c[0].target)}: {x.v(c[0].base)}")),
    W("min-requires-or-higher", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"{x.This(c[0].target)} requires {x.v(c[0].base)} or higher.")),
    W("min-must-be-running-before", "minimum", _one(lambda m, i: M.claim_min(m, i, single=True)),
      lambda c, x: Prose(f"{x.Devs} must be running {x.v(c[0].base)} before {x.this(c[0].target)} is applied.")),
    W("min-earlier-than-cannot-install", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"{x.This(c[0].target)} cannot be installed on {x.devs} running firmware earlier "
                         f"than {x.v(c[0].base)}.")),
    W("min-plus-suffix", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"Base firmware: {x.v(c[0].base)}+" if x.implied else
                         f"Base firmware for {x.v(c[0].target)}: {x.v(c[0].base)}+")),
    W("min-supported-from-onwards", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"Upgrading to {x.v(c[0].target)} is supported from {x.v(c[0].base)} onwards.")),
    W("min-prerequisite-or-newer", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"Prerequisite: firmware {x.v(c[0].base)} or newer installed." if x.implied else
                         f"Prerequisite for {x.v(c[0].target)}: firmware {x.v(c[0].base)} or newer installed.")),
    # --- exact ---------------------------------------------------------------------------------
    W("exact-only-applied-to-running", "exact", _one(M.claim_exact),
      lambda c, x: Prose(f"{x.This(c[0].target)} can only be applied to {x.devs} running "
                         f"{x.vl(c[0].bases, 'or')}.")),
    W("exact-valid-base-versions", "exact", _one(lambda m, i: M.claim_exact(m, i, maxn=4)),
      lambda c, x: Prose(f"Valid base versions for {x.v(c[0].target)}: {x.vl(c[0].bases, ',')}.")),
    W("exact-only-on-top-of", "exact", _one(lambda m, i: M.claim_exact(m, i, maxn=1)),
      lambda c, x: Prose(f"{x.This(c[0].target)} may only be installed on top of {x.v(c[0].bases[0])}.")),
    W("exact-direct-possible-from-list", "exact", _one(lambda m, i: M.claim_exact(m, i, maxn=4, minn=2)),
      lambda c, x: Prose(f"Direct upgrade to {x.v(c[0].target)} is possible from the following versions: "
                         f"{x.vl(c[0].bases, 'and')}.")),
    # --- intermediate step ---------------------------------------------------------------------
    W("inter-earlier-must-first-update", "intermediate", _one(lambda m, i: M.claim_min(m, i, need_earlier=True)),
      lambda c, x: Prose(f"{x.Devs} on firmware earlier than {x.v(c[0].base)} must first be updated to "
                         f"{x.v(c[0].base)} before {x.this(c[0].target)} can be installed.")),
    # --- direct not supported, go via -----------------------------------------------------------
    W("via-direct-not-supported", "via", _one(M.claim_via),
      lambda c, x: Prose(f"Direct upgrade from {x.v(c[0].chain[0])} to {x.v(c[0].target)} is not supported; "
                         f"upgrade to {x.v(c[0].chain[1])} first.")),
    # --- chains --------------------------------------------------------------------------------
    W("chain-unicode-arrows", "chain", _one(_chain34),
      lambda c, x: Prose("Upgrade path: " + " → ".join(x.v(k) for k in c[0].chain))),
    W("chain-first-then", "chain", _one(M.claim_via),
      lambda c, x: Prose(f"From {x.v(c[0].chain[0])}, first install {x.v(c[0].chain[1])}, then install "
                         f"{x.v(c[0].target)}.")),
    W("steps-numbered-for-running", "chain", _one(M.claim_via),
      lambda c, x: Items([f"Update to {x.v(c[0].chain[1])}.", f"Then install {x.v(c[0].target)}."],
                         numbered=True, intro=f"For {x.devs} running {x.v(c[0].chain[0])}:"), block="items"),
    W("steps-check-then-install", "intermediate", _one(lambda m, i: M.claim_min(m, i, need_earlier=True)),
      lambda c, x: Items([f"Read the installed firmware version from the {x.dev}.",
                          f"If it is earlier than {x.v(c[0].base)}, install {x.v(c[0].base)} first.",
                          f"Install {x.this(c[0].target)}.",
                          "Confirm the new version in the device event log."], numbered=True,
                         intro="Installation procedure:"), block="items"),
    # --- families ------------------------------------------------------------------------------
    W("family-running-x-release", "family", _one(M.claim_family),
      lambda c, x: Prose(f"{x.This(c[0].target)} can only be installed on {x.devs} running a "
                         f"{x.fam(c[0].family)} release."), family_form=True),
    # --- conditional ---------------------------------------------------------------------------
    W("cond-if-runs-install-first", "conditional", _one(M.claim_via),
      lambda c, x: Prose(f"If your {x.dev} runs {x.v(c[0].chain[0])}, install {x.v(c[0].chain[1])} first and "
                         f"then {x.this(c[0].target)}.")),
    # --- no prerequisite -----------------------------------------------------------------------
    W("none-any-previous-version", "none", _one(M.claim_any),
      lambda c, x: Prose(f"{x.This(c[0].target)} can be installed from any previous version.")),
    W("none-no-minimum", "none", _one(M.claim_any),
      lambda c, x: Prose("No minimum firmware version is required." if x.implied else
                         f"No minimum firmware version is required for {x.v(c[0].target)}.")),
    W("none-first-release", "none", _one(M.claim_first),
      lambda c, x: Prose(f"{x.v(c[0].target)} is the first firmware release for the {x.model_ref}{x.hw_phrase}; "
                         f"there is no earlier version to upgrade from.")),
    # --- tables and lists ----------------------------------------------------------------------
    W("table-from-to", "table", _one(lambda m, i: M.claim_exact(m, i, maxn=6)),
      lambda c, x: Table(["From version", "To version"], [[x.v(b), x.v(c[0].target)] for b in c[0].bases]),
      block="table"),
    W("table-target-minimum", "table", _min_rows,
      lambda c, x: Table(["Firmware", "Minimum installed firmware"], [[x.v(k.target), x.v(k.base)] for k in c]),
      block="table"),
    W("matrix-supported", "table", _matrix,
      lambda c, x: _render_matrix(c, x), block="table"),
    W("supported-paths-list", "table", _one(lambda m, i: M.claim_exact(m, i, maxn=4)),
      lambda c, x: Items([f"{x.v(b)} to {x.v(c[0].target)}" for b in c[0].bases], intro="Supported upgrade paths:"),
      block="items"),
    W("table-route-arrows", "table", _route_rows,
      lambda c, x: Table(["Current firmware", "Upgrade route"],
                         [[x.v(c[0].chain[0]), " → ".join(x.v(k) for k in c[0].chain)]]
                         + [[x.v(b), f"{x.v(b)} → {x.v(c[1].target)}"] for b in c[1].bases]), block="table"),
]


def _render_matrix(claims, x: Ctx) -> Table:
    m = claims[0].model
    targets = [c.target for c in claims]
    r0 = max(0, min(min(m.paths[t]) for t in targets) - 1)
    header = ["Installed version"] + [f"To {x.v(t)}" for t in targets]
    rows = []
    for b in range(r0, max(targets)):
        row = [x.v(b)]
        for c in claims:
            row.append("–" if b >= c.target else ("Supported" if b in c.bases else "Not supported"))
        rows.append(row)
    return Table(header, rows)


# --- corrections in a newer mail (the quoted older statement it corrects is labelled superseded) ---
CORRECTIONS = [
    W("corr-minimum-is-not", "correction", _one(lambda m, i: M.claim_min(m, i, need_earlier=True)),
      lambda c, x: Prose(f"Correction to my email below: the minimum version for {x.v(c[0].target)} is "
                         f"{x.v(c[0].base)}, not {x.v(c[0].base - 1)}."), kinds=("mail",)),
]

# =============================================================================================
# Spreadsheet cell wordings
# =============================================================================================


def _rows_single(m, i):
    p = m.paths.get(i, ())
    if not p or len(p) > 4:
        return None
    return [M.Claim("pairs", m, i, pairs_=((i, b),)) for b in p]


CELLS = [
    CellWording("cell-single-base", "table", ("bases",), _rows_single, lambda c, f: f(c.pairs_[0][1])),
    CellWording("cell-list-comma", "table", ("bases",), _one(lambda m, i: M.claim_exact(m, i, maxn=4, minn=2)),
                lambda c, f: ", ".join(f(b) for b in c.bases)),
    CellWording("cell-list-slash", "table", ("bases",), _one(lambda m, i: M.claim_exact(m, i, maxn=3, minn=2)),
                lambda c, f: " / ".join(f(b) for b in c.bases)),
    CellWording("cell-minimum", "minimum", ("minimum",), _one(M.claim_min), lambda c, f: f(c.base)),
    CellWording("cell-or-later", "minimum", ("bases",), _one(M.claim_min), lambda c, f: f"{f(c.base)} or later"),
    CellWording("cell-na-first", "none", ("bases", "minimum"), _one(lambda m, i: M.claim_first(m, i)), lambda c, f: "N/A"),
]

# =============================================================================================
# Decoys: mention versions, state no base requirement for the device
# =============================================================================================


def _older(m, i, k=1):
    return i - k if i - k >= 0 else None


def _decoy_downgrade(m, i, x):
    j = _older(m, i)
    return None if j is None else Prose(f"Downgrading from {x.v(i)} to {x.v(j)} or any earlier version is not "
                                        f"supported.")


def _decoy_fixed_in(m, i, x):
    return Prose(f"Fixed in {x.v(i)}: the {x.dev} could report a stale tariff register value after a power "
                 f"interruption.")


def _decoy_introduced_in(m, i, x):
    j = _older(m, i, 2)
    return None if j is None else Prose(f"Support for the extended event log was introduced in {x.v(j)}.")


def _decoy_supersedes(m, i, x):
    j = _older(m, i)
    return None if j is None else Prose(f"{x.v(i)} supersedes {x.v(j)}, which is now withdrawn from "
                                        f"distribution.")


def _decoy_gbcs(m, i, x):
    return Prose("This release implements GBCS v4.0 and needs DCC Release 5.2 or later in the DCC "
                 "environment.")


def _decoy_hub(m, i, x):
    if m.dtype not in ("PPMID", "IHD"):
        return None
    return Prose(f"The comms hub must be running hub firmware 3.40 or later before the {x.dev} update is "
                 f"sent.")


def _decoy_bootloader(m, i, x):
    return Prose("The bootloader must be at BL 2.1 or later; all devices shipped since 2021 meet this.")


def _decoy_recommend(m, i, x):
    return Prose(f"We recommend keeping all {x.devs} on the latest available firmware.")


def _decoy_end_of_support(m, i, x):
    j = _older(m, i, 2)
    return None if j is None else Prose(f"Firmware {x.v(j)} reaches end of support on 31 March 2026.")


def _decoy_known_issue(m, i, x):
    j = _older(m, i)
    return None if j is None else Prose(f"Known issue in {x.v(j)} and earlier: the display may freeze for a "
                                        f"few seconds after a tariff change. Resolved in {x.v(i)}.")


def _decoy_image_size(m, i, x):
    return Prose(f"OTA image size for {x.v(i)}: {180 + (i * 37) % 300} KB; expect about "
                 f"{20 + i % 9} minutes for distribution.")


DECOYS = [
    Decoy("downgrade-not-supported", "downgrade", _decoy_downgrade),
    Decoy("fixed-in", "affected-fixed-in", _decoy_fixed_in),
    Decoy("introduced-in", "introduced-in", _decoy_introduced_in),
    Decoy("supersedes-withdrawn", "version-history", _decoy_supersedes),
    Decoy("gbcs-dcc-minimum", "protocol-minimum", _decoy_gbcs, in_sheets=False),
    Decoy("comms-hub-before-device", "cross-device-prerequisite", _decoy_hub),
    Decoy("bootloader-minimum", "other-component", _decoy_bootloader, in_sheets=False),
    Decoy("recommend-latest", "recommended-target", _decoy_recommend),
    Decoy("end-of-support-date", "end-of-support", _decoy_end_of_support),
    Decoy("known-issue-earlier", "affected-fixed-in", _decoy_known_issue),
    Decoy("ota-image-size", "procedure-note", _decoy_image_size, in_sheets=False),
]

# =============================================================================================
# Release-note house styles (PDF)
# =============================================================================================

REQ_HEADINGS = ["Upgrade requirements", "Installation prerequisites", "Compatibility and upgrade path",
                "Before upgrading", "Upgrade information"]


def _tie_sentence(sec) -> str | None:
    others = [(d, c) for d, c in sec.ties]
    if not others:
        return None
    return "Firmware versions in this note and their CPL form: " + "; ".join(f"{d} = {c}" for d, c in others) + "."


def _fw_line(sec) -> str:
    if sec.ties:
        return f"{sec.fw} (CPL firmware version {sec.fw_cpl})"
    return sec.fw


def rn_header_table(doc: NoteDoc) -> bytes:
    sec = doc.sections[0]
    mk = doc.maker
    pdf = Pdf(title=f"{mk.short} {sec.model.short} firmware release notes", author=mk.name,
              footer=f"{mk.name} · {doc.doc_no} rev {doc.revision}")
    pdf.para(mk.name.upper(), size=9, style="B")
    pdf.title("Firmware Release Notes", size=18)
    rows = [("Manufacturer", mk.name), ("Model", sec.model_ref), ("Model ID", sec.model_id)]
    if sec.hw:
        rows.append(("Hardware version", hw_value(sec.hw)))
    rows += [("Firmware version", _fw_line(sec)), ("Release date", doc.date), ("Document", doc.doc_no)]
    pdf.kv(rows)
    heads = doc.rng.sample(REQ_HEADINGS, 1)[0]
    pdf.heading("1. Summary")
    pdf.para(sec.summary)
    pdf.heading("2. Changes in this release")
    pdf.bullets(sec.changes)
    pdf.heading(f"3. {heads}")
    put(pdf, sec.statements)
    tie = _tie_sentence(sec)
    if tie:
        pdf.para(tie, size=9)
    if sec.decoys:
        pdf.heading("4. Notes and known issues")
        put(pdf, sec.decoys)
    return pdf.output()


def rn_title_only(doc: NoteDoc) -> bytes:
    sec = doc.sections[0]
    mk = doc.maker
    dash = doc.rng.choice(["—", "–", "-"])
    pdf = Pdf(page_numbers=doc.rng.random() < 0.5)
    title = f"{mk.short} {sec.model_ref} {dash} Firmware {sec.fw} Release Notes"
    if sec.hw:
        title = f"{mk.short} {sec.model_ref} ({sec.hw}) {dash} Firmware {sec.fw} Release Notes"
    pdf.title(title, size=15)
    pdf.para(f"Issued {doc.date}", size=9, style="I")
    pdf.heading("Overview", 11)
    pdf.para(sec.summary)
    pdf.heading("What's new", 11)
    pdf.bullets(sec.changes, glyph="-")
    pdf.heading(doc.rng.choice(REQ_HEADINGS), 11)
    put(pdf, sec.statements, glyph="-")
    tie = _tie_sentence(sec)
    if tie:
        pdf.para(tie)
    if sec.decoys:
        pdf.heading("Other information", 11)
        put(pdf, sec.decoys, glyph="-")
    return pdf.output()


def rn_multi_model(doc: NoteDoc) -> bytes:
    mk = doc.maker
    pdf = Pdf(header=f"{mk.name} - Firmware Release Bulletin", footer=doc.doc_no)
    pdf.title(f"{mk.name}\nFirmware Release Bulletin, {doc.date}", size=14)
    pdf.para("This bulletin covers the firmware releases below. Each section applies only to the model it "
             "names.")
    pdf.heading("1. Scope")
    pdf.table(["Section", "Model", "Model ID", "Firmware"],
              [[str(k + 2), s.model_ref, s.model_id, s.fw] for k, s in enumerate(doc.sections)], ruled=True)
    for k, sec in enumerate(doc.sections):
        pdf.heading(f"{k + 2}. {sec.model_ref} (Model {sec.model_id})")
        lines = [f"Firmware: {_fw_line(sec)}"]
        if sec.hw:
            lines.append(f"Hardware: {hw_value(sec.hw)}")
        pdf.para("   ".join(lines), style="B", size=9)
        pdf.para(sec.summary)
        pdf.bullets(sec.changes)
        pdf.para("Upgrade requirement", style="B")
        put(pdf, sec.statements)
        tie = _tie_sentence(sec)
        if tie:
            pdf.para(tie, size=9)
        put(pdf, sec.decoys)
    return pdf.output()


def rn_version_history(doc: NoteDoc) -> bytes:
    sec = doc.sections[0]
    mk = doc.maker
    pdf = Pdf(title=f"{sec.model.short} release notes", footer=f"{mk.short} confidential - {doc.date}")
    pdf.title(f"{sec.model_ref} Firmware {sec.fw}", size=16)
    meta = f"{mk.name}  |  Model ID {sec.model_id}"
    if sec.hw:
        meta += f"  |  {hw_inline(sec.hw)}"
    pdf.para(meta, size=9)
    pdf.heading("Version history")
    if sec.ties:
        pdf.table(["Version", "CPL firmware version", "Release date"], [list(h) for h in sec.history],
                  widths=[35, 50, 40])
    else:
        pdf.table(["Version", "Release date"], [[h[0], h[2]] for h in sec.history], widths=[50, 40])
    pdf.heading("Changes")
    pdf.bullets(sec.changes)
    pdf.heading(doc.rng.choice(REQ_HEADINGS))
    put(pdf, sec.statements)
    if sec.decoys:
        pdf.heading("Further notes")
        put(pdf, sec.decoys)
    return pdf.output()


def rn_fromto_ruled(doc: NoteDoc) -> bytes:
    sec = doc.sections[0]
    mk = doc.maker
    pdf = Pdf(footer=f"{mk.name} - {doc.doc_no}")
    pdf.para(mk.name, size=11, style="B")
    pdf.title(f"Release Note: {sec.model_ref} firmware {sec.fw}", size=14)
    info = [("Model identifier", sec.model_id), ("Date", doc.date)]
    if sec.hw:
        info.insert(1, ("Hardware", hw_value(sec.hw)))
    if sec.ties:
        info.append(("CPL firmware version", sec.fw_cpl))
    pdf.kv(info, widths=(40, 60))
    pdf.heading("Description")
    pdf.para(sec.summary)
    pdf.bullets(sec.changes)
    pdf.heading("Supported upgrade paths")
    put(pdf, sec.statements, ruled=True)
    tie = _tie_sentence(sec)
    if tie:
        pdf.para(tie, size=9)
    if sec.decoys:
        pdf.heading("Remarks")
        put(pdf, sec.decoys)
    return pdf.output()


def rn_bulleted_prereq(doc: NoteDoc) -> bytes:
    sec = doc.sections[0]
    mk = doc.maker
    pdf = Pdf(footer=mk.name)
    pdf.title(f"{mk.short} {sec.model_ref}: firmware {sec.fw}", size=15)
    pdf.para(f"Release notes, {doc.date}. Model ID {sec.model_id}" + (f", {hw_inline(sec.hw)}." if sec.hw else "."),
             size=9)
    pdf.heading("About this release")
    pdf.para(sec.summary)
    pdf.heading("Before you begin")
    pdf.bullets(sec.prereqs[:1])
    put(pdf, sec.statements, prose_as_bullets=True)
    pdf.bullets(sec.prereqs[1:])
    tie = _tie_sentence(sec)
    if tie:
        pdf.bullets([tie])
    pdf.heading("Changes")
    pdf.bullets(sec.changes)
    if sec.decoys:
        pdf.heading("Notes")
        put(pdf, sec.decoys, prose_as_bullets=True)
    return pdf.output()


def rn_numbered_procedure(doc: NoteDoc) -> bytes:
    sec = doc.sections[0]
    mk = doc.maker
    pdf = Pdf(header=f"{mk.name}", footer=doc.doc_no)
    pdf.title(f"Firmware {sec.fw} for {sec.model_ref}", size=15)
    pdf.para(f"Model ID {sec.model_id}" + (f" - {hw_inline(sec.hw)}" if sec.hw else "") + f" - {doc.date}", size=9)
    pdf.heading("Release summary")
    pdf.para(sec.summary)
    pdf.bullets(sec.changes)
    main, rest = sec.statements[0], sec.statements[1:]
    pdf.heading("Installation procedure")
    put(pdf, [main])
    if rest:
        pdf.heading("Notes on upgrade paths")
        put(pdf, rest)
    tie = _tie_sentence(sec)
    if tie:
        pdf.para(tie, size=9)
    if sec.decoys:
        pdf.heading("Additional information")
        put(pdf, sec.decoys)
    return pdf.output()


def rn_running_header_multipage(doc: NoteDoc) -> bytes:
    """Identity only in the running header; the requirement sentence is pushed across a page break."""
    sec = doc.sections[0]
    mk = doc.maker
    head = f"{mk.name}  ·  {sec.model_ref}  ·  Firmware {sec.fw}" + (f"  ·  {hw_inline(sec.hw)}" if sec.hw else "")
    pdf = Pdf(header=head, footer=f"{doc.doc_no} - {doc.date}", margins=(20, 18, 20))
    pdf.title("Release Notes", size=18)
    pdf.heading("Introduction")
    pdf.para(sec.summary)
    pdf.heading("Changes")
    pdf.bullets(sec.changes)
    pdf.heading("Detailed description")
    for para in sec.details:
        if pdf.f.get_y() > pdf.f.h - 70:
            break
        pdf.para(para)
    # fill the page so that the heading and the first line of the requirement end it
    f = pdf.f
    bottom = f.h - f.b_margin
    chosen: list[str] = []
    for s in sec.padding:
        trial = " ".join(chosen + [s])
        h = f.multi_cell(0, 5, trial, dry_run=True, output="HEIGHT")
        if f.get_y() + h + 1.5 + 7.5 + 5 > bottom:
            break
        chosen.append(s)
    if chosen and f.page_no() == 1:
        pdf.para(" ".join(chosen))
    pdf.para(doc.rng.choice(REQ_HEADINGS), size=12, style="B", lh=5.5)
    put(pdf, sec.statements)
    tie = _tie_sentence(sec)
    if tie:
        pdf.para(tie)
    if sec.decoys:
        pdf.heading("Notes")
        put(pdf, sec.decoys)
    return pdf.output()


RN_STYLES = [
    Style("rn-header-table", "note", rn_header_table),
    Style("rn-title-only", "note", rn_title_only),
    Style("rn-multi-model-sections", "note", rn_multi_model, multi_model=True, implied_target=False),
    Style("rn-version-history", "note", rn_version_history),
    Style("rn-fromto-ruled", "note", rn_fromto_ruled, wants="table"),
    Style("rn-bulleted-prerequisites", "note", rn_bulleted_prereq),
    Style("rn-numbered-procedure", "note", rn_numbered_procedure, wants="items"),
    Style("rn-running-header-multipage", "note", rn_running_header_multipage),
]

# =============================================================================================
# Mail house styles (.eml)
# =============================================================================================


def _sig_text(p) -> list[str]:
    return ["", p.closing, p.name] + p.signature


def _body_text(p) -> list[str]:
    lines = [p.greeting, ""]
    for b in p.blocks:
        lines += plain_block(b.block)
        lines.append("")
    return lines + _sig_text(p)[1:]


def _body_html(p) -> str:
    e = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
    parts = [f"<p>{e(p.greeting)}</p>"] + [html_block(b.block) for b in p.blocks]
    sig = "<br>".join(e(s) for s in [p.name] + p.signature)
    parts.append(f"<p>{e(p.closing)}</p><p style=\"color:#555;font-size:9pt\">{sig}</p>")
    return "".join(parts)


def _html_page(inner: str) -> str:
    return ("<html><head><meta charset=\"utf-8\"></head><body style=\"font-family:Calibri,Arial,sans-serif\">"
            + inner + "</body></html>")


def _send(doc: MailDoc, text: str | None, html: str | None):
    from benchmarks.styles.kit import build_email
    p = doc.parts[0]
    return build_email(sender=f"{p.name} <{p.address}>", to=p.to, subject=p.subject, date=p.date, msgid=doc.msgid,
                       text=text, html=html, attachments=doc.attachments, cc=doc.cc)


def _outlook_en_header(q, block: bool) -> list[str]:
    """Outlook's quote header: the classic "Original Message" line, or the newer rule and From: block."""
    head = ["________________________________"] if block else ["-----Original Message-----"]
    return head + [f"From: {q.name} <{q.address}>", f"Sent: {q.date.strftime('%A, %d %B %Y %H:%M')}",
                   f"To: {q.to}", f"Subject: {q.subject}", ""]


def mail_plain(doc: MailDoc) -> bytes:
    return _send(doc, "\n".join(_body_text(doc.parts[0])) + "\n", None)


def mail_html_only(doc: MailDoc) -> bytes:
    return _send(doc, None, _html_page(_body_html(doc.parts[0])))


def mail_html_table(doc: MailDoc) -> bytes:
    p = doc.parts[0]
    return _send(doc, "\n".join(_body_text(p)) + "\n", _html_page(_body_html(p)))


def mail_reply_outlook_en(doc: MailDoc) -> bytes:
    """Newest text on top, the older message below an Outlook "Original Message" block (no > quoting)."""
    lines = _body_text(doc.parts[0])
    block = doc.rng.random() < 0.5
    for q in doc.parts[1:]:
        lines += [""] + _outlook_en_header(q, block) + _body_text(q)
    return _send(doc, "\n".join(lines) + "\n", None)


def mail_forward_gmail_en(doc: MailDoc) -> bytes:
    lines = _body_text(doc.parts[0])
    for q in doc.parts[1:]:
        lines += ["", "---------- Forwarded message ---------", f"From: {q.name} <{q.address}>",
                  f"Date: {q.date.strftime('%a, %d %b %Y at %H:%M')}", f"Subject: {q.subject}", f"To: {q.to}", ""]
        lines += _body_text(q)
    return _send(doc, "\n".join(lines) + "\n", None)


def mail_attach_pdf(doc: MailDoc) -> bytes:
    return _send(doc, "\n".join(_body_text(doc.parts[0])) + "\n", None)


MAIL_STYLES = [
    Style("mail-plain-text", "mail", mail_plain, implied_target=False),
    Style("mail-html-only", "mail", mail_html_only, implied_target=False),
    Style("mail-html-table", "mail", mail_html_table, wants="table", implied_target=False),
    Style("mail-reply-outlook-en", "mail", mail_reply_outlook_en, implied_target=False,
          options={"thread": "reply", "corrections": True}),
    Style("mail-forward-gmail-en", "mail", mail_forward_gmail_en, implied_target=False,
          options={"thread": "forward"}),
    Style("mail-attach-pdf", "mail", mail_attach_pdf, implied_target=False, options={"attach": "pdf"}),
]

# =============================================================================================
# MAP spreadsheet house styles (.csv / .xlsx)
# =============================================================================================


def sheet_csv_from_to(doc: SheetDoc) -> SheetOut:
    header = ["Manufacturer", "Model ID", "HW Version", "From FW", "To FW"]
    rows, texts = [header], []
    for r in doc.rows:
        row = [r.maker_name, r.model_id, r.hw, r.base, r.target]
        rows.append(row)
        texts.append(" | ".join(header) + "\n" + " | ".join(row))
    return SheetOut(csv_bytes(rows), "csv", texts, [])


def sheet_title_current_target(doc: SheetDoc) -> SheetOut:
    import openpyxl
    from openpyxl.styles import Font
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Upgrade paths"
    ws.append([doc.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"Prepared by {doc.org}, {doc.date}. Source: manufacturers' notices."])
    ws.append([])
    header = ["Manufacturer", "Device Type", "Model", "Hardware", "Current", "Target"]
    ws.append(header)
    for c in ws[4]:
        c.font = Font(bold=True)
    texts = []
    last = None
    for r in doc.rows:
        if last is not None and r.maker_name != last and doc.rng.random() < 0.6:
            ws.append([])  # a blank row between manufacturers
        last = r.maker_name
        row = [r.maker_name, r.dtype, r.model_name, r.hw, r.base, r.target]
        ws.append(row)
        texts.append(" | ".join(header) + "\n" + " | ".join(row))
    notes = []
    if doc.notes:
        ws.append([])
        for n in doc.notes:
            ws.append([n.block.record()])
            notes.append(n.block.record())
    for col, w in zip("ABCDEF", (30, 12, 28, 10, 26, 14)):
        ws.column_dimensions[col].width = w
    return SheetOut(workbook_bytes(wb), "xlsx", texts, notes)


def sheet_base_new(doc: SheetDoc) -> SheetOut:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    header = ["Device Type", "Make", "Model Name", "HW", "Base", "New"]
    ws.append(header)
    texts = []
    for r in doc.rows:
        row = [r.dtype, r.maker_name, r.model_name, r.hw, r.base, r.target]
        ws.append(row)
        texts.append(" | ".join(header) + "\n" + " | ".join(row))
    return SheetOut(workbook_bytes(wb), "xlsx", texts, [])


def sheet_minimum_fw(doc: SheetDoc) -> SheetOut:
    header = ["Manufacturer ID", "Model ID", "Hardware", "Firmware", "Minimum FW"]
    rows, texts = [header], []
    for r in doc.rows:
        row = [r.maker_id, r.model_id, r.hw, r.target, r.base]
        rows.append(row)
        texts.append(" | ".join(header) + "\n" + " | ".join(row))
    return SheetOut(csv_bytes(rows), "csv", texts, [])


def sheet_cover_notes(doc: SheetDoc) -> SheetOut:
    import openpyxl
    from openpyxl.styles import Font
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover["B2"] = doc.title
    cover["B2"].font = Font(bold=True, size=16)
    cover["B4"], cover["C4"] = "Prepared by", doc.org
    cover["B5"], cover["C5"] = "Date", doc.date
    cover["B6"], cover["C6"] = "Contact", doc.author
    cover["B8"] = "See the 'Paths' sheet for firmware upgrade paths and 'Notes' for caveats."
    ws = wb.create_sheet("Paths")
    header = ["Manufacturer", "Model", "HW Version", "Old FW", "New FW"]
    ws.append(header)
    texts = []
    for r in doc.rows:
        row = [r.maker_name, r.model_name, r.hw, r.base, r.target]
        ws.append(row)
        texts.append(" | ".join(header) + "\n" + " | ".join(row))
    notes_ws = wb.create_sheet("Notes")
    notes_ws.append(["Notes"])
    notes = []
    for n in doc.notes:
        notes_ws.append([n.block.record()])
        notes.append(n.block.record())
    notes_ws.append(["Rows are as received from the manufacturers; please report discrepancies to the asset team."])
    return SheetOut(workbook_bytes(wb), "xlsx", texts, notes)


SHEET_STYLES = [
    Style("sheet-csv-from-to", "sheet", sheet_csv_from_to, options={"columns": ("bases",)}),
    Style("sheet-title-current-target", "sheet", sheet_title_current_target,
          options={"columns": ("bases",), "notes": True}),
    Style("sheet-base-new", "sheet", sheet_base_new, options={"columns": ("bases",)}),
    Style("sheet-minimum-fw-csv", "sheet", sheet_minimum_fw, options={"columns": ("minimum",), "na": "N/A"}),
    Style("sheet-cover-and-notes", "sheet", sheet_cover_notes, options={"columns": ("bases",), "notes": True}),
]

__all__ = ["WORDINGS", "CORRECTIONS", "CELLS", "DECOYS", "RN_STYLES", "MAIL_STYLES", "SHEET_STYLES"]
