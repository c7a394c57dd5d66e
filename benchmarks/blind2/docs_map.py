"""MAP spreadsheets (.xlsx and .csv)."""
from .core import *  # noqa: F403 (the writer's star import, kept as written)

MS = "MAP spreadsheet"


def xl(rel, style, sheets):
    write(rel, xlsx_bytes(sheets), MS, style)


def cs(rel, style, rows, delimiter=","):
    write(rel, csv_bytes(rows, delimiter), MS, style)


def brack_e470():
    rel = "MAPs/Brackenridge/Halvern E470 upgrade paths.xlsx"
    st = "brackenridge-map-sheet"
    a = Ctx(rel, MS, st)
    rows = [["Manufacturer", "Model", "HW Ver", "Firmware (target)", "Upgrade path (from)", "Notes"],
            a.row(["Halvern", "E470", "0001", "01.03.00.00", "01.02.00.10", "per errata ERR-0130"], exact("HE1", "01020010", "01030000"), "upgrade-path-from-column"),
            a.row(["Halvern", "E470", "0001", "02.00.00.01", "01.03.00.00", "per RN-E470-020000"], exact("HE1", "01030000", "02000001"), "upgrade-path-from-column"),
            a.row(["Halvern", "E470", "0002", "01.03.00.02", "01.03.00.00", ""], exact("HE2", "01030000", "01030002"), "upgrade-path-from-column"),
            a.row(["Halvern", "E470", "0002", "02.00.00.01", "01.03.00.02", "01.03.00.00 units hop via 01.03.00.02"], exact("HE2", "01030002", "02000001"), "upgrade-path-from-column"),
            a.drow(["Halvern", "E470", "0001", "01.00.00.03", "", "withdrawn 2022, 112 units left - replace on visit"], "withdrawn-history"),
            ]
    xl(rel, st, [("E470", rows), ("Changelog", [["Date", "Change"], ["2024-03-01", "Added HW 0002 rows"], ["2023-05-10", "Updated 01.03.00.00 row after errata"]])])


def lowfield_ids():
    rel = "MAPs/Lowfield Capital/LC_FIR_submission_QuillonESME.xlsx"
    st = "lowfield-entry-id-sheet"
    a = Ctx(rel, MS, st)
    def ids(*fws):
        return "; ".join(E("QM", f) for f in fws)
    rows = [["CPL ID", "Device", "FW (CPL)", "FW (Quillon)", "Predecessor CPL IDs"],
            a.row([E("QM", "02000100"), "Q-Meter One", "02000100", "v2.0.1", ids("02000000")], exact("QM", "02000000", "02000100"), "predecessor-entry-ids"),
            a.row([E("QM", "02000000"), "Q-Meter One", "02000000", "v2.0.0", ids("01020000")], exact("QM", "01020000", "02000000"), "predecessor-entry-ids"),
            a.row([E("QM", "01020000"), "Q-Meter One", "01020000", "v1.2.0", ids("01010000", "01010200")], exact("QM", "01010000", "01020000") + exact("QM", "01010200", "01020000"), "predecessor-entry-ids"),
            a.narow([E("QM", "01000000"), "Q-Meter One", "01000000", "v1.0.0", "N/A"], E("QM", "01000000"), "predecessor-na"),
            ]
    xl(rel, st, [("Submission", rows)])


def sac_hub_csv():
    rel = "MAPs/Smart Asset Co/sac_chf_minmax.csv"
    st = "sac-min-max-csv"
    a = Ctx(rel, MS, st)
    rows = [["device_type", "mfr_id", "model_id", "hw", "fw_target", "min_fw", "max_fw", "comment"],
            a.row(["CHF", "4A60", "0C02", "0002", "00030000", "00020200", "00020210", "0002012F excluded"], between("NH2", "00020200", "00020210", "00030000"), "min-max-range-columns"),
            a.row(["CHF", "4A60", "0C02", "0003", "00030200", "00030105", "00030105", "hw 0003 only"], exact("NH3", "00030105", "00030200"), "min-max-range-columns"),
            a.row(["CHF", "4A60", "0C02", "0002", "00030105", "00030000", "00030000", ""], exact("NH2", "00030000", "00030105"), "min-max-range-columns"),
            a.drow(["CHF", "4A60", "0C02", "0002", "0002012F", "", "", "field visit only, no OTA"], "not-supported-no-route"),
            ]
    cs(rel, st, rows)


def route_ws():
    rel = "MAPs/Lowfield Capital/Wren SP routes.xlsx"
    st = "lowfield-route-sheet"
    a = Ctx(rel, MS, st)
    rows = [["Meter", "Current", "Target", "Route", "Hops"],
            a.row(["Wren SP", "Finch (0A000100)", "Heron (0C000000)", "0A000100 > 0A000200 > 0B000000 > 0B000200 > 0C000000", "4"],
                  chain("WS", ["0A000100", "0A000200", "0B000000", "0B000200", "0C000000"]), "route-column-chain"),
            a.row(["Wren SP", "Goldcrest (0B000000)", "Heron SR1 (0C000100)", "0B000000 > 0B000200 > 0C000000 > 0C000100", "3"],
                  chain("WS", ["0B000000", "0B000200", "0C000000", "0C000100"]), "route-column-chain"),
            ]
    notes = [["Notes"], ["Routes agreed with P&R applications engineering, Feb 2024."],
             [a.d("Heron (0C000000) fixes the export register overflow seen on Goldcrest SR2 (0B000200).", "fixed-in")]]
    xl(rel, st, [("Routes", rows), ("Notes", notes)])


def tes_csv():
    rel = "MAPs/Northern Meter Finance/NMF_Tessaly_TGZ6_prereqs.csv"
    st = "nmf-prereq-csv"
    a = Ctx(rel, MS, st)
    rows = [["Manufacturer", "Model", "Hardware", "Firmware", "Prerequisite", "Source"],
            a.row(["Tessaly", "TGZ-6", "0x0010", "0x05010100", "0x05010000", "Tessaly mail 2022-08"], exact("T6", "05010000", "05010100"), "prerequisite-column"),
            a.row(["Tessaly", "TGZ-6", "0x0010", "0x05020000", "0x0501xxxx", "Release communication"], fam("T6", "0501", "05020000"), "prerequisite-column-wildcard"),
            a.row(["Tessaly", "TGZ-6", "0x0010", "0x05030000", "0x0502xxxx", "Release communication"], fam("T6", "0502", "05030000"), "prerequisite-column-wildcard"),
            a.row(["Tessaly", "TGZ-6", "0x0010", "0x06000000", "0x05030000", "Release communication"], exact("T6", "05030000", "06000000"), "prerequisite-column"),
            a.drow(["Tessaly", "TGZ-4", "0x0008", "0x04010002", "", "not in scope of this sheet (see TGZ-4 tab)"], "another-product"),
            ]
    cs(rel, st, rows)


def fleet_rules():
    rel = "MAPs/Smart Asset Co/SAC G220 fleet and upgrade rules.xlsx"
    st = "sac-fleet-rules-workbook"
    a = Ctx(rel, MS, st)
    fleet = [["Model", "Firmware", "Units", "Last seen"],
             a.drow(["Halvern G220", "03.01.00.04", "12,884", "2024-02-29"], "fleet-count"),
             a.drow(["Halvern G220", "03.02.00.05", "40,210", "2024-02-29"], "fleet-count"),
             ["Halvern G220", "03.03.00.00", "1,502", "2024-02-29"]]
    rules = [["Rule #", "Rule"],
             a.row(["R1", "Never apply 03.03.00.00 unless the meter is on 03.02.00.05 or 03.02.00.0B."], exact("HG", "03020005", "03030000") + exact("HG", "0302000B", "03030000"), "rule-never-unless"),
             a.row(["R2", "03.01.00.04 meters: take 03.02.00.05 first."], exact("HG", "03010004", "03020005"), "rule-take-first"),
             a.row(["R3", "03.00.00.00 must be on 03.01.00.04 before anything else."], exact("HG", "03000000", "03010004"), "rule-before-anything-else"),
             a.drow(["R4", "Do not schedule activations for 03.02.00.0B meters during gas day rollover (05:00)."], "operational-advice"),
             ]
    xl(rel, st, [("Fleet", fleet), ("Upgrade rules", rules)])


def cx3_allowed_csv():
    rel = "MAPs/Northern Meter Finance/NMF_CX3_hw0001_allowed.csv"
    st = "nmf-allowed-yn-csv"
    a = Ctx(rel, MS, st)
    rows = [["From", "To", "Allowed", "Comment"],
            a.row(["3.1.0.0", "3.2.0.5", "Y", ""], exact("C3A", "03010000", "03020005"), "allowed-y-row"),
            a.row(["3.2.0.5", "3.2.0.9", "Y", ""], exact("C3A", "03020005", "03020009"), "allowed-y-row"),
            a.row(["3.2.0.9", "3.3.0.0", "Y", "preferred"], exact("C3A", "03020009", "03030000"), "allowed-y-row"),
            a.drow(["3.1.0.0", "3.3.0.0", "N", "bricks metrology board"], "not-allowed-row"),
            a.row(["3.3.0.0", "3.4.0.1", "Y", ""], exact("C3A", "03030000", "03040001"), "allowed-y-row"),
            ]
    rows.insert(0, ["# Corrib CX-3 Poly, model 0A03, hardware 0001 only. Versions as displayed (decimal per byte)."])
    cs(rel, st, rows)


def wren_gas_xlsx():
    rel = "MAPs/Brackenridge/P&R Wren Gas - firmware lineage.xlsx"
    st = "brackenridge-lineage-sheet"
    a = Ctx(rel, MS, st)
    rows = [["Release", "Firmware ID", "Must already have", "Status"],
            a.row(["Merlin SR3", "05000300", "Merlin (05000000)", "Current"], exact("WG", "05000000", "05000300"), "must-already-have-column"),
            a.row(["Merlin", "05000000", "Linnet SR1 (04010100)", "Superseded"], exact("WG", "04010100", "05000000"), "must-already-have-column"),
            a.row(["Linnet SR1", "04010100", "Linnet (04010000)", "Superseded"], exact("WG", "04010000", "04010100"), "must-already-have-column"),
            a.narow(["Linnet", "04010000", "nothing - first build", "Superseded"], E("WG", "04010000"), "first-build-nothing"),
            ]
    xl(rel, st, [("Wren Gas", rows)])


def qd_csv():
    rel = "MAPs/Lowfield Capital/q-display-paths.csv"
    st = "lowfield-lowercase-csv"
    a = Ctx(rel, MS, st)
    rows = [["device", "cpl_fw", "version", "can_upgrade_from", "notes"],
            a.row(["Q-Display", "03010000", "v3.1.0", "v3.0.0", ""], exact("QD", "03000000", "03010000"), "can-upgrade-from-column"),
            a.row(["Q-Display", "03010400", "v3.1.4", "v3.1.0", "hotfix"], exact("QD", "03010000", "03010400"), "can-upgrade-from-column"),
            a.row(["Q-Display", "03020000", "v3.2.0", "v3.1.0 / v3.1.4", ""], exact("QD", "03010000", "03020000") + exact("QD", "03010400", "03020000"), "can-upgrade-from-column"),
            a.drow(["Q-Display", "03000000", "v3.0.0", "", "pairing must be redone after any upgrade from v3.0.0"], "known-issue"),
            ]
    cs(rel, st, rows)


def glance_xlsx():
    rel = "MAPs/Smart Asset Co/Corrib Glance IHD.xlsx"
    st = "sac-ihd-sheet"
    a = Ctx(rel, MS, st)
    rows = [["IHD", "Version", "Min. base version", "Max. base version", "Remarks"],
            a.row(["Corrib Glance", "0.5.0.2", "0.5.0.0", "0.5.0.0", ""], exact("CG", "00050000", "00050002"), "min-max-base-columns"),
            a.row(["Corrib Glance", "0.6.0.0", "0.5.0.0", "0.5.0.2", ""], from_up("CG", "00050000", "00060000"), "min-max-base-columns"),
            a.row(["Corrib Glance", "0.6.0.1", "0.6.0.0", "0.6.0.0", ""], exact("CG", "00060000", "00060001"), "min-max-base-columns"),
            a.row(["Corrib Glance", "0.7.0.14", "0.6.0.1", "0.6.0.1", "Corrib confirmed by email 9/4/24"], exact("CG", "00060001", "0007000E"), "min-max-base-columns"),
            ]
    foot = [[""], [a.d("Note: 0.7.0.14 is the first version with the Welsh language pack.", "introduced-in")]]
    xl(rel, st, [("Glance", rows + foot)])


def p10_csv():
    rel = "MAPs/Northern Meter Finance/NMF_Halvern_P10.csv"
    st = "nmf-prereq-csv"
    a = Ctx(rel, MS, st)
    rows = [["Manufacturer", "Model", "Hardware", "Firmware", "Prerequisite", "Source"],
            a.row(["Halvern", "P10", "0003", "00.0A.00.00", "any 00.09 build", "TB-0047"], fam("HP", "0009", "000A0000"), "prerequisite-column-any-build"),
            a.row(["Halvern", "P10", "0003", "00.0A.00.03", "00.0A.00.00", "TB-0047"], exact("HP", "000A0000", "000A0003"), "prerequisite-column"),
            a.narow(["Halvern", "P10", "0003", "00.09.00.00", "none", "first CPL entry"], E("HP", "00090000"), "prerequisite-none"),
            ]
    cs(rel, st, rows)


def issues_tracker():
    rel = "MAPs/Brackenridge/Firmware issues tracker Q1-2024.xlsx"
    st = "brackenridge-issues-tracker"
    a = Ctx(rel, MS, st)
    rows = [["Ref", "Device", "Firmware", "Issue", "Comment"],
            a.drow(["BR-101", "Corrib CX-1", "1.4.0.0", "Tariff switch delay on TOU tariffs", "fixed in 2.0.0.0"], "fixed-in"),
            a.row(["BR-104", "Corrib CX-1", "2.0.0.0", "Failed activation on 38 meters", "Root cause: meters were on 1.3.0.5, they must be on 1.4.0.0 first"],
                  exact("C1", "01040000", "02000000"), "comment-root-cause-must-be"),
            a.drow(["BR-107", "Corrib CX-3", "3.2.0.9", "Voltage sag events without phase", "fixed in 3.4.0.11 (hw 0004 only)"], "fixed-in"),
            a.row(["BR-110", "Halvern E470", "02.00.00.01", "Rejected by head end", "hw 0002 meters need 01.03.00.02 as base, 01.03.00.00 is not enough"],
                  exact("HE2", "01030002", "02000001"), "comment-need-as-base-not-enough"),
            a.drow(["BR-112", "Halvern E470", "01.03.00.02", "Display flicker", "open with Halvern"], "known-issue"),
            ]
    xl(rel, st, [("Issues", rows)])


def key_csv():
    rel = "MAPs/Smart Asset Co/nm_key_required_previous.csv"
    st = "sac-required-previous-csv"
    a = Ctx(rel, MS, st)
    rows = [["manufacturer_id", "model_id", "hardware_version", "firmware_version", "required_previous_fw"],
            a.row(["4A60", "0C10", "0001", "10020000", "10010000"], exact("NK", "10010000", "10020000"), "required-previous-column"),
            a.row(["4A60", "0C10", "0001", "10010000", "10000001|10000002"], exact("NK", "10000001", "10010000") + exact("NK", "10000002", "10010000"), "required-previous-column-multi"),
            a.row(["4A60", "0C10", "0001", "10000002", "10000001"], exact("NK", "10000001", "10000002"), "required-previous-column"),
            a.narow(["4A60", "0C10", "0001", "10000001", "N/A"], E("NK", "10000001"), "required-previous-na"),
            ]
    cs(rel, st, rows)


def tes_mixed():
    rel = "MAPs/Northern Meter Finance/NMF Tessaly devices.xlsx"
    st = "nmf-multi-tab-workbook"
    a = Ctx(rel, MS, st)
    tgz4 = [["Firmware", "Upgrade from", "Remark"],
            a.row(["0x04010002", "0x04010000", "Tessaly mail 2021"], exact("T4", "04010000", "04010002"), "upgrade-from-column-hex"),
            a.row(["0x04010000", "0x04000000 (withdrawn)", ""], exact("T4", "04000000", "04010000"), "upgrade-from-column-hex"),
            a.drow(["0x04000000", "", "withdrawn, no longer on any meter we own"], "withdrawn-history")]
    tsw = [["Firmware", "Upgrade from", "Remark"],
           a.row(["0x01010002", "0x01010000", "see history doc"], exact("TW", "01010000", "01010002"), "upgrade-from-column-hex"),
           a.row(["0x01010000", "0x01000000 or 0x01000100", ""], exact("TW", "01000000", "01010000") + exact("TW", "01000100", "01010000"), "upgrade-from-column-hex"),
           a.drow(["0x01000100", "", "needs comms hub on 00030000 or later for OTA"], "cross-device")]
    xl(rel, st, [("TGZ-4", tgz4), ("TSW-Link", tsw)])


ALL = [brack_e470, lowfield_ids, sac_hub_csv, route_ws, tes_csv, fleet_rules, cx3_allowed_csv, wren_gas_xlsx,
       qd_csv, glance_xlsx, p10_csv, issues_tracker, key_csv, tes_mixed]
