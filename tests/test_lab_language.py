"""yibao.serve.lab_language: JupyterLab's "default" UI language follows the browser's Accept-Language."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from yibao.serve import lab_language

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh-TW,en;q=0.5", "zh_CN"),  # a Chinese pack beats none
        ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        ("en-US;q=0.4,zh-CN;q=0.8", "zh_CN"),  # quality, not order, decides
        ("fr-FR,de;q=0.9", None),  # no pack: Lab keeps its own default
        ("", None),
        ("*", None),
        ("zh-CN;q=0", None),  # q=0 means "not this one"
        ("zh-CN;q=bad,en;q=0.1", "en"),
        (" ZH-cn ", "zh_CN"),
    ],
)
def test_preferred_locale(header: str, expected: str | None) -> None:
    assert lab_language.preferred_locale(header, ["zh_CN"]) == expected


def test_preferred_locale_without_packs_is_english_or_nothing() -> None:
    assert lab_language.preferred_locale("zh-CN,en;q=0.5", []) == "en"
    assert lab_language.preferred_locale("zh-CN", []) is None


def test_swap_replaces_lab_handlers_in_nested_routes() -> None:
    # imported here, not on collection: jupyterlab_server loads jupyter_server (0.35 s in each test process)
    import tornado.web
    from jupyterlab_server.settings_handler import SettingsHandler
    from jupyterlab_server.translations_handler import TranslationsHandler

    app = tornado.web.Application([(r"/other", tornado.web.RequestHandler)])
    kwargs = {"name": "lab", "app_settings_dir": "", "schemas_dir": "", "settings_dir": "", "labextensions_path": []}
    app.add_handlers(
        ".*$",
        [(r"/lab/api/settings/(.*)", SettingsHandler, kwargs), (r"/lab/api/translations/(.*)", TranslationsHandler, kwargs)],
    )
    replacements = lab_language._handler_classes()
    assert lab_language.swap_handlers(app.default_router, replacements) == 2
    targets = [rule.target for host in app.default_router.rules for rule in getattr(host.target, "rules", ())]
    assert replacements[SettingsHandler] in targets and replacements[TranslationsHandler] in targets
    assert SettingsHandler not in targets and TranslationsHandler not in targets
    assert all(issubclass(new, old) for old, new in replacements.items())
    assert lab_language.swap_handlers(app.default_router, replacements) == 0  # nothing left to swap


def test_module_imports_only_the_standard_library() -> None:
    tree = ast.parse((ROOT / "yibao" / "serve" / "lab_language.py").read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    names = {a.name.split(".")[0] for n in top if isinstance(n, ast.Import) for a in n.names}
    names |= {(n.module or "").split(".")[0] for n in top if isinstance(n, ast.ImportFrom)}
    assert names <= {"__future__", "collections", "logging", "typing"}, names
    code = (
        "import sys, yibao.serve.lab_language; "
        "print(sorted(m for m in ('jupyter_server', 'jupyterlab_server', 'pandas') if m in sys.modules))"
    )
    assert subprocess.check_output([sys.executable, "-c", code], text=True).strip() == "[]"
