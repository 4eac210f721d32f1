"""The static site build (yibao/serve/site.py): pinned JavaScript, no CDN, pages and home page.

The build runs here against a stand-in ``node_modules`` (files named and shaped like the npm
packages), so no npm install is needed; the browser tests build the real site.
"""

from __future__ import annotations

import json
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from yibao.serve import site

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
LOCK = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))


def _pyproject_pin(name: str) -> str:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = [d.split("==", 1)[1] for d in dependencies if re.match(rf"{name}\s*==", d)]
    assert len(pins) == 1, f"pyproject.toml must pin {name} with == once: {dependencies}"
    return pins[0].strip()


def test_anywidget_is_the_same_version_on_pypi_and_npm():
    pinned = _pyproject_pin("anywidget")
    assert PACKAGE["dependencies"]["anywidget"] == pinned
    assert LOCK["packages"]["node_modules/anywidget"]["version"] == pinned
    assert version("anywidget") == pinned, "the environment runs another anywidget than pyproject.toml pins"


def test_npm_dependencies_are_exact_versions_locked():
    for name, wanted in {**PACKAGE["dependencies"], **PACKAGE["devDependencies"]}.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", wanted), f"{name}: pin an exact version, not {wanted!r}"
        assert LOCK["packages"][f"node_modules/{name}"]["version"] == wanted
    assert set(PACKAGE["dependencies"]) == {"@jupyter-widgets/html-manager", "requirejs", "anywidget"}
    assert set(PACKAGE["devDependencies"]) == {"esbuild", "typescript", "@types/node"}


def _fake_node_modules(root: Path, anywidget_version: str) -> Path:
    """Files where the build looks for them, carrying the CDN text the real ones carry."""
    modules = root / "node_modules"
    files = {
        "@jupyter-widgets/html-manager/dist/embed-amd.js": (
            "let bt=\"https://cdn.jsdelivr.net/npm/\";/* @import url('https://fonts.googleapis.com/css?family=Roboto+Mono'); */"
        ),
        "@jupyter-widgets/html-manager/dist/abc.woff2": "font",
        "@jupyter-widgets/html-manager/dist/abc.ttf": "font",
        "requirejs/require.js": "var requirejs;",
        "anywidget/dist/index.js": 'define(["@jupyter-widgets/base"], function () {});',
        "anywidget/package.json": json.dumps({"name": "anywidget", "version": anywidget_version}),
    }
    for path, text in files.items():
        (modules / path).parent.mkdir(parents=True, exist_ok=True)
        (modules / path).write_text(text, encoding="utf-8")
    return modules


def _notebooks(root: Path) -> Path:
    folder = root / "notebooks"
    folder.mkdir()
    first = new_notebook(
        cells=[
            new_markdown_cell("# 第一页 · First\n[下一页 Next](02_second.ipynb#part) · [外部](https://example.org/a.ipynb)"),
            new_markdown_cell("> 在 JupyterLab 里请点 Run All", metadata={"tags": ["lab-only"]}),
            new_code_cell("import ipywidgets as w\nw.IntSlider(value=7, description='seven')"),
        ],
        metadata={"title": "第一页", "yibao": {"title_zh": "第一页", "title_en": "First page"}},
    )
    second = new_notebook(cells=[new_markdown_cell("# 第二页")], metadata={"title": "第二页"})
    nbformat.write(first, folder / "01_first.ipynb")
    nbformat.write(second, folder / "02_second.ipynb")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[site.Page]]:
    root = tmp_path_factory.mktemp("site")
    pages = site.build_site(_notebooks(root), root / "out", _fake_node_modules(root, version("anywidget")))
    return root / "out", pages


def test_pages_and_home_page(built):
    out, pages = built
    assert pages == [site.Page("01_first.html", "第一页", "First page"), site.Page("02_second.html", "第二页", "第二页")]
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>职工医保:个人账户与统筹基金</title>" in home and '<html lang="zh-CN">' in home
    assert re.findall(r'href="([^"]+)"', home) == ["01_first.html", "02_second.html"]
    assert "target=" not in home, "links stay in the same tab"
    assert "First page" in home


def test_page_loads_scripts_from_the_site_only(built):
    out, _ = built
    page = (out / "01_first.html").read_text(encoding="utf-8")
    assert re.findall(r'<script src="([^"]+)"', page) == ["vendor/require.js"]
    assert "var widgetRendererSrc = 'vendor/embed-amd.js';" in page
    assert "application/vnd.jupyter.widget-state+json" in page and '"description": "seven"' in page
    assert "mathjax" not in page.lower() and "mermaid.esm" not in page
    assert site.cdn_urls(out) == []


def test_page_content_links_and_hints(built):
    out, _ = built
    page = (out / "01_first.html").read_text(encoding="utf-8")
    assert 'href="02_second.html#part"' in page, "links between notebooks point at pages"
    assert 'href="https://example.org/a.ipynb"' in page, "other sites' links are left alone"
    assert "Run All" not in page, "lab-only cells are left out"
    assert "import ipywidgets" not in page, "code is not shown"
    assert 'href="index.html"' in page
    assert '"title_en": "First page"' in page


def test_vendor_files(built):
    out, _ = built
    vendor = out / "vendor"
    assert sorted(p.name for p in vendor.iterdir()) == ["abc.woff2", "anywidget.js", "embed-amd.js", "require.js"]
    assert (vendor / "require.js").read_text(encoding="utf-8").endswith(site.REQUIRE_CONFIG)
    assert (vendor / "embed-amd.js").read_text(encoding="utf-8") == 'let bt="vendor/npm/";/*  */'


def test_mismatched_anywidget_versions_stop_the_build(tmp_path):
    modules = _fake_node_modules(tmp_path, "0.0.1")
    with pytest.raises(RuntimeError, match=r"anywidget .* \(Python\) but 0\.0\.1 \(npm\)"):
        site.copy_vendor(modules, tmp_path / "vendor")


def test_missing_node_modules_says_what_to_run(tmp_path):
    with pytest.raises(RuntimeError, match="npm ci"):
        site.copy_vendor(tmp_path / "node_modules", tmp_path / "vendor")


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


def test_a_cdn_url_left_fails_the_build(tmp_path):
    modules = _fake_node_modules(tmp_path, version("anywidget"))
    (modules / "requirejs/require.js").write_text("load('https://unpkg.com/x')", encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    with pytest.raises(RuntimeError, match=r"vendor/require.js: https://unpkg.com/x"):
        site.build_site(tmp_path / "notebooks", tmp_path / "out", modules)
