"""What every front of the benchmarks serves: the pages, the phone, the request blocker.

Shared by :mod:`benchmarks.static_site`, :mod:`benchmarks.journeys` and the other browser
benchmarks, so that none of them imports another to get it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO_ROOT = Path(__file__).resolve().parents[1]

#: a mid-range phone: Playwright context options
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "has_touch": True, "is_mobile": True}

#: Pages of browser explainers: file → (title_zh, title_en, code cells).
BROWSER_PAGES = {
    "90_browser_choices.ipynb": (
        "查询渠道与提取(浏览器版)",
        "Channels and withdrawal (browser)",
        ["yw.language_toggle()", "yw.channel_finder()", "yw.withdrawal_steps()"],
    ),
    "91_browser_tables.ipynb": (
        "说法核对与比较(浏览器版)",
        "Myths and comparison (browser)",
        ["yw.language_toggle()", "yw.claim_checker()", "yw.family_sharing_timeline()", "yw.non_payable_list()", "yw.account_table()"],
    ),
}
#: Explainers on each browser page (the language switch included).
EXPLAINERS = {name[: -len(".ipynb")]: len(cells) for name, (_, _, cells) in BROWSER_PAGES.items()}

LOCAL_PREFIXES = ("http://127.0.0.1", "file:", "blob:", "data:", "about:")
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def write_browser_notebooks(folder: Path) -> None:
    """The browser pages as thin notebooks in ``folder``."""
    for name, (title_zh, title_en, cells) in BROWSER_PAGES.items():
        notebook = new_notebook(
            cells=[
                new_markdown_cell(f"# {title_zh} · {title_en}"),
                new_code_cell("from yibao import widgets as yw"),
                *(new_code_cell(code) for code in cells),
                new_markdown_cell("[00 从这里开始 Start here](00_start_here.ipynb)"),
            ],
            metadata={
                "title": title_zh,
                "yibao": {"title_zh": title_zh, "title_en": title_en},
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            },
        )
        nbformat.write(notebook, folder / name)


def write_pages(folder: Path) -> Path:
    """``folder/notebooks/``: the project's notebooks and the browser pages; ``folder/benchmarks/floor.ipynb``.

    Returns the notebooks folder (the static site is built from it; Voila and Lab serve ``folder``).
    """
    notebooks = folder / "notebooks"
    notebooks.mkdir(parents=True, exist_ok=True)
    for notebook in sorted((REPO_ROOT / "notebooks").glob("*.ipynb")):
        shutil.copyfile(notebook, notebooks / notebook.name)
    write_browser_notebooks(notebooks)
    (folder / "benchmarks").mkdir(exist_ok=True)
    shutil.copyfile(REPO_ROOT / "benchmarks" / "floor.ipynb", folder / "benchmarks" / "floor.ipynb")
    return notebooks


@dataclass
class Blocker:
    """Aborts every request that is not local (127.0.0.1, file:, blob:, data:) and remembers it."""

    blocked: list[str] = field(default_factory=list)

    def install(self, context: Any) -> Blocker:
        context.route("**/*", self._handle)
        return self

    def _handle(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()
