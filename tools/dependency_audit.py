"""Audit the installed Python distributions against the advisories PyPI publishes; run by .ci/run.

Why not pip-audit: it asks PyPI's release endpoint (/pypi/NAME/VERSION/json), which the registry
this project reaches does not serve (404 for every release), so pip-audit reports every package as
"Dependency not found on PyPI and could not be audited"; its OSV service (api.osv.dev) is out of
reach. The project endpoint (/pypi/NAME/json) is served, with the same OSV-sourced `vulnerabilities`
field, but PyPI fills it for the project's latest release only. So a distribution is audited when
the installed version is that latest release; any other is reported as NOT AUDITED with the reason,
never counted as clean.

Exit status: 0 when no audited distribution has a known vulnerability that docs/reliability.md does
not accept; 1 when one has; 2 when nothing could be audited at all.

    .venv/bin/python tools/dependency_audit.py [--registry URL] [--accepted docs/reliability.md]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from importlib import metadata
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

REGISTRY = "https://pypi.org/pypi"
ACCEPTED_HEADING = "accepted dependency findings"  # the docs section whose table lists accepted advisories
_ADVISORY_ID = re.compile(r"^(PYSEC|GHSA|CVE|OSV|PVE)-[\w-]+$", re.IGNORECASE)


class Verdict(StrEnum):
    CLEAN = "no known vulnerability"
    VULNERABLE = "VULNERABLE"
    ACCEPTED = "known vulnerability, accepted in docs/reliability.md"
    NOT_AUDITED = "NOT AUDITED"
    LOCAL = "not a registry package"


@dataclass(frozen=True)
class Installed:
    name: str  # canonical (PEP 503) name
    version: str
    local: bool = False  # installed from a folder or file (this project itself), not from the registry


@dataclass(frozen=True)
class Advisory:
    id: str
    aliases: tuple[str, ...]
    summary: str
    fixed_in: tuple[str, ...]
    link: str

    @property
    def names(self) -> frozenset[str]:
        return frozenset(n.upper() for n in (self.id, *self.aliases))


@dataclass(frozen=True)
class Finding:
    package: Installed
    verdict: Verdict
    reason: str = ""
    advisories: tuple[Advisory, ...] = ()


Answer = Mapping[str, Any] | None | Exception  # the project's JSON; None: not on the registry; or what failed


def installed_distributions(distributions: Iterable[metadata.Distribution] | None = None) -> list[Installed]:
    """Every distribution of this interpreter's environment, once per canonical name, sorted."""
    found: dict[str, Installed] = {}
    for dist in metadata.distributions() if distributions is None else distributions:
        name = dist.metadata.get("Name")
        if not name:
            continue
        direct = dist.read_text("direct_url.json")
        local = False
        if direct:
            try:
                url = json.loads(direct)
            except json.JSONDecodeError:
                url = {}
            local = "dir_info" in url or str(url.get("url", "")).startswith("file:")
        found.setdefault(canonicalize_name(name), Installed(canonicalize_name(name), dist.version, local))
    return [found[n] for n in sorted(found)]


def _advisory(record: Mapping[str, Any]) -> Advisory:
    return Advisory(
        id=str(record.get("id") or "?"),
        aliases=tuple(str(a) for a in record.get("aliases") or ()),
        summary=" ".join(str(record.get("summary") or record.get("details") or "").split())[:160],
        fixed_in=tuple(str(v) for v in record.get("fixed_in") or ()),
        link=str(record.get("link") or ""),
    )


def _same_version(a: str, b: str) -> bool:
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def judge(package: Installed, answer: Answer, accepted: Mapping[str, set[str]]) -> Finding:
    """The verdict on one distribution from the registry's answer about its project.

    `accepted` maps a canonical package name to the advisory ids (or aliases) documented as accepted.
    """
    if package.local:
        return Finding(package, Verdict.LOCAL, "installed from a local folder (this project)")
    if isinstance(answer, Exception):
        return Finding(package, Verdict.NOT_AUDITED, f"the registry did not answer: {answer}")
    if answer is None:
        return Finding(package, Verdict.NOT_AUDITED, "the registry has no project of this name")
    info = answer.get("info") if isinstance(answer.get("info"), Mapping) else {}
    latest = str(info.get("version") or "")
    if not _same_version(package.version, latest):
        return Finding(package, Verdict.NOT_AUDITED,
                       f"the registry's latest is {latest or '?'}, and its advisories "
                       "cover the latest release only")  # fmt: skip
    records = answer.get("vulnerabilities")
    if not isinstance(records, list):
        return Finding(package, Verdict.NOT_AUDITED, "the registry's answer carries no vulnerability data")
    advisories = tuple(_advisory(r) for r in records if isinstance(r, Mapping) and not r.get("withdrawn"))
    if not advisories:
        return Finding(package, Verdict.CLEAN)
    allowed = {a.upper() for a in accepted.get(package.name, set())}
    open_ = tuple(a for a in advisories if not (a.names & allowed))
    if open_:
        return Finding(package, Verdict.VULNERABLE, advisories=open_)
    return Finding(package, Verdict.ACCEPTED, advisories=advisories)


def accepted_findings(markdown: str) -> dict[str, set[str]]:
    """Package -> accepted advisory ids, from the table under the "Accepted dependency findings"
    heading: rows `| package | advisory id | why it is accepted | ... |`; other rows are ignored."""
    accepted: dict[str, set[str]] = {}
    in_section = False
    for line in markdown.splitlines():
        heading = re.match(r"^(#+)\s+(.*)$", line)
        if heading:
            in_section = heading.group(2).strip().lower() == ACCEPTED_HEADING
            continue
        if not in_section or not line.lstrip().startswith("|"):
            continue
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and _ADVISORY_ID.match(cells[1]) and cells[2]:
            accepted.setdefault(canonicalize_name(cells[0]), set()).add(cells[1])
    return accepted


def fetch_project(name: str, registry: str = REGISTRY, timeout: float = 30.0) -> Answer:
    """The project's JSON from the registry (one request, one retry on a transient failure)."""
    url = f"{registry.rstrip('/')}/{name}/json"
    failure: Exception = TimeoutError(f"no answer from {url}")
    for _ in range(2):
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - an https URL
                return json.load(response)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            failure = exc
        except (urllib.error.URLError, TimeoutError, json.JSONDecodeError, OSError) as exc:
            failure = exc
    return failure


def audit(packages: Sequence[Installed], fetch: Callable[[str], Answer], accepted: Mapping[str, set[str]],
          workers: int = 4) -> list[Finding]:  # fmt: skip
    """One verdict per package, in the order given (the registry asked for each non-local one once)."""
    remote = [p for p in packages if not p.local]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = dict(zip((p.name for p in remote), pool.map(fetch, (p.name for p in remote)), strict=True))
    return [judge(p, answers.get(p.name), accepted) for p in packages]


def report_lines(findings: Sequence[Finding], accepted: Mapping[str, set[str]]) -> list[str]:
    by = {v: [f for f in findings if f.verdict is v] for v in Verdict}
    audited = len(by[Verdict.CLEAN]) + len(by[Verdict.VULNERABLE]) + len(by[Verdict.ACCEPTED])
    lines = [
        f"dependency audit: {len(findings)} installed distributions against the registry's advisories "
        "(PyPI project JSON; latest releases only)",
        f"  audited      {audited}: {len(by[Verdict.CLEAN])} with no known vulnerability, "
        f"{len(by[Verdict.VULNERABLE])} vulnerable, {len(by[Verdict.ACCEPTED])} with accepted findings",
    ]
    for finding in by[Verdict.VULNERABLE] + by[Verdict.ACCEPTED]:
        for a in finding.advisories:
            fixed = f"; fixed in {', '.join(a.fixed_in)}" if a.fixed_in else "; no fixed release yet"
            label = "VULNERABLE" if finding.verdict is Verdict.VULNERABLE else "accepted  "
            lines.append(f"  {label}   {finding.package.name} {finding.package.version}: {a.id} "
                         f"({', '.join(a.aliases) or 'no aliases'}){fixed} {a.link} {a.summary}".rstrip())  # fmt: skip
    lines.append(f"  NOT AUDITED  {len(by[Verdict.NOT_AUDITED])}")
    lines += [f"  NOT AUDITED  {f.package.name} {f.package.version}: {f.reason}" for f in by[Verdict.NOT_AUDITED]]
    lines += [f"  skipped      {f.package.name} {f.package.version}: {f.reason}" for f in by[Verdict.LOCAL]]
    reported = {(f.package.name, n) for f in by[Verdict.ACCEPTED] for a in f.advisories for n in a.names}
    for package, ids in sorted(accepted.items()):
        for advisory in sorted(ids):
            if (package, advisory.upper()) not in reported:
                lines.append(f"  note         {package}: accepted {advisory} is no longer reported: "
                             "remove it from docs/reliability.md")  # fmt: skip
    if by[Verdict.VULNERABLE]:
        verdict = "FAIL: known vulnerabilities above; upgrade, or accept each in docs/reliability.md with the reason"
    elif audited == 0:
        verdict = "FAIL: nothing could be audited"
    else:
        verdict = f"ok: no open known vulnerability in the {audited} audited; {len(by[Verdict.NOT_AUDITED])} NOT AUDITED"
    lines.append(f"dependency audit result: {verdict}")
    return lines


def exit_status(findings: Sequence[Finding]) -> int:
    if any(f.verdict is Verdict.VULNERABLE for f in findings):
        return 1
    if not any(f.verdict in (Verdict.CLEAN, Verdict.ACCEPTED) for f in findings):
        return 2
    return 0


def main(argv: Sequence[str] | None = None, fetch: Callable[[str], Answer] | None = None,
         packages: Sequence[Installed] | None = None) -> int:  # fmt: skip
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", default=REGISTRY, help="the registry's JSON API root (default: %(default)s)")
    parser.add_argument("--accepted", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "reliability.md",
                        help="the Markdown file whose 'Accepted dependency findings' table lists accepted advisories")
    args = parser.parse_args(argv)
    accepted = accepted_findings(args.accepted.read_text(encoding="utf-8")) if args.accepted.is_file() else {}
    fetch = fetch if fetch is not None else (lambda name: fetch_project(name, args.registry))
    findings = audit(installed_distributions() if packages is None else packages, fetch, accepted)
    for line in report_lines(findings, accepted):
        print(line, flush=True)
    return exit_status(findings)


if __name__ == "__main__":
    sys.exit(main())
