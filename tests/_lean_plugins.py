"""Three costs of third-party plugins the tests do not need, removed before pytest loads them
(``-p tests._lean_plugins`` in pytest's ``addopts``: loaded before the installed plugins, in every
process, xdist's workers too).

- jsonschema (under nbformat, which nbval imports on loading) imports its optional IRI format
  checker, ``rfc3987_syntax``, which builds a Lark grammar at import: 1–2 s of CPU in every test
  process. No schema the tests validate (nbformat v4) has an IRI format, so it is not loaded.
- nbval formats every kernel message with ``pprint.pformat`` for a debug log line, also when that
  line is not written: seconds of CPU for a notebook whose widgets send a large state. The line is
  formatted only when it is written.
- pytest rewrites the asserts of every module of a distribution that ships a plugin: all of
  hypothesis (73 modules) and anyio (30). Where bytecode is not written (``PYTHONDONTWRITEBYTECODE``,
  a read-only environment) it does so on every start: 1.4 s of CPU in every test process. Their
  asserts are the libraries' own invariants, not the tests'; the plugins' own modules are still
  rewritten.
"""

from __future__ import annotations

import sys
from pprint import pformat
from typing import Any

import pytest
from _pytest.assertion.rewrite import AssertionRewritingHook

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

#: Libraries whose modules pytest need not rewrite, with their plugin's module (rewritten).
NOT_REWRITTEN = {"hypothesis": "_hypothesis_pytestplugin", "anyio": "anyio.pytest_plugin"}


def _rewrite_plugins_only() -> None:
    """pytest marked the plugins' distributions for rewriting before it loaded this module: unmark the libraries
    (pytest's private state: where it is named otherwise, nothing changes but the time)."""
    for hook in sys.meta_path:
        marked = getattr(hook, "_must_rewrite", None) if isinstance(hook, AssertionRewritingHook) else None
        if isinstance(marked, set):
            libraries = marked & NOT_REWRITTEN.keys()
            marked -= libraries
            marked |= {NOT_REWRITTEN[library] for library in libraries}
            getattr(hook, "_marked_for_rewrite_cache", {}).clear()


_rewrite_plugins_only()


def lean_module(module: str) -> list[str]:
    """Arguments to python that run ``module`` as ``-m module`` does, without the IRI format checker."""
    run = f"runpy.run_module({module!r}, run_name='__main__', alter_sys=True)"
    return ["-c", f"import runpy, sys; sys.modules.setdefault('rfc3987_syntax', None); {run}"]


class _Formatted:
    """``pformat(value)``, computed when a log record is written (``str()``), not before."""

    def __init__(self, value: Any, *args: Any, **kwargs: Any) -> None:
        self.value, self.args, self.kwargs = value, args, kwargs

    def __str__(self) -> str:
        return pformat(self.value, *self.args, **self.kwargs)


def pytest_configure(config: pytest.Config) -> None:
    """Once the plugins are loaded: nbval's messages formatted lazily (when nbval runs, ``-p no:nbval`` aside)."""
    kernel = sys.modules.get("nbval.kernel")
    if kernel is not None:
        kernel.pformat = _Formatted  # type: ignore[attr-defined]
