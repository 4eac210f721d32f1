"""`import yibao` stays light: it loads neither the widgets nor matplotlib, which only
``yibao.balance_figure`` needs (how long it takes is measured by `make bench`,
benchmarks/notebooks.py, against its 150 ms budget); the domain functions that feed the widgets
run without them."""

from __future__ import annotations

import subprocess
import sys

#: The domain functions that feed the widgets (``tests/test_domain.py``), called with their defaults.
DOMAIN_FUNCTIONS = ("account_rows", "channel_records", "seed_claims", "family_sharing_rules", "non_payable_items")


def test_import_yibao_and_its_domain_functions_pull_in_neither_widgets_nor_matplotlib():
    """Every name of ``yibao`` resolved, then the domain functions called, load no widget library;
    ``balance_figure`` loads matplotlib. One fresh interpreter checks both (each costs 0.5 s of CPU: pandas, the tables)."""
    code = (
        "import sys, yibao; loaded = lambda: sorted(m for m in ('ipywidgets', 'matplotlib', 'traitlets') if m in sys.modules); "
        "[getattr(yibao, n) for n in yibao.__all__ if n != 'balance_figure']; print(loaded()); "
        f"[getattr(yibao, n)() for n in {DOMAIN_FUNCTIONS!r}]; print(loaded()); "
        "yibao.balance_figure; print('matplotlib' in sys.modules)"
    )
    assert subprocess.check_output([sys.executable, "-c", code], text=True).split() == ["[]", "[]", "True"]


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
