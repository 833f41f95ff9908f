"""Narrower factors and their broader ids, for query expansion."""

from __future__ import annotations

from schemas.factors import broader_ids, find_factor, narrower_ids

EXPORT_CONTROLS = "factor:regulation:export-controls"


def test_gallium_controls_narrower() -> None:
    factor = find_factor("export controls on gallium")
    assert factor is not None
    assert broader_ids(factor) == [EXPORT_CONTROLS]


def test_narrowed_regulation_derived() -> None:
    factor = find_factor("tariffs on aluminium")
    assert factor is not None
    assert factor.id == "factor:regulation:tariffs-on-aluminum"
    assert factor.broader == "factor:regulation:tariffs"


def test_unknown_narrowing_rejected() -> None:
    assert find_factor("export controls on widgets") is None


def test_export_controls_expand() -> None:
    assert "factor:regulation:export-controls-on-gallium" in narrower_ids(EXPORT_CONTROLS)
    assert "factor:regulation:entity-list" in narrower_ids(EXPORT_CONTROLS)
