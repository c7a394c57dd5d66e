"""HELD-OUT part of the styles corpus. DO NOT READ THIS MODULE WHEN TUNING AN EXTRACTOR.

The house styles, requirement wordings, cell wordings and decoys defined here are reserved for judging how
an extractor copes with layouts and phrasings it was not tuned on. Whoever designs or tunes extraction
must not open this file, print its texts, or look at documents labelled `heldout` in truth.json.
"""

from __future__ import annotations

from fpdf.enums import XPos, YPos

from benchmarks.styles import model as M
from benchmarks.styles.kit import (
    UNICODE_PDF,
    CellWording,
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
    html_escape,
    hw_inline,
    hw_value,
    pdf_text,
    plain_block,
    put,
    workbook_bytes,
)


def _one(fn):
    def make(m, i):
        c = fn(m, i)
        return [c] if c else None
    return make


def _chain34(m, i):
    return M.claim_chain(m, i, 4) if (i + len(m.model_id)) % 2 else (M.claim_chain(m, i, 3) or M.claim_chain(m, i, 4))


def _range(m, i, minn=2):
    if i < 1 or not m.is_range(i) or len(m.paths[i]) < minn:
        return None
    return M.Claim("exact", m, i, bases=m.paths[i])


def _range_rows(m, i):
    rows = [c for c in (_range(m, i - 1), _range(m, i)) if c]
    return rows if rows and rows[-1].target == i else None


def _base_targets(m, i):
    if i < 2 or not m.paths.get(i) or not m.paths.get(i - 1):
        return None
    pairs = tuple((t, b) for t in (i - 1, i) for b in m.paths[t])
    if len({b for _, b in pairs}) > 6:
        return None
    return [M.Claim("pairs", m, i, pairs_=pairs)]


def _sequence(m, i):
    c = M.claim_via(m, i)
    return [c] if c else None


W = Wording

WORDINGS = [
    W("min-not-earlier-than", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"The firmware installed on the {x.dev} must be not earlier than {x.v(c[0].base)} when "
                         f"{x.this(c[0].target)} is applied.")),
    W("min-lowest-version-from-which", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"The lowest version from which {x.this(c[0].target)} may be applied is "
                         f"{x.v(c[0].base)}.")),
    W("min-rejects-anything-older", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"The {x.dev} will reject {x.this(c[0].target)} if it is running anything older than "
                         f"{x.v(c[0].base)}.")),
    W("min-baseline-ge-symbol", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"Baseline firmware: ≥ {x.v(c[0].base)}" if x.implied else
                         f"Baseline firmware for {x.v(c[0].target)}: ≥ {x.v(c[0].base)}")),
    W("min-prior-installation-mandatory", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"Prior installation of {x.v(c[0].base)} (or any subsequent release) is mandatory "
                         f"before {x.this(c[0].target)} is loaded.")),
    W("min-applies-to-upgraded-or-after", "minimum", _one(M.claim_min),
      lambda c, x: Prose(f"{x.This(c[0].target)} applies to {x.devs} already upgraded to {x.v(c[0].base)} or to "
                         f"any release after it.")),
    W("exact-applicable-only-units-on", "exact", _one(M.claim_exact),
      lambda c, x: Prose(f"{x.This(c[0].target)} is applicable only to units currently on "
                         f"{x.vl(c[0].bases, 'or')}.")),
    W("exact-delta-built-against", "exact", _one(lambda m, i: M.claim_exact(m, i, maxn=1)),
      lambda c, x: Prose(f"The {x.v(c[0].target)} image is a delta built against {x.v(c[0].bases[0])} and "
                         f"installs only on that version.")),
    W("exact-heading-upgrading-from", "exact", _one(M.claim_exact),
      lambda c, x: Prose(f"Upgrading from {x.vl(c[0].bases, 'or')}: install {x.v(c[0].target)} directly; no "
                         f"intermediate step is needed.")),
    W("via-must-go-through", "via", _one(M.claim_via),
      lambda c, x: Prose(f"{x.Devs} on {x.v(c[0].chain[0])} must go through {x.v(c[0].chain[1])} to reach "
                         f"{x.v(c[0].target)}.")),
    W("via-two-stage-update", "via", _one(M.claim_via),
      lambda c, x: Prose(f"Moving from {x.v(c[0].chain[0])} to {x.v(c[0].target)} is a two-stage update: "
                         f"{x.v(c[0].chain[0])} to {x.v(c[0].chain[1])}, then {x.v(c[0].chain[1])} to "
                         f"{x.v(c[0].target)}.")),
    W("chain-ascii-arrows", "chain", _one(_chain34),
      lambda c, x: Prose("Required update sequence: " + " -> ".join(x.v(k) for k in c[0].chain))),
    W("chain-hard-stops-list", "chain", _one(_chain34),
      lambda c, x: Items([x.v(k) for k in c[0].chain],
                         intro=f"{x.Devs} must stop at each of these versions in turn; none may be skipped:"),
      block="items"),
    W("table-step-install-required", "chain", _sequence,
      lambda c, x: Table(["Step", "Install", "Required installed version"],
                         [["1", x.v(c[0].chain[1]), x.v(c[0].chain[0])],
                          ["2", x.v(c[0].target), x.v(c[0].chain[1])]]), block="table"),
    W("family-any-release-of-line", "family", _one(M.claim_family),
      lambda c, x: Prose(f"{x.This(c[0].target)} may be loaded onto any {x.fam(c[0].family)} release."),
      family_form=True),
    W("family-only-devices-on-line", "family", _one(M.claim_family),
      lambda c, x: Prose(f"Only {x.devs} already on the {x.fam(c[0].family)} line can take "
                         f"{x.this(c[0].target)}."), family_form=True),
    W("cond-where-still-on", "conditional", _one(M.claim_via),
      lambda c, x: Prose(f"Where a {x.dev} is still on {x.v(c[0].chain[0])}, it must receive "
                         f"{x.v(c[0].chain[1])} before {x.this(c[0].target)}.")),
    W("cond-earlier-than-upgrade-first", "conditional", _one(lambda m, i: M.claim_min(m, i, need_earlier=True)),
      lambda c, x: Prose(f"If the installed firmware is earlier than {x.v(c[0].base)}, upgrade to "
                         f"{x.v(c[0].base)} first and then apply {x.this(c[0].target)}.")),
    W("none-all-earlier-supported", "none", _one(M.claim_any),
      lambda c, x: Prose(f"Direct upgrade to {x.v(c[0].target)} is supported from all earlier releases.")),
    W("none-no-dependency-installed", "none", _one(M.claim_any),
      lambda c, x: Prose(f"{x.This(c[0].target)} has no dependency on the firmware currently installed.")),
    W("table-installed-range", "table", _range_rows,
      lambda c, x: Table(["Installed firmware", "Upgrade to"],
                         [[f"{x.v(k.bases[0])} – {x.v(k.bases[-1])}", x.v(k.target)] for k in c]), block="table"),
    W("table-base-may-upgrade-to", "table", _base_targets,
      lambda c, x: _render_base_targets(c[0], x), block="table"),
]


def _render_base_targets(c, x) -> Table:
    bases = sorted({b for _, b in c.pairs_})
    rows = []
    for b in bases:
        ts = [t for t, bb in c.pairs_ if bb == b]
        rows.append([x.v(b), ", ".join(x.v(t) for t in sorted(ts))])
    return Table(["Installed version", "May be upgraded to"], rows)


def _disregard(m, i):
    c = M.claim_min(m, i, need_earlier=True)
    if not c or len(m.paths[i]) > 3:
        return None
    return [M.Claim("exact", m, i, bases=m.paths[i])]


CORRECTIONS = [
    W("corr-disregard-below", "correction", _disregard,
      lambda c, x: Prose(f"Please disregard what I wrote below about {x.v(c[0].target)}: it can only be "
                         f"installed on {x.devs} running {x.vl(c[0].bases, 'or')}."), kinds=("mail",)),
]

# =============================================================================================
# Spreadsheet cell wordings
# =============================================================================================

CELLS = [
    CellWording("cell-list-or", "table", ("bases",), _one(lambda m, i: M.claim_exact(m, i, maxn=3, minn=2)),
                lambda c, f: " or ".join(f(b) for b in c.bases)),
    CellWording("cell-list-newline", "table", ("bases",), _one(lambda m, i: M.claim_exact(m, i, maxn=4, minn=2)),
                lambda c, f: [f(b) for b in c.bases]),
    CellWording("cell-route-arrows", "chain", ("route",), _one(M.claim_via),
                lambda c, f: " → ".join(f(k) for k in c.chain)),
    CellWording("cell-range-dash", "table", ("bases",), _one(lambda m, i: _range(m, i)),
                lambda c, f: f"{f(c.bases[0])} – {f(c.bases[-1])}"),
    CellWording("cell-none-required", "none", ("minimum",), _one(M.claim_any), lambda c, f: "none required"),
]

# =============================================================================================
# Decoys
# =============================================================================================


def _not_supported_no_route(m, i, x):
    p = m.paths.get(i, ())
    if not p or min(p) < 1:
        return None
    a = min(p) - 1
    return Prose(f"Upgrading to {x.v(i)} directly from {x.v(a)} is not supported.")


def _hardware_not_supported(m, i, x):
    lacking = [d for d in m.devices if not d.has(i)]
    if not lacking:
        return None
    return Prose(f"Hardware version {lacking[0].hw} is not supported by {x.v(i)}.")


def _other_model(m, i, x):
    others = [o for o in m.maker.models if o is not m]
    if not others:
        return None
    return Prose(f"Do not install this image on the {others[0].short}; a separate build is provided for it.")


def _backup_bank(m, i, x):
    if i < 1:
        return None
    return Prose(f"The previous image ({x.v(i - 1)}) is kept in the backup bank and can be restored by "
                 f"{m.maker.short} support.")


DECOYS = [
    Decoy("not-supported-no-route", "not-supported-no-alternative", _not_supported_no_route),
    Decoy("zigbee-stack-version", "other-component",
          lambda m, i, x: Prose("This release moves the Zigbee stack to EmberZNet 7.4.2."), in_sheets=False),
    Decoy("hardware-not-supported", "hardware-not-supported", _hardware_not_supported),
    Decoy("hub-interop-tested", "compatibility-other-product",
          lambda m, i, x: Prose("Interoperability was verified with comms hub firmware 2.17 and 2.18.")),
    Decoy("activation-reports-cpl", "post-update-action",
          lambda m, i, x: Prose(f"After activation the {x.dev} reports {m.versions[i].cpl} as its current "
                                f"firmware version.")),
    Decoy("other-model-separate-build", "model-specific-build", _other_model, in_sheets=False),
    Decoy("re-pair-after-update", "post-update-action",
          lambda m, i, x: Prose(f"After upgrading to {x.v(i)}, re-pair any IHD joined to the {x.dev}.")),
    Decoy("backup-bank-previous", "version-history", _backup_bank, in_sheets=False),
]

# =============================================================================================
# Release-note house styles
# =============================================================================================


def _ties(sec) -> str | None:
    if not sec.ties:
        return None
    return "CPL firmware versions: " + ", ".join(f"{d} ({c})" for d, c in sec.ties) + "."


def rn_banner_sidebar(doc: NoteDoc) -> bytes:
    sec, mk = doc.sections[0], doc.maker
    pdf = Pdf(margins=(72, 36, 16), page_numbers=False)
    f = pdf.f
    palette = [(22, 62, 110), (120, 30, 40), (20, 95, 70), (70, 40, 110)]
    f.set_fill_color(*palette[len(mk.short) % len(palette)])
    f.rect(0, 0, f.w, 28, "F")
    f.set_text_color(255, 255, 255)
    pdf.font(22, "B")
    f.set_xy(12, 7)
    f.cell(0, 10, pdf_text(mk.short.upper()))
    pdf.font(8)
    f.set_xy(12, 18)
    f.cell(0, 5, pdf_text("Smart metering  ·  firmware release information"))
    f.set_text_color(0, 0, 0)
    f.set_fill_color(238, 241, 245)
    f.rect(0, 28, 62, f.h - 28, "F")
    meta = [("PRODUCT", sec.model_ref), ("MODEL ID", sec.model_id)]
    if sec.hw:
        meta.append(("HARDWARE", hw_value(sec.hw)))
    meta.append(("FIRMWARE", sec.fw))
    if sec.ties:
        meta.append(("CPL FIRMWARE VERSION", sec.fw_cpl))
    meta += [("RELEASED", doc.date), ("DOCUMENT", doc.doc_no)]
    y = 36
    for label, value in meta:
        f.set_xy(8, y)
        pdf.font(7, "B")
        f.set_text_color(90, 90, 90)
        f.cell(50, 4, pdf_text(label))
        f.set_text_color(0, 0, 0)
        pdf.font(9.5)
        f.set_xy(8, y + 4.5)
        f.multi_cell(50, 4.5, pdf_text(value), align="L")
        y = f.get_y() + 4
    f.set_xy(72, 36)
    pdf.title("Release notes", size=16)
    pdf.heading("Highlights", 11)
    pdf.para(sec.summary)
    pdf.bullets(sec.changes)
    pdf.heading("Upgrading", 11)
    put(pdf, sec.statements)
    t = _ties(sec)
    if t:
        pdf.para(t, size=9)
    if sec.decoys:
        pdf.heading("Good to know", 11)
        put(pdf, sec.decoys)
    return pdf.output()


def rn_unruled_tables(doc: NoteDoc) -> bytes:
    sec, mk = doc.sections[0], doc.maker
    pdf = Pdf(footer=f"{mk.name}   {doc.doc_no}")
    pdf.title(f"{mk.name}\nSoftware Release Note", size=14)
    rows = [("Product", sec.model_ref), ("Model identifier", sec.model_id)]
    if sec.hw:
        rows.append(("Hardware", hw_value(sec.hw)))
    rows += [("Software version", sec.fw + (f"  [{sec.fw_cpl}]" if sec.ties else "")), ("Date", doc.date)]
    pdf.table(None, [list(r) for r in rows], widths=[45, 100], ruled=False, mono=True)
    pdf.heading("Purpose")
    pdf.para(sec.summary)
    pdf.heading("Modifications")
    pdf.bullets(sec.changes, glyph="*")
    pdf.heading("Upgrade conditions")
    put(pdf, sec.statements, ruled=False, mono_tables=True, glyph="*")
    t = _ties(sec)
    if t:
        pdf.para(t)
    if sec.decoys:
        pdf.heading("Restrictions and remarks")
        put(pdf, sec.decoys, ruled=False, mono_tables=True, glyph="*")
    return pdf.output()


def rn_two_column(doc: NoteDoc) -> bytes:
    sec, mk = doc.sections[0], doc.maker
    pdf = Pdf(margins=(15, 15, 15), footer=f"{mk.name} · {doc.date}")
    f = pdf.f
    pdf.title(f"{mk.short} {sec.model_ref} · Firmware {sec.fw}", size=15)
    pdf.para(f"Model ID {sec.model_id}" + (f"  ·  {hw_inline(sec.hw)}" if sec.hw else "")
             + (f"  ·  CPL firmware version {sec.fw_cpl}" if sec.ties else ""), size=8.5)
    f.set_draw_color(120, 120, 120)
    f.line(15, f.get_y(), f.w - 15, f.get_y())
    pdf.spacer(3)
    flow: list[tuple[str, str]] = [("h", "Summary"), ("p", sec.summary), ("h", "Changes")]
    flow += [("p", "– " + c) for c in sec.changes]
    flow += [("p", d) for d in sec.details[:2]]
    flow.append(("h", "Upgrade path"))
    later = []
    for s in sec.statements:
        if isinstance(s.block, Prose):
            flow.append(("p", s.block.text))
        elif isinstance(s.block, Items):
            if s.block.intro:
                flow.append(("p", s.block.intro))
            flow += [("p", line) for line in s.block.lines()]
        else:
            later.append(s)
    t = _ties(sec)
    if t:
        flow.append(("p", t))
    if sec.decoys:
        flow.append(("h", "Notes"))
        for d in sec.decoys:
            if isinstance(d.block, Table):
                later.append(d)
            else:
                flow += [("p", line) for line in plain_block(d.block)]
    with f.text_columns(ncols=2, gutter=8, text_align="LEFT", balance=True) as cols:
        for kind, text in flow:
            if kind == "h":
                pdf.font(10.5, "B")
                with cols.paragraph(top_margin=2, bottom_margin=1) as par:
                    par.write(pdf_text(text))
            else:
                pdf.font(9.5)
                with cols.paragraph(bottom_margin=1.8) as par:
                    par.write(pdf_text(text))
    pdf.font()
    if later:
        pdf.spacer(4)
        put(pdf, later)
    return pdf.output()


def rn_footnotes(doc: NoteDoc) -> bytes:
    """Prose requirements stand in footnotes, referenced from the deployment paragraph."""
    sec, mk = doc.sections[0], doc.maker
    marks = ["¹", "²", "³", "⁴"] if UNICODE_PDF else ["(1)", "(2)", "(3)", "(4)"]
    pdf = Pdf(serif=True, footer=f"{mk.name} — {doc.doc_no}")
    pdf.title(f"{mk.short} {sec.model_ref}\nFirmware {sec.fw} — Release Information", size=15)
    pdf.para(f"{doc.date}. Model ID {sec.model_id}" + (f", {hw_inline(sec.hw)}" if sec.hw else "") + ".", size=9)
    pdf.heading("Summary")
    pdf.para(sec.summary)
    pdf.heading("Changes")
    pdf.bullets(sec.changes)
    notes = [s for s in sec.statements if isinstance(s.block, Prose)]
    other = [s for s in sec.statements if not isinstance(s.block, Prose)]
    pdf.heading("Deployment")
    refs = "".join(marks[k] for k in range(len(notes)))
    pdf.para(f"The update can be distributed over the air to {sec.model_ref} units in the field{refs}. "
             f"Schedule the activation outside peak hours.")
    put(pdf, other)
    t = _ties(sec)
    if t:
        pdf.para(t, size=9)
    if sec.decoys:
        pdf.heading("Remarks")
        put(pdf, sec.decoys)
    f = pdf.f
    lines = [f"{marks[k]} {s.block.text}" for k, s in enumerate(notes)]
    need = 5 + 4.2 * sum(1 + len(line) // 95 for line in lines)
    if f.get_y() > f.h - 20 - need:
        f.add_page()
    f.set_y(f.h - 20 - need)
    f.line(f.l_margin, f.get_y(), f.l_margin + 50, f.get_y())
    pdf.spacer(1.5)
    pdf.font(8)
    for line in lines:
        f.multi_cell(0, 4.2, pdf_text(line), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf.output()


def rn_memo_modelid_only(doc: NoteDoc) -> bytes:
    """No manufacturer or model name in the text: the model is named by its identifier only."""
    sec = doc.sections[0]
    pdf = Pdf(page_numbers=False, serif=doc.rng.random() < 0.5)
    pdf.title("MEMORANDUM", size=18)
    subject = f"Firmware {sec.fw} for {sec.model_ref}" + (f", {hw_inline(sec.hw)}" if sec.hw else "")
    pdf.table(None, [["To:", "Energy suppliers and meter asset providers"], ["From:", "Product Support"],
                     ["Date:", doc.date], ["Subject:", subject]], widths=[22, 140], ruled=False)
    f = pdf.f
    f.line(f.l_margin, f.get_y(), f.w - f.r_margin, f.get_y())
    pdf.spacer(3)
    pdf.para(sec.summary)
    pdf.para("The release contains the following changes: " + "; ".join(c[0].lower() + c[1:].rstrip(".")
                                                                        for c in sec.changes) + ".")
    put(pdf, sec.statements)
    t = _ties(sec)
    if t:
        pdf.para(t)
    put(pdf, sec.decoys)
    pdf.para("Please contact Product Support with any questions.", style="I")
    return pdf.output()


def rn_service_bulletin(doc: NoteDoc) -> bytes:
    sec, mk = doc.sections[0], doc.maker
    pdf = Pdf(footer=f"{mk.name} · Field Service Bulletin {doc.doc_no}")
    f = pdf.f
    f.set_draw_color(0, 0, 0)
    f.set_line_width(0.6)
    y0 = f.get_y()
    f.rect(f.l_margin, y0, pdf.width, 22)
    f.set_xy(f.l_margin + 3, y0 + 3)
    pdf.font(15, "B")
    f.cell(0, 7, "FIELD SERVICE BULLETIN")
    f.set_xy(f.l_margin + 3, y0 + 12)
    pdf.font(9)
    f.cell(0, 5, pdf_text(f"{doc.doc_no}   |   Issue {doc.revision}   |   {doc.date}   |   {mk.name}"))
    f.set_line_width(0.2)
    f.set_y(y0 + 27)
    pdf.heading("Affected products")
    row = [mk.short, sec.model_ref, sec.model_id, hw_value(sec.hw) if sec.hw else "all",
           sec.fw + (f" ({sec.fw_cpl})" if sec.ties else "")]
    pdf.table(["Manufacturer", "Model", "Model ID", "Hardware", "New firmware"], [row],
              widths=[30, 45, 25, 25, 49])
    pdf.heading("Description")
    pdf.para(sec.summary)
    pdf.bullets(sec.changes)
    pdf.heading("Action required")
    put(pdf, sec.statements)
    t = _ties(sec)
    pdf.heading("Additional information")
    if t:
        pdf.para(t)
    put(pdf, sec.decoys)
    pdf.para("This bulletin replaces any earlier issue with the same number.", size=8, style="I")
    return pdf.output()


RN_STYLES = [
    Style("rn-banner-sidebar", "note", rn_banner_sidebar),
    Style("rn-unruled-tables", "note", rn_unruled_tables),
    Style("rn-two-column", "note", rn_two_column),
    Style("rn-footnotes", "note", rn_footnotes, wants="prose"),
    Style("rn-memo-model-id-only", "note", rn_memo_modelid_only, options={"model_ref": "id", "no_maker": True}),
    Style("rn-field-service-bulletin", "note", rn_service_bulletin),
]

# =============================================================================================
# Mail house styles
# =============================================================================================

_FR_DAYS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
_FR_MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
_DE_DAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
_DE_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
              "November", "Dezember"]


def _attribution(q, lang: str) -> str:
    d = q.date
    if lang == "fr":
        return (f"Le {_FR_DAYS[d.weekday()]} {d.day} {_FR_MONTHS[d.month - 1]} {d.year} à {d:%H:%M}, "
                f"{q.name} <{q.address}> a écrit :")
    if lang == "de":
        return f"Am {d:%d.%m.%Y} um {d:%H:%M} schrieb {q.name} <{q.address}>:"
    return f"On {d:%a, %d %b %Y at %H:%M}, {q.name} <{q.address}> wrote:"


def _text(p) -> list[str]:
    lines = [p.greeting, ""]
    for b in p.blocks:
        lines += plain_block(b.block)
        lines.append("")
    return lines + [p.closing, p.name] + p.signature


def _quoted(parts, langs) -> list[str]:
    """parts[0] unquoted; each older part below an attribution line and quoted one level deeper."""
    if not parts:
        return []
    head = _text(parts[0])
    if len(parts) == 1:
        return head
    rest = _quoted(parts[1:], langs[1:])
    return head + ["", _attribution(parts[1], langs[0])] + [("> " + line) if line else ">" for line in rest]


def _send(doc: MailDoc, text, html):
    from benchmarks.styles.kit import build_email
    p = doc.parts[0]
    return build_email(sender=f"{p.name} <{p.address}>", to=p.to, subject=p.subject, date=p.date, msgid=doc.msgid,
                       text=text, html=html, attachments=doc.attachments, cc=doc.cc)


def mail_reply_fr(doc: MailDoc) -> bytes:
    langs = [p.lang for p in doc.parts]
    langs[0] = "fr"
    return _send(doc, "\n".join(_quoted(doc.parts, langs)) + "\n", None)


def mail_reply_de_schrieb_html(doc: MailDoc) -> bytes:
    def body(p) -> str:
        e = html_escape
        inner = f"<div>{e(p.greeting)}</div><br>" + "".join(html_block(b.block) for b in p.blocks)
        sig = "<br>".join(e(s) for s in [p.name] + p.signature)
        return inner + f"<div>{e(p.closing)}<br>{sig}</div>"

    def chain(parts) -> str:
        out = body(parts[0])
        if len(parts) > 1:
            out += (f"<div><br>{html_escape(_attribution(parts[1], 'de'))}<br></div>"
                    f"<blockquote type=\"cite\" style=\"margin:0 0 0 .8ex;border-left:1px #ccc solid;"
                    f"padding-left:1ex\">{chain(parts[1:])}</blockquote>")
        return out

    return _send(doc, None, f"<html><body>{chain(doc.parts)}</body></html>")


def mail_forward_de_outlook(doc: MailDoc) -> bytes:
    lines = _text(doc.parts[0])
    for q in doc.parts[1:]:
        d = q.date
        lines += ["", "Von: " + f"{q.name} <{q.address}>",
                  f"Gesendet: {_DE_DAYS[d.weekday()]}, {d.day}. {_DE_MONTHS[d.month - 1]} {d.year} {d:%H:%M}",
                  f"An: {q.to}", f"Betreff: {q.subject}", ""]
        lines += _text(q)
    return _send(doc, "\n".join(lines) + "\n", None)


def mail_attach_sheet(doc: MailDoc) -> bytes:
    return _send(doc, "\n".join(_text(doc.parts[0])) + "\n", None)


MAIL_STYLES = [
    Style("mail-reply-fr-gmail-quoted", "mail", mail_reply_fr, implied_target=False,
          options={"thread": "reply", "corrections": True, "lang": "fr"}),
    Style("mail-forward-de-outlook", "mail", mail_forward_de_outlook, implied_target=False,
          options={"thread": "forward", "lang": "de"}),
    Style("mail-reply-de-schrieb-html", "mail", mail_reply_de_schrieb_html, implied_target=False,
          options={"thread": "reply", "corrections": True, "lang": "de"}),
    Style("mail-attach-sheet", "mail", mail_attach_sheet, implied_target=False, options={"attach": "sheet"}),
]

# =============================================================================================
# MAP spreadsheet house styles
# =============================================================================================


def sheet_german_units(doc: SheetDoc) -> SheetOut:
    import openpyxl
    from openpyxl.styles import Font
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Upgradepfade"
    header = ["Hersteller", "Modell-ID", "HW-Version [hex]", "Ziel-FW (hex)", "Ausgangs-FW (hex)",
              "Mindest-FW (hex)", "Bemerkung"]
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    texts = []
    for k, r in enumerate(doc.rows):
        base = r.base if r.column == "bases" else ""
        mini = r.base if r.column == "minimum" else ""
        note = ["laut Herstellerangabe", "per Mail bestätigt", "", "aus Release Notes"][k % 4]
        row = [r.maker_name, r.model_id, r.hw, r.target, base, mini, note]
        ws.append(row)
        texts.append(" | ".join(header) + "\n" + " | ".join(row))
    return SheetOut(workbook_bytes(wb), "xlsx", texts, [])


def sheet_merged_identity(doc: SheetDoc) -> SheetOut:
    """Device identity in a merged title row above each block; blank rows between blocks."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "FW paths"
    ws.append([doc.title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells("A1:C1")
    ws.append([f"{doc.org} · {doc.date}"])
    header = ["Installed", "Upgrade to", "Upgrade route"]
    texts = [""] * len(doc.rows)
    groups: dict[tuple, list[int]] = {}
    for k, r in enumerate(doc.rows):
        groups.setdefault((r.maker_name, r.model_name, r.hw), []).append(k)
    fill = PatternFill("solid", fgColor="DDE6F0")
    for (maker, model_name, hw), idxs in groups.items():
        ws.append([])
        ws.append([])
        title = f"{maker} – {model_name} – HW {hw}"
        ws.append([title])
        row_no = ws.max_row
        ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=3)
        ws.cell(row_no, 1).font = Font(bold=True)
        ws.cell(row_no, 1).fill = fill
        ws.cell(row_no, 1).alignment = Alignment(horizontal="center")
        ws.append(header)
        for k in idxs:
            r = doc.rows[k]
            route = getattr(r, "route", None) or ""
            row = [r.base, r.target, route]
            ws.append(row)
            texts[k] = title + "\n" + " | ".join(header) + "\n" + " | ".join(row)
    for col, w in zip("ABC", (26, 18, 40)):
        ws.column_dimensions[col].width = w
    return SheetOut(workbook_bytes(wb), "xlsx", texts, [])


def sheet_numeric_typed(doc: SheetDoc) -> SheetOut:
    """Numbers typed as numbers: hardware 2 for 0002, firmware without its leading zeros."""
    import openpyxl
    from openpyxl.styles import Alignment
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    header = ["Manufacturer", "Model ID", "HW", "Firmware", "Prerequisite"]
    ws.append(header)

    def num(v: str):
        return int(v) if v.isdigit() else v

    texts = []
    for r in doc.rows:
        parts = r.base.split("\n")
        cell = num(parts[0]) if len(parts) == 1 else "\n".join(str(num(b)) for b in parts)
        row = [r.maker_name, r.model_id, int(r.hw, 16), num(r.target), cell]
        ws.append(row)
        if len(parts) > 1:
            ws.cell(ws.max_row, 5).alignment = Alignment(wrap_text=True)
        texts.append(" | ".join(header) + "\n" + " | ".join(str(c) for c in row))
    return SheetOut(workbook_bytes(wb), "xlsx", texts, [])


def sheet_semicolon_min_required(doc: SheetDoc) -> SheetOut:
    header = ["Device", "HW", "Target firmware", "Upgrade from", "Min. required version"]
    rows, texts = [header], []
    for r in doc.rows:
        base = r.base if r.column == "bases" else ""
        mini = r.base if r.column == "minimum" else ""
        row = [r.model_name, r.hw, r.target, base, mini]
        rows.append(row)
        texts.append(" | ".join(header) + "\n" + " | ".join(row))
    return SheetOut(csv_bytes(rows, delimiter=";", bom=True), "csv", texts, [])


SHEET_STYLES = [
    Style("sheet-german-headers-units", "sheet", sheet_german_units, options={"columns": ("bases", "minimum")}),
    Style("sheet-merged-identity-blocks", "sheet", sheet_merged_identity, options={"columns": ("bases", "route")}),
    Style("sheet-numeric-typed", "sheet", sheet_numeric_typed,
          options={"columns": ("bases",), "forms": ("plain",), "one_device": False}),
    Style("sheet-semicolon-min-required", "sheet", sheet_semicolon_min_required,
          options={"columns": ("bases", "minimum")}),
]

__all__ = ["WORDINGS", "CORRECTIONS", "CELLS", "DECOYS", "RN_STYLES", "MAIL_STYLES", "SHEET_STYLES", "cap"]
