"""axe-core (pinned in package.json, from ``node_modules``) in a Playwright page: the WCAG rules a page breaks.

Used by the browser tests on every front. ``violations(page)`` injects axe once per document and runs it
on the whole page, or on ``include`` (CSS selectors) where the front's own chrome is not the project's
(JupyterLab: its code editors); each violation is ``{"id", "impact", "help", "targets"}``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE_JS = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"

_RUN_JS = """
async ([include, skip]) => {
  const context = include.length ? { include: include.map((selector) => [selector]) } : document;
  const rules = Object.fromEntries(skip.map((id) => [id, { enabled: false }]));
  const result = await window.axe.run(context, { resultTypes: ["violations"], rules });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary.split("\\n").slice(1, 2).join("")),
  }));
}
"""


def violations(page: Any, include: list[str] | None = None, skip: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The axe-core violations of ``page`` (or of the elements ``include`` selects), every rule but ``skip``."""
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `make install` (npm ci installs axe-core)")
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return list(page.evaluate(_RUN_JS, [include or [], list(skip)]))


def summary(found: list[dict[str, Any]]) -> str:
    """One line per violation, with up to five of the elements it names."""
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["targets"]) for v in found)
