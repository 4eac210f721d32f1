"""Running the explainers' ES modules (``yibao/widgets/js/``) in node, for the parity tests.

Node is a requirement (``make install`` installs it): without it these tests are skipped with the
reason, and FAIL under ``CI=true``.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

from yibao.widgets.bundle import SOURCES

from . import in_ci

NODE = shutil.which("node")

#: Mark a module whose tests run node.
needs_node = pytest.mark.skipif(NODE is None and not in_ci(), reason="node is not installed (`make install` installs it)")


def run_module(folder: Path, imports: Mapping[str, Iterable[str]], body: str, *args: str, timeout: int = 120) -> str:
    """Run ``body`` as an ES module in node after importing ``{module: names}`` from ``js/``; its stdout.

    ``body`` may use ``fs`` and ``process.argv[2:]`` (the ``args``).
    """
    if NODE is None:
        pytest.fail("node is not installed (CI=true: the parity tests must run; `make install` installs it)", pytrace=False)
    lines = ['import fs from "node:fs";']
    lines += [f'import {{ {", ".join(names)} }} from "{(SOURCES / f"{module}.js").as_uri()}";' for module, names in imports.items()]
    script = folder / "runner.mjs"
    script.write_text("\n".join(lines) + "\n" + body, encoding="utf-8")
    done = subprocess.run([NODE, str(script), *args], capture_output=True, text=True, encoding="utf-8", check=True, timeout=timeout)
    return done.stdout
