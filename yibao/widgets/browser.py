"""Explainers that run in the browser (anywidget): Python sends the records, an ES module draws them.

Each explainer sends what the domain functions return (both languages, sources, confidence) as
traits; its ES module (``js/<name>.js``, bundle with the modules it imports: ``bundle.py``) filters, switches
language and redraws in the page without a round trip to a kernel, so the same explainer works
in JupyterLab, in Voila and on the static site (``python -m yibao.serve.site``). Filters come as
*facets*: for each value of a control, the ids of the rows the domain function keeps with that
value alone; the page shows the rows every chosen value keeps.

The visitor's choice is mirrored in Python traits (``.mode``, ``.scenario``, ``.verdict`` …):
set one to drive an explainer, and ``shown()`` (or ``assessment()``) returns what it lists.
``lang`` follows the page language (``PAGE_LANGUAGE``) both ways.

>>> finder = channel_finder()
>>> finder.mode = "offline"        # the page now lists finder.shown()
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import pandas as pd
import traitlets

from yibao.answers.accounts import account_rows
from yibao.answers.channels import MODES, channel_records, channel_regions
from yibao.answers.claims import seed_claims
from yibao.answers.coverage import APPLIES_TO, family_options, family_sharing_rules, non_payable_items
from yibao.answers.questions import find_questions, out_of_scope_records, question_index, question_records, question_topics
from yibao.answers.triage import TRIAGE_CHOICES, Triage, triage, triage_choices
from yibao.answers.withdrawal import WithdrawalAssessment, assess_withdrawal, scenario_ids, withdrawal_regions, withdrawal_scenarios
from yibao.data import checks
from yibao.data.i18n import LANGS, t
from yibao.data.regions import region_picker, region_records
from yibao.data.sources import cite
from yibao.data.tables import CHANNEL_NEEDS, CHANNEL_SHOWS, PAGES, SEED_VERDICTS

from .bundle import bundle, rebuild_if_stale
from .page import PAGE_LANGUAGE, Language, adopt, listing

JS = Path(__file__).with_name("js")

Record = dict[str, Any]
#: (value, its label by language, the records it keeps)
FacetOptions = Sequence[tuple[str, Mapping[str, str], list[Record]]]

#: The widgets' stylesheet, the browser explainers' controls, and reading (one language, large text, print).
STYLESHEETS = (Path(__file__).with_name("style.css"), JS / "browser.css", JS / "reading.css")
CSS = "".join(path.read_text(encoding="utf-8") for path in STYLESHEETS)

#: The app's explainers (a Voila kernel's) send their state with their view, under this mimetype: the
#: app's page draws each from it at once (``js/site/app.js``), before its kernel is connected.
APP_STATE = "application/vnd.yibao.explainer+json"
#: Traits the app's page has already: the module and the stylesheet (in its front end), and
#: ipywidgets' layout and tooltip, which the explainers do not use.
APP_STATE_SKIPPED = frozenset({"_esm", "_css", "_anywidget_id", "layout", "tooltip", "tabbable", "_dom_classes", "_view_count"})

#: UI strings every explainer's module may use (``common.js``).
COMMON_TEXT = (
    "confidence",
    "conf_high",
    "conf_medium",
    "conf_low",
    "conf_unverified",
    "no_rows",
    "none_listed",
    "sources",
    "report_error",
    "address_ignored",
)


def choice_in_address(trait: str, values: Iterable[str]) -> dict[str, Any]:
    """An address parameter choosing one of ``values`` for ``trait``."""
    return {"trait": trait, "values": list(values)}


def number_in_address(trait: str, low: float, high: float, *, integer: bool = False) -> dict[str, Any]:
    """An address parameter setting the number ``trait`` between ``low`` and ``high``."""
    return {"trait": trait, "min": low, "max": high, "integer": integer}


def page_titles() -> dict[str, dict[str, str]]:
    """``{page: {"zh": …, "en": …}}`` for every page of :data:`yibao.data.tables.PAGES` (links to them)."""
    return {page: both(f"page_{page}") for page in PAGES}


def both(key: str) -> dict[str, str]:
    """``{"zh": …, "en": …}``: the UI string ``key`` (:data:`yibao.data.i18n.STRINGS`) in both languages."""
    return {lang: t(key, lang) for lang in LANGS}


def ui_text(keys: Iterable[str]) -> dict[str, dict[str, str]]:
    """``{key: {"zh": …, "en": …}}`` for the UI strings ``keys``."""
    return {key: both(key) for key in keys}


def ids(records: Iterable[Mapping[str, Any]]) -> list[str]:
    return [str(record["id"]) for record in records]


#: The value of a filter that keeps every row ("全部 / All"): one sentinel for every explainer.
NO_FILTER = "all"


def unfiltered(value: str) -> str | None:
    """A filter's value for the domain functions: ``None`` when the visitor chose :data:`NO_FILTER`."""
    return None if value == NO_FILTER else value


def _choice_validator(name: str, valid: Sequence[str] | Callable[[], Sequence[str]]) -> Any:
    """A traitlets validator raising ``ValueError`` that lists the valid values (or those ``valid()`` gives now)."""

    @traitlets.validate(name)
    def check(self: traitlets.HasTraits, proposal: Mapping[str, Any]) -> str:
        return checks.choice(name, proposal["value"], valid() if callable(valid) else valid)

    return check


# The explainers' bundles are checked once, here (in a checkout, rebuilt when a module is newer): each explainer
# class below, in credit.py and in year.py takes its own as it is (one check, not one per class: 20 ms less at import).
rebuild_if_stale()


class BrowserExplainer(anywidget.AnyWidget):
    """Base of the browser explainers: ``lang`` follows ``language`` (the page's by default) both ways."""

    lang = traitlets.Enum(LANGS, default_value="zh").tag(sync=True)
    #: The UI strings the module uses, in both languages.
    text = traitlets.Dict().tag(sync=True)
    #: The choices the page's address may set and keeps (shared links, ``js/address.js``):
    #: ``{name: choice_in_address(…) or number_in_address(…)}``.
    address = traitlets.Dict().tag(sync=True)
    _css = CSS
    TEXT: ClassVar[tuple[str, ...]] = ()
    #: The explainer's module, ``js/<MODULE>.js``: a subclass that names one gets its bundle as ``_esm``.
    MODULE: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "MODULE" in cls.__dict__:
            cls._esm = bundle(cls.MODULE, checked=True)  # before anywidget's own hook, which reads it
        super().__init_subclass__(**kwargs)

    def __init__(self, language: Language | None = None, **traits: Any) -> None:
        self.language = language or PAGE_LANGUAGE
        super().__init__(lang=self.language.value, text=ui_text(COMMON_TEXT + self.TEXT), **traits)
        reference = weakref.ref(self)

        def from_page(change: Mapping[str, Any]) -> None:
            explainer = reference()
            if explainer is not None:
                explainer.lang = change["new"]

        self.language.observe(from_page, "value")
        #: stops following the page language: on close(), or when the explainer is garbage-collected
        self._unfollow = weakref.finalize(self, self.language.unobserve, from_page, "value")
        self.observe(self._to_page, "lang")
        adopt(self)
        if os.environ.get("ANYWIDGET_HMR") != "1":
            self._stop_watching_the_bundle()

    @classmethod
    def _stop_watching_the_bundle(cls) -> None:
        """Drop anywidget's listeners for a changed bundle: each keeps its widget alive for good.

        Without ``ANYWIDGET_HMR=1`` the bundle never changes, and a re-run notebook cell must be able
        to free the explainers it built before. (The bundle stays a path, not its text: with text
        Voilà's kernel pool drew no explainer.)
        """
        for klass in cls.__mro__:  # the module's class, under the subclass traitlets adds per widget
            changed = getattr(vars(klass).get("_esm"), "changed", None)
            if changed is not None:
                changed.disconnect()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The view; in the app (a kernel Voila started) the explainer's state too (:data:`APP_STATE`).

        The state is the explainer's when it is shown: a change made later reaches the page as
        an update once the page's kernel is connected, only if made after that.
        """
        shown = super()._repr_mimebundle_(**kwargs)
        if shown is None or "VOILA_BASE_URL" not in os.environ:
            return shown
        data, metadata = shown
        state = {name: value for name, value in self.get_state().items() if name not in APP_STATE_SKIPPED}
        return {**data, APP_STATE: {"module": self.MODULE, "model_id": self.model_id, "state": state}}, metadata

    def _to_page(self, change: Mapping[str, Any]) -> None:
        self.language.value = change["new"]

    def __repr__(self) -> str:
        """Short and the same on every run (a notebook saves it as the widget's text form): no memory address."""
        return f"<{type(self).__name__}>"

    def close(self) -> None:
        """Stop following the page language and close the widget."""
        unfollow = getattr(self, "_unfollow", None)  # absent when __init__ failed early
        if unfollow is not None:
            unfollow()
        super().close()


class LanguageToggle(BrowserExplainer):
    """中文 / English, 长辈版 (large text) and the page's link to copy and print: the language and the size
    are kept for the next page; a language change reaches every explainer on the page at once."""

    MODULE = "language"
    TEXT = ("large_text", "copy_link", "link_copied", "link_to_copy", "print_page", "printed_on")


class ChannelFinder(BrowserExplainer):
    """Ways to check a balance. Choice: ``mode``, ``shows``, ``avoid`` (what you lack), ``region``, ``channel`` (steps)."""

    MODULE = "channels"
    TEXT = (
        "all",
        "mode",
        *(f"mode_{m}" for m in MODES),
        "shows",
        *(f"shows_{s}" for s in CHANNEL_SHOWS),
        "none_selected",
        "region",
        "avoid_needs",
        *(f"needs_{n}" for n in CHANNEL_NEEDS),
        "channel",
        "needs",
        "caveats",
        "steps",
        "pick_channel",
    )
    channels: traitlets.List[Record] = traitlets.List().tag(sync=True)
    facets = traitlets.Dict().tag(sync=True)
    options = traitlets.Dict().tag(sync=True)
    mode = traitlets.Unicode(NO_FILTER).tag(sync=True)
    shows = traitlets.Unicode(NO_FILTER).tag(sync=True)
    avoid = traitlets.List(traitlets.Unicode()).tag(sync=True)
    region = traitlets.Unicode(NO_FILTER).tag(sync=True)
    channel = traitlets.Unicode("").tag(sync=True)

    _check_mode = _choice_validator("mode", (NO_FILTER, *MODES))
    _check_shows = _choice_validator("shows", (NO_FILTER, *CHANNEL_SHOWS))
    _check_region = _choice_validator("region", lambda: (NO_FILTER, *channel_regions()))

    @traitlets.validate("avoid")
    def _check_avoid(self, proposal: Mapping[str, Any]) -> list[str]:
        return [checks.choice("avoid", need, CHANNEL_NEEDS) for need in proposal["value"]]

    def __init__(self, language: Language | None = None) -> None:
        regions = channel_regions()
        every = ids(channel_records())
        super().__init__(
            language,
            channels=channel_records(),
            facets={
                "mode": {NO_FILTER: every, **{m: ids(channel_records(m)) for m in MODES}},
                "shows": {NO_FILTER: every, **{s: ids(channel_records(shows=s)) for s in CHANNEL_SHOWS}},
                "region": {NO_FILTER: every, **{r: ids(channel_records(region=r)) for r in regions}},
                "avoid": {n: ids(channel_records(avoid_needs=[n])) for n in CHANNEL_NEEDS},
            },
            options={"modes": list(MODES), "shows": list(CHANNEL_SHOWS), "needs": list(CHANNEL_NEEDS), "regions": region_records(regions)},
        )

    def shown(self) -> list[dict[str, Any]]:
        """The channels the page lists for the current choice (records of :func:`yibao.channel_records`)."""
        return channel_records(
            unfiltered(self.mode),
            shows=unfiltered(self.shows),
            region=unfiltered(self.region),
            avoid_needs=self.avoid,
        )


class WithdrawalSteps(BrowserExplainer):
    """Can the balance be withdrawn? Choice: ``scenario`` → ``region`` (``"national"``: no city) → verdict, documents, …

    ``assessments["<scenario>|<region>"]`` names the record shown in each language (an index
    into ``bodies``: regions without a rule of their own share the national one) and its notes.
    """

    MODULE = "withdrawal"
    TEXT = (
        "scenario",
        "city",
        "region_any",
        "who_may_apply",
        "nobody",
        "documents",
        "after_effects",
        "warnings",
        "valid_from",
    )
    scenarios: traitlets.List[Record] = traitlets.List().tag(sync=True)
    regions: traitlets.List[Record] = traitlets.List().tag(sync=True)
    assessments = traitlets.Dict().tag(sync=True)
    bodies: traitlets.List[Record] = traitlets.List().tag(sync=True)
    scenario = traitlets.Unicode("death").tag(sync=True)
    region = traitlets.Unicode("national").tag(sync=True)

    @traitlets.validate("scenario")
    def _check_scenario(self, proposal: Mapping[str, Any]) -> str:
        return checks.choice("scenario", proposal["value"], scenario_ids())

    _check_region = _choice_validator("region", lambda: ("national", *withdrawal_regions()))

    def __init__(self, language: Language | None = None) -> None:
        bodies: list[dict[str, Any]] = []
        index: dict[str, int] = {}
        assessments: dict[str, dict[str, Any]] = {}
        for scenario in scenario_ids():
            for region in ("national", *withdrawal_regions()):
                entry: dict[str, Any] = {}
                for lang in LANGS:
                    result = assess_withdrawal(scenario, region=None if region == "national" else region, lang=lang)
                    record = result.to_record()
                    entry[f"note_{lang}"] = record.pop("note")
                    entry[f"hint_{lang}"] = self._hint(result, region, lang)
                    key = repr(sorted(record.items()))
                    entry[lang] = index.setdefault(key, len(bodies))
                    if entry[lang] == len(bodies):
                        bodies.append(record)
                assessments[f"{scenario}|{region}"] = entry
        super().__init__(
            language,
            scenarios=withdrawal_scenarios(),
            regions=region_picker(withdrawal_regions()),
            assessments=assessments,
            bodies=bodies,
            address={
                "scenario": choice_in_address("scenario", scenario_ids()),
                "city": choice_in_address("region", ("national", *withdrawal_regions())),
            },
        )

    @staticmethod
    def _hint(result: WithdrawalAssessment, region: str, lang: str) -> str:
        """Where local rules exist and no city is chosen: which cities to choose."""
        if not result.local_regions or region != "national":
            return ""
        cities = listing((r[f"name_{lang}"] for r in region_records(result.local_regions)), lang)
        return t("local_rules_in", lang, cities=cities)

    def assessment(self, lang: str | None = None) -> WithdrawalAssessment:
        """What the page shows for the current choice (:func:`yibao.assess_withdrawal`)."""
        return assess_withdrawal(self.scenario, region=None if self.region == "national" else self.region, lang=lang or self.lang)


class FacetTable(BrowserExplainer):
    """One choice over one table: ``rows``, ``facets`` (one facet, named like the choice trait) and ``choices`` to offer."""

    rows: traitlets.List[Record] = traitlets.List().tag(sync=True)
    facets = traitlets.Dict().tag(sync=True)
    #: ``[{value, label_zh, label_en}]``, "all" first
    choices: traitlets.List[Record] = traitlets.List().tag(sync=True)
    CHOICE: ClassVar[str] = ""

    def __init__(self, language: Language | None, rows: list[Record], options: FacetOptions) -> None:
        """``options``: (value, its label by language, the rows it keeps) for each value but "all"."""
        everything = [(NO_FILTER, both("all"), rows), *options]
        super().__init__(
            language,
            rows=rows,
            facets={self.CHOICE: {value: ids(kept) for value, _, kept in everything}},
            choices=[{"value": value, **{f"label_{lang}": label[lang] for lang in LANGS}} for value, label, _ in everything],
        )

    @property
    def choice(self) -> str | None:
        """The current choice, None for "all"."""
        return unfiltered(str(getattr(self, self.CHOICE)))


class ClaimChecker(FacetTable):
    """The seed articles' claims with verdicts and corrections. Choice: ``verdict`` ("all" or one verdict)."""

    MODULE = "claims"
    CHOICE = "verdict"
    TEXT = ("verdict", "seed", "claim", "correction")
    verdict = traitlets.Unicode(NO_FILTER).tag(sync=True)
    _check_verdict = _choice_validator("verdict", (NO_FILTER, *SEED_VERDICTS))

    def __init__(self, language: Language | None = None) -> None:
        super().__init__(language, seed_claims(), [(v, both(f"verdict_{v}"), seed_claims(v)) for v in SEED_VERDICTS])

    def shown(self) -> list[dict[str, Any]]:
        """The claims the page lists (records of :func:`yibao.seed_claims`)."""
        return seed_claims(self.choice)


class FamilySharingTimeline(FacetTable):
    """Family-sharing (共济) rules, oldest first. Choice: ``region`` ("all", or national rules plus one region's)."""

    MODULE = "family"
    CHOICE = "region"
    TEXT = ("region", "valid_from", "family_sharing")
    region = traitlets.Unicode(NO_FILTER).tag(sync=True)
    _check_region = _choice_validator("region", lambda: (NO_FILTER, *FamilySharingTimeline._regions()))

    @staticmethod
    def _regions() -> list[str]:
        return list(dict.fromkeys(r["region"] for r in family_sharing_rules()))

    def __init__(self, language: Language | None = None) -> None:
        regions = region_records(self._regions())
        options = [(r["id"], {lang: r[f"name_{lang}"] for lang in LANGS}, family_sharing_rules(r["id"])) for r in regions]
        super().__init__(language, family_sharing_rules(), options)

    def shown(self) -> list[dict[str, Any]]:
        """The rules the page lists (records of :func:`yibao.family_sharing_rules`)."""
        return family_sharing_rules(self.choice)


class NonPayableList(FacetTable):
    """What the fund and the personal account do not pay for. Choice: ``applies_to`` ("all", "fund", "personal_account")."""

    MODULE = "non_payable"
    CHOICE = "applies_to"
    TEXT = ("applies_to", "item", "np_status", "exception")
    applies_to = traitlets.Unicode(NO_FILTER).tag(sync=True)
    _check_applies_to = _choice_validator("applies_to", (NO_FILTER, *APPLIES_TO))

    def __init__(self, language: Language | None = None) -> None:
        super().__init__(language, non_payable_items(), [(a, both(f"applies_{a}"), non_payable_items(a)) for a in APPLIES_TO])

    def shown(self) -> list[dict[str, Any]]:
        """The items the page lists (records of :func:`yibao.non_payable_items`)."""
        return non_payable_items(self.choice)


class AccountTable(BrowserExplainer):
    """Personal account vs pooled fund, one folded section per dimension, each side with its sources."""

    MODULE = "comparison"
    TEXT = ("dimension", "personal_account", "pooled_fund")
    rows: traitlets.List[Record] = traitlets.List().tag(sync=True)

    def __init__(self, language: Language | None = None, dimensions: list[str] | None = None) -> None:
        super().__init__(language, rows=account_rows(dimensions))


class SchemeTriage(BrowserExplainer):
    """你参加的是哪种医保? Choice: ``scheme`` ("" before an answer, else one of :func:`yibao.triage_choices`).

    ``routes[scheme]`` is ``triage(scheme).to_record()`` (both languages) with readable ``sources``,
    also for its ``account`` answer; ``pages`` names every page in both languages.
    """

    MODULE = "triage"
    TEXT = (
        "triage_question",
        "triage_pick",
        "triage_applies",
        "triage_not_applies",
        "triage_steps",
        "triage_pages",
        "triage_skip_pages",
        "personal_account",
        "valid_from",
    )
    choices: traitlets.List[Record] = traitlets.List().tag(sync=True)
    routes = traitlets.Dict().tag(sync=True)
    pages = traitlets.Dict().tag(sync=True)
    scheme = traitlets.Unicode("").tag(sync=True)
    _check_scheme = _choice_validator("scheme", ("", *TRIAGE_CHOICES))

    def __init__(self, language: Language | None = None) -> None:
        routes = {}
        for choice in TRIAGE_CHOICES:
            record = triage(choice).to_record()
            account = record["account"]
            if account is not None:
                account = {**account, "sources": cite(account["source_ids"])}
            routes[choice] = {**record, "account": account, "sources": cite(record["source_ids"])}
        super().__init__(language, choices=triage_choices(), routes=routes, pages=page_titles())

    def result(self) -> Triage | None:
        """What the page shows for the current answer (:func:`yibao.triage`), None before an answer."""
        return triage(self.scheme, lang=self.lang) if self.scheme else None


class QuestionFinder(BrowserExplainer):
    """Search the questions people ask. Choice: ``query`` (free text) and ``topic`` ("all" or a topic id).

    The page ranks with ``js/finder_search.js`` on ``index`` (:func:`yibao.question_index`), as
    :func:`yibao.find_questions` does: the best ``limit`` for a query; a topic without a query
    lists all its questions. ``shown()`` returns what the page lists.
    """

    MODULE = "finder"
    TEXT = (
        *("finder_query", "finder_placeholder", "finder_hint", "finder_none", "finder_weak_title", "finder_weak", "finder_scope"),
        *("topic", "all", "see_also"),
    )
    limit = traitlets.Int(5).tag(sync=True)
    index = traitlets.Dict().tag(sync=True)
    questions: traitlets.List[Record] = traitlets.List().tag(sync=True)
    subjects = traitlets.Dict().tag(sync=True)
    topics: traitlets.List[Record] = traitlets.List().tag(sync=True)
    pages = traitlets.Dict().tag(sync=True)
    query = traitlets.Unicode("").tag(sync=True)
    topic = traitlets.Unicode(NO_FILTER).tag(sync=True)

    @traitlets.validate("topic")
    def _check_topic(self, proposal: Mapping[str, Any]) -> str:
        return checks.choice("topic", proposal["value"], (NO_FILTER, *ids(question_topics())))

    def __init__(self, language: Language | None = None) -> None:
        super().__init__(
            language,
            index=question_index(),
            questions=question_records(),
            subjects=out_of_scope_records(),
            topics=question_topics(),
            pages=page_titles(),
        )

    def shown(self) -> pd.DataFrame:
        """The questions the page lists (:func:`yibao.find_questions`), best first."""
        limit = self.limit if self.query else len(self.questions)
        return find_questions(self.query, limit=limit, topic=unfiltered(self.topic))


class FamilyOptionsTable(BrowserExplainer):
    """亲情账户, 家庭共济 and 医保钱包 side by side (:func:`yibao.family_options`): what, who, how, limits, where."""

    MODULE = "family_options"
    TEXT = ("fo_option", "fo_what", "fo_who", "fo_how", "fo_limits", "fo_availability", "valid_from")
    rows: traitlets.List[Record] = traitlets.List().tag(sync=True)

    def __init__(self, language: Language | None = None) -> None:
        super().__init__(language, rows=family_options())


def language_toggle(language: Language | None = None) -> LanguageToggle:
    """Build the 中文 / English switch for browser explainers (it also drives the page language in Python)."""
    return LanguageToggle(language)


def channel_finder(language: Language | None = None) -> ChannelFinder:
    """Build the channel filter (online/offline, shows, what you lack, region) with a step-by-step view."""
    return ChannelFinder(language)


def withdrawal_steps(language: Language | None = None) -> WithdrawalSteps:
    """Build the withdrawal walk-through: situation → city → verdict, documents, after-effects, warnings."""
    return WithdrawalSteps(language)


def claim_checker(language: Language | None = None) -> ClaimChecker:
    """Build the table of the seed articles' claims, filterable by verdict."""
    return ClaimChecker(language)


def family_sharing_timeline(language: Language | None = None) -> FamilySharingTimeline:
    """Build the family-sharing (共济) timeline, filterable by region."""
    return FamilySharingTimeline(language)


def non_payable_list(language: Language | None = None) -> NonPayableList:
    """Build the table of what the fund and the personal account do not pay for."""
    return NonPayableList(language)


def scheme_triage(language: Language | None = None) -> SchemeTriage:
    """Build the first question, 你参加的是哪种医保?, with what applies to each answer and which pages to read."""
    return SchemeTriage(language)


def question_finder(language: Language | None = None) -> QuestionFinder:
    """Build the question finder: a search box and topic chips; each answer with its sources and a page to read."""
    return QuestionFinder(language)


def family_options_table(language: Language | None = None) -> FamilyOptionsTable:
    """Build the table of 亲情账户, 家庭共济 and 医保钱包: what, who, how, limits, where available."""
    return FamilyOptionsTable(language)


def account_table(dimensions: list[str] | None = None, language: Language | None = None) -> AccountTable:
    """Build the personal-vs-pooled comparison (optionally only some dimensions)."""
    return AccountTable(language, dimensions)
