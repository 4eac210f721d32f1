"""Citations people can read: publisher · date · document number, linked to the source."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from yibao.data.correction import correction_url, row_key
from yibao.data.i18n import CHINESE, LANGS, labels, t
from yibao.data.store import derived, records


def _safe_url(url: str) -> str | None:
    return url if url.startswith(("https://", "http://")) else None


def _name(name: str, lang: str) -> str:
    """A publisher as English readers see it: a Chinese name is shown in brackets, said to be Chinese."""
    return t("publisher_in_chinese", lang, name=name) if CHINESE.search(name) else name


@derived
def _citations() -> Mapping[str, Mapping[str, Any]]:
    cited = {}
    for row in records("sources"):
        title, publisher, published, doc_number = row["title"], row["publisher"], row["published"], row["doc_number"]
        name = publisher or title
        label = {lang: " · ".join(x for x in (_name(name, lang), published or t("undated", lang), doc_number) if x) for lang in LANGS}
        cited[row["id"]] = MappingProxyType(
            {
                "id": row["id"],
                "kind": row["kind"],
                "label_zh": label["zh"],
                "label_en": label["en"],
                "title": title,
                "url": _safe_url(row["url"]),
            }
        )
    return MappingProxyType(cited)


def cite(source_ids: Iterable[str]) -> list[dict[str, Any]]:
    """One citation per source id: ``id, kind, label_zh, label_en, title, url`` (``url`` None when not a web link).

    >>> cite(["gf-1998-44"])[0]["label_zh"]
    '国务院 · 1998-12 · 国发〔1998〕44号'
    """
    citations = _citations()
    unknown = [s for s in source_ids if s not in citations]
    if unknown:
        raise ValueError(f"unknown source id {unknown[0]!r}; see load_sources() for the ids")
    return [dict(citations[s]) for s in source_ids]


def sourcing(row: Mapping[str, Any], table: str | None = None) -> dict[str, Any]:
    """``source_ids``, readable ``sources`` and ``confidence`` (with both labels) of one data row.

    With the row's ``table``, also ``report_url``: the prefilled "report an error" form for that row.
    """
    ids = list(row["source_ids"])
    report = {"report_url": correction_url(row_key(table, row), table)} if table else {}
    return {
        "source_ids": ids,
        "sources": cite(ids),
        "confidence": row["confidence"],
        **labels("confidence", f"conf_{row['confidence']}"),
        **report,
    }
