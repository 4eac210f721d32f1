"""Browser test harness: JupyterLab, Voila and Debian's Chromium via Playwright.

Fixtures (all servers bind 127.0.0.1, random port and token, temp Jupyter dirs,
TCP_NODELAY extension on, stopped by process group at the end of the session):

``lab_server``     session JupyterLab serving the repo root (``/lab/tree/notebooks/...``).
``voila_server``   session standalone Voila serving the repo root (``/voila/render/...``).
``lab_language``   "en" (default) or "zh_CN"; override with
                   ``@pytest.mark.parametrize("lab_language", ["en", "zh_CN"])``.
``lab``            a :class:`LabSession` (page + server in ``lab_language``) with
                   ``open(path)``, ``run_all()``, ``assert_no_errors()``, ``screenshot()``.
``voila``          a :class:`VoilaSession` with ``open(path)``, ``assert_no_errors()``, ...
``browser``        session Playwright Chromium (``/usr/bin/chromium``).
``page``           a fresh browser context + page per test (1280x900), screenshot at teardown.

Chromium missing: tests are skipped with the reason, or FAIL when ``CI=true``.
All tests in this directory are marked ``browser`` (``-m "not browser"`` skips them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import harness

from .. import in_ci

_HERE = Path(__file__).resolve().parent

# Console noise that is not a failure: Voila's page asks a CDN for a resource
# (no network here), and Lab's shared-module version notices.
IGNORED_CONSOLE = ("net::ERR_NAME_NOT_RESOLVED", "Unsatisfied version", "No satisfying version")


def _unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run; `make install` installs chromium)", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --- servers ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def _mplconfigdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mplconfig")  # one font cache build per session


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory, _mplconfigdir: Path) -> Iterator[harness.JupyterServer]:
    server = harness.start_lab(tmp_path_factory.mktemp("lab"), nodelay=True, mplconfigdir=_mplconfigdir)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory, _mplconfigdir: Path) -> Iterator[harness.JupyterServer]:
    server = harness.start_voila(tmp_path_factory.mktemp("voila"), nodelay=True, mplconfigdir=_mplconfigdir)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def static_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The static site (project notebooks and browser pages), built once for the tests that read it."""
    from benchmarks import static_site as ss

    out = tmp_path_factory.mktemp("static") / "site"
    ss.build(out)
    return out


@pytest.fixture(scope="session")
def static_server(static_site: Path) -> Iterator[Any]:
    """``static_site`` from a local static server (``.url``)."""
    from benchmarks import static_site as ss

    with ss.serving(static_site) as server:
        yield server


# --- browser ---------------------------------------------------------------------


# Package scope, not session: Playwright's sync API keeps an asyncio loop running
# on the main thread while it is open, which would break asyncio.run() in later
# (non-browser) tests.  Servers are subprocesses and can stay session-wide.
@pytest.fixture(scope="package")
def _playwright() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - it is a test dependency
        _unavailable(f"playwright is not installed ({exc})")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="package")
def browser(_playwright: Any) -> Iterator[Any]:
    executable = harness.find_chromium()
    if executable is None:
        _unavailable("Chromium not found on PATH (Debian: apt-get install chromium fonts-noto-cjk; or `make install`)")
    b = harness.launch_chromium(_playwright, executable)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    console: list[str] = []
    pg.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    # Leaving a dirty notebook must not hang on "unsaved changes".
    pg.on("dialog", lambda d: d.accept() if d.type == "beforeunload" else d.dismiss())
    pg.console_errors = console  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        try:
            if not pg.is_closed() and pg.url != "about:blank":
                harness.screenshot(pg, f"{request.node.name}-final")
        except Exception:
            pass
        context.close()


def console_errors(page: Any) -> list[str]:
    """Console errors/page errors seen so far, minus known noise."""
    return [e for e in getattr(page, "console_errors", []) if not any(s in e for s in IGNORED_CONSOLE)]


# --- sessions --------------------------------------------------------------------


class _Session:
    def __init__(self, page: Any, server: harness.JupyterServer, name: str) -> None:
        self.page = page
        self.server = server
        self.name = name
        self._shots = 0

    def screenshot(self, label: str = "") -> Path:
        self._shots += 1
        suffix = f"-{label}" if label else f"-{self._shots}"
        return harness.screenshot(self.page, f"{self.name}{suffix}")

    def errors(self) -> list[str]:
        return harness.page_errors(self.page)

    def assert_no_errors(self) -> None:
        harness.assert_no_errors(self.page)

    def console_errors(self) -> list[str]:
        return console_errors(self.page)


class LabSession(_Session):
    """A Lab page in one language.  ``open()`` then ``run_all()``; screenshots are saved."""

    def __init__(self, page: Any, server: harness.JupyterServer, name: str, language: str) -> None:
        super().__init__(page, server, name)
        self.language = language

    def open(self, path: str, *, timeout_s: float = 120) -> LabSession:
        self.server.set_language(self.language)
        harness.open_lab_notebook(self.page, self.server, path, timeout_s=timeout_s)
        self.screenshot(f"{Path(path).stem}-opened")
        return self

    def run_all(self, *, timeout_s: float = 300, check_errors: bool = True) -> dict[str, Any]:
        state = harness.lab_run_all(self.page, timeout_s=timeout_s)
        self.screenshot(f"run-all-{self._shots + 1}")
        if check_errors:
            self.assert_no_errors()
        return state


class VoilaSession(_Session):
    def open(self, path: str, *, timeout_s: float = 300, check_errors: bool = True) -> VoilaSession:
        harness.open_voila(self.page, self.server, path, timeout_s=timeout_s)
        self.screenshot(Path(path).stem)
        if check_errors:
            self.assert_no_errors()
        return self


@pytest.fixture
def lab_language() -> str:
    """Lab UI language for the ``lab`` fixture: "en" or "zh_CN" (parametrize to change)."""
    return "en"


@pytest.fixture
def lab(page: Any, lab_server: harness.JupyterServer, lab_language: str, request: pytest.FixtureRequest) -> Iterator[LabSession]:
    if lab_language not in harness.LANGUAGES:
        raise ValueError(f"lab_language must be one of {sorted(harness.LANGUAGES)}, not {lab_language!r}")
    session = LabSession(page, lab_server, f"lab-{request.node.name}", lab_language)
    try:
        yield session
    finally:
        try:
            if page.url != "about:blank":
                session.screenshot("final")
            page.close()
        finally:
            lab_server.shutdown_kernels()


@pytest.fixture
def voila(page: Any, voila_server: harness.JupyterServer, request: pytest.FixtureRequest) -> Iterator[VoilaSession]:
    session = VoilaSession(page, voila_server, f"voila-{request.node.name}")
    yield session
    try:
        if page.url != "about:blank":
            session.screenshot("final")
            page.goto("about:blank")  # leave the page (Voila's unload shutdown is refused; the server stop ends the kernel)
    except Exception:
        pass

