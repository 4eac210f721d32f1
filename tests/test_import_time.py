"""`import yibao` stays light: it loads neither the widgets nor matplotlib, which only
``yibao.balance_figure`` needs (how long it takes is measured by `make bench`,
benchmarks/notebooks.py, against its 150 ms budget); its domain functions run without them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Domain functions that read tables and hand out records: no widget, no figure.
DOMAIN_FUNCTIONS = ("account_rows", "channel_records", "seed_claims", "family_sharing_rules", "non_payable_items")


@pytest.fixture(scope="module")
def fresh_yibao() -> dict[str, list[str]]:
    """One fresh interpreter (a second would cost a second of CPU): ``import yibao``, then the heavy
    modules loaded after its domain functions ran, after every other name but ``balance_figure`` was
    looked up, and after ``balance_figure`` was."""
    code = (
        "import json, sys, yibao\n"
        "def heavy(*names): return sorted(m for m in names if m in sys.modules)\n"
        f"[getattr(yibao, n)() for n in {DOMAIN_FUNCTIONS!r}]\n"
        "steps = {'domain functions': heavy('ipywidgets', 'matplotlib')}\n"
        "[getattr(yibao, n) for n in yibao.__all__ if n != 'balance_figure']\n"
        "steps['every name'] = heavy('ipywidgets', 'matplotlib', 'traitlets')\n"
        "yibao.balance_figure\n"
        "steps['balance_figure'] = heavy('matplotlib')\n"
        "print(json.dumps(steps))\n"
    )
    return json.loads(subprocess.check_output([sys.executable, "-c", code], text=True, cwd=ROOT))


def test_import_yibao_does_not_pull_in_widgets_or_matplotlib(fresh_yibao: dict[str, list[str]]):
    assert fresh_yibao["every name"] == []
    assert fresh_yibao["balance_figure"] == ["matplotlib"]


def test_domain_functions_do_not_need_ipywidgets(fresh_yibao: dict[str, list[str]]):
    assert fresh_yibao["domain functions"] == []


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
