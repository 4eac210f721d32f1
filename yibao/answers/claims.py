"""What the seed articles claimed, checked: verdict, correction and sources."""

from __future__ import annotations

from typing import Any

from yibao.data import checks
from yibao.data.i18n import labels
from yibao.data.sources import cite, sourcing
from yibao.data.store import plain, records
from yibao.data.tables import SEED_VERDICTS


def seed_claims(verdict: str | None = None, *, seed: str | None = None) -> list[dict[str, Any]]:
    """The seed articles' claims (optionally one verdict or one seed), as JSON-ready records.

    Each record: ``id, seed, seed_source`` (the article's citation), ``quote_zh, claim_en, topic,
    verdict, verdict_zh, verdict_en, correction_zh, correction_en, source_ids, sources, confidence``.
    """
    rows = records("seed_claims")
    if verdict is not None:
        checks.choice("verdict", verdict, SEED_VERDICTS)
    if seed is not None:
        checks.choice("seed", seed, dict.fromkeys(r["seed"] for r in rows))
    return [
        {
            **plain(row),
            **sourcing(row, "seed_claims"),
            "seed_source": cite([row["seed"]])[0],
            **labels("verdict", f"verdict_{row['verdict']}"),
        }
        for row in rows
        if verdict in (None, row["verdict"]) and seed in (None, row["seed"])
    ]
