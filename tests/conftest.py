import json
import os
import subprocess

import pytest
from typer.testing import CliRunner

from bonemets.cli.build import app


class Run:
    """Invoke the CLI in-process with an isolated environment; stdout and stderr kept apart."""

    def __init__(self, tmp_path):
        self.env = {
            "BONEMETS_DATA": "",
            "NO_COLOR": "",
            "FORCE_COLOR": "",
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "HOME": str(tmp_path / "home"),
            "COLUMNS": "100",
        }

    def __call__(self, *args, env=None, input=None):
        merged = dict(self.env, **(env or {}))
        result = CliRunner(env=merged).invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        assert "Traceback" not in result.stdout + result.stderr
        return result

    def json(self, *args, **kw):
        r = self(*args, "--json", **kw)
        assert r.exit_code == 0, r.stderr
        return json.loads(r.stdout)


@pytest.fixture
def run(tmp_path, monkeypatch):
    for var in ("BONEMETS_DATA", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return Run(tmp_path)


@pytest.fixture(scope="session")
def kb():
    from bonemets.knowledge.base import KnowledgeBase

    old = os.environ.pop("BONEMETS_DATA", None)
    try:
        return KnowledgeBase.load(use_env=False)
    finally:
        if old is not None:
            os.environ["BONEMETS_DATA"] = old


@pytest.fixture(scope="session")
def installed(tmp_path_factory):
    """bonemets built as a wheel and installed into a fresh venv: (venv dir, wheel, the executable)."""
    import subprocess
    import sys
    import venv
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    tmp = tmp_path_factory.mktemp("install")
    dist = tmp / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(root)],
                   check=True, capture_output=True, text=True)
    wheel = next(dist.glob("bonemets-*.whl"))
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    str(wheel)], check=True, capture_output=True, text=True)
    return env_dir, wheel, env_dir / "bin" / "bonemets"


@pytest.fixture
def bm(installed, tmp_path):
    """Run the installed bonemets: (returncode, stdout, stderr), in a clean environment, with a timeout."""
    _env_dir, _wheel, exe = installed

    def run(*args, env=None, stdin=None, shell_tail="", timeout=HOSTILE_TIMEOUT, cache=None):
        base = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8",
                "BONEMETS_CACHE_DIR": str(cache or tmp_path / "cache")}
        base.update(env or {})
        if shell_tail:
            cmd = " ".join([f"'{exe}'"] + [f"'{a}'" for a in args]) + " " + shell_tail
            r = subprocess.run(["/bin/bash", "-c", cmd], capture_output=True, env=base, timeout=timeout)
        else:
            r = subprocess.run([str(exe), *map(str, args)], capture_output=True, env=base, timeout=timeout,
                               stdin=stdin)
        out, err = r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")
        assert "Traceback" not in out + err and "internal error" not in err, err[-2000:]
        return r.returncode, out, err

    run.exe = exe
    return run


HOSTILE_TIMEOUT = 60


def pytest_collection_modifyitems(config, items):
    """The slow tests: every test of the installed wheel (a wheel built and installed into a fresh venv) and
    the fuzzer. The quick set is `pytest -m "not slow"`; CI runs everything."""
    for item in items:
        if "installed" in getattr(item, "fixturenames", ()) or "bm" in getattr(item, "fixturenames", ()) \
                or item.module.__name__.endswith("test_fuzz"):
            item.add_marker(pytest.mark.slow)
