"""The correction path: a prefilled "report an error" issue for any row of the data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from yibao.data import checks
from yibao.data.store import derived, records
from yibao.data.tables import TABLES

REPOSITORY_URL = "https://github.com/yibao-project/yibao"
ISSUE_TEMPLATE = "correction.yml"
KEY_SEPARATOR = "@"


def row_ids(table: str) -> list[str]:
    """The ids a correction can name in ``table``: ``id``, or ``id@region`` where the key has a region."""
    checks.choice("table", table, TABLES)
    return list(_row_ids(table))


@derived
def _row_ids(table: str) -> tuple[str, ...]:
    key = TABLES[table].key
    ids = [str(row[key[0]]) for row in records(table)]
    if len(key) > 1:
        ids += [row_key(table, row) for row in records(table)]
    return tuple(dict.fromkeys(ids))


def row_key(table: str, row: Mapping[str, Any]) -> str:
    """How a correction names ``row``: its ``id``, or ``id@region`` where the table's key has a region."""
    return KEY_SEPARATOR.join(str(row[k]) for k in TABLES[table].key)


def correction_url(row_id: str, table: str) -> str:
    """The new-issue URL of the correction form, prefilled with the table and row id.

    ``row_id`` is the row's ``id`` (for ``withdrawal_scenarios`` also ``id@region``, e.g.
    ``death@nanjing``). Raises ``ValueError`` listing the valid tables or ids.
    """
    checks.choice("table", table, TABLES)
    checks.choice("row_id", row_id, _row_ids(table))
    query = {"template": ISSUE_TEMPLATE, "title": f"Correction: {table} {row_id}", "table": table, "row_id": row_id}
    return f"{REPOSITORY_URL}/issues/new?{urlencode(query, quote_via=quote)}"
