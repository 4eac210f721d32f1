"""environment.yml (conda/Binder) lists the same dependencies as pyproject.toml.

pyproject.toml is the source of truth: [project] dependencies + the ``test`` extra
must appear in environment.yml's ``pip:`` section with the same names (PEP 503
normalized), extras, version specifiers and markers, and nothing else may be there
(except ``-e .``, the package itself).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def _key(req: Requirement) -> tuple[str, tuple[str, ...], str, str]:
    return (
        canonicalize_name(req.name),
        tuple(sorted(req.extras)),
        str(SpecifierSet(str(req.specifier))),  # SpecifierSet str() is sorted
        str(req.marker or ""),
    )


def pyproject_requirements() -> dict[str, tuple]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"]) + list(project.get("optional-dependencies", {}).get("test", []))
    reqs = [_key(Requirement(line)) for line in lines]
    return {k[0]: k for k in reqs}


def environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def environment_requirements() -> dict[str, tuple]:
    pip_lines: list[str] = []
    for dep in environment()["dependencies"]:
        if isinstance(dep, dict) and "pip" in dep:
            pip_lines += dep["pip"]
    keys = [_key(Requirement(line)) for line in pip_lines if not line.startswith("-e ") and line.strip() != "."]
    names = [k[0] for k in keys]
    assert len(names) == len(set(names)), f"duplicate pip entries in environment.yml: {names}"
    return {k[0]: k for k in keys}


def test_same_dependencies_and_specifiers() -> None:
    want, have = pyproject_requirements(), environment_requirements()
    missing = sorted(set(want) - set(have))
    extra = sorted(set(have) - set(want))
    differ = sorted(n for n in set(want) & set(have) if want[n] != have[n])
    assert not (missing or extra or differ), (
        "environment.yml drifted from pyproject.toml:\n"
        f"  missing in environment.yml: {missing}\n"
        f"  not in pyproject.toml: {extra}\n" + "".join(f"  {n}: pyproject {want[n]} vs environment.yml {have[n]}\n" for n in differ)
    )


def test_python_and_pip_and_package() -> None:
    deps = environment()["dependencies"]
    conda = [d for d in deps if isinstance(d, str)]
    python = [d for d in conda if d.split("=")[0].split(">")[0].split("<")[0].strip() == "python"]
    assert python == ["python=3.11"], conda
    assert "pip" in conda
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert Version("3.11") in SpecifierSet(requires)
    pip_lines = [line for d in deps if isinstance(d, dict) for line in d.get("pip", [])]
    assert "-e ." in pip_lines, "Binder needs the package itself installed"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("pandas>=2.2", "pandas >= 2.2", True),
        ("jupyterlab-language-pack-zh-CN>=4.2", "jupyterlab_language_pack_zh_cn>=4.2", True),
        ("voila>=0.5.8", "voila>=0.5.7", False),
        ("pytest>=8", "pytest", False),
        ("a>=1,<2", "a<2,>=1", True),
    ],
)
def test_comparison_is_strict_about_versions_but_not_spelling(a: str, b: str, same: bool) -> None:
    assert (_key(Requirement(a)) == _key(Requirement(b))) is same
