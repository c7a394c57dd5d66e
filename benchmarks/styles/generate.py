"""Generate the styles corpus: an inbox of release notes, emails and MAP spreadsheets in many house styles
and wordings, the CPL and FIR exports, and truth.json with every stated pair labelled.

    python -m benchmarks.styles.generate --out DIR [--seed 1] [--scale 1]

The output is byte-identical for the same arguments. Each document is `tuned` (tuned style and tuned
wordings only) or `heldout` (a held-out style or at least one held-out wording).

truth.json, beyond the keys the brief fixed:
- `pairs`: one record per (target, base, file); `quoted` is true when the statement stands in a quoted or
  forwarded older message that nothing newer contradicts (it still counts).
- `no_prerequisite`: targets a document says need no particular base: a device's first release (`N/A`) or
  "installable from any previous version" (the FIR would then list every earlier entry of the device).
- `statements`: `text` is the statement as written, without layout: no wrap line breaks, a table as its
  header and rows with cells joined by " | " (a sheet row as header + row, a merged title row first when
  the device is named there), a list as its lead-in and items (numbered items with their numbers, bullet
  glyphs dropped), quote markers (">") dropped. `no_prerequisite` lists its no-prerequisite targets.
- `decoys`: version-bearing sentences that state no base requirement; family `superseded-by-newer-mail`
  marks an older quoted statement that the newer mail corrects (its pairs are NOT true).
- `documents`: every inbox file with its kind, style, split, wordings and attachments.
A statement's style is `<mail style>/<attachment style>` for a PDF or sheet attached to a mail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.styles import heldout, tuned
from benchmarks.styles import model as M
from benchmarks.styles.kit import (
    Attachment,
    Ctx,
    Items,
    MailDoc,
    MailPart,
    NoteDoc,
    Placed,
    Prose,
    Section,
    SheetDoc,
    SheetRow,
    Table,
    message_id,
    pdf_text,
)

SOURCE = {"note": "release note", "mail": "email", "sheet": "MAP spreadsheet"}
FIR_TEAM = ("Alex Morgan", "fir-backfill@secas.example", "FIR Backfill Team")

# =============================================================================================
# The registry: every style and wording with its split
# =============================================================================================


@dataclass
class Registry:
    styles: dict[str, list] = field(default_factory=dict)  # kind -> [(style, split)]
    wordings: list = field(default_factory=list)  # [(wording, split)]
    corrections: list = field(default_factory=list)
    cells: list = field(default_factory=list)
    decoys: list = field(default_factory=list)
    split: dict[str, str] = field(default_factory=dict)  # label -> split

    @classmethod
    def build(cls) -> "Registry":
        r = cls()
        for mod, split in ((tuned, "tuned"), (heldout, "heldout")):
            for kind, styles in (("note", mod.RN_STYLES), ("mail", mod.MAIL_STYLES), ("sheet", mod.SHEET_STYLES)):
                r.styles.setdefault(kind, []).extend((s, split) for s in styles)
                for s in styles:
                    r._label(s.label, split)
            for attr, lst in (("WORDINGS", r.wordings), ("CORRECTIONS", r.corrections), ("CELLS", r.cells),
                              ("DECOYS", r.decoys)):
                for w in getattr(mod, attr):
                    lst.append((w, split))
                    r._label(w.label, split)
        return r

    def _label(self, label: str, split: str) -> None:
        if label in self.split:
            raise ValueError(f"label used twice: {label}")
        self.split[label] = split


# =============================================================================================
# Filler text (no versions, no requirements)
# =============================================================================================

CHANGES = {
    "meter": [
        "Improved accuracy of the half-hourly consumption log after a clock adjustment.",
        "Corrected the handling of emergency credit when the debt recovery rate is zero.",
        "Reduced the time taken to apply a tariff update received from the DCC.",
        "The supply interruption alert is now raised once per event instead of repeatedly.",
        "Fixed an issue where the load switch could stay open after a successful top-up.",
        "Updated the handling of supplier certificate replacement.",
        "Corrected the daylight-saving changeover for the time-of-use registers.",
        "Malformed security credential commands are now rejected with the correct response code.",
        "Reduced flash wear when the event log is written frequently.",
        "Improved the wording of the low-credit warning on the meter display.",
    ],
    "hub": [
        "Improved mesh routing stability when several devices join at once.",
        "Reduced WAN reconnection time after a cellular outage.",
        "Fixed a memory leak in the gas proxy data cache.",
        "Corrected the signal strength reported in the hub status response.",
        "Improved handling of large firmware images distributed to attached devices.",
        "Channel selection at commissioning now avoids heavily used Zigbee channels.",
        "The hub now retries a failed alert delivery after a randomised back-off.",
        "Improved diagnostics in the hub event log for failed device joins.",
    ],
    "display": [
        "New screen showing remaining credit in days at the current usage.",
        "Fixed the backlight timeout when the device runs on battery.",
        "Improved join behaviour after the comms hub has been replaced.",
        "Corrected rounding of the displayed unit rate.",
        "Added Welsh-language menu text.",
        "The top-up code entry screen now validates the code length before sending.",
        "Reduced power consumption in standby.",
        "Clearer icons for the gas and electricity tabs.",
    ],
}
SUMMARIES = [
    "This is a maintenance release for the {model}. It improves stability and fixes the issues listed below.",
    "This release for the {model} brings the fixes listed below and a number of internal improvements.",
    "The {model} firmware described here is a scheduled update containing the corrections below.",
    "This update addresses field issues reported by suppliers and improves the robustness of the {model}.",
]
PREREQS = [
    "The device is commissioned and communicating with the DCC.",
    "The activation is scheduled outside the customer's peak usage.",
    "The device reports a healthy battery status (battery-powered devices only).",
    "No other firmware distribution to the device is in progress.",
]
DETAILS = [
    "The firmware image is signed by the manufacturer and verified by the device before activation. An image "
    "that fails verification is discarded and the device keeps running its current firmware; no action is "
    "needed from the supplier other than repeating the distribution.",
    "Distribution over the air takes place in blocks. The device acknowledges each block and resumes an "
    "interrupted transfer from the last block received, so that a temporary loss of communication does not "
    "require the whole image to be sent again.",
    "The activation command carries the hash of the image. On activation the device restarts, runs its "
    "self-test and reports the outcome through the usual alert. Configuration, tariffs and logs are kept.",
    "Suppliers should plan distributions in batches and watch the alert rate for the first batch before "
    "releasing the update to the rest of their estate.",
    "Customers will not notice the update apart from a short restart of the display. Credit, debt and "
    "historical consumption are not affected.",
    "The internal test campaign covered the standard commissioning, tariff, prepayment and alert scenarios "
    "as well as long-running soak tests on the reference test rig.",
]
# short sentences a long release note is padded with (no versions, no requirements)
PADDING = [
    "The device keeps its configuration across the update.",
    "Tariff, credit and debt registers are carried over unchanged.",
    "Historic consumption data is retained in full.",
    "The event log records the start and the end of the distribution.",
    "A failed distribution leaves the device on its current image.",
    "The image is authenticated with the manufacturer's signing key.",
    "Activation restarts the application processor only.",
    "Radio parameters stored on the device are not reset.",
    "The customer display shows a short notice during the restart.",
    "The update does not change the device's security credentials.",
    "Alert configuration set by the supplier is kept.",
    "Prepayment mode and emergency credit settings are preserved.",
    "The load switch state is restored after the restart.",
    "The device clock is resynchronised from the network after activation.",
    "The update was verified on the reference test rig for two weeks.",
    "Regression testing covered the full set of GBCS use cases supported by the device.",
    "No change to the commissioning procedure is needed.",
    "Field trials with two suppliers completed without incident.",
    "Suppliers may distribute the image in batches of any size.",
    "The distribution time depends mostly on the network conditions at the premises.",
    "Devices that are powered down during the distribution resume it later.",
    "The manufacturer's support desk can provide diagnostics on request.",
    "Memory usage of the application has been reduced slightly.",
    "Several log messages have been reworded for clarity.",
    "Internal timers now use a common time base.",
    "Start-up self-tests complete faster than before.",
    "The watchdog configuration has been reviewed and tightened.",
    "Unused diagnostic commands have been removed from the image.",
]


def _family(dtype: str) -> str:
    return {"ESME": "meter", "GSME": "meter", "CHF": "hub"}.get(dtype, "display")


# =============================================================================================
# Identity as documents write it
# =============================================================================================


def fmt_hw(devs: list[M.Device], form: str) -> str:
    vals = [d.hw for d in devs]
    ints = [str(int(h, 16)) for h in vals]
    if form == "hex4":
        return " and ".join(vals)
    if form == "int":
        return " and ".join(ints)
    if form == "HW":
        return " and ".join(f"HW {i}" for i in ints)
    return ("hardware revision " if len(ints) == 1 else "hardware revisions ") + " and ".join(ints)


def hw_phrase(hw: str | None) -> str:
    if not hw:
        return ""
    if hw[0].isdigit():
        return f" (hardware version {hw})"
    return f" ({hw})"


def safe_name(text: str) -> str:
    text = re.sub(r"[\\/:*?\"<>|]", "_", text)
    return re.sub(r"\s+", " ", text).strip()


# =============================================================================================
# The generator
# =============================================================================================


@dataclass
class Pending:
    """A statement or decoy whose file is not known yet."""

    kind: str  # statement | decoy
    text: str
    source_kind: str
    style: str
    wording: str
    claims: list = field(default_factory=list)
    scope: list = field(default_factory=list)
    quoted: bool = False
    family: str = ""


class Gen:
    def __init__(self, cpl: M.Cpl, seed: int):
        self.cpl = cpl
        self.seed = seed
        self.rng = random.Random(f"styles-docs:{seed}")
        self.reg = Registry.build()
        self.use: Counter = Counter()
        self.model_use: Counter = Counter()
        self.files: dict[str, bytes] = {}
        self.truth = {"pairs": [], "no_prerequisite": [], "statements": [], "decoys": []}
        self.documents: list[dict] = []
        self._pair_seen: set = set()
        self._none_seen: set = set()
        self.app: dict[str, list] = {}
        for w, _ in self.reg.wordings + self.reg.corrections + self.reg.cells:
            self.app[w.label] = [(m, i, c) for m in cpl.models for i in range(len(m.versions))
                                 if (c := w.make(m, i))]
        self.dates = {}
        for m in cpl.models:
            r = random.Random(f"dates:{seed}:{m.model_id}")
            d = dt.date(2020, 1, 6) + dt.timedelta(days=r.randint(0, 200))
            for v in m.versions:
                self.dates[(m.model_id, v.idx)] = d
                d += dt.timedelta(days=r.randint(35, 110))

    # ---- choosing -------------------------------------------------------------------------
    def pick_style(self, kind: str, split: str, exclude: tuple = ()):
        pool = [(s, sp) for s, sp in self.reg.styles[kind] if s.label not in exclude]
        if split == "tuned":
            pool = [(s, sp) for s, sp in pool if sp == "tuned"]
        else:
            held = [(s, sp) for s, sp in pool if sp == "heldout"]
            if self.rng.random() < 0.65 or not [p for p in pool if p[1] == "tuned"]:
                pool = held
            else:
                pool = [p for p in pool if p[1] == "tuned"]
        pool.sort(key=lambda p: (self.use[p[0].label], self.rng.random()))
        s, sp = pool[0]
        self.use[s.label] += 1
        return s, sp

    def _allowed(self, items, split: str, kind: str | None = None):
        out = [(w, sp) for w, sp in items if split == "heldout" or sp == "tuned"]
        if kind:
            out = [(w, sp) for w, sp in out if kind in getattr(w, "kinds", (kind,))]
        return out

    @staticmethod
    def _form_ok(w, m: M.Model, form: str) -> bool:
        if getattr(w, "family_form", False):
            key = M.family_key(m.versions[max(0, len(m.versions) - 1)], m.scheme)
            return M.render_family(key, m.scheme, form) is not None
        return True

    def _wants_ok(self, w, wants: str | None) -> bool:
        return wants is None or w.block == wants

    def choose_main(self, split: str, kind: str, style, force_heldout: bool, model_ok) -> tuple:
        pool = self._allowed(self.reg.wordings, split, kind)
        if force_heldout:
            pool = [(w, sp) for w, sp in pool if sp == "heldout"]
        pool = [(w, sp) for w, sp in pool if self._wants_ok(w, style.wants)]
        pool.sort(key=lambda p: (self.use[p[0].label], self.rng.random()))
        for w, sp in pool:
            cands = []
            for m, i, claims in self.app[w.label]:
                if not model_ok(m) or not _content(claims, _scope(m, i, claims)):
                    continue
                forms = [f for f in m.maker.doc_forms if self._form_ok(w, m, f)]
                if forms:
                    cands.append((m, i, claims, forms))
            if not cands:
                continue
            cands.sort(key=lambda c: (self.model_use[c[0].model_id], self.rng.random()))
            m, i, claims, forms = cands[0] if self.rng.random() < 0.7 else self.rng.choice(cands)
            return w, sp, m, i, claims, self.rng.choice(forms)
        raise RuntimeError(f"no wording fits style {style.label}")

    # ---- sections ---------------------------------------------------------------------------
    def section(self, *, split: str, kind: str, style, force_heldout: bool, model_ok=lambda m: True,
                pdf: bool = False, style_label: str | None = None, n_extra: int | None = None,
                n_decoys: int | None = None, quoted: bool = False, fixed: tuple | None = None):
        """Choose a model/target and wordings and render the statements and decoys of one section."""
        rng = self.rng
        if fixed:
            w, sp, m, i, claims, form = fixed
        else:
            w, sp, m, i, claims, form = self.choose_main(split, kind, style, force_heldout, model_ok)
        self.use[w.label] += 1
        self.model_use[m.model_id] += 1
        devs = m.devices_with(i)
        first = any(c.kind == "first" for c in claims)
        if first:
            scope = M.first_scope(m, i)
            named = scope != devs or rng.random() < 0.3
        elif len(devs) > 1 and rng.random() < 0.4:
            scope = sorted(rng.sample(devs, rng.randint(1, len(devs) - 1)), key=lambda d: d.hw)
            named = True
            if not _content(claims, scope):
                scope, named = devs, rng.random() < 0.3
        else:
            scope, named = devs, rng.random() < 0.3
        hw = fmt_hw(scope, rng.choice(["hex4", "hex4", "int", "HW", "rev"])) if named else None
        ref_opt = style.options.get("model_ref")
        mid = rng.choice([m.model_id, m.model_id, "0x" + m.model_id])
        if ref_opt == "id":
            model_ref = f"Model ID {mid}"
        else:
            model_ref = rng.choice([m.short, m.short, m.name])
        this_word = rng.choice(["this release", "this firmware", "this update", "this version"])
        ctx = Ctx(m, form, implied=style.implied_target and kind == "note", this_word=this_word,
                  hw_phrase=hw_phrase(hw), model_ref=model_ref)
        slabel = style_label or style.label
        statements: list[Placed] = []

        def add_statement(wd, cl):
            block = wd.render(cl, ctx)
            if pdf:
                block = _pdfify(block)
            rec = Pending("statement", block.record(), SOURCE[kind], slabel, wd.label, claims=cl, scope=scope,
                          quoted=quoted)
            statements.append(Placed(block, "statement", rec))

        add_statement(w, claims)
        # further statements about the same target
        extra_pool = [(x, xs) for x, xs in self._allowed(self.reg.wordings, split, kind)
                      if x.label != w.label and self._form_ok(x, m, form)]
        extra_pool.sort(key=lambda p: (self.use[p[0].label], rng.random()))
        want = n_extra if n_extra is not None else rng.choice([0, 1, 1, 2])
        for x, xs in extra_pool:
            if want <= 0:
                break
            if first:
                break
            cl = x.make(m, i)
            if not cl or any(c.kind == "first" for c in cl) or not _content(cl, scope):
                continue
            if (any(c.kind == "any" for c in cl) or any(c.kind == "any" for c in claims)) and \
                    {c.kind for c in cl} != {c.kind for c in claims}:
                continue  # "no prerequisite" beside "X or later" (X the first release) reads as a contradiction
            if style.label == "rn-footnotes" and x.block != "prose":
                continue
            self.use[x.label] += 1
            add_statement(x, cl)
            want -= 1
        # decoys
        decoys: list[Placed] = []
        dpool = self._allowed(self.reg.decoys, split)
        dpool.sort(key=lambda p: (self.use[p[0].label], rng.random()))
        nd = n_decoys if n_decoys is not None else rng.choice([0, 1, 1, 2])
        for d, ds in dpool:
            if nd <= 0:
                break
            block = d.render(m, i, ctx)
            if block is None:
                continue
            if pdf:
                block = _pdfify(block)
            self.use[d.label] += 1
            decoys.append(Placed(block, "decoy", Pending("decoy", block.record(), SOURCE[kind], slabel, d.label,
                                                        family=d.family, quoted=quoted)))
            nd -= 1
        used = {w.label} | {p.ref.wording for p in statements} | {p.ref.wording for p in decoys}
        ties = []
        if form in M.TIE_FORMS:
            for k in sorted(ctx.mentioned | {i}):
                ties.append((M.render(m.versions[k], m.scheme, form), m.versions[k].cpl))
        fam = _family(m.dtype)
        changes = rng.sample(CHANGES[fam], rng.randint(3, 5))
        sec = Section(
            model=m, target=i, form=form, fw=M.render(m.versions[i], m.scheme, form), fw_cpl=m.versions[i].cpl,
            hw=hw, model_ref=model_ref, model_id=mid, statements=statements, decoys=decoys,
            summary=rng.choice(SUMMARIES).format(model=model_ref), changes=changes,
            prereqs=rng.sample(PREREQS, 3), ties=ties,
            history=[(M.render(m.versions[k], m.scheme, form), m.versions[k].cpl,
                      self.dates[(m.model_id, k)].strftime("%d %b %Y")) for k in range(0, i + 1)],
            details=rng.sample(DETAILS, len(DETAILS)), padding=rng.sample(PADDING, len(PADDING)))
        if pdf:
            sec.summary = pdf_text(sec.summary)
        splits = {self.reg.split[lbl] for lbl in used}
        return sec, splits

    # ---- commit truth -----------------------------------------------------------------------
    def commit(self, pending: list[Pending], file: str, split: str) -> None:
        for p in pending:
            if p.kind == "decoy":
                self.truth["decoys"].append({"file": file, "source_kind": p.source_kind, "text": p.text,
                                             "family": p.family, "wording": p.wording, "style": p.style,
                                             "split": split, "quoted": p.quoted})
                continue
            pairs, none = [], []
            for c in p.claims:
                pr, nn = M.expand(c, p.scope)
                pairs += pr
                none += nn
            pairs = list(dict.fromkeys(pairs))
            none = list(dict.fromkeys(none))
            if not pairs and not none:
                raise M.TruthError(f"statement with nothing to say: {p.text!r}")
            self.truth["statements"].append({
                "file": file, "source_kind": p.source_kind, "text": p.text, "pairs": [list(x) for x in pairs],
                "no_prerequisite": none, "style": p.style, "wording": p.wording, "split": split,
                "quoted": p.quoted})
            for t, b in pairs:
                if (t, b, file) in self._pair_seen:
                    continue
                self._pair_seen.add((t, b, file))
                self.truth["pairs"].append({"target": t, "base": b, "file": file, "source_kind": p.source_kind,
                                            "style": p.style, "wording": p.wording, "split": split,
                                            "quoted": p.quoted})
            for t in none:
                if (t, file) in self._none_seen:
                    continue
                self._none_seen.add((t, file))
                self.truth["no_prerequisite"].append({"target": t, "file": file, "source_kind": p.source_kind,
                                                      "style": p.style, "wording": p.wording, "split": split,
                                                      "quoted": p.quoted})

    def put_file(self, folder: str, name: str, data: bytes) -> str:
        base = f"{folder}/{name}" if folder else name
        path, k = base, 2
        while path in self.files:
            stem, dot, ext = base.rpartition(".")
            path = f"{stem} ({k}).{ext}"
            k += 1
        self.files[path] = data
        return path

    # =========================================================================================
    # Release notes
    # =========================================================================================
    def note(self, split: str, *, style=None, sp: str | None = None, label_prefix: str = ""):
        """Build one release note. Returns (bytes, file name, folder, pending records, style, doc split)."""
        rng = self.rng
        if style is None:
            style, sp = self.pick_style("note", split)
        force = split == "heldout" and sp == "tuned"
        slabel = label_prefix + style.label
        sections, splits = [], {sp}
        if style.multi_model:
            makers = [mk for mk in self.cpl.makers if len(mk.models) >= 2]
            mk = min(makers, key=lambda x: (sum(self.model_use[m.model_id] for m in x.models), rng.random()))
            n = min(len(mk.models), rng.choice([2, 2, 3]))
            used: set = set()
            for k in range(n):
                sec, s = self.section(split=split, kind="note", style=style, force_heldout=force and k == 0,
                                      model_ok=lambda m: m.maker is mk and m.model_id not in used, pdf=True,
                                      style_label=slabel, n_extra=rng.choice([0, 0, 1]),
                                      n_decoys=rng.choice([0, 1]))
                used.add(sec.model.model_id)
                sections.append(sec)
                splits |= s
        else:
            sec, s = self.section(split=split, kind="note", style=style, force_heldout=force, pdf=True,
                                  style_label=slabel)
            sections.append(sec)
            splits |= s
        doc_split = "heldout" if "heldout" in splits else "tuned"
        assert doc_split == split, (doc_split, split, style.label)
        sec = sections[0]
        m, mk = sec.model, sec.model.maker
        date = self.dates[(m.model_id, sec.target)] + dt.timedelta(days=rng.randint(0, 20))
        doc = NoteDoc(maker=mk, sections=sections, date=date.strftime("%d %B %Y").lstrip("0"),
                      doc_no=rng.choice([f"RN-{m.short.replace(' ', '')}-{sec.fw_cpl[-4:]}",
                                         f"{mk.short[:3].upper()}-RN-{date.year}-{rng.randint(10, 240):03d}",
                                         f"DOC{rng.randint(10000, 99999)}",
                                         f"FSB-{date.year}-{rng.randint(1, 60):03d}"]),
                      revision=rng.choice(["1.0", "1.1", "2", "A", "B"]), rng=random.Random(rng.random()),
                      author=mk.staff[0].name)
        data = style.render(doc)
        pending = [p.ref for s in sections for p in s.statements + s.decoys]
        fw = safe_name(sec.fw)
        if style.multi_model:
            names = [f"{mk.short} firmware bulletin {date:%Y-%m}.pdf", f"{mk.short}_release_bulletin_{date:%Y%m%d}.pdf",
                     f"Bulletin {doc.doc_no}.pdf"]
        else:
            names = [f"{m.short.replace(' ', '')}_FW{fw.replace(' ', '')}_ReleaseNotes.pdf",
                     f"{mk.short} {m.short} {fw} release notes.pdf", f"RN_{m.model_id}_{sec.fw_cpl}.pdf",
                     f"{doc.doc_no}.pdf", "release notes FINAL.pdf", f"{m.short.lower().replace(' ', '-')}-{fw}-rn-v2.pdf",
                     f"Release Notes {fw}.pdf"]
        name = safe_name(rng.choice(names))
        folder = rng.choice([f"{mk.name}/Release notes", mk.short.lower(), f"Manufacturers/{mk.short}/{date.year}",
                             f"{mk.short} docs", f"{mk.short}/{m.short}"])
        if style.options.get("no_maker") or name.startswith(("release notes", "Release Notes", "DOC")):
            folder = rng.choice([f"{mk.name}/Release notes", f"Manufacturers/{mk.short}/{date.year}",
                                 f"{mk.short}/{m.short}"])
        return data, name, folder, pending, slabel, doc_split, sections

    def note_file(self, split: str) -> None:
        data, name, folder, pending, slabel, doc_split, sections = self.note(split)
        path = self.put_file(folder, name, data)
        self.commit(pending, path, doc_split)
        self.documents.append({"file": path, "source_kind": "release note", "style": slabel, "split": doc_split,
                               "wordings": sorted({p.wording for p in pending})})

    # =========================================================================================
    # Emails
    # =========================================================================================
    def _person(self, mk, lang_pref: str | None = None):
        staff = mk.staff
        if lang_pref:
            pref = [p for p in staff if p.lang == lang_pref]
            if pref:
                return self.rng.choice(pref)
        return self.rng.choice(staff)

    def _address(self, person, domain: str) -> str:
        first = re.sub(r"[^a-z]", "", person.first.lower().translate(str.maketrans("äöüéèç", "aoueec")))
        last = re.sub(r"[^a-z]", "", person.last.lower().translate(str.maketrans("äöüéèç", "aoueec")))
        form = (len(person.first) + len(person.last)) % 3
        return f"{first}.{last}@{domain}" if form == 0 else (f"{first[0]}.{last}@{domain}" if form == 1
                                                            else f"{first}{last[0]}@{domain}")

    def _signature(self, person, org_name: str, domain: str, phone: str | None, address: str | None) -> list[str]:
        lines = [person.title, org_name]
        if address and self.rng.random() < 0.6:
            lines.append(address)
        if phone:
            lines.append(f"T: {phone}")
        lines.append(f"www.{domain}")
        return lines

    def _maker_part(self, mk, person, when, subject, blocks, greeting=None, to=None) -> MailPart:
        rng = self.rng
        greet = greeting or rng.choice(["Hi Alex,", "Dear Alex,", "Hello FIR team,", "Dear colleagues,", "Hi all,"])
        if person.lang == "fr":
            closing = rng.choice(["Kind regards,", "Best regards,", "Cordialement,"])
        elif person.lang == "de":
            closing = rng.choice(["Kind regards,", "Best regards,", "Mit freundlichen Grüßen"])
        else:
            closing = rng.choice(["Kind regards,", "Best regards,", "Many thanks,", "Regards,"])
        return MailPart(name=person.name, address=self._address(person, mk.domain), org=mk.name, date=when,
                        subject=subject, to=to or f"{FIR_TEAM[2]} <{FIR_TEAM[1]}>", greeting=greet, blocks=blocks,
                        closing=closing,
                        signature=self._signature(person, mk.name, mk.domain, mk.phone, mk.address), lang=person.lang)

    def _fir_part(self, to_person, to_address, when, subject, text) -> MailPart:
        return MailPart(name=FIR_TEAM[0], address=FIR_TEAM[1], org=FIR_TEAM[2], date=when, subject=subject,
                        to=f"{to_person} <{to_address}>", greeting=f"Dear {to_person.split()[0]},",
                        blocks=[Placed(Prose(text))], closing="Thanks,",
                        signature=[FIR_TEAM[2], "Smart Energy Code Administrator (example)"])

    def _mail_blocks(self, sec: Section, lead: str | None = None, tie_prose: bool = True) -> list[Placed]:
        hw = sec.hw and (f"hardware version {sec.hw}" if sec.hw[0].isdigit() else sec.hw)
        model = sec.model_ref + (f" ({hw})" if hw else "")
        lead = lead or self.rng.choice([
            f"Please find below the upgrade prerequisites for the {model} firmware {sec.fw}.",
            f"As requested, here is the upgrade path information for {model} firmware {sec.fw}.",
            f"Following your question about the {model}, firmware {sec.fw}:",
            f"Regarding the FIR backfill for the {model}, see the details for {sec.fw} below.",
        ])
        out = [Placed(Prose(lead))] + sec.statements + sec.decoys
        if sec.ties and tie_prose:
            out.append(Placed(Prose("For the CPL, the versions above are: "
                                    + "; ".join(f"{d} = {c}" for d, c in sec.ties) + ".")))
        return out

    def _subject(self, sec: Section, prefix: str = "") -> str:
        m = sec.model
        s = self.rng.choice([f"{m.short} firmware {sec.fw} - upgrade path",
                             f"FW upgrade paths {m.maker.short} {m.name}",
                             f"{m.name}: base versions for {sec.fw}",
                             f"FIR backfill - {m.short} ({m.model_id})",
                             f"Upgrade prerequisites {m.short} {sec.fw}"])
        return prefix + s

    def mail_file(self, split: str, k: int) -> None:
        rng = self.rng
        style, sp = self.pick_style("mail", split)
        force = split == "heldout" and sp == "tuned"
        opts = style.options
        lang = opts.get("lang")
        when = dt.datetime(2025, 1, 13, 8, 0, tzinfo=dt.timezone.utc) + dt.timedelta(hours=7 * k + rng.randint(0, 6),
                                                                                      minutes=rng.randint(0, 59))
        splits = {sp}
        pending: list[Pending] = []
        attachments: list[Attachment] = []
        attach_records: list[tuple[str, list[Pending]]] = []
        parts: list[MailPart] = []
        maker_ok = (lambda m: any(p.lang == lang for p in m.maker.staff)) if lang in ("fr", "de") and \
            opts.get("thread") == "reply" else (lambda m: True)
        thread = opts.get("thread")
        attach = opts.get("attach")
        msgid_domain = "secas.example"

        if attach == "pdf":
            nstyle, nsp = self.pick_style("note", split)
            data, name, _, npend, nlabel, nds, nsecs = self.note(split, style=nstyle, sp=nsp,
                                                                 label_prefix=style.label + "/")
            splits.add(nds)
            sec = nsecs[0]
            mk = sec.model.maker
            person = self._person(mk)
            att_name = safe_name(rng.choice([name, f"{sec.model.short} {sec.fw} Release Notes.pdf"]))
            attachments.append(Attachment(att_name, data, "application", "pdf"))
            attach_records.append((att_name, npend))
            blocks = [Placed(Prose(rng.choice([
                f"Please find attached the release notes for the {sec.model_ref} firmware {sec.fw}, which include the "
                f"upgrade requirements.",
                f"Attached is our release note for {sec.model_ref} {sec.fw}. The upgrade path is in the note.",
                f"As discussed, the release notes for {sec.fw} ({sec.model_ref}) are attached."])))]
            if rng.random() < 0.35:
                dec = self._allowed(self.reg.decoys, split)
                dec.sort(key=lambda p: (self.use[p[0].label], rng.random()))
                ctx = Ctx(sec.model, sec.form, implied=False)
                for d, ds in dec:
                    b = d.render(sec.model, sec.target, ctx)
                    if b is not None:
                        self.use[d.label] += 1
                        rec = Pending("decoy", b.record(), "email", style.label, d.label, family=d.family)
                        blocks.append(Placed(b, "decoy", rec))
                        pending.append(rec)
                        splits.add(ds)
                        break
            parts.append(self._maker_part(mk, person, when, self._subject(sec), blocks))
            org_domain = mk.domain
        elif attach == "sheet":
            sstyle, ssp = self.pick_style("sheet", "tuned" if split == "tuned" else rng.choice(["tuned", "heldout"]))
            sdoc, spend, ssplits = self.sheet_doc(split, sstyle, ssp, label_prefix=style.label + "/",
                                                  force_heldout=split == "heldout" and ssp == "tuned"
                                                  and sp == "tuned")
            out = sstyle.render(sdoc)
            self._fill_sheet_texts(spend, out, sdoc)
            splits |= ssplits
            mp = rng.choice(self.cpl.maps)
            person = rng.choice(mp["staff"])
            att_name = safe_name(rng.choice([f"{mp['short']} FW upgrade paths {when:%b %Y}.{out.ext}",
                                             f"upgrade_paths_{when:%Y%m%d}.{out.ext}",
                                             f"FIR backfill - {mp['short']} data.{out.ext}"]))
            mime = ("text", "csv") if out.ext == "csv" else \
                ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            attachments.append(Attachment(att_name, out.data, *mime))
            attach_records.append((att_name, spend))
            body = [Placed(Prose(rng.choice([
                "Please find attached our current list of firmware upgrade paths, as collected from the "
                "manufacturers.",
                "Attached is the spreadsheet of upgrade paths for our meter estate that you asked for.",
                "As promised, the upgrade path data from our asset system is attached."])))]
            parts.append(MailPart(name=person.name, address=self._address(person, mp["domain"]), org=mp["name"],
                                  date=when, subject=rng.choice([f"Upgrade paths from {mp['short']}",
                                                                 "FW upgrade paths - MAP data",
                                                                 f"FIR backfill: {mp['name']} spreadsheet"]),
                                  to=f"{FIR_TEAM[2]} <{FIR_TEAM[1]}>", greeting="Hi Alex,", blocks=body,
                                  closing="Regards,", signature=self._signature(person, mp["name"], mp["domain"],
                                                                                None, None), lang=person.lang))
            org_domain = mp["domain"]
        elif thread == "forward":
            sec, s = self.section(split=split, kind="mail", style=style, force_heldout=force, model_ok=maker_ok,
                                  style_label=style.label, quoted=True)
            splits |= s
            mk = sec.model.maker
            person = self._person(mk)
            when_old = when - dt.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
            subj = self._subject(sec)
            pending += [p.ref for p in sec.statements + sec.decoys]
            if lang == "de" or rng.random() < 0.5:
                mp = self.cpl.maps[2] if lang == "de" else rng.choice(self.cpl.maps)
                fw_person = ([p for p in mp["staff"] if p.lang == "de"] or mp["staff"])[0] if lang == "de" \
                    else rng.choice(mp["staff"])
                org, dom = mp["name"], mp["domain"]
                sig = self._signature(fw_person, org, dom, None, None)
            else:
                fw_person = self._person(mk)
                org, dom = mk.name, mk.domain
                sig = self._signature(fw_person, org, dom, mk.phone, None)
            older = self._maker_part(mk, person, when_old, subj, self._mail_blocks(sec),
                                     greeting=f"Dear {fw_person.first},",
                                     to=f"{fw_person.name} <{self._address(fw_person, dom)}>")
            prefix = "WG: " if lang == "de" else rng.choice(["Fwd: ", "FW: "])
            note = rng.choice([f"FYI, see below from {mk.short} regarding the {sec.model.short}.",
                               f"Forwarding {mk.short}'s answer on the {sec.model.short} upgrade path for the FIR.",
                               "Please see the manufacturer's confirmation below."])
            newest = MailPart(name=fw_person.name, address=self._address(fw_person, dom), org=org, date=when,
                              subject=prefix + subj, to=f"{FIR_TEAM[2]} <{FIR_TEAM[1]}>", greeting="Hi Alex,",
                              blocks=[Placed(Prose(note))], closing="Regards,", signature=sig, lang=fw_person.lang)
            parts = [newest, older]
            org_domain = dom
        elif thread == "reply":
            parts, pend, s, org_domain = self._reply_thread(split, style, force, maker_ok, when, lang)
            pending += pend
            splits |= s
        else:
            sec, s = self.section(split=split, kind="mail", style=style, force_heldout=force, style_label=style.label)
            splits |= s
            mk = sec.model.maker
            person = self._person(mk)
            parts = [self._maker_part(mk, person, when, self._subject(sec), self._mail_blocks(sec))]
            pending += [p.ref for p in sec.statements + sec.decoys]
            org_domain = mk.domain
        doc_split = "heldout" if "heldout" in splits else "tuned"
        assert doc_split == split, (doc_split, split, style.label)
        msgid = message_id(f"styles:{self.seed}:mail:{k}", org_domain)
        doc = MailDoc(parts=parts, msgid=msgid, rng=random.Random(rng.random()), attachments=attachments)
        data = style.render(doc)
        subj = parts[0].subject
        stem = rng.choice([subj, f"msg{k + 1:04d}", f"{when:%Y-%m-%d} {subj[:40]}"]).replace(": ", "_ ")
        name = safe_name(stem).rstrip(". ") + ".eml"
        folder = rng.choice([f"mail/{when:%Y-%m}", "Outlook export", "Inbox - FIR backfill",
                             f"mail/{parts[-1].org.split()[0]}", "emails"])
        path = self.put_file(folder, name, data)
        self.commit(pending, path, doc_split)
        for att_name, recs in attach_records:
            self.commit(recs, f"{path} > {att_name}", doc_split)
        wordings = sorted({p.wording for p in pending} | {p.wording for _, r in attach_records for p in r})
        self.documents.append({"file": path, "source_kind": "email", "style": style.label, "split": doc_split,
                               "wordings": wordings,
                               "attachments": [a.name for a in attachments]})

    def _reply_thread(self, split, style, force, maker_ok, when, lang):
        """A reply: newest text on top; older messages quoted below. Sometimes the newest corrects the oldest."""
        rng = self.rng
        splits: set = set()
        pending: list[Pending] = []
        corr_pool = self._allowed(self.reg.corrections, split)
        if force:
            corr_pool = [c for c in corr_pool if c[1] == "heldout"] or corr_pool
        corr_pool.sort(key=lambda p: (self.use[p[0].label], rng.random()))
        use_corr = style.options.get("corrections") and corr_pool and (
            rng.random() < 0.4 or self.use[corr_pool[0][0].label] == 0)
        when_old = when - dt.timedelta(days=rng.randint(1, 12), hours=rng.randint(1, 9))
        if use_corr:
            cw, csp = corr_pool[0]
            cands = [(m, i, c) for m, i, c in self.app[cw.label] if maker_ok(m)
                     and any(d.has(i) and d.has(M.claim_min(m, i).base - 1) for d in m.devices_with(i))]
            if force and csp != "heldout":
                cands = []
            if cands:
                m, i, claims = rng.choice(cands)
                form = rng.choice(m.maker.doc_forms)
                fixed = (cw, csp, m, i, claims, form)
                sec, s = self.section(split=split, kind="mail", style=style, force_heldout=False, fixed=fixed,
                                      style_label=style.label, n_extra=0, n_decoys=0)
                splits |= s | {csp}
                mk = m.maker
                person = self._person(mk, lang)
                # the older, wrong statement (a minimum one release too low), written with a minimum wording
                wrong = M.Claim("min", m, i, base=M.claim_min(m, i).base - 1, wrong=True)
                wpool = [(w, ws) for w, ws in self._allowed(self.reg.wordings, split, "mail")
                         if w.family == "minimum" and w.label not in ("min-must-be-running-before",)]
                wpool.sort(key=lambda p: (self.use[p[0].label], rng.random()))
                ww, wsp = wpool[0]
                self.use[ww.label] += 1
                splits.add(wsp)
                ctx = Ctx(m, form, implied=False)
                wblock = ww.render([wrong], ctx)
                wrec = Pending("decoy", wblock.record(), "email", style.label, ww.label,
                               family="superseded-by-newer-mail", quoted=True)
                # make the statement scope match the wrong statement's scope
                old_sec_blocks = [Placed(Prose(f"Here is the upgrade requirement for the {sec.model_ref} firmware "
                                               f"{sec.fw}.")), Placed(wblock, "decoy", wrec)]
                if sec.ties:
                    wties = dict(sec.ties)
                    wties[M.render(m.versions[wrong.base], m.scheme, form)] = m.versions[wrong.base].cpl
                    old_sec_blocks.append(Placed(Prose("For the CPL: " + "; ".join(
                        f"{d} = {c}" for d, c in wties.items()) + ".")))
                subj = self._subject(sec)
                older = self._maker_part(mk, person, when_old, subj, old_sec_blocks)
                newest_blocks = self._mail_blocks(sec, lead=rng.choice(
                    ["Apologies, I need to correct my previous message.", "A correction to what I sent earlier:",
                     "Sorry, one mistake in my email below."]))
                re_ = {"fr": "RE: ", "de": "AW: "}.get(lang, "RE: ")
                newest = self._maker_part(mk, person, when, re_ + subj, newest_blocks)
                pending += [p.ref for p in sec.statements + sec.decoys] + [wrec]
                return [newest, older], pending, splits, mk.domain
        # no correction: newest answers a question; the question quotes an older message with statements
        sec, s = self.section(split=split, kind="mail", style=style, force_heldout=force, model_ok=maker_ok,
                              style_label=style.label)
        splits |= s
        m, mk = sec.model, sec.model.maker
        person = self._person(mk, lang)
        subj = self._subject(sec)
        re_ = {"fr": "RE: ", "de": "AW: "}.get(lang, "RE: ")
        newest = self._maker_part(mk, person, when, re_ + subj, self._mail_blocks(sec, lead=rng.choice([
            f"Yes, and for {sec.fw} the situation is as follows.", f"Happy to help. For {sec.fw}:",
            f"Please see below for {sec.fw}."])))
        pending += [p.ref for p in sec.statements + sec.decoys]
        question = self._fir_part(person.name, newest.address, when - dt.timedelta(hours=rng.randint(3, 40)), subj,
                                  f"Thank you for the information below. Could you also confirm the base versions for "
                                  f"{sec.model_ref} firmware {sec.fw}?")
        parts = [newest, question]
        # older message: another target of the same model, quoted (it still counts)
        older_ok = [(w, ws) for w, ws in self._allowed(self.reg.wordings, "tuned" if split == "tuned" else split,
                                                       "mail")]
        older_ok.sort(key=lambda p: (self.use[p[0].label], rng.random()))
        for w, ws in older_ok:
            cands = [(mm, i, c) for mm, i, c in self.app[w.label] if mm is m and i != sec.target
                     and self._form_ok(w, mm, sec.form)]
            if not cands:
                continue
            mm, i, claims = rng.choice(cands)
            osec, s2 = self.section(split=split, kind="mail", style=style, force_heldout=False,
                                    fixed=(w, ws, mm, i, claims, sec.form), style_label=style.label, quoted=True,
                                    n_extra=0, n_decoys=rng.choice([0, 1]))
            splits |= s2
            older = self._maker_part(mk, person, question.date - dt.timedelta(days=rng.randint(1, 9)),
                                     self._subject(osec), self._mail_blocks(osec))
            parts.append(older)
            pending += [p.ref for p in osec.statements + osec.decoys]
            break
        return parts, pending, splits, mk.domain

    # =========================================================================================
    # MAP spreadsheets
    # =========================================================================================
    def sheet_doc(self, split: str, style, sp: str, label_prefix: str = "", force_heldout: bool = False):
        rng = self.rng
        force = force_heldout or (split == "heldout" and sp == "tuned")
        cols = style.options["columns"]
        pool = [(c, cs) for c, cs in self._allowed(self.reg.cells, split) if set(c.columns) & set(cols)]
        slabel = label_prefix + style.label
        mp = rng.choice(self.cpl.maps)
        devices = self.cpl.devices
        picked = rng.sample(devices, rng.randint(2, 5))
        rows: list[SheetRow] = []
        pending: list[Pending] = []
        splits = {sp}
        forms: dict = {}
        n_rows = rng.randint(5, 12)
        seen = set()
        stated: set = set()  # (model, hw, target) already given a row (a single-base row per base is one fact)
        attempts = 0
        while len(rows) < n_rows and attempts < 200:
            attempts += 1
            need_held = force and "heldout" not in splits
            cpool = [(c, cs) for c, cs in pool if cs == "heldout"] if need_held else pool
            cpool = sorted(cpool, key=lambda p: (self.use[p[0].label], rng.random()))
            c, cs = cpool[0] if rng.random() < 0.6 else rng.choice(cpool)
            d = rng.choice(picked) if rng.random() < 0.85 else rng.choice(devices)
            m = d.model
            cands = [(i, cl) for mm, i, cl in self.app[c.label] if mm is m and d.has(i)]
            rng.shuffle(cands)
            done = False
            for i, claims in cands:
                if (d.model.model_id, d.hw, i, c.label) in seen or (m.model_id, d.hw, i) in stated:
                    continue
                if any(cl.kind == "exact" and not all(d.has(b) for b in cl.bases) for cl in claims):
                    continue  # a row speaks about one device: its list names only versions that device has
                for claim in claims:
                    if claim.kind == "first" and d.lo != claim.target:
                        continue
                    pr, nn = M.expand(claim, [d])
                    if not pr and not nn:
                        continue
                    dk = (m.model_id, d.hw)
                    if dk not in forms:
                        if m.scheme in M.HEX_SCHEMES:
                            forms[dk] = rng.choice(style.options.get("forms", m.maker.sheet_forms))
                        else:
                            forms[dk] = m.maker.sheet_forms[0]
                    form = forms[dk]
                    fmt = lambda k, m=m, form=form: M.render(m.versions[k], m.scheme, form)  # noqa: E731
                    val = c.cell(claim, fmt)
                    if isinstance(val, list):
                        val = "\n".join(val)
                    column = [x for x in c.columns if x in cols][0]
                    row = SheetRow(maker_name=m.maker.name, maker_id=m.maker.mid, model_id=m.model_id,
                                   model_name=m.name, dtype=m.dtype, hw=d.hw, target=fmt(claim.target), base=val,
                                   column=column)
                    if column == "route":
                        row.base, row.route = fmt(claim.chain[0]), val
                    rec = Pending("statement", "", "MAP spreadsheet", slabel, c.label, claims=[claim], scope=[d])
                    row.ref = rec
                    rows.append(row)
                    pending.append(rec)
                    done = True
                seen.add((d.model.model_id, d.hw, i, c.label))
                if done:
                    stated.add((m.model_id, d.hw, i))
                    self.use[c.label] += 1
                    splits.add(cs)
                    break
        if force and "heldout" not in splits:
            raise RuntimeError("could not place a held-out cell wording")
        # rows grouped by device, then target, as an asset list would be sorted
        rows.sort(key=lambda r: (r.maker_name, r.model_id, r.hw))
        notes: list[Placed] = []
        if style.options.get("notes") and rows:
            dpool = [(d, ds) for d, ds in self._allowed(self.reg.decoys, split) if d.in_sheets]
            dpool.sort(key=lambda p: (self.use[p[0].label], rng.random()))
            r0 = rows[0]
            d0 = next(d for d in devices if d.model.model_id == r0.model_id and d.hw == r0.hw)
            form = forms.get((d0.model.model_id, d0.hw), d0.model.maker.sheet_forms[0])
            ctx = Ctx(d0.model, form, implied=False)
            for d, ds in dpool[:rng.choice([1, 2])]:
                b = d.render(d0.model, d0.hi, ctx)
                if b is None:
                    continue
                b = Prose(f"{d0.model.maker.short} {d0.model.short} (HW {d0.hw}): {b.record()}")
                self.use[d.label] += 1
                splits.add(ds)
                rec = Pending("decoy", b.record(), "MAP spreadsheet", slabel, d.label, family=d.family)
                notes.append(Placed(b, "decoy", rec))
                pending.append(rec)
        when = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randint(0, 80))
        doc = SheetDoc(org=mp["name"], title=rng.choice([f"{mp['name']} - firmware upgrade paths",
                                                         "Firmware Upgrade Paths (FIR backfill)",
                                                         f"Meter firmware pathways as at {when:%d/%m/%Y}"]),
                       rows=rows, notes=notes, date=when.strftime("%d/%m/%Y"), rng=random.Random(rng.random()),
                       author=rng.choice(mp["staff"]).name)
        doc.map = mp
        doc.when = when
        return doc, pending, splits

    @staticmethod
    def _fill_sheet_texts(pending: list[Pending], out, doc: SheetDoc) -> None:
        by_row = {id(r.ref): t for r, t in zip(doc.rows, out.row_texts)}
        notes = iter(out.note_texts)
        for p in pending:
            if p.kind == "statement":
                p.text = by_row[id(p)]
            else:
                p.text = next(notes)

    def sheet_file(self, split: str) -> None:
        rng = self.rng
        style, sp = self.pick_style("sheet", split)
        doc, pending, splits = self.sheet_doc(split, style, sp)
        out = style.render(doc)
        self._fill_sheet_texts(pending, out, doc)
        doc_split = "heldout" if "heldout" in splits else "tuned"
        assert doc_split == split, (doc_split, split, style.label)
        mp, when = doc.map, doc.when
        name = safe_name(rng.choice([f"{mp['short']} upgrade paths Q{(when.month - 1) // 3 + 1} {when.year}.{out.ext}",
                                     f"paths_export_{when:%Y%m%d}.{out.ext}", f"FW_pathways_v{rng.randint(2, 9)}.{out.ext}",
                                     f"Copy of upgrade paths.{out.ext}", f"{mp['short'].lower()}_fir_backfill.{out.ext}"]))
        folder = rng.choice([f"MAP/{mp['short']}", "spreadsheets", f"from MAP - {mp['name']}", "Downloads"])
        path = self.put_file(folder, name, out.data)
        self.commit(pending, path, doc_split)
        self.documents.append({"file": path, "source_kind": "MAP spreadsheet", "style": style.label,
                               "split": doc_split, "wordings": sorted({p.wording for p in pending})})


def _scope(m: M.Model, i: int, claims) -> list[M.Device]:
    """The devices a statement speaks about when the document does not narrow it down."""
    if any(c.kind == "first" for c in claims):
        return M.first_scope(m, i)
    return m.devices_with(i)


def _content(claims, devs) -> bool:
    """True if the claims give at least one pair or no-prerequisite entry for these devices."""
    for c in claims:
        pr, nn = M.expand(c, devs)
        if pr or nn:
            return True
    return False


def _pdfify(block):
    if not any(ch in block.record() for ch in "→–—≥≤•‘’“”…✓✗") or pdf_text("→") == "→":
        return block
    if isinstance(block, Prose):
        return Prose(pdf_text(block.text))
    if isinstance(block, Items):
        return Items([pdf_text(i) for i in block.items], block.numbered, pdf_text(block.intro) if block.intro else None)
    return Table([pdf_text(h) for h in block.header], [[pdf_text(c) for c in r] for r in block.rows],
                 pdf_text(block.caption) if block.caption else None)


# =============================================================================================
# Registers and truth
# =============================================================================================

CPL_HEADER = ["CPL Entry ID", "Device Type", "Manufacturer Identifier", "Manufacturer Name", "Model Identifier",
              "Model Name", "Hardware Version", "Firmware Version", "Status"]
FIR_HEADER = ["CPL Entry ID", "Firmware Upgrade Path"]


def fir_rows(cpl: M.Cpl, seed: int) -> list[list[str]]:
    rng = random.Random(f"styles-fir:{seed}")
    rows = []
    for r in cpl.entry_rows():
        eid = r[0]
        value = ""
        if rng.random() < 0.08:
            d, i = cpl.entry(eid)
            path = d.path(i)
            value = "; ".join(d.entries[b] for b in path) if path else "N/A"
        rows.append([eid, value])
    return rows


def generate(out: Path, seed: int = 1, scale: float = 1.0) -> dict:
    from benchmarks.styles.kit import csv_bytes

    cpl = M.build_cpl(seed)
    g = Gen(cpl, seed)
    counts = {"note": max(4, round(150 * scale)), "mail": max(4, round(80 * scale)),
              "sheet": max(4, round(40 * scale))}
    split_of = lambda k: "heldout" if k % 5 in (1, 3) else "tuned"  # noqa: E731
    for k in range(counts["note"]):
        g.note_file(split_of(k))
    for k in range(counts["mail"]):
        g.mail_file(split_of(k), k)
    for k in range(counts["sheet"]):
        g.sheet_file(split_of(k))
    out = Path(out)
    inbox = out / "inbox"
    for rel, data in sorted(g.files.items()):
        p = inbox / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    (out / "cpl.csv").write_bytes(csv_bytes([CPL_HEADER] + cpl.entry_rows()))
    (out / "fir.csv").write_bytes(csv_bytes([FIR_HEADER] + fir_rows(cpl, seed)))
    truth = {"corpus": "styles", "seed": seed, "scale": scale, **g.truth, "documents": g.documents}
    (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


def summary(truth: dict) -> dict:
    out: dict = {}
    for d in truth["documents"]:
        key = f"documents/{d['source_kind']}/{d['split']}"
        out[key] = out.get(key, 0) + 1
    for part in ("pairs", "no_prerequisite", "statements", "decoys"):
        for r in truth[part]:
            key = f"{part}/{r['split']}"
            out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    truth = generate(a.out, a.seed, a.scale)
    for k, v in summary(truth).items():
        print(f"{k:40s} {v}")
    print(f"written to {a.out} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
