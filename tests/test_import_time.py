"""`import yibao` stays light: it loads neither the widgets nor matplotlib, which only
``yibao.balance_figure`` needs (how long it takes is measured by `make bench`,
benchmarks/notebooks.py, against its 150 ms budget)."""

from __future__ import annotations

import subprocess
import sys


def test_import_yibao_does_not_pull_in_widgets_or_matplotlib():
    code = (
        "import sys, yibao; [getattr(yibao, n) for n in yibao.__all__ if n != 'balance_figure']; "
        "print(sorted(m for m in ('ipywidgets', 'matplotlib', 'traitlets') if m in sys.modules)); "
        "yibao.balance_figure; print('matplotlib' in sys.modules)"
    )
    assert subprocess.check_output([sys.executable, "-c", code], text=True).split() == ["[]", "True"]


def test_server_extension_import_does_not_load_pandas():
    code = "import sys, yibao.serve.nodelay; print('pandas' in sys.modules)"
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
