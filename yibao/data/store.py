"""Load and validate the CSV tables in ``data/`` — one mechanism for every table.

Every error names the file, the line, the field and the bad value, e.g.::

    channels.csv, line 7, field 'mode': 'onlin' is not one of: online, offline
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
import shutil
import sys
import threading
from collections import Counter
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache, wraps
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import Any, ParamSpec, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import pandas as pd

from yibao.data.tables import TABLES, Column, Kind, Table

LIST_SEPARATOR = "|"
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?\Z")
_MONTH_START = re.compile(r"\d{2}-01\Z")
_NUMBER = re.compile(r"-?\d+(\.\d+)?\Z")
_INT = re.compile(r"-?\d+\Z")
_MAX_SHOWN_ERRORS = 20


class DataValidationError(ValueError):
    """A data file broke its table's rules; ``.errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = errors[:_MAX_SHOWN_ERRORS]
        more = len(errors) - len(shown)
        text = "\n".join(shown) + (f"\n… and {more} more" if more > 0 else "")
        super().__init__(text)


def data_dir() -> Path:
    """The folder holding the CSV files (``YIBAO_DATA_DIR`` overrides it)."""
    _note(None, "")  # a derived function that reads the folder itself depends on more than its tables
    return Path(_folder())


def _folder() -> str:
    """:func:`data_dir` as a string, cheap enough for the domain functions' hot paths."""
    return _folder_for(os.environ.get("YIBAO_DATA_DIR") or "")


@cache
def _folder_for(override: str) -> str:
    if override:
        return str(Path(override))
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_data"
    return str(packaged if packaged.is_dir() else package.parent / "data")


def _location(table: Table, line: int | None = None, field: str | None = None) -> str:
    where = table.file
    if line is not None:
        where += f", line {line}"
    if field is not None:
        where += f", field '{field}'"
    return where


def _read_text(table: Table, path: Path) -> str:
    if not path.is_file():
        raise DataValidationError([f"{table.file}: file not found in {path.parent}"])
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataValidationError([f"{_location(table, 1)}: file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM"])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 4]
        raise DataValidationError([f"{_location(table, line)}: not valid UTF-8 (bytes {bad!r}); save the file as UTF-8"]) from None


def _split_list(text: str) -> list[str]:
    return text.split(LIST_SEPARATOR) if text else []


Known = dict[str, set[str]]


class _Problem(Exception):
    """One cell broke its column's rule; the message says how."""


def _check_id(column: Column, value: str, known: Known) -> str:
    if not _SLUG.match(value):
        raise _Problem(f"{value!r} is not a lowercase id (a-z, 0-9, '-', '_')")
    return value


def _check_text(column: Column, value: str, known: Known) -> str:
    return value


def _check_enum(column: Column, value: str, known: Known) -> str:
    if value not in column.choices:
        raise _Problem(f"{value!r} is not one of: {', '.join(column.choices)}")
    return value


def _check_ref(column: Column, value: str, known: Known) -> str:
    assert column.ref is not None
    if value not in known[column.ref]:
        raise _Problem(f"{value!r} is not an id in {TABLES[column.ref].file}")
    return value


def _check_list(column: Column, value: str, known: Known) -> tuple[str, ...]:
    items = _split_list(value)
    if any(item != item.strip() or item == "" for item in items):
        raise _Problem(f"{value!r} has an empty item or spaces around '{LIST_SEPARATOR}'")
    if len(set(items)) != len(items) and column.kind is not Kind.LIST:
        raise _Problem(f"{value!r} lists an item twice")
    if column.kind is Kind.ENUM_LIST:
        for item in items:
            _check_enum(column, item, known)
    elif column.kind is Kind.REF_LIST:
        for item in items:
            _check_ref(column, item, known)
    return tuple(items)


def _check_date(column: Column, value: str, known: Known) -> pd.Timestamp:
    if not _DATE.match(value):
        raise _Problem(f"{value!r} is not an ISO date (YYYY-MM-DD)")
    return _calendar(value, value)


def _check_partial_date(column: Column, value: str, known: Known) -> str:
    if not _PARTIAL_DATE.match(value):
        raise _Problem(f"{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    _calendar(value, value)
    return value


def _check_month_start(column: Column, value: str, known: Known) -> str:
    if not _MONTH_START.match(value):
        raise _Problem(f"{value!r} is not the first of a month (MM-01)")
    _calendar(f"2000-{value}", value, "month")
    return value


def _calendar(text: str, value: str, what: str = "calendar date") -> pd.Timestamp:
    try:
        return pd.Timestamp(text)
    except ValueError:
        raise _Problem(f"{value!r} is not a real {what}") from None


def _check_flag(column: Column, value: str, known: Known) -> bool:
    if value != "yes":
        raise _Problem(f"{value!r} is not 'yes' (leave the cell empty for no)")
    return True


def _check_number(column: Column, value: str, known: Known) -> float:
    if not _NUMBER.match(value):
        raise _Problem(f"{value!r} is not a plain decimal number")
    return float(value)


def _check_int(column: Column, value: str, known: Known) -> int:
    if not _INT.match(value):
        raise _Problem(f"{value!r} is not a whole number")
    return int(value)


@dataclass(frozen=True)
class KindRule:
    """What one column kind does: check a non-empty cell, the value of an empty one, its dtype."""

    check: Callable[[Column, str, Known], object]
    empty: object
    dtype: str


#: One rule per column kind: the whole of the type checking, as a table.
KIND_RULES: dict[Kind, KindRule] = {
    Kind.ID: KindRule(_check_id, "", "string"),
    Kind.TEXT: KindRule(_check_text, "", "string"),
    Kind.ENUM: KindRule(_check_enum, "", "string"),
    Kind.LIST: KindRule(_check_list, (), "object"),
    Kind.ENUM_LIST: KindRule(_check_list, (), "object"),
    Kind.REF: KindRule(_check_ref, "", "string"),
    Kind.REF_LIST: KindRule(_check_list, (), "object"),
    Kind.DATE: KindRule(_check_date, pd.NaT, "datetime64[ns]"),
    Kind.PARTIAL_DATE: KindRule(_check_partial_date, "", "string"),
    Kind.MONTH_START: KindRule(_check_month_start, "", "string"),
    Kind.NUMBER: KindRule(_check_number, math.nan, "float64"),
    Kind.INT: KindRule(_check_int, math.nan, "Int64"),
    Kind.FLAG: KindRule(_check_flag, False, "bool"),
}


def _check_cell(column: Column, value: str, known: Known) -> tuple[object, str | None]:
    """Return (typed value, problem or None) for one cell."""
    if value != value.strip():
        return None, f"{value!r} has leading or trailing whitespace"
    rule = KIND_RULES[column.kind]
    if value == "":
        return (None, "is empty but required") if column.required else (rule.empty, None)
    try:
        return rule.check(column, value, known), None
    except _Problem as problem:
        return None, str(problem)


def _twins(table: Table) -> list[tuple[Column, str]]:
    """Each *_zh column of ``table`` that has an *_en twin, with the twin's name."""
    names = table.column_names
    return [(column, en) for column in table.columns if column.name.endswith("_zh") and (en := column.name[:-3] + "_en") in names]


def _pair_problems(table: Table, twins: list[tuple[Column, str]], line: int, raw: dict[str, str], typed: dict[str, object]) -> list[str]:
    """A *_zh column and its *_en twin (``twins``) are both filled or both empty; lists of equal length."""
    problems = []
    for column, en in twins:
        zh_value, en_value = raw[column.name], raw[en]
        if bool(zh_value) != bool(en_value):
            missing = en if zh_value else column.name
            problems.append(f"{_location(table, line, missing)}: is empty while its translation is not")
        elif column.kind is Kind.LIST and _count(typed.get(column.name)) != _count(typed.get(en)):
            problems.append(
                f"{_location(table, line, en)}: has {_count(typed.get(en))} items but {column.name} has {_count(typed.get(column.name))}"
            )
    return problems


def _count(items: object) -> int:
    return len(items) if isinstance(items, tuple) else 0


def _period_problems(table: Table, rows: list[tuple[int, dict[str, object]]]) -> list[str]:
    problems = []
    for line, row in rows:
        start, end = row.get("valid_from"), row.get("valid_to")
        if isinstance(start, pd.Timestamp) and isinstance(end, pd.Timestamp) and end <= start:
            problems.append(f"{_location(table, line, 'valid_to')}: {end.date()} is not after valid_from {start.date()}")
        low, high = row.get("age_min"), row.get("age_max")
        if isinstance(low, int) and isinstance(high, int) and high < low:
            problems.append(f"{_location(table, line, 'age_max')}: {high} is below age_min {low}")
    if not table.period_key:
        return problems
    groups: dict[tuple, list[tuple[int, dict]]] = {}
    for line, row in rows:
        groups.setdefault(tuple(row[k] for k in table.period_key), []).append((line, row))
    for members in groups.values():
        for i, (line_a, a) in enumerate(members):
            for line_b, b in members[i + 1 :]:
                if _overlap(_ages(a), _ages(b)) and _overlap(_dates(a), _dates(b)):
                    problems.append(
                        f"{_location(table, line_b, 'valid_from')}: period overlaps line {line_a} "
                        f"(same {', '.join(table.period_key)} and age band)"
                    )
    return problems


#: paths that only name a site's front page
_HOME_PATHS = ("", "/", "/index.html", "/index.htm", "/index.shtml", "/index.php", "/default.aspx")


def _url_key(url: str) -> str:
    """A URL as compared for duplicates: scheme and host lowercased, no trailing slash or fragment."""
    parts = urlsplit(url)
    return urlunsplit(("", parts.netloc.lower(), parts.path.rstrip("/"), parts.query, ""))


def _url_problems(table: Table, rows: list[tuple[int, dict[str, object]]]) -> list[str]:
    """A ``url`` names one page: never a site's home page, and never under two ids (http/https alike)."""
    if "url" not in table.column_names:
        return []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        url = row.get("url")
        if not isinstance(url, str) or not url:
            continue
        parts = urlsplit(url)
        if parts.path.lower() in _HOME_PATHS and not parts.query:
            problems.append(f"{_location(table, line, 'url')}: {url!r} is only a site's home page: cite the page itself")
        key = _url_key(url)
        if key in seen:
            problems.append(f"{_location(table, line, 'url')}: {url!r} is already cited on line {seen[key]}: use that id")
        else:
            seen[key] = line
    return problems


def _ages(row: dict) -> tuple[float, float]:
    low, high = row.get("age_min", math.nan), row.get("age_max", math.nan)
    return (-math.inf if _missing(low) else low, math.inf if _missing(high) else high + 1)


def _dates(row: dict) -> tuple[pd.Timestamp, pd.Timestamp]:
    end = row.get("valid_to", pd.NaT)
    return row["valid_from"], (pd.Timestamp.max if pd.isna(end) else end)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def parse_table(table: Table, text: str, known: dict[str, set[str]]) -> pd.DataFrame:
    """Validate the CSV text of one table and return it as a typed DataFrame."""
    errors: list[str] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataValidationError([f"{_location(table, 1)}: file is empty (expected a header line)"]) from None
    except csv.Error as exc:
        raise DataValidationError([f"{_location(table, 1)}: unreadable CSV header ({exc})"]) from None
    expected = table.column_names
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected]
    doubled = [c for c, n in Counter(header).items() if n > 1]
    for name in missing:
        errors.append(f"{_location(table, 1, name)}: required column is missing from the header")
    for name in unknown:
        errors.append(f"{_location(table, 1, name)}: unknown column {name!r} (expected: {', '.join(expected)})")
    for name in doubled:
        errors.append(f"{_location(table, 1, name)}: column appears more than once in the header")
    if errors:
        raise DataValidationError(errors)

    columns = {c.name: c for c in table.columns}
    twins = _twins(table)
    rows: list[tuple[int, dict[str, object]]] = []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(f"{_location(table, line)}: malformed CSV ({exc})")
            break
        if not cells:
            errors.append(f"{_location(table, line)}: blank line")
            line = reader.line_num + 1
            continue
        if len(cells) != len(header):
            errors.append(f"{_location(table, line)}: has {len(cells)} fields, the header has {len(header)}")
            line = reader.line_num + 1
            continue
        raw = dict(zip(header, cells, strict=True))
        typed: dict[str, object] = {}
        for name, value in raw.items():
            typed[name], problem = _check_cell(columns[name], value, known)
            if problem:
                errors.append(f"{_location(table, line, name)}: {problem}")
        errors.extend(_pair_problems(table, twins, line, raw, typed))
        rows.append((line, typed))
        line = reader.line_num + 1

    seen: dict[tuple, int] = {}
    for line_no, row in rows:
        key = tuple(row[k] for k in table.key)
        if None in key:
            continue
        if key in seen:
            errors.append(
                f"{_location(table, line_no, table.key[0])}: duplicate {'/'.join(table.key)} "
                f"{'/'.join(map(str, key))!r} (first on line {seen[key]})"
            )
        else:
            seen[key] = line_no
    if not rows:
        errors.append(f"{_location(table)}: has no data rows")
    errors.extend(_period_problems(table, [(n, r) for n, r in rows if None not in r.values()]))
    errors.extend(_url_problems(table, rows))
    if errors:
        raise DataValidationError(errors)
    frame = pd.DataFrame([row for _, row in rows], columns=list(expected))
    return _typed(table, frame)


def _typed(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    for column in table.columns:
        frame[column.name] = frame[column.name].astype(KIND_RULES[column.kind].dtype)  # type: ignore[call-overload]
    return frame


def load_table(name: str, directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load one validated table by name (a copy the caller may change)."""
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; valid: {', '.join(TABLES)}")
    folder = _folder() if directory is None else str(Path(directory))
    _note(None if directory is None else folder, name)
    return _cached(name, folder).copy()


@cache
def _cached(name: str, directory: str) -> pd.DataFrame:
    table = TABLES[name]
    refs = sorted({c.ref for c in table.columns if c.ref} - {name})
    known = tuple((ref, frozenset(_cached(ref, directory)[TABLES[ref].key[0]])) for ref in refs)
    return _parsed(name, _read_text(table, Path(directory) / table.file), known)


def _parsed(name: str, text: str, known: tuple[tuple[str, frozenset[str]], ...]) -> pd.DataFrame:
    """A table parsed from its text and the keys of the tables it refers to: a copy of the data folder
    (the tests make many) is not parsed again where its files are the same. Kept when the cache is cleared;
    so are a broken table's errors (every table that refers to it asks for it again)."""
    parsed = _parsed_or_errors(name, text, known)
    if isinstance(parsed, tuple):
        raise DataValidationError(list(parsed))
    return parsed


@lru_cache(maxsize=64)
def _parsed_or_errors(name: str, text: str, known: tuple[tuple[str, frozenset[str]], ...]) -> pd.DataFrame | tuple[str, ...]:
    try:
        return parse_table(TABLES[name], text, {ref: set(keys) for ref, keys in known})
    except DataValidationError as exc:
        return tuple(exc.errors)


_generation = 0

Row = Mapping[str, Any]
P = ParamSpec("P")
R = TypeVar("R")
#: What a computation read: (folder, table), the folder ``None`` for the data in use; the table "" for the folder itself.
Read = tuple[str | None, str]


def generation() -> tuple[str, int]:
    """Identifies the data in use: (folder, times the cache was cleared)."""
    return _folder(), _generation


def records(name: str) -> tuple[Row, ...]:
    """The rows of a table as read-only mappings, in display order (by ``order`` where a table has one)."""
    _note(None, name)
    return _records(name, _folder())


@cache
def _records(name: str, directory: str) -> tuple[Row, ...]:
    frame = _cached(name, directory)
    if "order" in frame.columns:
        frame = frame.sort_values("order", kind="stable")
    return tuple(MappingProxyType({str(key): value for key, value in row.items()}) for row in frame.to_dict("records"))


# --- derived data: computed once for the content it was computed from -----------------------------------

#: Per thread, the reads of each derived computation under way, innermost last.
_reading = threading.local()
#: How many derived computations are under way (in any thread): none, nothing to record (the usual case).
_under_way = 0
_counting = threading.Lock()


def _note(directory: str | None, name: str) -> None:
    """Record that the computation under way (if any) read table ``name`` (and the tables it refers to:
    they decide whether it is valid)."""
    stack: list[set[Read]] | None = getattr(_reading, "stack", None) if _under_way else None
    if stack:
        stack[-1].update((directory, table) for table in _with_refs(name))


def _note_all(reads: tuple[Read, ...]) -> None:
    stack: list[set[Read]] | None = getattr(_reading, "stack", None)
    if stack:
        stack[-1].update(reads)


@cache
def _with_refs(name: str) -> tuple[str, ...]:
    """``name`` and every table it refers to, directly or not ("" alone for the folder itself)."""
    found, todo = {name}, [name]
    while todo:
        table = TABLES.get(todo.pop())
        for ref in {c.ref for c in table.columns if c.ref} if table else ():
            if ref not in found:
                found.add(ref)
                todo.append(ref)
    return tuple(sorted(found))


def _content(read: Read) -> bytes:
    """What ``read`` saw, as it is now: a digest of the table's file (of the folder's name and the
    cache's generation for the folder itself)."""
    directory, name = read
    return _digest(_folder() if directory is None else directory, name)


@cache
def _digest(directory: str, name: str) -> bytes:
    if not name:
        return f"{directory}\0{_generation}".encode()
    path = Path(directory) / TABLES[name].file
    return hashlib.blake2b(path.read_bytes(), digest_size=16).digest() if path.is_file() else b"missing"


def derived(function: Callable[P, R]) -> Callable[P, R]:
    """Cache ``function`` for the data in use: it is computed again when the data it read changed.

    For each arguments the value is kept with the tables its computation read (through
    :func:`records` or :func:`load_table`, in derived functions it called too) and a digest of their
    files; in another folder, or after :func:`clear_cache`, it is computed again only if one of
    those files differs (a copy of the data folder, or a test's copy with one table changed, reuses
    what did not depend on that table). What it returns is shared between callers, so it must be
    immutable (tuples, frozen records, :class:`types.MappingProxyType`).
    """
    _by_generation: dict[tuple[str, int], Callable[..., tuple[R, tuple[Read, ...]]]] = {}
    kept: dict[Hashable, tuple[R, tuple[Read, ...], tuple[bytes, ...]]] = {}
    lock = threading.Lock()

    def computed(*args: Any, **kwargs: Any) -> tuple[R, tuple[Read, ...]]:
        key = (args, tuple(sorted(kwargs.items())))
        with lock:
            entry = kept.get(key)
        if entry is not None and all(_content(read) == seen for read, seen in zip(entry[1], entry[2], strict=True)):
            return entry[0], entry[1]
        global _under_way
        stack = _reading.__dict__.setdefault("stack", [])
        stack.append(set())
        with _counting:
            _under_way += 1
        try:
            value = function(*args, **kwargs)
        finally:
            reads = tuple(sorted(stack.pop(), key=repr))
            with _counting:
                _under_way -= 1
        with lock:
            kept.pop(key, None)
            if len(kept) >= _KEPT:
                del kept[next(iter(kept))]
            kept[key] = (value, reads, tuple(_content(read) for read in reads))
        return value, reads

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        key = (_folder(), _generation)
        cached = _by_generation.get(key)
        if cached is None:
            _by_generation.clear()
            cached = _by_generation[key] = cast(Callable[..., tuple[R, tuple[Read, ...]]], lru_cache(maxsize=_KEPT)(computed))
        value, reads = cached(*args, **kwargs)
        if _under_way:  # called by another derived computation? It read these too
            _note_all(reads)
        return value

    return wrapper


#: How many arguments a derived function keeps values for.
_KEPT = 1024


def derived_json(function: Callable[P, R]) -> Callable[P, R]:
    """:func:`derived` for a function that returns JSON-ready data (an export for a page): computed once
    for the data in use and kept as JSON text, in memory and on disk (:func:`cache_folder`: another
    process with the same code and data reads it instead of computing it); each caller gets a fresh
    copy it may change."""
    name = f"{function.__module__}.{function.__qualname__}"

    def as_text(*args: Any, **kwargs: Any) -> str:
        return _kept_on_disk(name, repr((args, sorted(kwargs.items()))), lambda: json.dumps(function(*args, **kwargs), ensure_ascii=False))

    text = derived(wraps(function)(as_text))

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        return cast(R, json.loads(text(*args, **kwargs)))

    return wrapper


def cache_folder() -> Path | None:
    """Where :func:`derived_json` keeps its values between processes: ``YIBAO_CACHE_DIR`` (empty: nowhere),
    else ``$XDG_CACHE_HOME/yibao`` or ``~/.cache/yibao``; one folder per version of the code."""
    chosen = os.environ.get("YIBAO_CACHE_DIR")
    if chosen is None:
        chosen = str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "yibao")
    return Path(chosen) / _code_version() if chosen else None


@cache
def _code_version() -> str:
    """A digest of the package's code and of what else shapes its exports (Python, pandas, pypinyin)."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=10)
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    versions = [f"{sys.version_info[:2]}", *(metadata.version(name) for name in ("pandas", "pypinyin"))]
    digest.update(" ".join(versions).encode())
    return digest.hexdigest()


#: Code versions whose folders are kept beside the one in use (other checkouts, the last edits).
_KEPT_VERSIONS = 4


def _kept_on_disk(name: str, arguments: str, compute: Callable[[], str]) -> str:
    """The text ``compute`` gives, from :func:`cache_folder` where it was kept for the same tables' contents.

    Called by a derived computation: on a hit it records the reads the kept value was computed from, so
    that the value in memory is computed again when one of those tables changes. A value computed from
    the folder itself (not only its tables), or with no folder to keep it in, is not kept."""
    folder = cache_folder()
    if folder is None:
        return compute()
    key = hashlib.blake2b(f"{name}\0{arguments}".encode(), digest_size=12).hexdigest()
    reads_file = folder / f"{key}.reads.json"
    try:
        reads = [cast(Read, tuple(read)) for read in json.loads(reads_file.read_text(encoding="utf-8"))]
        stored = folder / f"{key}-{_contents_key(reads)}.json"
        text = stored.read_text(encoding="utf-8")
    except (OSError, ValueError):
        pass
    else:
        _note_all(tuple(reads))
        return text
    text = compute()
    reads = sorted(_reading.stack[-1], key=repr)
    if any(table == "" for _, table in reads):
        return text
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True)
            _prune_versions(folder.parent)
        _write_atomically(reads_file, json.dumps(reads))
        _write_atomically(folder / f"{key}-{_contents_key(reads)}.json", text)
    except OSError:
        pass  # a read-only home: computed again next time
    return text


def _contents_key(reads: list[Read]) -> str:
    return hashlib.blake2b(b"".join(_content(read) for read in reads), digest_size=12).hexdigest()


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` so that another process reads all of it or nothing."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _prune_versions(top: Path) -> None:
    """Remove the folders of all but the newest code versions."""
    versions = sorted((p for p in top.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in versions[_KEPT_VERSIONS + 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def unknown(row: Row) -> bool:
    """A row whose value is not known: empty, except an empty cap that a source says means "no cap"."""
    return pd.isna(row["value"]) and (not row["parameter"].endswith("_cap") or row["confidence"] == "unverified")


def in_force(row: Row, day: pd.Timestamp) -> bool:
    """Whether a dated row (``valid_from``, optional ``valid_to`` exclusive) applies on ``day``."""
    end = row["valid_to"]
    return bool(row["valid_from"] <= day and (day < end if isinstance(end, pd.Timestamp) else pd.isna(end)))


#: Columns for maintainers only: never part of what a domain function hands out.
MAINTAINER_COLUMNS = frozenset({"research_note"})


def plain(row: Row) -> dict[str, Any]:
    """A fresh, JSON-ready dict of ``row`` (maintainer columns left out): dates as ISO strings, lists as lists, missing as ``None``."""
    return {key: plain_value(value) for key, value in row.items() if key not in MAINTAINER_COLUMNS}


def plain_value(value: object) -> Any:
    """One value made JSON-ready (see :func:`plain`)."""
    if isinstance(value, tuple | list):
        return [plain_value(item) for item in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # NumPy scalars
        return plain_value(value.item())
    return value


def validate_all(directory: str | os.PathLike | None = None) -> dict[str, list[str]]:
    """Validate every table; return ``{file: [errors]}`` (empty lists when all is well)."""
    report: dict[str, list[str]] = {}
    for name, table in TABLES.items():
        try:
            load_table(name, directory)
            report[table.file] = []
        except DataValidationError as exc:
            report[table.file] = exc.errors
    return report


def clear_cache() -> None:
    """Forget loaded tables (after the files changed on disk) and everything derived from them."""
    global _generation
    _generation += 1
    _cached.cache_clear()
    _records.cache_clear()
    _digest.cache_clear()
