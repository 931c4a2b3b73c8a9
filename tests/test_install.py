"""The real install: build the wheel, install it into a fresh venv, run bonemets from another directory."""
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _env(tmp):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BONEMETS", "PYTHON"))}
    env["XDG_CACHE_HOME"] = str(tmp / "cache")
    return env


def test_wheel_ships_the_data(installed):
    import zipfile

    _env_dir, wheel, _exe = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "bonemets/data/cancers/prostate.yaml" in names
    assert "bonemets/data/sources.yaml" in names


def test_installed_command_runs_from_another_directory(installed, tmp_path):
    env_dir, _wheel, _exe = installed
    r = subprocess.run([str(env_dir / "bin" / "bonemets"), "cancer", "prostate"], cwd=tmp_path,
                       capture_output=True, text=True, env=_env(tmp_path), timeout=60)
    assert r.returncode == 0, r.stderr
    assert "Prostate cancer" in r.stdout and "how often it reaches bone:" in r.stdout
    assert r.stderr == ""
    assert "site-packages/bonemets" not in r.stdout


def test_python_dash_m_and_exit_codes_in_a_real_process(installed, tmp_path):
    env_dir, _wheel, _exe = installed
    py = str(env_dir / "bin" / "python")
    r = subprocess.run([py, "-m", "bonemets", "validate"], cwd=tmp_path, capture_output=True, text=True,
                       env=_env(tmp_path), timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("ok: ")
    r = subprocess.run([py, "-m", "bonemets", "lesion", "lyticc"], cwd=tmp_path, capture_output=True, text=True,
                       env=_env(tmp_path), timeout=60)
    assert r.returncode == 1 and "did you mean" in r.stderr and r.stdout == ""
    r = subprocess.run([py, "-m", "bonemets", "compare", "lytic"], cwd=tmp_path, capture_output=True, text=True,
                       env=_env(tmp_path), timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr
