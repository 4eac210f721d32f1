"""The explainers' bundles (yibao/widgets/bundle.py): built by esbuild, rebuilt when a module is newer, clear when they cannot be."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from yibao.widgets import bundle

from .node import needs_node


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Bundles written to a temporary folder (the modules stay where they are)."""
    monkeypatch.setattr(bundle, "BUNDLES", tmp_path)
    monkeypatch.setattr(bundle, "SITE_BUNDLE", tmp_path / "site.js")
    monkeypatch.setattr(bundle, "APP_BUNDLE", tmp_path / "app.js")
    return tmp_path


@needs_node
def test_missing_bundles_are_built_and_a_newer_module_makes_them_stale(elsewhere: Path):
    assert bundle.stale()
    path = bundle.bundle("claims")
    assert path == elsewhere / "claims.js" and not bundle.stale()
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted([*(p.name for p in bundle.entries()), "site.js", "app.js"])
    assert "// js/common.js" in path.read_text(encoding="utf-8"), "the shared module is bundled in"
    for front in ("site.js", "app.js"):
        text = (elsewhere / front).read_text(encoding="utf-8")
        assert not re.search(r"^(import|export) ", text, re.M), f"{front}: a front end is a classic script"
    app = (elsewhere / "app.js").read_text(encoding="utf-8")
    assert ".yibao-explainer" in app, "the app's front end carries the explainers' stylesheet"
    os.utime(elsewhere / "claims.js", (0, 0))
    assert bundle.stale(), "a module newer than a bundle"


def test_without_esbuild_the_error_says_how_to_get_it(elsewhere: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(bundle, "LOCAL_ESBUILD", elsewhere / "no-esbuild")
    monkeypatch.setenv("PATH", str(elsewhere))
    with pytest.raises(RuntimeError, match=r"esbuild is not installed: run `make install`"):
        bundle.bundle("claims")


def test_an_unknown_explainer_is_named():
    with pytest.raises(RuntimeError, match="no explainer module 'nope'"):
        bundle.bundle("nope")
