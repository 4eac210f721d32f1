"""Package build: bundle the explainers' JavaScript (``yibao/widgets/bundle.py``) into the wheel.

An editable install skips it: the package rebuilds a missing or stale bundle when it is imported.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class BundleHook(BuildHookInterface):  # type: ignore[misc]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        path = Path(self.root) / "yibao" / "widgets" / "bundle.py"
        spec = importlib.util.spec_from_file_location("yibao_bundle", path)
        assert spec is not None and spec.loader is not None
        bundle = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bundle)
        bundle.build()
