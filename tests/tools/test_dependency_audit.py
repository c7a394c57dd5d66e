"""tools/dependency_audit.py on registry answers made up here: a distribution counts as audited only
when the registry's advisory data covers its installed version, and every other one is named."""

from __future__ import annotations

import json
from email.message import Message
from pathlib import Path

import pytest

from tools.dependency_audit import (
    Installed,
    Verdict,
    accepted_findings,
    audit,
    exit_status,
    installed_distributions,
    judge,
    main,
    report_lines,
)

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]

HEAP_OVERFLOW = {
    "id": "PYSEC-2017-94", "aliases": ["CVE-2013-7459", "GHSA-cq27-v7xp-c356"], "fixed_in": [],
    "details": "Heap-based buffer overflow in the ALGnew function.", "summary": None,
    "link": "https://osv.dev/vulnerability/PYSEC-2017-94", "source": "osv", "withdrawn": None,
}  # fmt: skip
WITHDRAWN = {**HEAP_OVERFLOW, "id": "GHSA-xxxx-yyyy-zzzz", "aliases": [], "withdrawn": "2024-01-02T00:00:00Z"}


def project(version: str, vulnerabilities: list | None = None) -> dict:
    answer = {"info": {"name": "x", "version": version}, "releases": {version: []}}
    if vulnerabilities is not None:
        answer["vulnerabilities"] = vulnerabilities
    return answer


def test_the_latest_release_without_advisories_is_clean():
    assert judge(Installed("flask", "3.1.3"), project("3.1.3", []), {}).verdict is Verdict.CLEAN
    assert judge(Installed("pytz", "2024.1"), project("2024.01", []), {}).verdict is Verdict.CLEAN  # same version


def test_an_advisory_on_the_installed_latest_release_is_a_vulnerability():
    finding = judge(Installed("pycrypto", "2.6.1"), project("2.6.1", [HEAP_OVERFLOW, WITHDRAWN]), {})
    assert finding.verdict is Verdict.VULNERABLE
    assert [a.id for a in finding.advisories] == ["PYSEC-2017-94"]  # the withdrawn one is not counted
    assert finding.advisories[0].summary == "Heap-based buffer overflow in the ALGnew function."


@pytest.mark.parametrize("name", ["PYSEC-2017-94", "CVE-2013-7459", "ghsa-cq27-v7xp-c356"])
def test_an_advisory_documented_as_accepted_by_id_or_alias(name):
    finding = judge(Installed("pycrypto", "2.6.1"), project("2.6.1", [HEAP_OVERFLOW]), {"pycrypto": {name}})
    assert finding.verdict is Verdict.ACCEPTED


def test_accepting_one_advisory_leaves_the_others_open():
    other = {**HEAP_OVERFLOW, "id": "PYSEC-2018-97", "aliases": ["CVE-2018-6594"]}
    finding = judge(Installed("pycrypto", "2.6.1"), project("2.6.1", [HEAP_OVERFLOW, other]), {"pycrypto": {"CVE-2013-7459"}})
    assert finding.verdict is Verdict.VULNERABLE and [a.id for a in finding.advisories] == ["PYSEC-2018-97"]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [(project("8.0.2", []), "the registry's latest is 8.0.2, and its advisories cover the latest release only"),
     (project("7.3.3"), "the registry's answer carries no vulnerability data"),
     (None, "the registry has no project of this name"),
     (TimeoutError("timed out"), "the registry did not answer: timed out")],
)  # fmt: skip
def test_what_the_registry_cannot_vouch_for_is_not_audited_and_says_why(answer, reason):
    finding = judge(Installed("cachetools", "7.3.3"), answer, {})
    assert (finding.verdict, finding.reason) == (Verdict.NOT_AUDITED, reason)


def test_this_project_itself_is_skipped_without_asking_the_registry():
    asked = []
    findings = audit([Installed("firpath", "0.1.0", local=True), Installed("flask", "3.1.3")],
                     lambda name: asked.append(name) or project("3.1.3", []), {})  # fmt: skip
    assert asked == ["flask"]
    assert [f.verdict for f in findings] == [Verdict.LOCAL, Verdict.CLEAN]


class _Dist:
    def __init__(self, name: str, version: str, direct_url: dict | None = None) -> None:
        self.metadata = Message()
        self.metadata["Name"] = name
        self.version = version
        self._direct = None if direct_url is None else json.dumps(direct_url)

    def read_text(self, filename: str) -> str | None:
        return self._direct if filename == "direct_url.json" else None


def test_installed_distributions_are_named_canonically_once_and_local_ones_marked():
    dists = [_Dist("Flask", "3.1.3"), _Dist("python_dateutil", "2.9.0.post0"), _Dist("flask", "0.1"),
             _Dist("firpath", "0.1.0", {"url": "file:///work/x", "dir_info": {"editable": True}}),
             _Dist("wheelhouse-pkg", "1.0", {"url": "https://files.example/p.whl", "archive_info": {}})]  # fmt: skip
    assert installed_distributions(dists) == [
        Installed("firpath", "0.1.0", local=True), Installed("flask", "3.1.3"),
        Installed("python-dateutil", "2.9.0.post0"), Installed("wheelhouse-pkg", "1.0"),
    ]  # fmt: skip


ACCEPTED_DOC = """# Reliability

## Dependencies

| Package | Advisory | Why |
| --- | --- | --- |
| not-this-table | PYSEC-2000-1 | a table of another section |

### Accepted dependency findings

| Package | Advisory | Why it is accepted | Review by |
| --- | --- | --- | --- |
| PyCrypto | `PYSEC-2017-94` | only the demo generator imports it, never on received files | 2025-01 |
| pycrypto | CVE-2018-6594 | same | 2025-01 |
| half-filled | GHSA-aaaa-bbbb-cccc |  | |
| (none) | | | |

### Next section

| other | PYSEC-2001-1 | not accepted here |
"""


def test_accepted_findings_are_read_from_their_table_only():
    assert accepted_findings(ACCEPTED_DOC) == {"pycrypto": {"PYSEC-2017-94", "CVE-2018-6594"}}


def test_the_report_names_every_finding_and_every_package_not_audited():
    findings = [
        judge(Installed("pycrypto", "2.6.1"), project("2.6.1", [HEAP_OVERFLOW]), {}),
        judge(Installed("numpy", "2.4.6"), project("2.5.5", []), {}),
        judge(Installed("flask", "3.1.3"), project("3.1.3", []), {}),
        judge(Installed("firpath", "0.1.0", local=True), None, {}),
    ]
    lines = report_lines(findings, {"jinja2": {"CVE-2024-1"}})
    assert lines[1] == "  audited      2: 1 with no known vulnerability, 1 vulnerable, 0 with accepted findings"
    assert any(line.startswith("  VULNERABLE   pycrypto 2.6.1: PYSEC-2017-94 (CVE-2013-7459, GHSA-cq27-v7xp-c356); "
                               "no fixed release yet") for line in lines)  # fmt: skip
    assert "  NOT AUDITED  numpy 2.4.6: the registry's latest is 2.5.5, and its advisories cover the latest release only" in lines
    assert "  note         jinja2: accepted CVE-2024-1 is no longer reported: remove it from docs/reliability.md" in lines
    assert lines[-1].startswith("dependency audit result: FAIL: known vulnerabilities above")
    assert exit_status(findings) == 1


def test_exit_status_passes_only_when_something_was_audited_and_nothing_is_open():
    clean = judge(Installed("flask", "3.1.3"), project("3.1.3", []), {})
    behind = judge(Installed("numpy", "2.4.6"), project("2.5.5", []), {})
    accepted = judge(Installed("pycrypto", "2.6.1"), project("2.6.1", [HEAP_OVERFLOW]), {"pycrypto": {"PYSEC-2017-94"}})
    assert exit_status([clean, behind]) == 0
    assert exit_status([accepted, behind]) == 0
    assert exit_status([behind]) == 2  # an audit that could audit nothing is no pass
    assert report_lines([behind], {})[-1] == "dependency audit result: FAIL: nothing could be audited"


def test_main_reads_the_accepted_table_and_reports(tmp_path, capsys):
    doc = tmp_path / "reliability.md"
    doc.write_text(ACCEPTED_DOC, encoding="utf-8")
    answers = {"pycrypto": project("2.6.1", [HEAP_OVERFLOW]), "flask": project("3.1.3", [])}
    status = main(["--accepted", str(doc)], fetch=answers.get,
                  packages=[Installed("flask", "3.1.3"), Installed("pycrypto", "2.6.1")])  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0
    assert "  accepted     pycrypto 2.6.1: PYSEC-2017-94" in out
    assert "dependency audit result: ok: no open known vulnerability in the 2 audited; 0 NOT AUDITED" in out
    assert main(["--accepted", str(tmp_path / "missing.md")], fetch=answers.get,
                packages=[Installed("pycrypto", "2.6.1")]) == 1  # fmt: skip


@pytest.mark.integration
def test_the_repositorys_reliability_doc_has_the_table_the_audit_reads():
    text = (REPO / "docs" / "reliability.md").read_text(encoding="utf-8")
    assert "### Accepted dependency findings" in text
    accepted = accepted_findings(text)
    assert all(ids for ids in accepted.values())
