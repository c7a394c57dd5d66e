"""The `firpath` command as a user meets it: clear errors for bad registers, a clean terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from firpath.cli import app
from firpath.demo import write_demo


def _invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.unit
def test_missing_inbox_is_a_clear_error(tmp_path):
    result = _invoke("run", "--inbox", str(tmp_path / "nope"), "--cpl", "c.csv", "--fir", "f.csv")
    assert result.exit_code == 2
    assert "inbox" in result.output and "does not exist" in result.output


@pytest.mark.unit
def test_cpl_without_a_required_column_names_file_and_column(tmp_path):
    inputs = write_demo(tmp_path)
    cpl = tmp_path / "cpl.csv"
    cpl.write_text("Entry ID,Manufacturer ID,Model ID,HW Version\n1,10A7,0101,0002\n", encoding="utf-8")
    result = _invoke("run", "--inbox", str(inputs.inbox), "--cpl", str(cpl), "--fir", str(inputs.fir))
    assert result.exit_code == 2
    assert str(cpl) in result.output and "Firmware Version" in result.output


@pytest.mark.unit
def test_fir_with_duplicate_entries_names_the_row(tmp_path):
    inputs = write_demo(tmp_path)
    fir = tmp_path / "fir.csv"
    fir.write_text("CPL Entry ID,Firmware Upgrade Path\n1101,\n1101,N/A\n", encoding="utf-8")
    result = _invoke("run", "--inbox", str(inputs.inbox), "--cpl", str(inputs.cpl), "--fir", str(fir))
    assert result.exit_code == 2
    assert "row 3" in result.output and "1101" in result.output


@pytest.mark.integration
def test_demo_runs_to_the_end_with_a_clean_terminal(tmp_path):
    """What a newcomer types: the summary and nothing else (no Prefect or GX chatter, no tracebacks)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "GX_"))}
    done = subprocess.run(
        [sys.executable, "-m", "firpath.cli", "demo", "--workdir", str(tmp_path / "wd")],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("Run ") and lines[-1].endswith(" s")
    assert any(line.startswith("Proposals   13: 9 add, 1 modify, 2 unchanged, 1 conflict") for line in lines)
    assert not any("INFO" in line or "Traceback" in line for line in lines)
    assert (tmp_path / "wd" / "review" / "proposed_changes.xlsx").is_file()
    assert Path(tmp_path / "wd" / "staging.sqlite").is_file()
    # the demo again: the same inputs, so nothing is read twice (and reviews made meanwhile hold)
    again = subprocess.run(
        [sys.executable, "-m", "firpath.cli", "demo", "--workdir", str(tmp_path / "wd")],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "(attachments included; 0 read now, 17 from cache)" in again.stdout


@pytest.mark.unit
def test_a_second_run_on_a_busy_workdir_refuses_clearly(tmp_path):
    from firpath.runtime.workdir_lock import workdir_lock

    inputs = write_demo(tmp_path)
    with workdir_lock(tmp_path / "wd"):
        result = _invoke("run", "--inbox", str(inputs.inbox), "--cpl", str(inputs.cpl), "--fir", str(inputs.fir),
                         "--workdir", str(tmp_path / "wd"))  # fmt: skip
    assert result.exit_code == 2
    assert "is in use by a firpath run (pid " in result.output


# --- hostile CPL/FIR exports: each stops the run with the file and row named ------------------------

CPL_HEADER = "CPL Entry ID,Manufacturer ID,Model ID,HW Version,Firmware Version"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("which", "text", "expected"),
    [
        ("cpl", "Entry ID,Manufacturer ID,Model ID,Firmware Version\n1101,10A7,0101,01000005\n",
         "required column(s) not found: Hardware Version"),
        ("cpl", f"{CPL_HEADER}\n1101,10A7,0101,0002,01000005\n1101 ,10A7,0101,0002,01000006\n",
         "1 repeated Entry ID(s): row 3: CPL Entry ID 1101 repeats row 2"),
        ("cpl", f"{CPL_HEADER}\n,10A7,0101,0002,01000005\n", "the CPL export has no usable entries (row 2: blank CPL Entry ID)"),
        ("fir", "CPL Entry ID,Firmware Upgrade Path\n1101,N/A\n\n\n1101\u00a0 ,N/A\n", "row 5: CPL Entry ID 1101 appears twice"),
        ("fir", "Entry,Firmware Upgrade Path\n1101,N/A\n", "FIR export: required column(s) not found: CPL Entry ID"),
    ],
    ids=["cpl-missing-column", "cpl-duplicate-with-trailing-space", "cpl-no-usable-row", "fir-duplicate-after-blank-rows",
         "fir-missing-column"],
)  # fmt: skip
def test_an_unusable_register_stops_the_run_naming_file_and_problem(tmp_path, which, text, expected):
    inputs = write_demo(tmp_path)
    path = tmp_path / f"{which}.csv"
    path.write_text(text, encoding="utf-8")
    cpl, fir = (path, inputs.fir) if which == "cpl" else (inputs.cpl, path)
    result = _invoke("run", "--inbox", str(inputs.inbox), "--cpl", str(cpl), "--fir", str(fir),
                     "--workdir", str(tmp_path / "wd"))  # fmt: skip
    assert result.exit_code == 2
    output = " ".join(result.output.split())  # rich wraps long lines at the terminal's width
    assert f"error: {path}: " in output and expected in output
    assert "Traceback" not in output
    assert not (tmp_path / "wd").exists()  # nothing started
