"""ruff keeps heavy imports off module level (TID253, the typer repo's rule) and the code clean."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_passes():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (it comes with the test extra)")
    r = subprocess.run([ruff, "check", "bonemets", "tests", "bench"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_lookup_does_not_import_what_it_does_not_need():
    code = ("import sys, bonemets.cli.build; "
            "print(sorted(m for m in ('yaml', 'rich', 'json', 'bonemets.knowledge.validate') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def _imports(path):
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):  # module level and inside functions alike
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bonemets"):
            yield node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("bonemets"):
                    yield a.name, []


def _package_files(pkg):
    return sorted((ROOT / "bonemets" / pkg).rglob("*.py"))


# what each floor may never import (ARCHITECTURE.md)
FORBIDDEN = {"knowledge": ("bonemets.cli", "bonemets.views", "bonemets.scores", "bonemets.render"),
             "views": ("bonemets.cli",), "scores": ("bonemets.cli", "bonemets.views", "bonemets.render"),
             "render": ("bonemets.cli", "bonemets.views", "bonemets.scores", "bonemets.knowledge")}


@pytest.mark.parametrize("floor", sorted(FORBIDDEN))
def test_no_import_runs_up_a_floor(floor):
    bad = [(str(p.relative_to(ROOT)), mod) for p in _package_files(floor) for mod, _names in _imports(p)
           if mod.startswith(FORBIDDEN[floor])]
    assert bad == []


def test_modules_are_small_and_the_top_shows_the_floors():
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
             for p in (ROOT / "bonemets").rglob("*.py")}
    assert {p: n for p, n in sizes.items() if n > 400} == {}
    top = sorted(p.name for p in (ROOT / "bonemets").glob("*.py"))
    assert len(top) <= 6, top
    assert {"cli", "knowledge", "views", "render", "scores"} <= {p.name for p in (ROOT / "bonemets").iterdir() if p.is_dir()}
