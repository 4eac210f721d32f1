"""The notebook reader in JupyterLab: notebooks stay clean, links keep the reader's work.

- Every notebook, opened in Lab, run (Run All) and saved, leaves ``git diff`` empty once git's
  clean filter (nbstripout, as ``make install`` configures it) has seen it: whatever Lab and the
  kernel write is in the committed file or removed by the filter. The notebooks are copied into a
  fresh git repository (the checkout's own git configuration is left alone).
- Retirees see no wage box and an age slider from a retiree's age; every bill's remove button says which bill.
- A link inside a widget (the triage's pages) opens the notebook in a new Lab tab, without
  reloading the page; in Voila it stays a plain link that opens the page in the same tab. (On the
  static site: ``test_home_page.py`` follows the same link to the ``.html`` page, same tab.)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import harness
from tests import make_dry_run

from .conftest import LabSession, VoilaSession

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True, timeout=120).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding the notebooks, with the clean filter that ``make install`` sets up."""
    repo = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "notebooks", repo / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    (repo / ".venv").symlink_to(ROOT / ".venv")  # the filter command names .venv/bin/python, as in the checkout
    (repo / ".gitignore").write_text(".venv\n", encoding="utf-8")
    _git(repo, "init", "-q")
    configured = [m.group(1, 2) for line in make_dry_run("git-filter") for m in [re.search(r"git config (\S+) '([^']*)'", line)] if m]
    assert {key for key, _ in configured} == {
        "filter.nbstripout.clean",
        "filter.nbstripout.smudge",
        "filter.nbstripout.required",
        "diff.ipynb.textconv",
    }, configured
    for key, value in configured:
        _git(repo, "config", key, value)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "notebooks")
    assert _git(repo, "status", "--porcelain") == ""
    return repo


@pytest.fixture(scope="module")
def repo_lab(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[harness.JupyterServer]:
    server = harness.start_lab(tmp_path_factory.mktemp("repo-lab"), root_dir=repo)
    try:
        yield server
    finally:
        server.stop()


_SAVE_JS = """
async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  await window.jupyterapp.commands.execute('docmanager:save');
  return panel.context.model.dirty;
}
"""


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_a_notebook_opened_run_and_saved_in_lab_leaves_git_diff_empty(
    notebook: str, repo: Path, repo_lab: harness.JupyterServer, page: Any
) -> None:
    session = LabSession(page, repo_lab, f"clean-{Path(notebook).stem}", "en")
    try:
        session.open(f"notebooks/{notebook}")
        state = session.run_all()
        assert state["ok"]
        saved = repo / "notebooks" / notebook
        before = saved.stat().st_mtime_ns
        assert page.evaluate(_SAVE_JS) is False, "the notebook is still dirty after saving"
        assert saved.stat().st_mtime_ns != before and '"outputs": [\n' in saved.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-view+json" in saved.read_text(encoding="utf-8"), "the run's outputs were saved"
        assert _git(repo, "diff", "--stat") == "", _git(repo, "diff")
        # git status lists the file until it is added (its size changed), but adding it stages nothing
        _git(repo, "add", "-A")
        assert _git(repo, "diff", "--cached", "--stat") == "" and _git(repo, "status", "--porcelain") == ""
    finally:
        page.close()
        repo_lab.shutdown_kernels()


def _follow_the_triage_link(page: Any) -> Any:
    page.locator(".yibao-choice-scheme label:has(input[value='employee'])").first.click()
    link = page.locator(".yibao-triage-pages a[data-page='05_family']").first
    link.wait_for(timeout=30_000)
    return link


def test_a_link_in_a_widget_opens_the_notebook_in_a_lab_tab_without_reloading(lab: LabSession) -> None:
    page = lab.page
    lab.open("notebooks/00_start_here.ipynb")
    lab.run_all()
    page.evaluate("() => { window.__yibaoReader = 'still here'; }")
    link = _follow_the_triage_link(page)
    assert link.get_attribute("target") == "_blank" and link.get_attribute("href") == "05_family.ipynb"
    link.click()
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget && window.jupyterapp.shell.currentWidget.context"
        " && window.jupyterapp.shell.currentWidget.context.path === 'notebooks/05_family.ipynb'",
        timeout=60_000,
    )
    assert page.evaluate("() => window.__yibaoReader") == "still here", "Lab was reloaded"
    assert len(page.context.pages) == 1, "the notebook opened in Lab, not in another browser tab"
    paths = page.evaluate("() => [...window.jupyterapp.shell.widgets('main')].map((w) => w.context && w.context.path)")
    assert "notebooks/00_start_here.ipynb" in paths, "the reader's notebook stays open beside it"
    lab.assert_no_errors()


def test_a_link_in_a_widget_stays_a_plain_link_in_voila(voila: VoilaSession) -> None:
    page = voila.page
    voila.open("notebooks/00_start_here.ipynb")
    link = _follow_the_triage_link(page)
    assert link.get_attribute("target") is None and link.get_attribute("data-commandlinker-command") is None
    link.click()
    page.wait_for_url("**/voila/render/notebooks/05_family.ipynb", timeout=120_000)
    assert len(page.context.pages) == 1


@pytest.mark.parametrize(
    ("controls", "wage"), [(".yibao-credit-controls", "input.yibao-choice-wage"), (".yibao-chart-controls", "input.yibao-choice-wage")]
)
def test_retirees_see_no_wage_and_an_age_slider_that_starts_at_a_retirees_age(voila: VoilaSession, controls: str, wage: str) -> None:
    page = voila.page
    voila.open("notebooks/01_accounts.ipynb")
    box = page.locator(f".yibao-browser:has({controls})").first
    assert box.locator(wage).count() == 1
    box.locator("select.yibao-choice-city").select_option("beijing")  # Beijing's retiree credit depends on age
    box.locator(".yibao-choice-status button[data-value='retiree']").click()
    box.locator(".yibao-choice-status button[data-value='retiree'][aria-pressed='true']").wait_for(timeout=30_000)
    assert box.locator(wage).count() == 0, "a retiree pays no contributions: no wage to give"
    age = box.locator("input.yibao-choice-age")
    age.wait_for(timeout=30_000)
    assert (age.get_attribute("min"), age.input_value()) == ("50", "60")
    voila.assert_no_errors()


def test_every_remove_button_says_which_bill_in_both_languages(voila: VoilaSession) -> None:
    page = voila.page
    voila.open("notebooks/06_year_of_care.ipynb")
    buttons = page.locator(".yibao-year-bills button.yibao-remove")
    buttons.first.wait_for(timeout=30_000)
    names = buttons.evaluate_all("bs => bs.map((b) => [b.textContent, b.getAttribute('aria-label')])")
    assert names and all(text == "删除" for text, _ in names)
    labels = [label for _, label in names]
    assert all(re.fullmatch(rf"删除第{i + 1}笔费用:\d{{4}}-\d\d-\d\d \S+ ¥[\d,.]+", label) for i, label in enumerate(labels)), labels
    assert len(set(labels)) == len(labels)
    page.locator(".yibao-language button[data-value='en']").first.click()
    page.locator(".yibao-year-bills button.yibao-remove:has-text('Remove')").first.wait_for(timeout=30_000)
    english = buttons.evaluate_all("bs => bs.map((b) => b.getAttribute('aria-label'))")
    assert all(re.fullmatch(rf"Remove bill {i + 1}: \d{{4}}-\d\d-\d\d, [A-Za-z ]+, ¥[\d,.]+", label) for i, label in enumerate(english)), (
        english
    )
    voila.assert_no_errors()
