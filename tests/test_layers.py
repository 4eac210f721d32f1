"""The tree shows the layers: every module of yibao sits in the folder of its layer.

Beside them, at the root, only the public API (``__init__.py``) and the command that checks every
layer's data (``validate.py``): both stand above the layers.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "yibao"
ROOT_MODULES = {Path("__init__.py"), Path("validate.py")}


def contract_layers() -> list[str]:
    """The layers of yibao, highest first, as the import-linter contract names them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c.get("containers") == ["yibao"]]
    return list(contract["layers"])


def test_every_module_sits_in_a_layer_folder() -> None:
    layers = set(contract_layers())
    assert layers == {"data", "rules", "answers", "widgets", "serve"}
    stray = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in layers and path.relative_to(PACKAGE) not in ROOT_MODULES
    ]
    assert stray == [], f"modules outside a layer folder: {stray}"


def test_public_names_load_from_their_layers() -> None:
    import yibao

    for name, module in yibao._EXPORTS.items():
        assert module.split(".")[0] in contract_layers(), (name, module)
        assert getattr(yibao, name) is not None
