"""The static site: every notebook run with its widget state and exported to HTML; no server code.

``python -m yibao.serve.site [--notebooks notebooks] [--out site]`` (``make site``).

Each page is nbconvert's HTML export of an executed notebook: text and headings first, styled by
one small stylesheet, then deferred scripts: the shared data the page's explainers use and the
site's front end (``static/yibao.js``, built from ``yibao/widgets/js/site/loader.js``), which mounts
each explainer's module from the widget state saved in the page, with the same ``render({model,
el})`` as in JupyterLab and Voila, and no widget manager. Values larger than
:data:`SHARED_BYTES` (rules, sources, the question index …) are written once per site, each in a
file named by its content (``static/data/<hash>.js``, cacheable forever, shared by every page
that shows it). They are classic scripts, so the site also works opened from ``file://``, where
browsers refuse module scripts and ``fetch``. Every file is also written pre-compressed
(``.gz``, ``.br``) for hosts that serve those. Nothing is fetched from anywhere else.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import re
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import brotli
import nbformat

from yibao.widgets.browser import CSS
from yibao.widgets.bundle import SITE_BUNDLE, bundle, entries, rebuild_if_stale

if TYPE_CHECKING:  # nbconvert (0.3 s) and nbclient are imported when a page is exported or a notebook run
    from nbconvert import HTMLExporter

TEMPLATES = Path(__file__).with_name("share") / "jupyter" / "nbconvert" / "templates"
#: The pages' own stylesheet (the notebook's text), written in front of the explainers' one.
PAGE_CSS = TEMPLATES / "yibao_static" / "page.css"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: A trait whose JSON is longer than this goes to a shared data file.
SHARED_BYTES = 1000
#: Files written pre-compressed beside themselves.
COMPRESSED = (".html", ".js", ".css", ".json", ".svg")

#: Hosts that serve code or fonts to other sites; a page of ours must load nothing from them.
CDN_HOSTS = frozenset(
    {
        "ajax.googleapis.com",
        "cdn.jsdelivr.net",
        "cdnjs.cloudflare.com",
        "code.jquery.com",
        "esm.sh",
        "fonts.googleapis.com",
        "fonts.gstatic.com",
        "unpkg.com",
    }
)
#: A URL, also as JSON writes it inside a page's widget state (``https:\/\/host\/…``).
_URL = re.compile(r"""https?:(?://|\\/\\/)([A-Za-z0-9.-]+)[^\s"'`<>)]*""")
_NOTEBOOK_LINK = re.compile(r'href="([\w.-]+)\.ipynb(#[^"]*)?"')
#: Where a page draws a widget: ``<script type="…widget-view+json">{"model_id": …}</script>``.
_VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">\s*(\{.*?\})\s*</script>', re.S)


@dataclass(frozen=True)
class Page:
    """One exported notebook: its file in the site and its title in both languages."""

    file: str
    title_zh: str
    title_en: str


def explainer_names() -> dict[str, str]:
    """``{bundled module text: explainer name}`` for every explainer (what a saved ``_esm`` holds)."""
    rebuild_if_stale()
    return {bundle(path.stem, checked=True).read_text(encoding="utf-8"): path.stem for path in entries()}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)


def compact_state(state: Mapping[str, Any], names: Mapping[str, str], shared: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """A page's widget state for the site's front end, and the shared values it uses, in order.

    Keeps the explainers (``AnyModel``; layouts are not drawn without a widget manager) with
    ``_esm`` replaced by the explainer's name and ``_css`` left out (the site's stylesheet has it);
    each trait longer than :data:`SHARED_BYTES` becomes ``{"$data": name}`` and goes to ``shared``
    (``{name: JSON}``). Raises ``ValueError`` for a widget the front end cannot draw.
    """
    kept: dict[str, Any] = {}
    used: list[str] = []
    for model_id, model in state.items():
        if model["model_name"] == "LayoutModel":
            continue
        traits = dict(model["state"])
        esm = traits.pop("_esm", None)
        if model["model_name"] != "AnyModel" or esm not in names:
            raise ValueError(f"the static site draws yibao's explainers only, not {model['model_name']} {model_id}")
        if traits.pop("_css", CSS) != CSS:
            raise ValueError(f"explainer {names[esm]} has a stylesheet of its own")
        for name, value in traits.items():
            text = _json(value)
            if len(text) > SHARED_BYTES:
                key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
                shared[key] = text
                traits[name] = {"$data": key}
                if key not in used:
                    used.append(key)
        kept[model_id] = {"model_name": "AnyModel", "state": {**traits, "_esm": names[esm]}}
    return kept, used


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in its own folder, keeping the widgets' state."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
    )
    client.execute()
    return notebook


def name_views(page: str, state: Mapping[str, Any]) -> str:
    """Each widget view of ``page`` marked with its explainer (``data-explainer``): the stylesheet keeps its room."""

    def named(match: re.Match[str]) -> str:
        model = state.get(json.loads(match.group(1))["model_id"])
        if model is None:
            return match.group(0)
        return match.group(0).replace("<script ", f'<script data-explainer="{html.escape(model["state"]["_esm"])}" ', 1)

    return _VIEW.sub(named, page)


def export(notebook: nbformat.NotebookNode, data: list[str], *, front_door: bool = False) -> str:
    """The notebook as a page of the site: outputs only, the ``data`` files and the front end, links to pages;
    ``front_door``: the site's ``index.html``, with no link to itself."""
    body, _resources = _exporter().from_notebook_node(notebook, resources={"yibao_data": data, "yibao_front_door": front_door})
    return _NOTEBOOK_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)


@cache
def _exporter() -> HTMLExporter:
    """The site's page exporter, one for every page: its templates are compiled once (0.17 s a page)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="yibao_static",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.language_code = "zh-CN"
    return exporter


#: The notebook whose page is also the site's front door (``index.html``), as the app opens on it.
START_PAGE = "00_start_here"


def home_page(pages: list[Page]) -> str:
    """``index.html`` of a site without a start page: the site's title, one sentence, and a card linking to each page (same tab)."""
    cards = "\n".join(
        f'  <li><a class="card" href="{html.escape(p.file)}"><span class="zh" lang="zh">{html.escape(p.title_zh)}</span>'
        f'<span class="en" lang="en">{html.escape(p.title_en)}</span></a></li>'
        for p in pages
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="职工医保个人账户与统筹基金的区别、查余额和提取,每条都有来源和日期。
Employee medical insurance in China, explained with sources.">
<title>职工医保:个人账户与统筹基金</title>
<style>
  body {{ font-family: system-ui, "Noto Sans CJK SC", sans-serif; font-size: 16px; line-height: 1.6;
         max-width: 960px; margin: 0 auto; padding: 12px 16px 32px; color: #1f2328; }}
  h1 {{ font-size: 26px; margin: 16px 0 8px; }}
  ul {{ list-style: none; padding: 0; display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); }}
  .card {{ display: block; min-height: 44px; padding: 14px 16px; border: 1px solid #d0d7de; border-radius: 10px;
          text-decoration: none; color: inherit; background: #f6f8fa; }}
  .card:hover, .card:focus {{ border-color: #0969da; }}
  .zh {{ display: block; font-size: 18px; font-weight: 600; color: #0969da; }}
  .en {{ display: block; font-size: 14px; color: #57606a; font-style: italic; }}
</style>
</head>
<body>
<main>
<h1><span lang="zh">职工医保:个人账户与统筹基金</span> · <span lang="en">Employee medical insurance</span></h1>
<p><span lang="zh">个人账户的钱属于你,统筹基金是大家的互助金:这里用有来源、有日期的资料讲清两者的区别、怎样查余额和能否提取。</span>
<i lang="en">Employee medical insurance in China, explained with sources: your personal account, the pooled fund,
how to check the balance and whether it can be withdrawn.</i></p>
<ul>
{cards}
</ul>
</main>
</body>
</html>
"""


def cdn_urls(site: Path) -> list[tuple[str, str]]:
    """Every URL to a CDN host in the site's text files, as ``(file, url)``."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".js", ".css", ".json"):
            for match in _URL.finditer(path.read_text(encoding="utf-8")):
                if match.group(1).lower() in CDN_HOSTS:
                    found.append((str(path.relative_to(site)), match.group(0)))
    return found


def write_front_end(static: Path, shared: Mapping[str, str]) -> None:
    """``static/``: the front end, the stylesheet, and one script per shared value (``self.yibaoData[name]``).

    A value is written as ``JSON.parse("…")`` (browsers read a JSON string faster than the same object
    as code); then the script asks the front end, which runs before it, to draw what can be drawn now.
    """
    (static / "data").mkdir(parents=True, exist_ok=True)
    rebuild_if_stale()  # every bundle, the front end's too
    shutil.copyfile(SITE_BUNDLE, static / "yibao.js")
    (static / "yibao.css").write_text(PAGE_CSS.read_text(encoding="utf-8") + CSS, encoding="utf-8")
    for key, text in shared.items():
        literal = json.dumps(text, ensure_ascii=False)
        script = f'(self.yibaoData||={{}})["{key}"]=JSON.parse({literal});self.yibaoMount?.();\n'
        (static / "data" / f"{key}.js").write_text(script, encoding="utf-8")


def compress(site: Path) -> int:
    """Write ``<file>.gz`` and ``<file>.br`` beside each text file of ``site`` (same bytes on every build); how many files."""
    files = [path for path in sorted(site.rglob("*")) if path.suffix in COMPRESSED]
    for path in files:
        raw = path.read_bytes()
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
        path.with_name(path.name + ".br").write_bytes(brotli.compress(raw, quality=11))
    return len(files)


def build_site(notebooks: Path, out: Path, *, log: bool = False) -> list[Page]:
    """Build the site into ``out`` (replaced): one page per notebook, ``index.html`` (the start page's, when
    there is one), ``static/``, compressed copies.

    Raises ``RuntimeError`` if a CDN URL is left in any file.
    """
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    names = explainer_names()
    shared: dict[str, str] = {}
    pages = []
    start = None
    for path in sorted(notebooks.glob("*.ipynb")):
        if log:
            print(f"site: {path.name}", file=sys.stderr)
        notebook = execute(path)
        widgets = notebook.metadata.get("widgets", {})
        data: list[str] = []
        state: dict[str, Any] = {}
        if WIDGET_STATE in widgets:
            state, data = compact_state(widgets[WIDGET_STATE]["state"], names, shared)
            widgets[WIDGET_STATE]["state"] = state
        page = name_views(export(notebook, data), state)
        (out / f"{path.stem}.html").write_text(page, encoding="utf-8")
        if path.stem == START_PAGE:
            start = name_views(export(notebook, data, front_door=True), state)
        titles = notebook.metadata.get("yibao", {})
        title = notebook.metadata.get("title", path.stem)
        pages.append(Page(f"{path.stem}.html", titles.get("title_zh", title), titles.get("title_en", title)))
    (out / "index.html").write_text(home_page(pages) if start is None else start, encoding="utf-8")
    write_front_end(out / "static", shared)
    left = cdn_urls(out)
    if left:
        raise RuntimeError("CDN URLs in the site: " + "; ".join(f"{file}: {url}" for file, url in left))
    compress(out)
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m yibao.serve.site", description="Build the static site.")
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"), help="folder of notebooks (default: notebooks)")
    parser.add_argument("--out", type=Path, default=Path("site"), help="output folder, replaced (default: site)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    pages = build_site(args.notebooks, args.out, log=True)
    print(f"site: {len(pages)} pages in {args.out}/ (open {args.out}/index.html, or serve the folder from any static host)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
