"""environment.yml (conda, Binder): Python, pip, Node.js and the package; Python dependencies live only in pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def test_environment_installs_python_pip_and_the_package_with_its_test_extras() -> None:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert environment["channels"] == ["conda-forge"]
    assert environment["dependencies"] == ["python=3.11", "pip", "nodejs=20", {"pip": ["-e .[test]"]}]
    assert Version("3.11") in SpecifierSet(project["requires-python"])
    assert project["optional-dependencies"]["test"], "the test extra environment.yml installs"
