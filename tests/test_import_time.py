"""`import yibao` adds at most 150 ms to `import pandas` (best of several fresh interpreters)."""

from __future__ import annotations

import subprocess
import sys

BUDGET_MS = 150
SNIPPET = (
    "import time; t0 = time.perf_counter(); import pandas; t1 = time.perf_counter(); "
    "import yibao; t2 = time.perf_counter(); print((t2 - t1) * 1000)"
)


def test_import_yibao_is_cheap():
    extra = min(float(subprocess.check_output([sys.executable, "-X", "frozen_modules=off", "-c", SNIPPET], text=True)) for _ in range(5))
    assert extra <= BUDGET_MS, f"import yibao added {extra:.0f} ms to import pandas"


def test_import_yibao_does_not_pull_in_widgets_or_matplotlib():
    code = "import sys, yibao; print(sorted(m for m in ('ipywidgets', 'matplotlib', 'traitlets') if m in sys.modules))"
    assert subprocess.check_output([sys.executable, "-c", code], text=True).strip() == "[]"
