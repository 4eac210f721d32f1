"""The static site: every notebook run with its widget state and exported to HTML; no server code.

``python -m yibao.serve.site [--notebooks notebooks] [--out site] [--node-modules node_modules]``
(``make site`` first runs ``npm ci`` for the JavaScript it copies).

Each page is nbconvert's HTML export of an executed notebook (the widgets' state is stored in the
page), with require.js, the widget manager (``@jupyter-widgets/html-manager``) and anywidget's
front end served from the site's own ``vendor/`` folder: nothing is fetched from anywhere else.
anywidget explainers stay interactive (their logic runs in the browser); ipywidgets controls
driven by Python callbacks show their state as it was at build time.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

TEMPLATES = Path(__file__).with_name("share") / "jupyter" / "nbconvert" / "templates"

#: npm files copied into ``vendor/`` (destination name: path in node_modules).
VENDOR_FILES = {
    "embed-amd.js": "@jupyter-widgets/html-manager/dist/embed-amd.js",
    "require.js": "requirejs/require.js",
    "anywidget.js": "anywidget/dist/index.js",
}
#: The Font Awesome fonts the widget manager's CSS loads from beside ``embed-amd.js`` (browsers take woff2).
VENDOR_FONTS = ("@jupyter-widgets/html-manager/dist", "*.woff2")

#: require.js finds anywidget's front end in vendor/ (the widget manager asks require.js first;
#: only when that fails does it try its CDN, which the patch below also points at vendor/).
REQUIRE_CONFIG = '\nrequire.config({paths: {"anywidget": "vendor/anywidget"}});\n'

#: Text in the vendored files that names a CDN: (file, text, replacement).
VENDOR_PATCHES = (
    # the widget manager's fallback for widget modules it cannot find locally
    ("embed-amd.js", "https://cdn.jsdelivr.net/npm/", "vendor/npm/"),
    # a commented-out @import in the bundled JupyterLab CSS
    ("embed-amd.js", "@import url('https://fonts.googleapis.com/css?family=Roboto+Mono');", ""),
)

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


@dataclass(frozen=True)
class Page:
    """One exported notebook: its file in the site and its title in both languages."""

    file: str
    title_zh: str
    title_en: str


def npm_version(node_modules: Path, package: str) -> str:
    """The version of an installed npm package."""
    return str(json.loads((node_modules / package / "package.json").read_text(encoding="utf-8"))["version"])


def copy_vendor(node_modules: Path, vendor: Path) -> None:
    """Copy the widget manager, require.js (configured for anywidget) and anywidget into ``vendor``.

    Raises ``RuntimeError`` when npm's anywidget is not the version of the Python anywidget.
    """
    if not node_modules.is_dir():
        raise RuntimeError(f"{node_modules} not found: run `npm ci` first (make site does)")
    python_side, npm_side = version("anywidget"), npm_version(node_modules, "anywidget")
    if python_side != npm_side:
        raise RuntimeError(f"anywidget {python_side} (Python) but {npm_side} (npm): pin one version in pyproject.toml and package.json")
    vendor.mkdir(parents=True, exist_ok=True)
    texts = {name: (node_modules / source).read_text(encoding="utf-8") for name, source in VENDOR_FILES.items()}
    texts["require.js"] += REQUIRE_CONFIG
    for name, text, replacement in VENDOR_PATCHES:
        texts[name] = texts[name].replace(text, replacement)
    for name, text in texts.items():
        (vendor / name).write_text(text, encoding="utf-8")
    folder, pattern = VENDOR_FONTS
    for font in sorted((node_modules / folder).glob(pattern)):
        shutil.copyfile(font, vendor / font.name)


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in its own folder, keeping the widgets' state."""
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


def export(notebook: nbformat.NotebookNode) -> str:
    """The notebook as a page of the site: outputs only, scripts from ``vendor/``, links to pages not notebooks."""
    exporter = HTMLExporter(
        template_name="yibao_static",
        extra_template_basedirs=[str(TEMPLATES)],
        require_js_url="vendor/require.js",
        widget_renderer_url="vendor/embed-amd.js",
        mathjax_url="",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.language_code = "zh-CN"
    body, _resources = exporter.from_notebook_node(notebook)
    return _NOTEBOOK_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)


def home_page(pages: list[Page]) -> str:
    """``index.html``: the site's title, one sentence, and a card linking to each page (same tab)."""
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
<h1><span lang="zh">职工医保:个人账户与统筹基金</span> · <span lang="en">Employee medical insurance</span></h1>
<p><span lang="zh">个人账户的钱属于你,统筹基金是大家的互助金:这里用有来源、有日期的资料讲清两者的区别、怎样查余额和能否提取。</span>
<i lang="en">Employee medical insurance in China, explained with sources: your personal account, the pooled fund,
how to check the balance and whether it can be withdrawn.</i></p>
<ul>
{cards}
</ul>
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


def build_site(notebooks: Path, out: Path, node_modules: Path, *, log: bool = False) -> list[Page]:
    """Build the site into ``out`` (replaced): vendor files, one page per notebook, ``index.html``.

    Raises ``RuntimeError`` if a CDN URL is left in any file.
    """
    if out.exists():
        shutil.rmtree(out)
    copy_vendor(node_modules, out / "vendor")
    pages = []
    for path in sorted(notebooks.glob("*.ipynb")):
        if log:
            print(f"site: {path.name}", file=sys.stderr)
        notebook = execute(path)
        (out / f"{path.stem}.html").write_text(export(notebook), encoding="utf-8")
        titles = notebook.metadata.get("yibao", {})
        title = notebook.metadata.get("title", path.stem)
        pages.append(Page(f"{path.stem}.html", titles.get("title_zh", title), titles.get("title_en", title)))
    (out / "index.html").write_text(home_page(pages), encoding="utf-8")
    left = cdn_urls(out)
    if left:
        raise RuntimeError("CDN URLs in the site: " + "; ".join(f"{file}: {url}" for file, url in left))
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m yibao.serve.site", description="Build the static site.")
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"), help="folder of notebooks (default: notebooks)")
    parser.add_argument("--out", type=Path, default=Path("site"), help="output folder, replaced (default: site)")
    parser.add_argument("--node-modules", type=Path, default=Path("node_modules"), help="npm packages (default: node_modules)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    pages = build_site(args.notebooks, args.out, args.node_modules, log=True)
    print(f"site: {len(pages)} pages in {args.out}/ (open {args.out}/index.html, or serve the folder from any static host)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
