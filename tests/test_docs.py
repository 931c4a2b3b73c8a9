"""Every command has help with an example, and README mentions it (the sqlite-utils discipline)."""
from pathlib import Path

import pytest
import typer.main

from bonemets import DISCLAIMER
from bonemets.cli.build import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def all_commands():
    root = typer.main.get_command(app)
    out = []
    for name, cmd in root.commands.items():
        if hasattr(cmd, "commands"):
            out += [(f"{name} {sub}", c) for sub, c in cmd.commands.items()]
        out.append((name, cmd))
    return out


@pytest.mark.parametrize("name,cmd", all_commands(), ids=lambda x: x if isinstance(x, str) else "")
def test_command_has_help_with_an_example_and_is_in_readme(run, name, cmd):
    assert cmd.help and len(cmd.help) > 20, name
    r = run(*name.split(), "--help")
    assert r.exit_code == 0
    assert f"bonemets {name}" in r.stdout, f"--help of {name} lacks an example"
    assert f"bonemets {name}" in README, f"README does not show 'bonemets {name}'"


def test_disclaimer_in_help_and_readme(run):
    r = run("--help")
    flat = " ".join(r.stdout.split())
    assert DISCLAIMER in flat
    assert "not medical advice" in README


def test_readme_output_is_real_and_current():
    """README's example output comes from running bonemets (tests/readme_output.py), never from a hand."""
    import tempfile

    import readme_output

    with tempfile.TemporaryDirectory() as cache:
        fresh = readme_output.render(README, cache)
    assert fresh == README, "README.md is stale: run python tests/readme_output.py --write"
    assert README.count("<!-- example") >= 15


def test_readme_says_how_to_check_a_fact(run):
    assert "--evidence" in README and "bonemets sources ID" in README
    r = run("--help")
    flat = " ".join(r.stdout.split())
    assert "--evidence" in flat and "bonemets sources ID" in flat
