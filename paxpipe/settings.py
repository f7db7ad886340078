"""The one configuration loader: conf/base.toml, an overlay, then environment overrides.

Order (later wins): ``conf/base.toml`` → ``conf/matching.toml`` → the overlay named by ``PAXPIPE_CONF``
(default ``conf/local.toml``) → environment variables ``PAXPIPE__SECTION__KEY=value`` (values parsed as
TOML literals when they can be, else kept as strings). Library functions never read configuration:
the CLI, job ``main()``, DAGs and the web app call :func:`load_settings` and pass explicit arguments.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["PROJECT_ROOT", "Settings", "load_settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONF_DIR = PROJECT_ROOT / "conf"
ENV_PREFIX = "PAXPIPE__"


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _parse_env_value(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, text in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        keys = [k.lower() for k in name[len(ENV_PREFIX):].split("__") if k]
        if not keys:
            continue
        node = out
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = _parse_env_value(text)
    return out


@dataclass(frozen=True)
class Settings:
    """Merged configuration; sections are plain dicts, common paths are typed properties."""

    data: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        return dict(value) if isinstance(value, Mapping) else {}

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
        return node

    def path(self, name: str) -> str:
        """A path from [paths]; local relative paths resolve against the working directory."""
        value = str(self.get(f"paths.{name}"))
        if "://" in value:
            return value
        return str(Path(value).expanduser().resolve())

    @property
    def landing(self) -> str:
        return self.path("landing")

    @property
    def lakehouse(self) -> str:
        return self.path("lakehouse")


def load_settings(
    overlay: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    conf_dir: Path = CONF_DIR,
) -> Settings:
    env = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    for name in ("base.toml", "matching.toml"):
        path = conf_dir / name
        if path.exists():
            data = _merge(data, tomllib.loads(path.read_text(encoding="utf-8")))
    overlay_path = Path(overlay or env.get("PAXPIPE_CONF") or conf_dir / "local.toml")
    if overlay_path.exists():
        data = _merge(data, tomllib.loads(overlay_path.read_text(encoding="utf-8")))
    elif overlay or env.get("PAXPIPE_CONF"):
        raise FileNotFoundError(f"configuration overlay not found: {overlay_path}")
    data = _merge(data, _env_overrides(env))
    return Settings(data)
