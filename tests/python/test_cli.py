"""The lsmsim command line: `python -m lsmsim`, the console-script entry point, the native
executable (LSMSIM_NATIVE_CLI, set by ctest) and lsmsim.run_scenario. Exit codes: 0 every
expectation held, 1 one failed, 2 bad input (with a file:line:col: message). These need the
scenario engine; before it is merged they fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import lsmsim

EXPECTED_EXIT = {"pass": 0, "fail": 1, "bad": 2}


def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def python_m() -> list[str]:
    return [sys.executable, "-m", "lsmsim"]


def console_entry_point() -> list[str]:
    # What the installed `lsmsim` script runs (project.scripts: lsmsim.cli:main).
    return [sys.executable, "-c", "from lsmsim.cli import main; main()"]


def native_cli() -> list[str]:
    path = os.environ.get("LSMSIM_NATIVE_CLI")
    if not path:
        pytest.fail(
            "LSMSIM_NATIVE_CLI is not set: run through ctest, which points it at the "
            "native lsmsim executable (it exists once cli/main.cpp does)"
        )
    return [path]


LAUNCHERS = {
    "python -m lsmsim": python_m,
    "lsmsim.cli:main": console_entry_point,
    "native": native_cli,
}
# An installed console script is tested too when scripts/test.sh names one.
if os.environ.get("LSMSIM_INSTALLED_CLI"):
    LAUNCHERS["installed"] = lambda: [os.environ["LSMSIM_INSTALLED_CLI"]]


@pytest.mark.parametrize("launcher", sorted(LAUNCHERS))
@pytest.mark.parametrize("kind", ["pass", "fail", "bad"])
def test_exit_codes(launcher: str, kind: str, scenario_files: dict[str, Path]) -> None:
    path = scenario_files[kind]
    proc = run([*LAUNCHERS[launcher](), "run", str(path)])
    assert proc.returncode == EXPECTED_EXIT[kind], proc.stdout + proc.stderr
    if kind == "bad":
        assert f"{path}:" in proc.stdout + proc.stderr


def test_several_files_exit_with_the_worst(scenario_files: dict[str, Path]) -> None:
    files = [str(scenario_files["pass"]), str(scenario_files["fail"])]
    assert run([*python_m(), "run", *files]).returncode == 1


def test_run_scenario_reports(scenario_files: dict[str, Path]) -> None:
    ok = lsmsim.run_scenario(scenario_files["pass"])
    assert ok.passed and bool(ok) and ok.exit_code == 0, ok.text
    assert ok.error is None
    assert ok.counts["failed"] == 0 and ok.counts["passed"] >= 1 and ok.counts["steps"] == 5

    failed = lsmsim.run_scenario(str(scenario_files["fail"]))
    assert not failed.passed and not failed.bad_input and failed.exit_code == 1
    assert failed.counts["failed"] == 1
    assert failed.text

    bad = lsmsim.run_scenario(scenario_files["bad"])
    assert bad.bad_input and bad.exit_code == 2
    assert bad.error is not None and bad.error.startswith(f"{scenario_files['bad']}:")


def test_run_scenario_text() -> None:
    from conftest import PASSING_SCENARIO

    report = lsmsim.run_scenario_text(PASSING_SCENARIO, "inline.yaml")
    assert report.passed, report.text
    assert report.file == "inline.yaml"


def test_run_scenario_argument_types() -> None:
    with pytest.raises(TypeError):
        lsmsim.run_scenario(3)  # type: ignore[arg-type]
