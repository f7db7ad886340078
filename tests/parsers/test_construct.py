"""parsers/_construct.builder: the fast constructors give genuine, equal, frozen model objects."""

from __future__ import annotations

import dataclasses

import pytest

from parsers._construct import builder
from parsers.model import Document, PnrgovMessage, Traveller

TRAVELLERS = [
    ((("PAXLST", "passenger"), {})),
    ((("PNRGOV", "infant"), {"surname": "DOE", "is_infant": True, "documents": (Document("P", "1"),)})),
    (
        (),
        {
            "source": "PAXLST", "role": "crew", "surname": "X", "given_names": "Y Z", "date_of_birth": "1980-01-01",
            "gender": "F", "nationality": "DEU", "bag_count": 2, "bag_weight_kg": 20.5, "bag_tags": ("LH1",),
            "segment_start": 3, "segment_end": 9, "extra": (("k", "v"),),
        },
    ),
]  # fmt: skip


@pytest.mark.parametrize(("args", "kwargs"), TRAVELLERS)
def test_traveller_builder_equals_the_constructor(args: tuple[str, ...], kwargs: dict[str, object]) -> None:
    fast = builder(Traveller)(*args, **kwargs)
    real = Traveller(*args, **kwargs)  # type: ignore[arg-type]
    assert type(fast) is Traveller
    assert fast == real
    assert hash(fast) == hash(real)
    assert dataclasses.asdict(fast) == dataclasses.asdict(real)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.surname = "OTHER"  # type: ignore[misc]


def test_document_builder_and_argument_errors() -> None:
    build = builder(Document)
    assert build("P", "C1", "DEU", source="DOC") == Document("P", "C1", "DEU", source="DOC")
    assert build() == Document()
    with pytest.raises(TypeError):
        build(nonsense=1)
    with pytest.raises(TypeError):
        builder(Traveller)()  # source and role are required, as in the constructor


def test_default_factories_are_refused() -> None:
    with pytest.raises(TypeError):
        builder(PnrgovMessage)
