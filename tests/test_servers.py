"""yibao.serve.servers: the one place `make lab` / `make app` (and the browser tests' harness) get their flags."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from yibao.serve import nodelay, servers

from . import make_dry_run

ROOT = Path(__file__).resolve().parent.parent


def _flag(command: list[str], name: str) -> str:
    values = [arg.split("=", 1)[1] for arg in command if arg.startswith(f"--{name}=")]
    assert len(values) == 1, (name, command)
    return values[0]


def test_lab_command_binds_localhost_and_loads_both_extensions() -> None:
    command = servers.lab_command(1234, python="py")
    assert command[:3] == ["py", "-m", "jupyterlab"]
    assert _flag(command, "ServerApp.ip") == "127.0.0.1" and _flag(command, "ServerApp.port") == "1234"
    assert _flag(command, "ServerApp.root_dir") == "."
    assert _flag(command, "LabApp.default_url") == "/lab/tree/notebooks/00_start_here.ipynb"
    assert (ROOT / "notebooks" / "00_start_here.ipynb").is_file()
    assert _flag(command, "ServerApp.jpserver_extensions") == "{'yibao.serve.lab_language': True, 'yibao.serve.nodelay': True}"
    without = servers.lab_command(1234, "/srv", nodelay=False, python="py")
    assert _flag(without, "ServerApp.jpserver_extensions") == "{'yibao.serve.lab_language': True}"
    assert _flag(without, "ServerApp.root_dir") == "/srv"
    assert ("--allow-root" in command) == (os.geteuid() == 0)


@pytest.mark.parametrize("name", servers.LAB_EXTENSIONS)
def test_lab_extensions_are_server_extensions(name: str) -> None:
    module = importlib.import_module(name)
    assert module._jupyter_server_extension_points() == [{"module": name}]
    assert callable(module._load_jupyter_server_extension)


def test_app_command_serves_the_notebooks_with_nodelay_and_culling() -> None:
    command = servers.app_command(4321, python="py")
    assert command[:4] == ["py", "-m", "voila", "notebooks"]
    assert _flag(command, "Voila.ip") == "127.0.0.1" and _flag(command, "Voila.port") == "4321"
    assert "--classic-tree" in command
    # The connection class Voila is told to use is the nodelay one.
    module, _, name = _flag(command, "Voila.kernel_websocket_connection_class").rpartition(".")
    assert getattr(importlib.import_module(module), name) is nodelay.NoDelayZMQChannelsWebsocketConnection
    assert issubclass(nodelay.NoDelayZMQChannelsWebsocketConnection, nodelay.NoDelayMixin)
    assert _flag(command, "MappingKernelManager.cull_idle_timeout") == "300"
    assert _flag(command, "MappingKernelManager.cull_interval") == "60"
    bare = servers.app_command(4321, "/srv/nb", nodelay=False, cull=False, pool=0, python="py")
    assert bare == [
        "py", "-m", "voila", "/srv/nb", "--Voila.ip=127.0.0.1", "--Voila.port=4321", "--classic-tree", "--template=yibao",
        "--VoilaConfiguration.extension_denylist=['jupyterlab_pygments']",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "expected", "url"),
    [
        (["lab"], servers.lab_command(8888), "http://127.0.0.1:8888/lab/tree/notebooks/00_start_here.ipynb"),
        (["lab", "--port", "9000", "--no-browser"], [*servers.lab_command(9000), "--no-browser"], "http://127.0.0.1:9000/lab/"),
        (["app", "--Voila.token=x"], [*servers.app_command(8866), "--Voila.token=x"], "http://127.0.0.1:8866/voila/render/00_start_here"),
    ],
)
def test_main_prints_the_address_and_execs_the_server(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str], expected: list[str], url: str
) -> None:
    started: list[list[str]] = []
    environments: list[dict[str, str]] = []

    def execve(path: str, args: list[str], env: dict[str, str]) -> None:
        started.append([path, *args])
        environments.append(env)

    monkeypatch.setattr(os, "execve", execve)
    servers.main(argv)
    assert started == [[expected[0], *expected]]
    assert environments[0]["JUPYTER_PATH"].split(os.pathsep)[0] == servers.TEMPLATE_ROOT
    assert url in capsys.readouterr().out


def test_the_app_template_is_where_voila_looks() -> None:
    template = Path(servers.TEMPLATE_ROOT) / "voila" / "templates" / servers.TEMPLATE
    assert (template / "index.html.j2").is_file() and (template / "conf.json").is_file()
    assert f"--template={servers.TEMPLATE}" in servers.app_command(8866)
    assert "--VoilaConfiguration.preheat_kernel=True" in servers.app_command(8866)
    assert not any("preheat" in flag for flag in servers.app_command(8866, pool=0))


def test_the_pool_refills_after_the_visitor_s_page_is_drawn() -> None:
    assert _flag(servers.app_command(8866), "VoilaKernelManager.fill_delay") == str(servers.POOL_FILL_DELAY_S)
    assert servers.POOL_FILL_DELAY_S > 1  # Voila's default, 1 s, starts the refill while the page is drawn
    assert not any("fill_delay" in flag for flag in servers.app_command(8866, pool=0))


def test_the_app_loads_only_the_lab_extensions_its_pages_use() -> None:
    import ast

    from jupyterlab_server.config import get_federated_extensions
    from voila.utils import get_voila_labextensions_path

    denied = ast.literal_eval(_flag(servers.app_command(8866), "VoilaConfiguration.extension_denylist"))
    installed = set(get_federated_extensions(get_voila_labextensions_path()))
    assert denied == ["jupyterlab_pygments"] and set(denied) <= installed
    assert {"anywidget", "@jupyter-widgets/jupyterlab-manager"} <= installed - set(denied)


def test_main_refuses_an_unknown_server() -> None:
    with pytest.raises(SystemExit):
        servers.main(["jupyter"])


def test_make_lab_and_app_start_their_servers_through_yibao_servers() -> None:
    """The Makefile holds no server flag of its own: its recipes call `python -m yibao.serve.servers`."""
    commands = [line.split() for line in make_dry_run("lab", "app", "LAB_PORT=1234", "APP_ARGS=--no-browser")]
    assert ".venv/bin/python -m yibao.serve.servers lab --port 1234".split() in commands
    assert ".venv/bin/python -m yibao.serve.servers app --no-browser".split() in commands
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for flag in ("--ServerApp.", "--LabApp.", "--Voila.", "--MappingKernelManager.", "jpserver_extensions"):
        assert flag not in makefile, f"{flag} belongs in yibao/serve/servers.py"
