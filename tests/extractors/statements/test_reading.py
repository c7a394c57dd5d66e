"""extractors.statements.reading: a statement taken apart by its parts.

The phrase tables are the wordings of GB smart-metering release notes and emails firpath was first
written for, then the kinds of wording vendors of other firmware use (in this file's own words: the
real statements they are modelled on are read at run time from ../shared/realtext-dev by
test_realtext.py, never copied here).
"""

from __future__ import annotations

import pytest

from extractors.statements.reading import (
    Role,
    StatedRequirement,
    mentions,
    read_listed_bases,
    read_statement,
    read_step_item,
    read_step_list,
    read_structured,
    read_version_list,
)
from firpath.domain import Relation

pytestmark = pytest.mark.unit

EXACT, MINIMUM, RANGE, UP_TO, NONE = Relation.EXACT, Relation.MINIMUM, Relation.RANGE, Relation.UP_TO, Relation.NONE


def stated(text: str) -> list[tuple[str, tuple[str, ...], Relation]]:
    return [(r.target, r.bases, r.relation) for r in read_statement(text).requirements]


# --- GB release notes and emails: one requirement each ---------------------------------------------------

# (sentence, target as written ("" = the document's own release), bases as written, relation)
POSITIVE: list[tuple[str, str, tuple[str, ...], Relation]] = [
    # only-applied-to-running
    (
        "This release shall only be applied to devices running firmware 01020005 or 01020007.",
        "", ("01020005", "01020007"), EXACT,
    ),
    (
        "Firmware 01030001 shall only be applied to devices running 01020005.",
        "01030001", ("01020005",), EXACT,
    ),
    (
        "Firmware 01030001 must only be installed on meters with firmware 01020005, 01020006 or 01020007.",
        "01030001", ("01020005", "01020006", "01020007"), EXACT,
    ),
    (
        "This update may only be loaded onto devices at version 01.02.00.05.",
        "", ("01.02.00.05",), EXACT,
    ),
    (
        "The image can only be deployed to devices running 0x0102000a and 0x0102000b.",
        "", ("0x0102000a", "0x0102000b"), EXACT,
    ),
    (
        "Version 01030001 should only be activated on devices from 01020005/01020007.",
        "01030001", ("01020005", "01020007"), EXACT,
    ),
    (
        "It shall only be installed onto meters running release 01:02:00:05.",
        "", ("01:02:00:05",), EXACT,
    ),
    (
        "Firmware version 01030001 can only be installed on devices running firmware version 01020005.",
        "01030001", ("01020005",), EXACT,
    ),
    (
        "This release shall only be applied to devices running v1.2.5 or v1.2.7.",
        "", ("v1.2.5", "v1.2.7"), EXACT,
    ),
    (
        "This release shall only be applied to devices running firmware 01020005, 01020006, or 01020007.",
        "", ("01020005", "01020006", "01020007"), EXACT,
    ),
    # first-upgraded-to
    (
        "Devices must first be upgraded to 01020005 before installing 01030001.",
        "01030001", ("01020005",), EXACT,
    ),
    (
        "Devices must first be upgraded to the intermediate release 2.1.5 before installing this release.",
        "", ("2.1.5",), EXACT,
    ),
    ("Meters shall first be updated to 01020005.", "", ("01020005",), EXACT),
    (
        "Devices should first be brought up to firmware 01020005 or 01020007.",
        "", ("01020005", "01020007"), EXACT,
    ),
    (
        "Units will need to first be upgraded to 01020005 before applying firmware 01030001.",
        "01030001", ("01020005",), EXACT,
    ),
    (
        "Meters must first be updated up to version 01020005 before loading 01030001.",
        "01030001", ("01020005",), EXACT,
    ),
    (
        "Before installing 01030001, devices must first be upgraded to 01020005.",
        "01030001", ("01020005",), EXACT,
    ),
    # minimum-required-is
    (
        "The minimum firmware version required to install this update is 01.02.00.05.",
        "", ("01.02.00.05",), MINIMUM,
    ),
    ("Minimum installed firmware version needed: 01020005.", "", ("01020005",), MINIMUM),
    (
        "The minimum base firmware version supported for applying this release is 0x01020005.",
        "", ("0x01020005",), MINIMUM,
    ),
    (
        "The minimum fw version required before installing the new firmware is 01020005.",
        "", ("01020005",), MINIMUM,
    ),
    # requires-minimum
    (
        "Firmware 01030001 requires a minimum firmware version of 01020005.",
        "01030001", ("01020005",), MINIMUM,
    ),
    ("This release requires minimum firmware 01020005.", "", ("01020005",), MINIMUM),
    ("Requires min. fw version 01.02.00.05.", "", ("01.02.00.05",), MINIMUM),
    (
        "This update requires a minimum installed firmware version of 01020005.",
        "", ("01020005",), MINIMUM,
    ),
    # or-later-installed
    ("Firmware 01020005 or later must already be installed.", "", ("01020005",), MINIMUM),
    ("Version 01020005 or higher must be running.", "", ("01020005",), MINIMUM),
    ("FW 01020005 or newer shall be installed.", "", ("01020005",), MINIMUM),
    # upgrade-from-versions
    (
        "Supported upgrade-from versions: 00010000 and 00010100.",
        "", ("00010000", "00010100"), EXACT,
    ),
    (
        "Supported upgrade from versions are 01020005, 01020006 and 01020007.",
        "", ("01020005", "01020006", "01020007"), EXACT,
    ),
    (
        "Permitted update-from versions: 01020005 / 01020007.",
        "", ("01020005", "01020007"), EXACT,
    ),
    ("Valid upgrade from version: 01020005.", "", ("01020005",), EXACT),
    (
        "Allowed upgrade-from versions 01020005 or 01020007.",
        "", ("01020005", "01020007"), EXACT,
    ),
    ("Supported upgrade-from versions: 1.2.5, 1.2.7.", "", ("1.2.5", "1.2.7"), EXACT),
    # base-must-be-installed
    ("This release requires 01020005 to be installed first.", "", ("01020005",), EXACT),
    (
        "Firmware 01030001 requires firmware 01020005 to be installed beforehand.",
        "01030001", ("01020005",), EXACT,
    ),
    (
        "The update needs version 01020005 or 01020007 to be running before it.",
        "", ("01020005", "01020007"), EXACT,
    ),
    (
        "This image requires 01020005 to be present before this release.",
        "", ("01020005",), EXACT,
    ),
    # a negated version is not a base
    (
        "This release shall only be applied to devices running 01020005 or 01020007, not 01020006.",
        "", ("01020005", "01020007"), EXACT,
    ),
    (
        "This release shall only be applied to devices running firmware 01020005 and not to devices running 01010003.",
        "", ("01020005",), EXACT,
    ),
    # a refusal below a version is a minimum
    ("This update cannot be installed on PPMIDs running firmware earlier than 01.02.00.05.", "", ("01.02.00.05",), MINIMUM),
    ("Version 3.2 will not install on meters older than 3.1.", "3.2", ("3.1",), MINIMUM),
    # "or newer" with a requirement's word and nothing else
    ("Prerequisite: firmware 1.8.0.6 or newer installed.", "", ("1.8.0.6",), MINIMUM),
    # what it goes on top of
    ("Firmware v4.2.1 may only be installed on top of v4.2.0.", "v4.2.1", ("v4.2.0",), EXACT),
    ("Version 3.2 (build 77) can only be installed on 3.1.", "3.2", ("3.1",), EXACT),
    ("Firmware 02010005 for the Bolt G2 (hardware 0001) shall only be applied to devices running 02010003.",
     "02010005", ("02010003",), EXACT),
    ("Install 01020005 before you install 01030001.", "01030001", ("01020005",), EXACT),
    # the release a requirement is for, named before its base
    ("v3.1.0 or later must be installed on the PPMID before firmware v3.1.1 can be applied.", "v3.1.1", ("v3.1.0",), MINIMUM),
    ("The hub has to run at least 02.07 ahead of the time when firmware 02.09 is applied.", "02.09", ("02.07",), MINIMUM),
    ("A PPMID must be running at least firmware 0A01000C before firmware 0A010011 is installed.", "0A010011", ("0A01000C",), MINIMUM),
    # a floor said as "must not be below X" (its "not" negates nothing); a target "when / before X is sent";
    # "can go straight to"; "must take"
    ("The PPMID must not be below 3.3 before 3.6 is applied.", "3.6", ("3.3",), MINIMUM),
    ("Hubs should not be below 0x0203000A when 0x02040000 is sent.", "0x02040000", ("0x0203000A",), MINIMUM),
    ("Units on 02.01.00.00 can go straight to 02.03.00.00.", "02.03.00.00", ("02.01.00.00",), EXACT),
    # a family whose octets are spelled with wildcards; "as a minimum" after a base; targets side by side
    ("Hubs on any 05.01.xx.xx build can be upgraded directly to 05.03.00.00.", "05.03.00.00", ("05.01.xx.xx",), EXACT),
    ("The 6.2 image needs the meter to be at 6.0.3 as a minimum.", "6.2", ("6.0.3",), MINIMUM),
    # long, hedged prose: delivered to hubs that report X (or a later build); a relative clause naming what
    # a release replaces (its history, no base); adverbs between the verb and "on"; the sentence's subject
    ("Release 4.7 can be delivered to any hub that reports 4.5 (or a later 4.x build).", "4.7", ("4.5",), MINIMUM),
    ("Version 2.9, which replaces 2.8, should only ever be applied where the meter is presently on 2.6 or 2.7.", "2.9", ("2.6", "2.7"), EXACT),
    ("Plan the 5.5 rollout only once every meter has been fully migrated to 5.3, as 5.5 relies on the tables introduced there.", "5.5", ("5.3",), EXACT),
    ("In line with earlier releases, 3.12.4 is cumulative; it has been validated only on units already operating on 3.12.2, so other bases are not recommended.", "3.12.4", ("3.12.2",), EXACT),
    ("Correction: the minimum version for 0x0309010F is 0x0309010C, not 0x0309000E.", "0x0309010F", ("0x0309010C",), MINIMUM),
    ("Minimum required firmware for 2.27: 2.25", "2.27", ("2.25",), MINIMUM),
    ("Firmware 4.6.0-338 cannot be installed on meters running firmware earlier than 4.3.2-284.", "4.6.0-338", ("4.3.2-284",), MINIMUM),
    ("Firmware R7.3 build 639 can only be installed on PPMIDs running a R7.2.x release.", "R7.3 build 639", ("R7.2.x",), EXACT),
    # no prerequisite: N/A for the release it names (or the document's own)
    ("No minimum firmware version is required for R5.4 build 405.", "R5.4 build 405", (), NONE),
    ("This release can be installed on any previous firmware version.", "", (), NONE),
    ("4.11 is the first firmware release for the G5; there is no earlier version to upgrade from.", "4.11", (), NONE),
    ("This release has no prerequisites.", "", (), NONE),
    # a labelled list of bases
    ("Upgrade from: 0x00040002, 0x00040101", "", ("0x00040002", "0x00040101"), EXACT),
    ("Upgradeable from: 00110000, 00100102", "", ("00110000", "00100102"), EXACT),
    # the first version in German and French
    ("4.0.0.2 ist die Erstversion; dafür gibt es keine Vorgängerversion.", "4.0.0.2", (), NONE),
    ("La 06010000 est la première version pour ce matériel.", "06010000", (), NONE),
    ("Unlike 2.4, 2.5 has no upgrade prerequisite: it ships as a full image.", "2.5", (), NONE),
    ("0x03000001 was the launch firmware, so there is nothing to put against it; please record it as N/A.", "0x03000001", (), NONE),
    ("0x03010000 (v3.1.0) doesn't have an upgrade prerequisite.", "0x03010000", (), NONE),
    ("As you asked, 1.0.5 was the first PPMID release, so nothing comes before it.", "1.0.5", (), NONE),
    # bases listed after "the following versions:"; a base "onwards"; "if older than X, X first" makes X a minimum
    ("An upgrade to 2.4.0 is possible from the following releases: 2.1.0, 2.2.0 and 2.3.1.", "2.4.0", ("2.1.0", "2.2.0", "2.3.1"), EXACT),
    ("Moving to 5.2 is supported from 4.8 onwards.", "5.2", ("4.8",), MINIMUM),
    # two places to be, one of which is enough: bases, not a step after a base
    ("Meters must be on 4.12 or 4.13 before this update.", "", ("4.12", "4.13"), EXACT),
    ("If the meter reports a version earlier than 01070002, load 01070002 first.", "", ("01070002",), MINIMUM),
    # no prerequisite said as a launch, factory or delivery state, or "no predecessor/precondition"
    ("0x02000100 is the launch build.", "0x02000100", (), NONE),
    ("00400010 is the factory build; it has no predecessor.", "00400010", (), NONE),
    ("The delivery state 0x00060100 has no precondition.", "0x00060100", (), NONE),
    ("No, 02.01.00.03 was the factory build, so N/A for that one.", "02.01.00.03", (), NONE),
    # "starting from X or higher" after "only permitted"; "precondition ...: installed firmware X"; "setzt mindestens X voraus"
    ("The update to 4.3.0.0 is only permitted starting from version 4.2.0.5 or higher.", "4.3.0.0", ("4.2.0.5",), MINIMUM),
    ("Precondition for update: Installed firmware version 4.3.0.0", "", ("4.3.0.0",), EXACT),
    ("Version 4.2.0.10 setzt mindestens 4.2.0.5 voraus.", "4.2.0.10", ("4.2.0.5",), MINIMUM),
    ("La 07020003 nécessite la 07020000.", "07020003", ("07020000",), EXACT),
    # "applies on", "loaded over the original X", "install over", "gets X beforehand", "fine as a base for"
    ("Hotfix; applies on v3.3.0.", "", ("v3.3.0",), EXACT),
    ("2.4.0.0 itself is loaded over the original 2.2.0.10 build.", "2.4.0.0", ("2.2.0.10",), EXACT),
    ("v5.12.6 in turn will install over v5.10.3, v5.11.0 or v5.12.0.", "v5.12.6", ("v5.10.3", "v5.11.0", "v5.12.0"), EXACT),
    ("Short answer: yes, v6.3.2 is fine as a base for v7.0.0.", "v7.0.0", ("v6.3.2",), EXACT),
    ("On HW 0004, 0B240002 is installable from 0B220004 or 0B230000.", "0B240002", ("0B220004", "0B230000"), EXACT),
    ("For the meter with hardware state 0002 the firmware 0x00070105 presupposes the state 0x00070000.", "0x00070105", ("0x00070000",), EXACT),
    # a "fixed build", a "corrected route": no fix, no history
    ("The fixed build may only be installed on meters running 5.3.0.17.", "", ("5.3.0.17",), EXACT),
    # "from A up to and including B": a range of bases, B no target
    ("Any release from 03040000 up to and including 04000000 may go directly to 04010003.", "04010003", ("03040000", "04000000"), RANGE),
    ("05.03.00.05 can be applied to any meter running a version from 05.02.00.03 up to and including 05.03.00.03.",
     "05.03.00.05", ("05.02.00.03", "05.03.00.03"), RANGE),
    # "eligible for": who may take a release; "predates": older than; "no earlier than" is a floor, not a bound
    ("Units currently running 3.4.0.0 are eligible for 3.5.0.0.", "3.5.0.0", ("3.4.0.0",), EXACT),
    ("Displays on 2.6 or 2.7 are eligible for 2.8 once the pilot ends.", "2.8", ("2.6", "2.7"), EXACT),
    ("Never send 6.2.0.0 to a hub whose firmware predates 6.0.0.0.", "6.2.0.0", ("6.0.0.0",), MINIMUM),
    ("Do not send 1.8.0 to any meter below 1.6.5.", "1.8.0", ("1.6.5",), MINIMUM),
    ("Installed firmware should be no earlier than 0x04010000 when 0x04030002 is distributed.", "0x04030002", ("0x04010000",), MINIMUM),
    ("The meter must be no earlier than 5.1.0.0 for 5.3.0.0.", "5.3.0.0", ("5.1.0.0",), MINIMUM),
    ("Prerequisite: 4.1.0.2 or any subsequent release.", "", ("4.1.0.2",), MINIMUM),
    ("Upgrade path: N/A, 7.0.0.0 may be applied irrespective of the installed version.", "7.0.0.0", (), NONE),
    ("2.9.0.0 can be loaded regardless of the firmware currently installed.", "2.9.0.0", (), NONE),
    ("This delta image is built against 6.3.0.1 and is rejected on any other base.", "", ("6.3.0.1",), EXACT),
]


@pytest.mark.parametrize(("sentence", "target", "bases", "relation"), POSITIVE)
def test_each_wording_states_its_requirement(sentence: str, target: str, bases: tuple[str, ...], relation: Relation) -> None:
    assert stated(sentence) == [(target, bases, relation)]


CHAINS: list[tuple[str, list[tuple[str, tuple[str, ...]]]]] = [
    ("Upgrade path: 01000005 -> 01010003 -> 01020000", [("01010003", ("01000005",)), ("01020000", ("01010003",))]),
    ("Upgrade path: 01000005 -> 01010003 -> 01020000.", [("01010003", ("01000005",)), ("01020000", ("01010003",))]),
    ("Upgrade path: 01000005 \u2192 01010003 \u2192 01020000", [("01010003", ("01000005",)), ("01020000", ("01010003",))]),
    ("Upgrade Path: 01000005\u219201010003", [("01010003", ("01000005",))]),
    ("Upgrade path: 01000005 => 01010003", [("01010003", ("01000005",))]),
    ("Upgrade path: 01000005 then 01010003 then 01020000", [("01010003", ("01000005",)), ("01020000", ("01010003",))]),
    ("Upgrade path: 01000005 to 01010003", [("01010003", ("01000005",))]),
    ("Upgrade path: 01.00.00.05 > 01.01.00.03", [("01.01.00.03", ("01.00.00.05",))]),
    ("Upgrade path \u2013 01000005 -> 01010003", [("01010003", ("01000005",))]),
    ("02010004 >> 02020000 >> 02030001", [("02020000", ("02010004",)), ("02030001", ("02020000",))]),
    ("v1.9.2 (00010902) or v2.0.0 (00020000) -> v2.1.0", [("v2.1.0", ("v1.9.2", "v2.0.0"))]),  # alternatives, each with its CPL form
    ("The corrected route for those meters is 00050200 -> 00050301 -> 00060000.", [("00050301", ("00050200",)), ("00060000", ("00050301",))]),
    # an arrow pointing back: what goes on what
    ("v2.3.0 (00020300)  <- v2.2.0 (00020200)", [("v2.3.0", ("v2.2.0",))]),
    ("v3.0.0 (00030000)  <- v2.3.0 / v2.3.2", [("v3.0.0", ("v2.3.0", "v2.3.2"))]),
    ("v2.3.0 (00020300); <- v2.2.0 (00020200)", [("v2.3.0", ("v2.2.0",))]),  # as a table's cells are joined
    ("Recommended upgrade path: 1.0.5 -> 1.1.3", [("1.1.3", ("1.0.5",))]),
    ("Upgrade path: v1.0.5 -> v1.1.3 -> v1.2.0", [("v1.1.3", ("v1.0.5",)), ("v1.2.0", ("v1.1.3",))]),
    # three or more versions one "to" after another
    ("On 2.x still? Take 2.x to 2.7 to 3.4.1 to 2021.04 LTS and on to anything newer",
     [("2.7", ("2.x",)), ("3.4.1", ("2.7",)), ("2021.04", ("3.4.1",))]),
]



@pytest.mark.parametrize(("line", "steps"), CHAINS)
def test_an_upgrade_path_line_states_one_exact_requirement_a_step(line: str, steps: list[tuple[str, tuple[str, ...]]]) -> None:
    assert stated(line) == [(target, bases, EXACT) for target, bases in steps]


# --- paths: a base, steps and a target in one statement ----------------------------------------------------

PATHS: list[tuple[str, list[tuple[str, tuple[str, ...], Relation]]]] = [
    # a device on A told to go to B first: B goes on A, and the release on B
    (
        "Devices running 01020005 must first be upgraded to 01020007 before installing 01030001.",
        [("01020007", ("01020005",), EXACT), ("01030001", ("01020007",), EXACT)],
    ),
    # direct upgrade from A is not supported, go via B: B on A, the release on B
    (
        "Upgrade from 01000005 is not supported; devices must first be upgraded to 01010003.",
        [("01010003", ("01000005",), EXACT), ("", ("01010003",), EXACT)],
    ),
    ("Before upgrading to 7.0, upgrade the cluster to the latest 6.2 release.", [("7.0", ("6.2",), EXACT)]),
    # "X or earlier must first go to S": every release up to X, S on each of them (the last step then the
    # document's own release's base)
    (
        "Meters on 02.03.00.05 or earlier must first be upgraded to 03.00.00.01.",
        [("03.00.00.01", ("02.03.00.05",), UP_TO), ("", ("03.00.00.01",), EXACT)],
    ),
    (
        "If the hub is still on 4A000305 or older, apply 4A010000 first and wait for the activation alert.",
        [("4A010000", ("4A000305",), UP_TO), ("", ("4A010000",), EXACT)],
    ),
    # "need the intermediate S loaded beforehand", "stop at S on the way", a refusal said with "isn't"
    (
        "Units on 3.0.0.8 or 3.1.0.0 need the intermediate 3.2.0.4 build loaded beforehand.",
        [("3.2.0.4", ("3.0.0.8", "3.1.0.0"), EXACT), ("", ("3.2.0.4",), EXACT)],
    ),
    (
        "Skipping from v4.4.1 straight to v4.10.0 isn't supported - stop at v4.6.0 on the way.",
        [("v4.6.0", ("v4.4.1",), EXACT), ("v4.10.0", ("v4.6.0",), EXACT)],
    ),
    # a version as the subject of "go onto": it is what goes on the other
    ("Note 0x00070004 can go straight onto 0x00060020, no need to pass through 0x00070000.", [("0x00070004", ("0x00060020",), EXACT)]),
    ("00420001 goes onto displays reporting 00410000 - nothing else.", [("00420001", ("00410000",), EXACT)]),
    ("Anything on 00400020 gets 00410000 beforehand.", [("00410000", ("00400020",), EXACT), ("", ("00410000",), EXACT)]),
    # a situation of several versions, all of them the base of the first step; "and then apply"
    (
        "If your hubs are still on 5.1.0 or 5.2.0, bring them to 5.3.0 first and then apply 6.0.0.",
        [("5.3.0", ("5.1.0", "5.2.0"), EXACT), ("6.0.0", ("5.3.0",), EXACT)],
    ),
    # eligibility: who may take it, and who may not; a bracket naming the same release in the CPL's form
    (
        "Meters currently running 03.01.00.00 are eligible for 03.02.00.00; meters on 03.00.00.00 are not.",
        [("03.02.00.00", ("03.01.00.00",), EXACT)],
    ),
    ("Units on R2.1 (02010004) or R2.2 (02020001) are eligible for R2.3 (02030000).", [("R2.3", ("R2.1", "R2.2"), EXACT)]),
    ("Displays on 2.2 (build 4) or 2.3 (build 9) can take 2.4 (build 12) directly.", [("2.4", ("2.2", "2.3"), EXACT)]),
    ("When moving to release 9 and later you must first install 8.4.", [("9", ("8.4",), EXACT)]),
    (
        "If you are on 5.1, you must first upgrade to 6.0 before you can upgrade to 7.0.",
        [("6.0", ("5.1",), EXACT), ("7.0", ("6.0",), EXACT)],
    ),
    ("Install 3.2.0 first, then 3.4.1, and then 3.5.0.", [("3.4.1", ("3.2.0",), EXACT), ("3.5.0", ("3.4.1",), EXACT)]),
    ("After 2.0.0.0 is installed, you can upgrade to 2.0.0.1 and then to 2.0.0.3.",
     [("2.0.0.1", ("2.0.0.0",), EXACT), ("2.0.0.3", ("2.0.0.1",), EXACT)]),
    ("Release 4.2 can only be installed from 3.9.", [("4.2", ("3.9",), EXACT)]),
    # what must be in place before a release goes on is a floor (the issue: "must be running X before")
    ("Version 4.1.0 is required before upgrading to 4.1.2.", [("4.1.2", ("4.1.0",), MINIMUM)]),
    ("Meters must be running 2.3 before installing 2.6.", [("2.6", ("2.3",), MINIMUM)]),
    ("You need 5.1 installed before you can install 5.4.", [("5.4", ("5.1",), MINIMUM)]),
    ("Nodes must be on version 2.1 or higher before upgrading to 4.0.", [("4.0", ("2.1",), MINIMUM)]),
    ("The minimum required version for upgrades to 5.x is 4.19.0.", [("5.x", ("4.19.0",), MINIMUM)]),
    ("To upgrade to 8.0, you must be running a 7.4-series release.", [("8.0", ("7.4-series",), EXACT)]),
    ("Only an upgrade from 18.02 and later is supported.", [("", ("18.02",), MINIMUM)]),
    ("We do not support a direct upgrade from 3.6 to 5.x; upgrade to 4.0 first.", [("4.0", ("3.6",), EXACT), ("5.x", ("4.0",), EXACT)]),
    ("Require OS 12.2 before moving to OS 13.x", [("13.x", ("12.2",), MINIMUM)]),
    ("The vendor makes 1.8.3 a mandatory update before 1.9.0.", [("1.9.0", ("1.8.3",), MINIMUM)]),
    # ... but a release to go to first is a step: that one release
    ("Devices must first be upgraded to 3.1 before installing 3.4.", [("3.4", ("3.1",), EXACT)]),
    ("Upgrade to 6.1 before installing 6.3.", [("6.3", ("6.1",), EXACT)]),
    # a minimum beside a target the sentence moves to directly
    ("In any other case (7.2+), you can upgrade to 9.0 directly.", [("9.0", ("7.2",), MINIMUM)]),
    ("Everything else (8.4.1+) can be moved to the latest release directly.", [("latest", ("8.4.1",), MINIMUM)]),
    # two products' paths in one sentence, each read on its own (one product's compatibility the reason)
    ("To move to Hubcore 4.2 for Gridlink 9 compatibility, you must be running Hubcore 4.0+ with Gridlink 8.1.",
     [("4.2", ("4.0",), MINIMUM)]),
    ("To move to Hubcore 4.2 for Gridlink 9.2 compatibility, you must be running Hubcore 4.0+ with Gridlink 8.1.",
     [("4.2", ("4.0",), MINIMUM), ("9.2", ("8.1",), EXACT)]),
    # once a release is on, the next may go on it
    ("Once the hub has 4.1.7 loaded, update it to 4.3.", [("4.3", ("4.1.7",), EXACT)]),
    ("After 6.0.2 is installed, meters can be upgraded to 6.2.", [("6.2", ("6.0.2",), EXACT)]),
    # a release that "supports upgrading from" names its own base
    ("Gridlink 7.0.2 supports updating from Gridlink 6.1 or later.", [("7.0.2", ("6.1",), MINIMUM)]),
    ("The hub supports a direct update from 3.2, 3.4 and 4.0.", [("", ("3.2", "3.4", "4.0"), EXACT)]),
    # a condition without its comma ends where the main clause starts
    ("If you are on 2.10.0 you need to be on 2.40.1 before updating to v4.", [("v4", ("2.40.1",), MINIMUM)]),
    # steps in a chain before the target stay single releases ("need" and "before" notwithstanding)
    ("If a site runs 1.2.2, it needs to go to release 1.2.8, and then release 2.4.11 before it can take 3.0.",
     [("1.2.8", ("1.2.2",), EXACT), ("2.4.11", ("1.2.8",), EXACT), ("3.0", ("2.4.11",), EXACT)]),
    # ... also when the release it all leads to is only "this version"
    ("If a site runs 1.2.2, it needs to go to release 1.2.8, and then release 2.4.11 before it can take this one.",
     [("1.2.8", ("1.2.2",), EXACT), ("2.4.11", ("1.2.8",), EXACT), ("", ("2.4.11",), EXACT)]),
    # a route dated by the release it starts with; a release that drops a route from below a version
    ("Starting from V9, meters can be updated directly from any V7+ release.", [("V9", ("V7",), MINIMUM)]),
    ("With this release we drop support for direct upgrades from anything before v3.1.0.", [("", ("v3.1.0",), MINIMUM)]),
    # "... then on to the current version": the document's own release
    ("To move a hub from release 4.1.0, first put it on 4.1.1 (settings survive), then on to the current version.",
     [("4.1.1", ("4.1.0",), EXACT), ("", ("4.1.1",), EXACT)]),
    # who must go to X first, said without "if": X is a floor for the release
    ("Any meter that is older than 3.4.0 needs an interim update to 3.4.0 before this release is installed.",
     [("", ("3.4.0",), MINIMUM)]),
    ("Every unit earlier than 7.26 must first be brought to 7.26.", [("", ("7.26",), MINIMUM)]),
    # wordings of my own that the rules first missed
    ("This image is only compatible with units currently running 3.1.2 or newer.", [("", ("3.1.2",), MINIMUM)]),
    ("Only apply 5.0.0 to hubs that have been updated to 4.8.3.", [("5.0.0", ("4.8.3",), EXACT)]),
    ("You will need 2.2.0 installed prior to applying this patch.", [("", ("2.2.0",), MINIMUM)]),
    ("Base version required: 1.4.7 (minimum).", [("", ("1.4.7",), MINIMUM)]),
    ("Applicable to devices on firmware 0x01020005 through 0x01020009.", [("", ("0x01020005", "0x01020009"), RANGE)]),
    ("Upgrading straight from 6.1 is not possible - go via 6.3.", [("6.3", ("6.1",), EXACT), ("", ("6.3",), EXACT)]),
    ("7.2 is a mandatory intermediate release before 7.5.", [("7.5", ("7.2",), EXACT)]),
    # a version labelling where a line starts ("A: straight to B"), a refusal's subject and ", first S is needed"
    ("0x02010007: straight to 0x02020000", [("0x02020000", ("0x02010007",), EXACT)]),
    ("0x02010003 and 0x02010004: go to 0x02010007 first", [("0x02010007", ("0x02010003", "0x02010004"), EXACT), ("", ("0x02010007",), EXACT)]),
    ("0x02010007: either 0x02010009 or directly 0x02020000", [("0x02010009", ("0x02010007",), EXACT), ("0x02020000", ("0x02010007",), EXACT)]),
    ("Note: V2.0.4 can not be updated direct to V2.2.0, first V2.1.1 is needed.", [("V2.1.1", ("V2.0.4",), EXACT), ("V2.2.0", ("V2.1.1",), EXACT)]),
    ("In short: 3.2.1 only goes onto displays already running 3.2.", [("3.2.1", ("3.2",), EXACT)]),
    ("3.1 and 3.2 may only be loaded onto units already on 3.0 or later.", [("3.1", ("3.0",), MINIMUM), ("3.2", ("3.0",), MINIMUM)]),
    ("Any 2.1.x unit must first be moved to 2.2.0.", [("2.2.0", ("2.1.x",), EXACT), ("", ("2.2.0",), EXACT)]),
    ("Meters on 2.0 must take 2.1, then 2.3, and only then 2.4.", [("2.1", ("2.0",), EXACT), ("2.3", ("2.1",), EXACT), ("2.4", ("2.3",), EXACT)]),
    ("Moving a PPMID directly from 1.1.0 to 1.4.0 is not possible; an interim update to 1.2.0 is required.",
     [("1.2.0", ("1.1.0",), EXACT), ("1.4.0", ("1.2.0",), EXACT)]),
    ("Suitable for meters with firmware at revision 3.2.0 or above.", [("", ("3.2.0",), MINIMUM)]),
    ("Firmware 4.2 supersedes 4.1 and may be installed over 4.0 or 4.1.", [("4.2", ("4.0", "4.1"), EXACT)]),
    ("We can confirm that 03.10 can be applied to any meter already on 03.04 or above.", [("03.10", ("03.04",), MINIMUM)]),
    ("Please ensure your estate is on v2.7.1 prior to deploying v3.0.", [("v3.0", ("v2.7.1",), MINIMUM)]),
    ("Firmware 1.9.4 - prerequisite firmware: 1.8.2", [("1.9.4", ("1.8.2",), EXACT)]),
    ("Any meter below 1.6 has to go to 1.6 before it can take 2.0.", [("2.0", ("1.6",), MINIMUM)]),
    ("v4.2 is the minimum starting point for this update.", [("", ("v4.2",), MINIMUM)]),
    ("Going from 3.0 to 3.4 requires 3.2 in between.", [("3.2", ("3.0",), EXACT), ("3.4", ("3.2",), EXACT)]),
    ("To reach 6.0, meters on 5.0 or 5.1 take 5.5 first.", [("5.5", ("5.0", "5.1"), EXACT), ("6.0", ("5.5",), EXACT)]),
    ("Target 2.3.0: the supported source version is 2.1.4.", [("2.3.0", ("2.1.4",), EXACT)]),
    ("Devices should be on either 1.1.4 or 1.1.6 before the 1.2 update.", [("1.2", ("1.1.4", "1.1.6"), EXACT)]),
    ("Meters must not be upgraded to 5.1 unless they are running 4.9.2.", [("5.1", ("4.9.2",), EXACT)]),
    # a main clause after a negated relative clause is not negated; a maintenance-release suffix is the version's
    ("Where a unit can't go straight to 9.x, you can install 8.5 MR2 (or later) first and then 9.x.",
     [("9.x", ("8.5 MR2",), MINIMUM)]),
    ("Hubs may move to 9.x from 8.5 MR2 and later releases.", [("9.x", ("8.5 MR2",), MINIMUM)]),
    # an aside between a version and what follows it is read past
    ("A meter below 2.4.0 needs 2.4.0 or later (the .tar image) installed before it can take this release.",
     [("", ("2.4.0",), MINIMUM)]),
    # a route advised against, or refused, states nothing
    ("Going straight from 5.x to 6.1 is not recommended.", []),
    ("An update from 12.3 to 12.4 will be refused by the head end.", []),
    # a bare major with its product before "will require"
    ("Hubcore 5 will require that you are starting from 4.2.7+.", [("5", ("4.2.7",), MINIMUM)]),
    # a bare major named with its product after "to" and "through"
    ("To get to Confluence 9 you must go through Confluence 8", [("9", ("8",), EXACT)]),
    ("If you are on 3.0.x: Upgrade to 5.0.x", [("5.0.x", ("3.0.x",), EXACT)]),
    ("Devices should first be brought up to firmware 01020005 or 01020007.", [("", ("01020005", "01020007"), EXACT)]),
    ("Devices on v3.0.2 must first go to v3.1.0.", [("v3.1.0", ("v3.0.2",), EXACT), ("", ("v3.1.0",), EXACT)]),
    ("Meters still on 2.25 need 2.27 first.", [("2.27", ("2.25",), EXACT), ("", ("2.27",), EXACT)]),
    ("All meters go from 2.1 to 2.4.x first, then 2.6.x.", [("2.4.x", ("2.1",), EXACT), ("2.6.x", ("2.4.x",), EXACT)]),
    # a refusal dated by the release it starts with
    ("As of 3.1, upgrades from releases older than 2.8 are not supported.", [("3.1", ("2.8",), MINIMUM)]),
    ("Starting with 02010000, an upgrade from firmware older than 01090000 will fail.", [("02010000", ("01090000",), MINIMUM)]),
    # a base named as one of the releases below a bound the sentence starts from
    ("From releases older than 3.2.x, including 3.1.x: go to 3.2.x first, then to 4.0.",
     [("3.2.x", ("3.1.x",), EXACT), ("4.0", ("3.2.x",), EXACT)]),
    # what is upgraded, listed before where it goes
    ("You can upgrade Hub 5.5.x and Hub 6.0.x units directly to Hub 6.5.", [("6.5", ("5.5.x",), EXACT), ("6.5", ("6.0.x",), EXACT)]),
    # the target a negated direct route names is where the step leads; a vendor's build number is one version
    ("Direct upgrade from R5.6 build 581 to R5.7 build 628 is not supported; upgrade to R5.7 build 602 first.",
     [("R5.7 build 602", ("R5.6 build 581",), EXACT), ("R5.7 build 628", ("R5.7 build 602",), EXACT)]),
    # steps joined by "and" are both taken, in turn; by "or", either
    ("From 3.1.0.5: via 3.2.0.1 and 3.3.0.0.", [("3.2.0.1", ("3.1.0.5",), EXACT), ("3.3.0.0", ("3.2.0.1",), EXACT), ("", ("3.3.0.0",), EXACT)]),
    ("Meters must first go to 3.2 or 3.3, then to 3.5.", [("3.5", ("3.2", "3.3"), EXACT)]),
    # ", and" before a version that a verb follows: two statements in one sentence
    ("Put simply: 4.1.0.2 needs 4.1.0.0 loaded first, and 4.0.3.0 goes only onto 4.0.0.1.",
     [("4.1.0.2", ("4.1.0.0",), EXACT), ("4.0.3.0", ("4.0.0.1",), EXACT)]),
    ("Upgrades from 1.0, 1.1, and 1.2 to 2.0 are supported.", [("2.0", ("1.0", "1.1", "1.2"), EXACT)]),
    # clauses after a semicolon that one path cannot take in: each read alone
    ("In English: 4.1.0.15 from 4.1.0.0 onwards; 4.2.0.0 at least 4.1.0.0.", [("4.1.0.15", ("4.1.0.0",), MINIMUM), ("4.2.0.0", ("4.1.0.0",), MINIMUM)]),
    ("Put simply: v1.4.0 can only be installed from v1.3.2; v1.3.2 goes on top of v1.3.0 or v1.2.0.",
     [("v1.4.0", ("v1.3.2",), EXACT), ("v1.3.2", ("v1.3.0", "v1.2.0"), EXACT)]),
    # other languages' "only on", "requires", "beforehand", "prerequisite" (de, it, fr)
    ("Die Version 0x20010000 darf nur auf Geräte mit 0x20000100 aufgespielt werden.", [("0x20010000", ("0x20000100",), EXACT)]),
    ("Für 0x20000100 ist 0x20000005 Voraussetzung.", [("0x20000100", ("0x20000005",), EXACT)]),
    ("la versione 00420001 si installa solo su display che hanno già la 00420000;", [("00420001", ("00420000",), EXACT)]),
    ("la 00420000 richiede la 00410000 come versione di partenza;", [("00420000", ("00410000",), EXACT)]),
    ("La version 03.00.01.03 ne peut être chargée que sur un compteur équipé de la 03.00.00.01.", [("03.00.01.03", ("03.00.00.01",), EXACT)]),
    ("Pour passer en 03.01.00.00, le compteur doit au préalable être en 03.00.01.03.", [("03.01.00.00", ("03.00.01.03",), EXACT)]),
    ("Likewise 02.02.00.00 was qualified from 02.01.00.04 and, to the best of my knowledge, nothing else.", [("02.02.00.00", ("02.01.00.04",), EXACT)]),
    # where a release is reached from, and the starting points for it
    ("02.01.00.04 is reached from 02.01.00.00 or 02.00.01.03.", [("02.01.00.04", ("02.01.00.00", "02.00.01.03"), EXACT)]),
    ("Both 1.1.0.10 and 1.1.0.20 are valid starting points for 1.2.0.0.", [("1.2.0.0", ("1.1.0.10", "1.1.0.20"), EXACT)]),
    # "at minimum" after the base; a range of bases whose ends carry their build numbers
    ("R8.4 needs R8.2 at minimum.", [("R8.4", ("R8.2",), MINIMUM)]),
    ("Any release from 2.1 (build 1) up to and including 2.3 (build 3) may go directly to 2.4 (build 16).", [("2.4", ("2.1", "2.3"), Relation.RANGE)]),
    # a numbered clause: its number is no version
    ("3.1 A meter must be on 3.2.0.5 or a later release before 3.3.0.2 may be applied.", [("3.3.0.2", ("3.2.0.5",), MINIMUM)]),
    ("The software 05020000 in its turn is installable on meters which have the 05010200.", [("05020000", ("05010200",), EXACT)]),
    # a relative clause says what the version before it needs
    ("4.2.0.0 in turn needs 4.1.0.3, which is installed over 4.1.0.0.", [("4.2.0.0", ("4.1.0.3",), EXACT), ("4.1.0.3", ("4.1.0.0",), EXACT)]),
    # a base added after the clause
    ("Short answer: yes, v4.3.2 is fine as a base for v5.0.0, and so is v4.3.1.", [("v5.0.0", ("v4.3.2", "v4.3.1"), EXACT)]),
    # a procedure's check before it installs
    ("1. Check the hub reports 1A010000 or 1A010101 (GetFirmwareVersion).", [("", ("1A010000", "1A010101"), EXACT)]),
    ("4. Confirm version 1A020000 in the next response.", []),
    # German "ab": from that release on
    ("Die 4.1.0.15 kann ab 4.1.0.0 eingespielt werden.", [("4.1.0.15", ("4.1.0.0",), MINIMUM)]),
]


@pytest.mark.parametrize(("text", "expected"), PATHS)
def test_a_path_gives_one_requirement_a_step(text: str, expected: list[tuple[str, tuple[str, ...], Relation]]) -> None:
    assert stated(text) == expected


FROM_TO: list[tuple[str, list[tuple[str, tuple[str, ...], Relation]]]] = [
    ("You can upgrade from Release 12.0 to Release 12.4.", [("12.4", ("12.0",), EXACT)]),
    ("An upgrade is supported from 7.6 to 7.7.", [("7.7", ("7.6",), EXACT)]),
    ("Sysupgrade can be used to upgrade a device from 20.04 to 21.02.", [("21.02", ("20.04",), EXACT)]),
    ("Direct upgrade to 7.0.x is possible from 6.4.x, 6.2.x and 6.0.x.",
     [("7.0.x", ("6.4.x",), EXACT), ("7.0.x", ("6.2.x",), EXACT), ("7.0.x", ("6.0.x",), EXACT)]),
    ("Upgrading to 5.1.0 from any version 4.2.x through 4.9.x", [("5.1.0", ("4.2.x", "4.9.x"), RANGE)]),
    ("first from 9.2 to 9.6, and then from 9.6 to 9.9.1", [("9.6", ("9.2",), EXACT), ("9.9.1", ("9.6",), EXACT)]),
    # a condition introduces the steps; the colon ends it
    ("If a meter runs 2.1 and needs 2.9, two installs are required: first from 2.1 to 2.5, and then from 2.5 to 2.9.",
     [("2.5", ("2.1",), EXACT), ("2.9", ("2.5",), EXACT)]),
]


@pytest.mark.parametrize(("text", "expected"), FROM_TO)
def test_an_asserted_upgrade_from_a_to_b(text: str, expected: list[tuple[str, tuple[str, ...], Relation]]) -> None:
    assert stated(text) == expected


# --- decoys: versions mentioned, no requirement stated --------------------------------------------------

DECOYS = [
    # out of the note's scope, ask the maker: no route stated
    "Meters on 01.01.00.04, of which few remain, are outside the scope of this note; please contact Acme technical support before planning any upgrade for them.",
    # an optional step is no requirement
    "Note the v4.2.0 -> v4.2.2 step is optional, v4.2.2 only adds Welsh display strings.",
    # the first version with a feature is no first release
    "La v1.3.0 (01030000) fue la primera versión con soporte de tarifas TOU.",
    # a known issue's history: where it was first seen is no base
    "QK-91 first seen on 1A010101; not present in 1A000305.",
    # advice to keep up to date, whatever the plans for a release, is no route to it
    "Acme strongly advises that meters on R7.2 are brought up to date before the winter peak, whatever your plans for R8.0.",
    "Please note: the update from 6.1.0 direct to 6.2.0 is technically blocked by the meter.",  # an adverb in a refusal
    # what to do once updated ("re-pair it after updating"), however the versions are named around it
    "The storage layout differs a lot from v4.XX to v5.02, so you need to re-add the node after updating.",
    # going back, a known issue: versions in order, but no upgrade
    "Rolling back from 3.1 to 3.0 is possible for 30 days.",
    "Known issue in 8.2: the display may flicker after 8.1 devices reboot.",
    # refused from a version and everything below it: the floor is above it, and no written version says where
    "Moving to 4.2+ from 4.1 or earlier cannot be done; set up a fresh appliance instead.",
    "After a hub reaches v9 MR1 or later, further updates need an active licence.",
    "v2.0.1 - works with application version v3.1 or newer",
    # how an update is done, another product's version, a route that does not exist
    "Units on 2.0 or later can be updated via the web UI; earlier units need the USB cable.",
    "Firmware 3.4 must be installed with the desktop tool; units on 3.2 need a cable.",
    "Requires app version 3.2 or later on the phone.",
    "There is no upgrade from 7.1 to 7.2 on this platform; redeploy the appliance instead.",
    "The compressed image format is only supported from release 3.4.0 onwards.",  # a feature's minimum
    "Newer boards carry hardware revisions that need firmware 2.1.0.19 or higher.",  # the hardware's minimum
    # version histories
    "Version 1.2.0 (01020000) fixed the display defect; this release fixes the load-limit alarm.",
    "Release 2.1.5 (02010005) improved gas valve diagnostics.",
    "Version history: 01000005, 01010003, 01020000.",
    "Firmware 01030001 was released on 20240212.",
    "This release supersedes 01020007.",
    "02.00.00.00 was the launch firmware and was never shipped beyond the trial.",  # history, not an N/A answer
    "With 0x00040000 the monthly billing view was not yet possible.",  # a feature's history
    "R9.0 is the first release of the new platform generation and changes the memory layout.",  # first of a line, not N/A
    "The firmware 0x00080000 is the first firmware of the generation 8 for this meter.",
    "This release replaces 01020005 and 01020007; both are withdrawn.",
    # defects fixed
    "Fixed an issue where devices running 01010003 could lose the tariff after a power cut.",
    "Fixed an issue where devices running 01.01.00.03 reported a wrong tamper state.",
    "Devices running 01020005 report the wrong time.",
    # minimum hardware versions
    "The minimum hardware version required to install this update is 0002.",
    "Minimum hardware version: 0001.",
    "Requires a minimum hardware version of 00000002.",
    "This release shall only be applied to devices with hardware version 00000002.",
    # GBCS / SMETS / zigbee stack versions
    "Requires GBCS v2.0 or later.",
    "Requires GBCS v3.2 or later on the Communications Hub.",
    "Requires SMETS2 version 4.0 or later.",
    "The minimum GBCS version required is 3.2.",
    "Requires GBCS version 02000000 to be installed first.",
    "Zigbee stack version 01020005 or later must be installed.",
    "Requires zigbee stack version 01020005 to be installed first.",
    "The minimum zigbee stack version required is 01020005.",
    "Bootloader version 01000002 or later must be installed.",
    # orderings and warnings that name no base
    "Do not install 01030001 on devices running 01000005.",
    "Upgrading from 01000005 directly to 01030001 is not supported.",
    "Devices on older firmware must be brought up to one of those releases first.",
    "Devices shipped before 2022 follow the path above before any later release.",
    "Applying this release out of order can leave the valve closed.",
]



OTHER_DECOYS = [
    # advice to keep up to date, whatever the plans for a release, is no route to it
    "Acme strongly advises that meters on R7.2 are brought up to date before the winter peak, whatever your plans for R8.0.",
    # going back, a known issue: versions in order, but no upgrade
    "Rolling back from 3.1 to 3.0 is possible for 30 days.",
    "Known issue in 8.2: the display may flicker after 8.1 devices reboot.",
    # a negated route names no base
    "You cannot directly upgrade from 10.3 to 11.4.",
    "Going from 13->15 will not work.",
    "Do not upgrade from 2.0.x to 3.0.x.",
    # a condition without a route
    "If you're upgrading from 9.2.x to 10.1.1 and want to keep your settings, you must perform a direct upgrade.",
    "If the current version is v1.0.18 and it should be updated to v1.0.19, only the boot section should be flashed.",
    # history, questions, fixes, compatibility
    "I went from 2.5 to 3.0 and then 3.7 with no issue.",
    "v2.1.3 -> v2.1.4 (success) -> v2.2.0 (fail)",
    "Can I upgrade from 20190911 to 20200606 directly, or should I go through 2.1 first?",
    "The scripts only work with version 7.4-13 or later.",
    "Upgrading is unsafe from 16.2.0 through 16.2.6.",
    # a recommendation with no base
    "Users should upgrade to 3.9.6.3 firmware or later as soon as possible.",
    # a refusal that is a fault, not a prerequisite; a path that does not exist; a first that is not a release's
    "Devices running firmware earlier than 1.2 may show the wrong tariff.",
    "Devices running firmware earlier than 1.2, including 1.1, may show the wrong tariff after an upgrade.",
    "As of 2.0, the tariff screen is on by default.",
    # "to B ... from A" never reaches across a colon into a condition
    "Moving to 5.2.0 is possible from any older release: if moving from 4.1 or below, two restarts are needed.",
    "Upgrading to 5.2.0 is possible: if upgrading from 4.1 or below, two restarts are needed.",
    "An upgrade from firmware older than 1.2 fails when the battery is low.",
    "Meters running 2.1 cannot upgrade to this release over the air; use the local port.",
    "There is no upgrade path from 1.x to 2.0.",
    "An upgrade from 2.1 to 2.5 is not officially supported.",
    "This is the first release to support time-of-use tariffs.",
    "No minimum DCC release is required.",
    # a migration from one product to another: no device's path
    "Sites can migrate from Elara 4.2 through Elara 4.9 to Orion 1.0 in a weekend.",
    "The tool moves data from Elara Gateway 4.2 through Elara Gateway 4.9 to Orion Gateway 1.0.",
    # a title run into the heading under it
    "AM-E200 (hardware 0001) firmware 01.03.00.01 - release notice Before you install",
]


@pytest.mark.parametrize("sentence", DECOYS + OTHER_DECOYS)
def test_a_decoy_states_nothing(sentence: str) -> None:
    assert read_statement(sentence).requirements == ()


# --- parts --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("must be running 6.2 before upgrading to 7.0", {"6.2": Role.BASE, "7.0": Role.TARGET}),
        ("if you are running 9.3 and want to upgrade to 9.7", {"9.3": Role.SCENARIO_BASE, "9.7": Role.SCENARIO_TARGET}),
        ("versions earlier than 3.3.x", {"3.3.x": Role.BOUND}),
        ("2.0.4 or earlier", {"2.0.4": Role.BOUND}),
        ("you must first upgrade to 4.4", {"4.4": Role.STEP}),
        ("via 10.0.5.x", {"10.0.5.x": Role.STEP}),
        ("the minimum hardware version is 1.2", {"1.2": Role.NONE}),
        ("requires GBCS v2.0 or later", {"v2.0": Role.NONE}),
    ],
)
def test_each_version_gets_its_role_from_the_words_around_it(text: str, roles: dict[str, Role]) -> None:
    assert {m.text: m.role for m in mentions(text)} == roles


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("upgrade to Ceph 17.2 before", {"17.2": "Ceph"}),
        ("must be running Splunk UBA 5.4.2", {"5.4.2": "Splunk UBA"}),
        ("Upgrading to 3.4.0 from 2.8", {"3.4.0": "", "2.8": ""}),  # a sentence's first word is no product
        ("8.9 LTA > 9.9 LTA", {"8.9": "", "9.9": ""}),
        ("firmware 01020005", {"01020005": ""}),
        ("on PPMIDs running 2.25 and IHDs on 4.1", {"2.25": "", "4.1": ""}),  # a kind of device names no product
        ("Valid upgrade from versions are 06030001.", {"06030001": ""}),  # a product is named next to its version
        ("versions of Gridlink older than 4.0", {"4.0": "Gridlink"}),
        ("v2.10.0 (00020A00) -> v3.0.2", {"v2.10.0": "", "v3.0.2": ""}),  # the letters inside a hex form name nothing
        ("Yes - 03.02.01.00 needs 03.02.00.05 on the meter first.", {"03.02.01.00": "", "03.02.00.05": ""}),
    ("Heron R2 (00200200) requires Heron (00200001)", {"00200200": "", "00200001": ""}),  # a bracket after a release's name
    ],
)
def test_product_words_before_a_version_are_kept_for_mapping(text: str, named: dict[str, str]) -> None:
    assert {m.text: m.named_with for m in mentions(text)} == named


@pytest.mark.parametrize(
    ("text", "bare"),
    [("The Kestrel Hub 3 needs 01030306 loaded before 01030400.", ["01030306", "01030400"]),  # beside CPL forms, a model's number
     ("from 13 to 14", ["13", "14"]), ("13->14->15.", ["13", "14", "15"]), ("Drupal 8 to Drupal 9.2.x", ["8", "9.2.x"]),
     ("takes 10 to 20 minutes", []), ("released 3 March, 2024", [])],
)
def test_bare_numbers_are_versions_only_where_the_words_say_so(text: str, bare: list[str]) -> None:
    assert [m.text for m in mentions(text)] == bare


@pytest.mark.parametrize(
    ("text", "target", "through", "and_later"),
    [
        ("Firmware 4.2.0 - 4.5.0 may only be applied to units already running 3.9.0 or newer.", "4.2.0", "4.5.0", False),
        ("Firmware 4.5.0 \u2013 4.2.0 may only be applied to units already running 3.9.0 or newer.", "4.2.0", "4.5.0", False),
        ("Releases 6.1 through 6.4 can be installed only on hubs with 5.8 or later.", "6.1", "6.4", False),
        # up to `latest`: which releases that meant when it was written is not said (claims lists it)
        ("Releases `latest` - `6.1` can be installed only on hubs with 5.8 or later.", "6.1", "", False),
    ],
)
def test_a_range_of_releases_as_the_target_is_read_whole(text: str, target: str, through: str, and_later: bool) -> None:
    """The requirement holds for each release of the range, the newer end included."""
    (req,) = read_statement(text).requirements
    assert (req.target, req.target_through, req.target_and_later, req.relation) == (target, through, and_later, MINIMUM)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9.6 is delivered as a delta against 9.5 and will only apply over it.", [("9.6", ("9.5",), EXACT)]),
        ("3.2.0 builds on 3.1.4, so 3.1.4 has to be in place first.", [("3.2.0", ("3.1.4",), EXACT)]),
        ("Firmware 12.1 assumes the device was previously brought up to 11.8.", [("12.1", ("11.8",), EXACT)]),
        ("Sites still on 20.3 should take 20.5 ahead of 21.0.", [("20.5", ("20.3",), EXACT), ("21.0", ("20.5",), EXACT)]),
        ("Eligible base versions for 6.3.1 are 6.2.0 and 6.2.3.", [("6.3.1", ("6.2.0", "6.2.3"), EXACT)]),
        ("Hubs on 6.2.0 or 6.2.3 are eligible to take 6.3.1.", [("6.3.1", ("6.2.0", "6.2.3"), EXACT)]),
        ("Our field teams will load 11.3 and, once that has confirmed, 11.5.", [("11.5", ("11.3",), EXACT)]),
        ("Hold 2.8 until the unit confirms 2.6 is active.", [("2.8", ("2.6",), EXACT)]),
        ("Version 0x01000203 is a pre-condition of 0x01000300.", [("0x01000300", ("0x01000203",), EXACT)]),
        ("The upgrade to 2.0 is cumulative and expects 1.9.4 underneath.", [("2.0", ("1.9.4",), EXACT)]),
        ("Migration order is 8.1, 8.4, 9.0.", [("8.4", ("8.1",), EXACT), ("9.0", ("8.4",), EXACT)]),
        ("A GSME still showing 1.04 has to pass through 1.06 on its way to 1.10.", [("1.06", ("1.04",), EXACT), ("1.10", ("1.06",), EXACT)]),
        ("The prerequisite build is 3.3.1; the release being deployed is 3.4.0.", [("3.4.0", ("3.3.1",), EXACT)]),
        # an "unless" turns the negation round; "preceded by", "on top of"; a model's number is no version
        ("We've been told 4.15 won't take unless the meter's already had 4.13.", [("4.15", ("4.13",), EXACT)]),
        ("The 8.0 image will be rejected by the bootloader unless 7.6 has been installed.", [("8.0", ("7.6",), EXACT)]),
        ("Per the support desk, 3.34 should be preceded by 3.32.", [("3.34", ("3.32",), EXACT)]),
        ("Confirmed today - v3.1.3 is fine on top of v3.1.1 and v3.1.2.", [("v3.1.3", ("v3.1.1", "v3.1.2"), EXACT)]),
        # one version, and the sentence speaks of the document's own release: its base
        ("Note: this version builds on 4.13; please schedule 4.13 ahead of it.", [("", ("4.13",), EXACT)]),
        ("Supported base: 4.13.", [("", ("4.13",), EXACT)]),
    ],
)
def test_a_wording_no_rule_knows_is_read_by_the_order_of_its_versions(text: str, expected: list) -> None:
    """Firmware only goes up: with a requirement's words, the older release is what the newer goes on."""
    reading = read_statement(text)
    assert [(r.target, r.bases, r.relation) for r in reading.requirements] == expected
    assert {r.cue for r in reading.requirements} == {"by order"}


@pytest.mark.parametrize(
    "text",
    [
        "Only 4.1 and 4.3 remain eligible for support.",  # side by side: a list, no order
        "If a hub is on 2.2 and should move to 2.3, only the radio image needs flashing.",  # a situation
        "Units that have not yet taken 3.1.4 will reject 3.2.0.",  # a negation: a person reads it
        "Only 2.4 or 2.4.1 is needed.",  # two numberings of one release line
        "This release fixes the display fault seen after 4.13.",  # a fix
        "Sites on 4.13 got the hub first.",  # one version, and no word of the document's own release
    ],
)
def test_the_order_of_versions_is_no_reading_where_the_words_say_otherwise(text: str) -> None:
    assert all(r.cue != "by order" for r in read_statement(text).requirements)


@pytest.mark.parametrize("text", ["Units that have not yet taken 3.1.4 will reject 3.2.0.", "Units on v6.1.0 must not be taken directly to v7.0.0."])
def test_a_refusal_naming_releases_is_listed_for_reading(text: str) -> None:
    reading = read_statement(text)
    assert reading.requirements == () and reading.unread


def test_a_family_and_a_self_pair_state_nothing() -> None:
    assert stated("how to upgrade from version 1.35.x to 1.35.y (where y > x)") == []


def test_a_statement_with_requirement_words_whose_reading_comes_to_nothing_is_listed_for_reading() -> None:
    """Read as a path whose only pair is one family on itself: nothing sensible, so a person reads it."""
    reading = read_statement("Devices must go from 3.1.x to 3.1.y before anything else.")
    assert reading.requirements == () and reading.unread


# --- lists and structured conditions ------------------------------------------------------------------------


def test_a_list_of_versions_after_hard_stops_is_a_chain() -> None:
    found = read_version_list(["9.1.2", "21.5.0", "21.6.3 (run the migration before you upgrade to > 21.12.0)", "23.6.2"])
    assert [(r.target, r.bases) for r in found or []] == [("21.5.0", ("9.1.2",)), ("21.6.3", ("21.5.0",)), ("23.6.2", ("21.6.3",))]


def test_a_list_of_steps_each_a_to_b() -> None:
    step = read_step_item("Vertica 9.0 to 9.1")
    assert step is not None and [(r.target, r.bases) for r in step.requirements] == [("9.1", ("9.0",))]
    assert read_step_item("Vertica 9.0 was fixed in 9.1 for the scheduler") is None


def test_numbered_steps_each_installing_a_release() -> None:
    found = read_step_list(["Upgrade to the latest 6.4 release.", "Upgrade to 7.0."], "To upgrade to 7.0 from 6.2:")
    assert [(r.target, r.bases) for r in found] == [("6.4", ("6.2",)), ("7.0", ("6.4",))]


def test_listed_bases_of_the_target_the_introduction_names() -> None:
    found = read_listed_bases(["Any earlier v24.2 release: v24.2.0-alpha.1 to v24.2.9.", "A v24.1 release: v24.1.0 to v24.1.16."], "v24.2.10")
    assert [(r.target, r.bases, r.relation) for r in found] == [
        ("v24.2.10", ("v24.2.0-alpha.1", "v24.2.9"), RANGE), ("v24.2.10", ("v24.1.0", "v24.1.16"), RANGE)
    ]


@pytest.mark.parametrize(
    "lines",
    [
        ['{', '"when": "fwVersion >= 2.3 && fwVersion < 2.6",', '"version": "2.6",', '}'],
        ["kind: Version", "metadata:", "  name: 2.6", "spec:", "  minUpgradableVersion: 2.3"],
    ],
)
def test_a_machine_readable_condition(lines: list[str]) -> None:
    reading = read_structured(lines)
    assert reading is not None and [(r.target, r.bases, r.relation) for r in reading.requirements] == [("2.6", ("2.3",), MINIMUM)]


def test_an_offer_without_a_lower_bound_is_no_requirement() -> None:
    assert read_structured(['{', '"$if": "firmwareVersion < 1.2.0",', '"version": "1.2.0",', '}']) is None


def test_a_statement_with_cues_that_cannot_be_taken_apart_is_unread_with_the_reason() -> None:
    reading = read_statement("Upgrades to 4.0 are only supported on clusters with the newest schema.")
    assert reading.requirements == () and "no base" in reading.unread


@pytest.mark.parametrize(
    "text", ["Moving to 5.2 is possible, see the 5.0 notes.", "Installing 3.4 is supported; see the note on 3.1 for details."]
)
def test_a_path_word_with_a_version_in_a_role_is_enough_to_list_what_is_not_understood(text: str) -> None:
    """Not only "must" or "required": "possible", "supported" with a version to go to is listed, never dropped."""
    reading = read_statement(text)
    assert reading.requirements == () and reading.unread


def test_a_requirement_never_has_an_empty_base_list() -> None:
    for text in ("This release shall only be applied to devices running 0xAABBCCDD.", "Devices must first be upgraded to 20230115."):
        assert all(r.bases for r in read_statement(text).requirements)


def test_stated_requirement_names_the_product_words_of_each_version() -> None:
    (req,) = read_statement("The cluster should be upgraded to Kubernetes 1.17+ before installing Rancher 2.5.").requirements
    assert req == StatedRequirement("2.5", ("1.17",), MINIMUM, "path", named_with=(("1.17", "Kubernetes"), ("2.5", "Rancher")))


@pytest.mark.parametrize(
    ("text", "cued"),
    [
        ("Install 1.2 first.", True),
        ("The Prerequisites section lists 1.2.", True),  # a stem: prerequisite, prerequisites
        ("Mandated since 1.2.", True),
        ("1.1 -> 1.2", True),
        ("1.1 \u2192 1.2", True),
        ("1.1 > 1.2 > 1.3", True),
        ("Updated the tariff table in 1.2.", False),  # a cue word inside a longer word is none
        ("Set from_version to 1.2.", False),  # nor one joined to another by an underscore
        ("Ratio 1>2 in the log.", False),
        ("Build 1.2 of the display driver.", False),
    ],
)
def test_a_cue_is_a_whole_word_or_an_arrow(text: str, cued: bool) -> None:
    from extractors.statements.reading import has_cue

    assert has_cue(text) is cued


@pytest.mark.unit
@pytest.mark.parametrize("item", ["Apply 04.01.00.00.", "Then install 2.3 (this release).", "Load 1.2.0.10 next."])
def test_a_verb_opening_a_step_names_no_product(item: str) -> None:
    """"Apply 04.01.00.00." in a numbered list: 'Apply' is no product the version belongs to (mapping
    would refuse a version named with another product's name)."""
    assert [m.named_with for m in mentions(item) if m.kind is not None] == [""]


def test_a_cpl_form_newer_than_its_release_is_never_its_base() -> None:
    from extractors.statements.reading import StatedRequirement, sensible

    assert not sensible(StatedRequirement("10010000", ("10030000",), EXACT, "path"))
    assert sensible(StatedRequirement("10030000", ("10010000",), EXACT, "path"))
