"""JupyterLab's own UI in the browser's preferred language (a tiny Jupyter server extension).

JupyterLab takes its UI language from the user setting *Settings → Language*. Its default,
``"default"``, means the *server's* system locale: English on most machines, always on a
``C.UTF-8`` one. With this extension ``"default"`` follows the browser instead: a browser
that prefers Chinese (``Accept-Language: zh-CN,zh;q=0.9,…``) gets the zh_CN language pack
(``jupyterlab-language-pack-zh-CN``, installed with yibao), a browser that prefers English
gets English. A language chosen in *Settings → Language* still wins, and a browser asking
for a language with no installed pack keeps JupyterLab's usual behaviour.

How: JupyterLab resolves ``"default"`` in two request handlers, the settings API (menu
labels come from translated settings schemas) and the translations API (the frontend's
strings). When the extension loads it replaces those two handler classes in the server's
route table with subclasses that resolve ``"default"`` from the request's
``Accept-Language`` header. Enable it with
``--ServerApp.jpserver_extensions="{'yibao.serve.lab_language': True}"`` (``make lab`` does).

Standard library only at import time, like :mod:`yibao.serve.nodelay`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["LOG_PREFIX", "preferred_locale"]

LOG_PREFIX = "yibao.serve.lab_language:"


def preferred_locale(accept_language: str, available: Iterable[str]) -> str | None:
    """The first locale in ``available`` that an ``Accept-Language`` header asks for.

    Tags are tried by falling quality (``q``), then in the header's order; ``zh-CN`` matches
    ``zh_CN``, and a bare ``zh`` matches any ``zh_*``. English counts as available (JupyterLab
    ships it), so a browser preferring English over Chinese gets ``"en"``. ``None`` when
    nothing matches.
    """
    available = [*available, "en"]
    weighted = []
    for position, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, position, tag.replace("-", "_")))
    for _, _, tag in sorted(weighted):
        language = tag.split("_")[0].lower()
        for locale in available:
            if locale.lower() == tag.lower():
                return locale
        for locale in available:
            if locale.split("_")[0].lower() == language:
                return locale
    return None


def _handler_classes() -> dict[type, type]:
    """{JupyterLab's handler class: the subclass that follows the browser}."""
    from jupyterlab_server.settings_handler import SettingsHandler
    from jupyterlab_server.settings_utils import get_settings
    from jupyterlab_server.translation_utils import L10N_SCHEMA_NAME, get_language_packs
    from jupyterlab_server.translations_handler import TranslationsHandler

    packs, _ = get_language_packs()
    installed = [locale for locale in packs if locale != "en"]

    class BrowserLocaleMixin:
        def _browser_locale(self: Any) -> str | None:
            """The browser's locale when the user setting is "default", else None."""
            try:
                settings, _ = get_settings(
                    self.app_settings_dir,
                    self.schemas_dir,
                    self.settings_dir,
                    schema_name=L10N_SCHEMA_NAME,
                    overrides=self.overrides,
                    labextensions_path=self.labextensions_path,
                )
            except Exception:  # noqa: BLE001 - a broken settings file: keep JupyterLab's behaviour
                return None
            if settings.get("settings", {}).get("locale", "default") != "default":
                return None
            return preferred_locale(self.request.headers.get("Accept-Language", ""), installed)

        def get_current_locale(self: Any) -> str:
            return str(self._browser_locale() or super().get_current_locale())  # type: ignore[misc]

    class BrowserLocaleSettingsHandler(BrowserLocaleMixin, SettingsHandler):
        """Settings API: schemas (menus) translated into the browser's language."""

    class BrowserLocaleTranslationsHandler(BrowserLocaleMixin, TranslationsHandler):
        """Translations API: ``/default`` answers with the browser's language pack."""

        async def get(self, locale: str | None = None) -> None:
            if locale == "default":
                locale = self._browser_locale() or locale
            await super().get(locale)  # type: ignore[misc]

    return {SettingsHandler: BrowserLocaleSettingsHandler, TranslationsHandler: BrowserLocaleTranslationsHandler}


def swap_handlers(router: Any, replacements: dict[type, type]) -> int:
    """Replace handler classes in a tornado router's rules (recursively); return how many."""
    swapped = 0
    for rule in getattr(router, "rules", ()):
        if isinstance(rule.target, type) and rule.target in replacements:
            rule.target = replacements[rule.target]
            swapped += 1
        else:
            swapped += swap_handlers(rule.target, replacements)
    return swapped


# --- Jupyter server extension ------------------------------------------------


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "yibao.serve.lab_language"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    # Extensions load in name order, so JupyterLab's handlers ("jupyterlab") are in place.
    swapped = swap_handlers(serverapp.web_app.default_router, _handler_classes())
    if swapped:
        serverapp.log.info("%s enabled (%d handlers follow the browser's Accept-Language)", LOG_PREFIX, swapped)
    else:
        serverapp.log.warning("%s JupyterLab's settings/translations handlers not found; Lab keeps its own language", LOG_PREFIX)
