"""The dependency direction holds: parsers/ and watchlists/ import no Spark, Airflow or web stack."""

from __future__ import annotations

import subprocess
import sys

import pytest

from paxpipe.cli import main
from paxpipe.settings import load_settings

FORBIDDEN = ("pyspark", "airflow", "fastapi", "sqlalchemy", "delta", "deltalake")


@pytest.mark.parametrize("package", ["parsers", "watchlists"])
def test_pure_packages_import_no_engine(package: str) -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        f"import {package}\n"
        f"for m in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
        "    importlib.import_module(m.name)\n"
        f"bad = sorted(n for n in sys.modules if n.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{package} pulled in {out.stdout.strip()}"


def test_settings_env_override_wins(tmp_path) -> None:
    settings = load_settings(environ={"PAXPIPE__SCREENING__THRESHOLD": "0.9", "PAXPIPE__PATHS__LANDING": "/x"})
    assert settings.get("screening.threshold") == 0.9
    assert settings.landing == "/x"
    assert settings.get("spark.master") == "local[*]"


def test_settings_missing_overlay_is_an_error(tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        load_settings(tmp_path / "nope.toml", environ={})


def test_cli_unknown_command_is_usage_error(capsys) -> None:
    assert main(["frobnicate"]) == 2
    assert "unknown command" in capsys.readouterr().err
