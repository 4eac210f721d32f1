"""Withdrawal scenarios: can the personal-account balance be taken out, by whom, with what?"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from yibao.data import checks
from yibao.data.correction import correction_url
from yibao.data.display import Card, Readable, sentences, text_language
from yibao.data.i18n import check_lang, labels, t
from yibao.data.regions import region_name, region_records, resolve_region
from yibao.data.sources import cite
from yibao.data.store import Row, plain_value, records


@dataclass(frozen=True, repr=False)
class WithdrawalAssessment(Readable):
    """The verdict for one scenario (and region), with documents, after-effects and sources."""

    scenario_id: str
    region: str
    title: str
    verdict: str  # "allowed" / "regional" / "not_allowed"
    verdict_label: str
    national_verdict: str
    summary: str
    who_may_apply: str
    documents: list[str]
    after_effects: list[str]
    warnings: list[str]
    source_ids: tuple[str, ...]
    confidence: str
    valid_from: dt.date
    region_specific: bool
    note: str
    local_regions: tuple[str, ...]

    def to_record(self) -> dict[str, Any]:
        """The assessment as a JSON-ready dict, with readable ``sources``."""
        record = {key: plain_value(value) for key, value in asdict(self).items()}
        record["valid_from"] = self.valid_from.isoformat()
        report = correction_url(f"{self.scenario_id}@{self.region}", "withdrawal_scenarios")
        return {**record, "sources": cite(self.source_ids), "report_url": report}

    def card(self, lang: str | None = None) -> Card:
        """The verdict first, then who may apply and what to bring, the rule and its sources (in the language asked for)."""
        lang = text_language(self.title)
        details = [(t("region", lang), region_name(self.region, lang))]
        details += [(label, "; ".join(items)) for label, items in self._lists(lang) if items]
        return Card(
            self.title,
            sentences(self.verdict_label, self.summary, lang),
            lang,
            (self.note,) if self.note else (),
            self.source_ids,
            self.confidence,
            tuple(details),
        )

    def _lists(self, lang: str) -> list[tuple[str, list[str]]]:
        return [
            (t("who_may_apply", lang), [self.who_may_apply] if self.who_may_apply else []),
            (t("documents", lang), self.documents),
            (t("after_effects", lang), self.after_effects),
            (t("warnings", lang), self.warnings),
        ]


def scenario_ids() -> list[str]:
    """Scenario ids in display order."""
    return [row["id"] for row in records("withdrawal_scenarios") if row["region"] == "national"]


def scenario_regions(scenario_id: str) -> list[str]:
    """Regions with a rule of their own for this scenario."""
    return [r["region"] for r in records("withdrawal_scenarios") if r["id"] == scenario_id and r["region"] != "national"]


def withdrawal_scenarios() -> list[dict[str, Any]]:
    """Every scenario in display order: ``id, title_zh, title_en, verdict, verdict_zh/en, local_regions``."""
    return [
        {
            "id": row["id"],
            "title_zh": row["title_zh"],
            "title_en": row["title_en"],
            "verdict": row["verdict"],
            **labels("verdict", f"verdict_{row['verdict']}"),
            "local_regions": region_records(scenario_regions(row["id"])),
        }
        for row in records("withdrawal_scenarios")
        if row["region"] == "national"
    ]


def withdrawal_regions() -> list[str]:
    """Regions a user can pick: those with a local withdrawal rule or any dated parameter."""
    regions = {r["region"] for r in records("withdrawal_scenarios")} | {r["region"] for r in records("region_params")}
    return sorted(regions - {"national"})


def _with_national(row: Row, national: Row, column: str) -> list[str]:
    """A local rule adds to the national one and never drops it: its items, then the national items it does not repeat."""
    local = list(row[column])
    return [*local, *(item for item in national[column] if item not in local)]


def assess_withdrawal(scenario_id: str, *, region: str | None = None, lang: str = "zh") -> WithdrawalAssessment:
    """Assess one withdrawal scenario, optionally for a region (its local rule wins if recorded).

    Raises ``ValueError`` listing the valid scenario ids or regions when one is unknown.
    """
    check_lang(lang)
    checks.choice("scenario_id", scenario_id, scenario_ids())
    region = None if region is None else resolve_region(region, "region")
    rows = {r["region"]: r for r in records("withdrawal_scenarios") if r["id"] == scenario_id}
    national = rows["national"]
    row = rows.get(region or "national", national)
    region_specific = row is not national
    national_label = t(f"verdict_{national['verdict']}", lang)
    if region_specific:
        note = t("local_rule_shown", lang, region=region_name(row["region"], lang), verdict=national_label)
    elif region not in (None, "national"):
        note = t("national_rule_shown", lang, region=region_name(region, lang))
    else:
        note = ""
    return WithdrawalAssessment(
        scenario_id=scenario_id,
        region=row["region"],
        title=row[f"title_{lang}"],
        verdict=row["verdict"],
        verdict_label=t(f"verdict_{row['verdict']}", lang),
        national_verdict=national["verdict"],
        summary=row[f"summary_{lang}"],
        who_may_apply=row[f"who_may_apply_{lang}"],
        documents=_with_national(row, national, f"documents_{lang}"),
        after_effects=_with_national(row, national, f"after_effects_{lang}"),
        warnings=_with_national(row, national, f"warnings_{lang}"),
        source_ids=tuple(row["source_ids"]),
        confidence=row["confidence"],
        valid_from=row["valid_from"].date(),
        region_specific=region_specific,
        note=note,
        local_regions=tuple(scenario_regions(scenario_id)),
    )
