"""MAP spreadsheets (.xlsx, .csv)."""
from .core import *  # noqa: F403 (the writer's star import, kept as written)


def m1():
    # Thameside tracker with title rows, "Minimum installed FW" (means X or later)
    D = Doc("MAPs/Thameside Meter Assets/Firmware_Pathways_Tracker_v7.xlsx", "MAP spreadsheet", "thameside-tracker")
    k1, a = "KE1", fws("KE1"); k2, c = "NP", fws("NP")
    rows = [["Thameside Meter Assets - Firmware Pathways Tracker"], ["Compiled for SECAS MP231 backfill. Last updated 28/05/2024 HO"], [],
            ["Manufacturer", "Device", "HW Ver", "Firmware (target)", "Minimum installed FW", "Source", "Analyst note"],
            D.row(["Kestrel", "E470", "0001", dothex(a[3]), dothex(a[1]), "RN KES-RN-0391", "min = that or anything newer"], from_on(k1, a[3], a[1]), "minimum-installed-column"),
            D.row(["Kestrel", "E470", "0001", dothex(a[4]), dothex(a[3]), "RN KES-RN-0402", ""], from_on(k1, a[4], a[3]), "minimum-installed-column"),
            D.row(["Nordvik", "Polar 3P", "0002", dotdec(c[4]), dotdec(c[2]), "Nordvik email 05/03/24", "4.1.0.0 and 4.1.0.12 both OK"], from_on(k2, c[4], c[2]), "minimum-installed-column"),
            D.row(["Nordvik", "Polar 3P", "0002", dotdec(c[3]), dotdec(c[2]), "Nordvik email 05/03/24", ""], from_on(k2, c[3], c[2]), "minimum-installed-column"),
            D.drow(["Kestrel", "E470", "0002", dothex(fws("KE2")[3]), "TBC", "chased 21/05", "no reply yet"], "awaiting-info"),
            ]
    log = [["Date", "Change"], ["14/05/2024", "Added Nordvik rows"],
           D.drow(["28/05/2024", "Removed E470 01.03.00.07 row - now in the release note"], "history-no-route")]
    write_xlsx(D.file, [("Tracker", rows, {"bold_rows": [1, 4], "widths": {"A": 14, "D": 18, "E": 20, "G": 40}}),
                        ("Changelog", log, {"bold_rows": [1]})])


def m2():
    # Northern Meter Finance, comma csv, identifiers in hex, confidence column
    D = Doc("MAPs/Northern Meter Finance/nmf_fw_prereqs_export_20240604.csv", "MAP spreadsheet", "nmf-raw-export")
    h1, a = "HG1", fws("HG1"); h3, b_ = "HG3", fws("HG3"); he, c = "HE", fws("HE")
    rows = [["mfr_id", "model_id", "hw_ver", "target_fw", "required_prior_fw", "confidence", "comment"],
            D.row(["3A91", "1120", "0001", a[5], a[4], "HIGH", "per RN HX-OB-2024-017"], P(h1, a[5], a[4]), "required-prior-fw-col"),
            D.row(["3A91", "1120", "0001", a[4], a[2] + " " + a[3], "HIGH", "two bases"], P(h1, a[4], a[2], a[3]), "required-prior-fw-col"),
            D.row(["3A91", "1120", "0003", b_[3], b_[1] + " " + b_[2], "MED", "from field experience"], P(h3, b_[3], b_[1], b_[2]), "required-prior-fw-col"),
            D.row(["3A91", "1010", "0002", c[4], c[2] + " " + c[3], "HIGH", ""], P(he, c[4], c[2], c[3]), "required-prior-fw-col"),
            D.row(["3A91", "1010", "0002", c[2], c[1], "LOW", "verbal - Huaxin UK office"], P(he, c[2], c[1]), "required-prior-fw-col"),
            D.drow(["3A91", "1120", "0003", b_[0], "", "", "factory build - not OTA"], "history-no-route"),
            ]
    write_csv(D.file, rows)


def m3():
    # multi-sheet route workbook, route strings with ">"
    D = Doc("MAPs/Calder Asset Finance/CAF upgrade routes Q2-2024.xlsx", "MAP spreadsheet", "calder-routes")
    t, a = "CT1", fws("CT1"); mp, m = "MP", fws("MP"); ac, c = "AC", fws("AC")
    s1 = [["Make", "Model", "HW", "Route (oldest to newest, one hop per >)", "Verified by"],
          D.row(["Caledon", "Thistle", "0001", " > ".join([a[0], a[1], a[2], a[4], a[5]]), "CSD engineering"],
                P(t, a[1], a[0]) + P(t, a[2], a[1]) + P(t, a[4], a[2]) + P(t, a[5], a[4]), "route-chain-gt"),
          D.row(["Caledon", "Thistle", "0001", " > ".join([a[3], a[4]]), "CSD engineering"], P(t, a[4], a[3]), "route-chain-gt"),
          D.row(["Meterix", "PayPoint", "0001", " > ".join([m[0], m[1], m[2], m[3]]), "Meterix RN v1.6.0"],
                P(mp, m[1], m[0]) + P(mp, m[2], m[1]) + P(mp, m[3], m[2]), "route-chain-gt"),
          ]
    s2 = [["Make", "Model", "HW", "Route", "Verified by"],
          D.row(["Aurelio", "Casa IHD", "0001", " > ".join([c[0], c[1], c[2], c[3]]), "Aurelio tech office"],
                P(ac, c[1], c[0]) + P(ac, c[2], c[1]) + P(ac, c[3], c[2]), "route-chain-gt"),
          D.drow(["Aurelio", "Ponte CHF", "0001", "see Aurelio NdR-PON-011", "-"], "refer-elsewhere")]
    s3 = [["Notes"], [D.d(f"PayPoint {m[1]} had a top-up entry fault; fixed by {m[3]}.", "fixed-in")],
          ["Routes are what we actually run in our OTA campaigns. Where the manufacturer allows more, we list only what we use."]]
    write_xlsx(D.file, [("Electric", s1, {"bold_rows": [1]}), ("IHD & CHF", s2, {"bold_rows": [1]}), ("Notes", s3, {})])


def m4():
    # workbook keyed by CPL Entry IDs
    D = Doc("MAPs/Vantage Meter Assets/VMA_CPL_upgrade_paths_BRK.xlsx", "MAP spreadsheet", "vantage-cpl-ids")
    bl, l = "BL", fws("BL"); bt, t = "BT", fws("BT")
    rows = [["CPL Entry ID (new FW)", "Model", "FW (new)", "Upgrade from CPL Entry ID", "FW (from)", "Checked"]]
    for dev, x, tg, bs in [(bl, l, 4, [3]), (bl, l, 3, [1, 2]), (bt, t, 4, [2, 3]), (bt, t, 2, [1])]:
        rows.append(D.row([eid(dev, x[tg]), DEVICES[dev][3], x[tg], ", ".join(eid(dev, x[i]) for i in bs),
                           ", ".join(x[i] for i in bs), "Y"], P(dev, x[tg], *[x[i] for i in bs]), "cpl-entry-id-columns"))
    rows.append(D.drow([eid(bl, l[0]), DEVICES[bl][3], l[0], "", "", "N - no OTA route, replace"], "not-supported-no-route"))
    write_xlsx(D.file, [("BRK", rows, {"bold_rows": [1]})])


def m5():
    # csv with "upgrade_from_any_of" slash list and families
    D = Doc("MAPs/Northern Meter Finance/nmf_meterix_paths.csv", "MAP spreadsheet", "nmf-raw-export")
    g1, a = "MG1", fws("MG1")
    rows = [["make", "model", "hw", "fw_new", "upgrade_from_any_of", "remarks"],
            D.row(["Meterix", "GasLine G4", "0001", "00020302", "00020300", "v2.3.2 over v2.3.0"], P(g1, a[5], a[4]), "upgrade-from-any-of"),
            D.row(["Meterix", "GasLine G4", "0001", "00020300", "00020200", "v2.3.0 over v2.2.0"], P(g1, a[4], a[3]), "upgrade-from-any-of"),
            D.row(["Meterix", "GasLine G4", "0001", "00020200", "any 0002.01xx build", "i.e. v2.1.0 and v2.1.3"], family(g1, a[3], lambda x: x.startswith("000201")), "upgrade-from-any-of-family"),
            D.drow(["Meterix", "GasLine G4", "0002", "00030000", "", "HW2 new line - not an upgrade of HW1"], "other-hardware")]
    write_csv(D.file, rows)


def m6():
    # compatibility matrix (from rows x to columns) for Kestrel G210
    D = Doc("MAPs/Calder Asset Finance/G210_compat_matrix.xlsx", "MAP spreadsheet", "calder-matrix")
    k, v = "KG", fws("KG"); f = dothex
    allowed = {v[1]: [v[0]], v[2]: [v[0], v[1]], v[3]: [v[2]], v[4]: [v[2], v[3]], v[5]: [v[4]]}
    header = ["FROM \\ TO"] + [f(x) for x in v[1:]]
    rows = [["Kestrel G210 (HW 0001) - OTA compatibility, Y = permitted single hop"], [], header]
    for fr in v[:-1]:
        cells = [f(fr)] + [("Y" if fr in allowed[to] else "-") if int(to, 16) > int(fr, 16) else "n/a" for to in v[1:]]
        pairs = [(eid(k, to), eid(k, fr)) for to in v[1:] if fr in allowed[to]]
        rows.append(D.row(cells, pairs, "from-to-matrix-y"))
    rows += [[], [D.d(f"Anything below the diagonal would be a downgrade, e.g. {f(v[5])} back to {f(v[4])} - not offered.", "downgrade")]]
    write_xlsx(D.file, [("Matrix", rows, {"bold_rows": [1, 3]})])


def m7():
    # free-text comments and decoy rows, Meterix HW2 + MG1 decoys
    D = Doc("MAPs/Vantage Meter Assets/VMA firmware notes - Meterix.xlsx", "MAP spreadsheet", "vantage-comments")
    g2, b_ = "MG2", fws("MG2"); g1, a = "MG1", fws("MG1")
    mp = fws("MP")
    rows = [["Device", "FW", "GBCS FW", "What we know"],
            D.row(["GasLine G4 HW2", semver(b_[3]), b_[3], f"Needs {semver(b_[2])} or {semver(b_[1])} on the meter first (Meterix, May-24)."], P(g2, b_[3], b_[2], b_[1]), "free-text-comment-needs-first"),
            D.row(["GasLine G4 HW2", semver(b_[2]), b_[2], f"Only from {semver(b_[1])} ({b_[1]}); {semver(b_[0])} ({b_[0]}) units go to {semver(b_[1])} beforehand."], P(g2, b_[2], b_[1]) + P(g2, b_[1], b_[0]), "free-text-comment-only-from"),
            ["GasLine G4 HW2", semver(b_[1]), b_[1], ""],
            ["GasLine G4 HW2", semver(b_[0]), b_[0], ""],
            D.drow(["GasLine G4 HW1", semver(a[2]), a[2], f"Valve test bug fixed in {semver(a[2])}; not a path constraint."], "fixed-in"),
            D.drow(["GasLine G4 HW1", semver(a[5]), a[5], "Latest. 62% of our HW1 estate on it."], "estate-stats"),
            D.drow(["PayPoint", semver(mp[3]), mp[3], "Needs the hub on current firmware - cross device, ignore for FIR."], "cross-device")]
    write_xlsx(D.file, [("Meterix", rows, {"widths": {"D": 80}, "bold_rows": [1]})])


def m8():
    # wide asset system export csv with a Pre-req FW column
    D = Doc("MAPs/Thameside Meter Assets/asset_fw_summary_caledon.csv", "MAP spreadsheet", "thameside-asset-export")
    t2, b_ = "CT2", fws("CT2"); g, c = "CG", fws("CG"); t1, a = "CT1", fws("CT1")
    rows = [["Asset Class", "Mfr", "Model", "HW", "FW Installed", "Units", "Units %", "Target FW", "Pre-req FW", "Campaign"],
            D.row(["ESME", "CSD", "Thistle", "0002", b_[1], "1204", "61.2", b_[2], b_[1], "C24-07"], P(t2, b_[2], b_[1]), "asset-export-prereq-col"),
            D.row(["ESME", "CSD", "Thistle", "0002", b_[0], "766", "38.8", b_[1], b_[0], "C24-06"], P(t2, b_[1], b_[0]), "asset-export-prereq-col"),
            D.row(["IHD", "CSD", "Glen", "0001", c[1], "310", "12.0", c[2], c[1], "C24-09"], P(g, c[2], c[1]), "asset-export-prereq-col"),
            D.drow(["ESME", "CSD", "Thistle", "0001", a[5], "8840", "100.0", a[5], "", "complete"], "estate-stats")]
    write_csv(D.file, rows)


def m9():
    # families "2.1.x" style and "0x0201xxxx"
    D = Doc("MAPs/Orbis Metering Assets/Orbis_prerequisite_register.xlsx", "MAP spreadsheet", "orbis-register")
    h, a = "HG1", fws("HG1"); n, c = "NP", fws("NP")
    rows = [["Orbis Metering Assets Ltd - prerequisite register (extract)"], [],
            ["Mfr", "Model", "HW", "Release", "Prerequisite", "Ref"],
            D.row(["Huaxin", "HX-G4U", "0001", ox(a[4]), "0x0201xxxx (any 2.1 build)", "HX notice 017"], family(h, a[4], lambda x: x.startswith("0201")), "prerequisite-cell-family-xx"),
            D.row(["Huaxin", "HX-G4U", "0001", ox(a[2]), "0x02000010 (NOT 0x02000008)", "HX instruction"], P(h, a[2], a[1]), "prerequisite-cell-not-other"),
            D.row(["Nordvik", "Polar 3P", "0002", dotdec(c[5]), dotdec(c[4]), "NVE-RN-3P-0430"], P(n, c[5], c[4]), "prerequisite-cell"),
            D.row(["Nordvik", "Polar 3P", "0002", dotdec(c[4]), "4.1.x", "NVE-RN-3P-0430"], family(n, c[4], lambda x: x.startswith("0401")), "prerequisite-cell-family-x"),
            D.drow(["Nordvik", "Polar 3P", "0002", dotdec(c[0]), "none", "pre-CPL pilot"], "history-no-route"),
            [], ["Prerequisite = the firmware that must be running when the release is activated."]]
    write_xlsx(D.file, [("Register", rows, {"bold_rows": [1, 3]})])


def m10():
    # Huaxin HX-E1S "Direct from" + "Via" columns
    D = Doc("MAPs/Orbis Metering Assets/HX-E1S upgrade planning.xlsx", "MAP spreadsheet", "orbis-planning")
    h, c = "HE", fws("HE")
    rows = [["Target", "Direct from", "Via (if older)", "Expected duration", "Note"],
            D.row([ox(c[4]), ox(c[2]) + " / " + ox(c[3]), ox(c[2]), "45 min", "trial unit fw 0x05020003 also direct"], P(h, c[4], c[2], c[3]), "direct-from-via-cols"),
            D.row([ox(c[2]), ox(c[1]), ox(c[1]), "40 min", ""], P(h, c[2], c[1]), "direct-from-via-cols"),
            D.row([ox(c[1]), ox(c[0]), "-", "40 min", "first OTA"], P(h, c[1], c[0]), "direct-from-via-cols"),
            D.drow([ox(c[0]), "-", "-", "-", "factory only"], "history-no-route")]
    write_xlsx(D.file, [("HX-E1S", rows, {"bold_rows": [1]})])


def m11():
    # Aurelio notes csv (prose in notes column)
    D = Doc("MAPs/Calder Asset Finance/aurelio_chf_notes.csv", "MAP spreadsheet", "calder-notes-csv")
    p, v = "AP", fws("AP")
    rows = [["Device", "HW", "FW", "Notes"],
            D.row(["AUR-Ponte CHF", "0001", v[4], f"Needs {v[3]} on the hub. Do not send to 0009-series hubs."], P(p, v[4], v[3]), "notes-needs-on-the-hub"),
            D.row(["AUR-Ponte CHF", "0001", v[3], f"Goes on over {v[2]} only."], P(p, v[3], v[2]), "notes-goes-on-over-only"),
            D.row(["AUR-Ponte CHF", "0001", v[2], f"{v[1]} first, then this."], P(p, v[2], v[1]), "notes-first-then-this"),
            D.drow(["AUR-Ponte CHF", "0001", v[0], "Pilot hubs; GPF on these is separate (GPF fw not on CPL here)."], "other-product")]
    write_csv(D.file, rows)


def m12():
    # estate planning: current FW -> next hop
    D = Doc("MAPs/Orbis Metering Assets/Nordvik estate next-hop plan.xlsx", "MAP spreadsheet", "orbis-planning")
    n, v = "NN", fws("NN"); p, c = "NP", fws("NP")
    rows = [["Product", "Currently on", "Meters", "Next hop", "Final target", "Comment"],
            D.row(["Nordlys PPMID", dotdec(v[1]), "2210", dotdec(v[2]), dotdec(v[4])], P(n, v[2], v[1]), "next-hop-column"),
            D.row(["Nordlys PPMID", dotdec(v[2]), "1802", dotdec(v[3]), dotdec(v[4])], P(n, v[3], v[2]), "next-hop-column"),
            D.row(["Nordlys PPMID", dotdec(v[3]), "5120", dotdec(v[4]), dotdec(v[4])], P(n, v[4], v[3]), "next-hop-column"),
            D.row(["Polar 3P", dotdec(c[3]), "940", dotdec(c[4]), dotdec(c[5])], P(p, c[4], c[3]), "next-hop-column"),
            D.drow(["Polar 3P", dotdec(c[5]), "12650", "-", dotdec(c[5]), "fully upgraded, no action this year"], "estate-stats")]
    write_xlsx(D.file, [("Plan", rows, {"bold_rows": [1]})])


def m13():
    # FIR-like column with entry IDs separated by semicolons
    D = Doc("MAPs/Vantage Meter Assets/VMA_FIR_draft_Kestrel.xlsx", "MAP spreadsheet", "vantage-fir-draft")
    k1, a = "KE1", fws("KE1"); k2, b_ = "KE2", fws("KE2")
    rows = [["CPL Entry ID", "Model", "HW", "Firmware", "Firmware Upgrade Path (proposed)", "Basis"]]
    for dev, x, tg, bs, basis in [(k1, a, 2, [1], "RN history table"), (k1, a, 3, [1, 2], "RN history table"),
                                  (k2, b_, 1, [0], "Kestrel RN 0433 s.4"), (k2, b_, 3, [1, 2], "Kestrel RN 0433 matrix")]:
        rows.append(D.row([eid(dev, x[tg]), "E470", DEVICES[dev][4], x[tg], "; ".join(eid(dev, x[i]) for i in bs), basis],
                          P(dev, x[tg], *[x[i] for i in bs]), "fir-path-entry-ids"))
    rows.append(D.drow([eid(k2, b_[0]), "E470", "0002", b_[0], "N/A", "pilot firmware"], "history-no-route"))
    D.na(k2, b_[0], "fir-path-na")
    write_xlsx(D.file, [("FIR draft", rows, {"bold_rows": [1]})])


def m14():
    # tab-separated csv from BRK support portal scraped by MAP, names + hex
    D = Doc("MAPs/Calder Asset Finance/brk_portal_scrape.csv", "MAP spreadsheet", "calder-portal-scrape")
    bl, l = "BL", fws("BL"); n = BRK_NAMES["BL"]
    rows = [["release", "fw_hex", "install_over", "notes"],
            D.row([n[4], l[4], f"{n[3]} ({l[3]})", "current"], P(bl, l[4], l[3]), "install-over-column"),
            D.row([n[3], l[3], f"{n[2]} ({l[2]}) or {n[1]} ({l[1]})", ""], P(bl, l[3], l[2], l[1]), "install-over-column"),
            D.drow([n[0], l[0], "not supported", "replace unit"], "not-supported-no-route")]
    write_csv(D.file, rows, "\t")


ALL = [m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14]
