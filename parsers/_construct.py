"""Fast constructors for the frozen slotted dataclasses built on the hot path (Traveller, Document).

A frozen dataclass's ``__init__`` stores every field with ``object.__setattr__`` (a call per field:
1.8 µs for a Traveller's 22 fields). The builder made here takes the same arguments with the same
defaults, stores them as plain slot writes on a twin class with the same slots, then assigns
``__class__``, which CPython allows between classes of identical layout. The result is a genuine
instance of the dataclass (equal, hashable, immutable; tested against the real constructor).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["builder"]

T = TypeVar("T")


def builder(cls: type[T]) -> Callable[..., T]:
    """A function with ``cls.__init__``'s signature (positional or keyword) that builds a ``cls``."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    slots = tuple(getattr(cls, "__slots__", ()))
    if slots != tuple(f.name for f in fields) or getattr(cls, "__post_init__", None) is not None:
        raise TypeError(f"{cls.__name__}: only slotted dataclasses without __post_init__ are supported")
    twin = type(f"_{cls.__name__}Draft", (), {"__slots__": slots})
    params: list[str] = []
    namespace: dict[str, Any] = {"_twin": twin, "_cls": cls}
    for f in fields:
        if f.default is not dataclasses.MISSING:
            namespace[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: default factories are not supported")
        else:
            params.append(f.name)
    body = "\n".join(f"    o.{f.name} = {f.name}" for f in fields)
    source = f"def build({', '.join(params)}):\n    o = _twin()\n{body}\n    o.__class__ = _cls\n    return o\n"
    exec(source, namespace)
    build: Callable[..., T] = namespace["build"]
    build.__name__ = build.__qualname__ = f"build_{cls.__name__}"
    build.__doc__ = f"Build a {cls.__name__} (same arguments as its constructor) without the frozen __init__."
    return build
