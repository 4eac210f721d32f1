"""The README starts with the two commands, CI runs the second, and its screenshots exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _first_code_block() -> list[str]:
    block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert block, "the README must open with a bash block"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_the_set_up_and_test_commands() -> None:
    assert README.index("```bash") < README.index("\n## ")
    assert _first_code_block() == ["make lab", "make test"]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line and not line.startswith("#") and not line.startswith(("set ", "cd "))]
    assert [shlex.split(c) for c in commands] == [shlex.split(_first_code_block()[1])]


def test_readme_images_exist() -> None:
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert images, "the README shows screenshots"
    missing = [path for path in images if not (ROOT / path).is_file()]
    assert not missing, missing
    assert {"docs/screenshots/lab-02_channels.png", "docs/screenshots/voila-03_withdrawal.png"} <= set(images)
