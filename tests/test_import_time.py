"""`import yibao` (with every public name resolved) adds at most 150 ms to `import pandas`."""

from __future__ import annotations

import subprocess
import sys

BUDGET_MS = 150
SNIPPET = (
    "import time; import pandas; t1 = time.perf_counter(); "
    "import yibao; [getattr(yibao, name) for name in yibao.__all__]; t2 = time.perf_counter(); print((t2 - t1) * 1000)"
)


def test_import_yibao_is_cheap():
    extra = min(float(subprocess.check_output([sys.executable, "-c", SNIPPET], text=True)) for _ in range(5))
    assert extra <= BUDGET_MS, f"import yibao and its public API added {extra:.0f} ms to import pandas"


def test_import_yibao_does_not_pull_in_widgets_or_matplotlib():
    code = (
        "import sys, yibao; [getattr(yibao, n) for n in yibao.__all__]; "
        "print(sorted(m for m in ('ipywidgets', 'matplotlib', 'traitlets') if m in sys.modules))"
    )
    assert subprocess.check_output([sys.executable, "-c", code], text=True).strip() == "[]"


def test_server_extension_import_does_not_load_pandas():
    code = "import sys, yibao.nodelay; print('pandas' in sys.modules)"
    assert subprocess.check_output([sys.executable, "-c", code], text=True).strip() == "False"


def test_unknown_attribute_is_an_attribute_error():
    import yibao

    assert sorted(yibao.__all__) == sorted(yibao._EXPORTS)
    try:
        yibao.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")
