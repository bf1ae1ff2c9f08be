"""data/timex_dev.tsv, data/timex_heldout.tsv and data/timex_newswire.tsv: the hand-annotated TIMEX3 sets are well formed.

Checks the files only (no engine): offsets, types, TIMEX3 value syntax, size and coverage,
and that the held-out passages are not in the development set.
"""
from __future__ import annotations

import csv
import re
from datetime import date, datetime

import pytest

from conftest import ROOT

DATA = ROOT / "data"
COLUMNS = ["doc_id", "dct", "passage", "text", "start", "end", "type", "value", "mod", "note"]
TYPES = {"DATE", "TIME", "DURATION", "SET"}
MODS = {"", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN",
        "EQUAL_OR_LESS", "EQUAL_OR_MORE", "START", "MID", "END", "APPROX"}

# TIMEX3 values (TimeML 1.2.1, section 2.2.3 "value"; ISO 8601 with TimeML's extensions)
_Y = r"(?:\d{4}|XXXX)"
_DATE = (rf"(?:\d{{2}}|\d{{3}}|{_Y}"                      # century "19", decade "199", year
         rf"|{_Y}-(?:\d{{2}}|XX)(?:-(?:\d{{2}}|XX))?"       # month, day (X for unknown parts)
         rf"|{_Y}-W(?:\d{{2}}|XX)(?:-(?:\d|X|WE))?"          # week, weekday, weekend
         rf"|{_Y}-(?:Q[1-4]|H[12]|SP|SU|FA|WI)"              # quarter, half, season
         rf"|FY\d{{4}})")                                   # fiscal year
_TIME = r"T(?:MO|AF|EV|NI|(?:[01]\d|2[0-4]):[0-5]\d(?::[0-5]\d)?)"
DATE_RE = re.compile(rf"{_DATE}")
TIME_RE = re.compile(rf"{_DATE}{_TIME}")
DURATION_RE = re.compile(r"P(?:(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|DE|CE|ML|Q|H))+"
                         r"(?:T(?:(?:\d+(?:\.\d+)?|X)[HMS])+)?|PT(?:(?:\d+(?:\.\d+)?|X)[HMS])+")
REFS = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}


def value_ok(typ: str, value: str) -> bool:
    """True if `value` is a TIMEX3 value for `typ`.

    >>> value_ok("DATE", "2017-W46"), value_ok("DURATION", "PXY"), value_ok("DATE", "P3D")
    (True, True, False)
    """
    if typ == "DATE":
        return value in REFS or bool(DATE_RE.fullmatch(value))
    if typ == "TIME":
        return bool(TIME_RE.fullmatch(value))
    if typ == "DURATION":
        return bool(DURATION_RE.fullmatch(value))
    if typ == "SET":
        return bool(DURATION_RE.fullmatch(value) or DATE_RE.fullmatch(value)
                    or TIME_RE.fullmatch(value))
    return False


def _read(name: str) -> list[dict]:
    path = DATA / name
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        assert reader.fieldnames == COLUMNS, f"{name}: header must be {COLUMNS}"
        return list(reader)


@pytest.fixture(scope="module", params=["timex_dev.tsv", "timex_heldout.tsv", "timex_newswire.tsv"])
def rows(request):
    return request.param, _read(request.param)


def test_offsets_match_the_text(rows):
    name, table = rows
    for r in table:
        if not r["text"]:
            assert r["start"] == r["end"] == r["type"] == r["value"] == r["mod"] == "", (
                f"{name} {r['doc_id']}: a no-timex row has empty start/end/type/value/mod")
            continue
        start, end = int(r["start"]), int(r["end"])
        assert r["passage"][start:end] == r["text"], f"{name} {r['doc_id']}: {r['text']!r} offsets"


def test_types_values_and_mods(rows):
    name, table = rows
    for r in (r for r in table if r["text"]):
        where = f"{name} {r['doc_id']} {r['text']!r}"
        assert r["type"] in TYPES, f"{where}: type {r['type']!r}"
        assert value_ok(r["type"], r["value"]), f"{where}: {r['type']} value {r['value']!r}"
        assert r["mod"] in MODS, f"{where}: mod {r['mod']!r}"


def test_passages_are_consistent(rows):
    name, table = rows
    docs: dict[str, tuple[str, str]] = {}
    for r in table:
        key = (r["dct"], r["passage"])
        assert docs.setdefault(r["doc_id"], key) == key, f"{name} {r['doc_id']}: one DCT and passage per doc"
        (datetime if "T" in r["dct"] else date).fromisoformat(r["dct"])
        assert "\t" not in r["passage"] and "\n" not in r["passage"]
        # no double quotes anywhere: readers with and without CSV quoting then agree
        assert not any('"' in v for v in r.values()), f"{name} {r['doc_id']}: a double quote"
    ids = [r["doc_id"] for r in table]
    empty = [r["doc_id"] for r in table if not r["text"]]
    assert len(empty) == len(set(empty)), f"{name}: a no-timex passage has exactly one row"
    assert not set(empty) & {i for i, r in zip(ids, table) if r["text"]}


def test_development_set_size_and_coverage():
    table = [r for r in _read("timex_dev.tsv") if r["text"]]
    assert len(table) >= 250
    assert {r["type"] for r in table} == TYPES
    values = [r["value"] for r in table]
    for pattern in [r"\d{2}", r"\d{3}", r"\d{4}", r"\d{4}-Q\d", r"\d{4}-H\d", r"\d{4}-(SP|SU|FA|WI)",
                    r"\d{4}-\d{2}", r"\d{4}-W\d{2}", r"\d{4}-W\d{2}-WE", r"\d{4}-\d{2}-\d{2}",
                    r".*T(MO|AF|EV|NI)", r".*T\d{2}:\d{2}", r"P\d+[YMWD]", r"PT\d+[HM]", r"PX\w+",
                    "PRESENT_REF", "PAST_REF", "FUTURE_REF"]:
        assert any(re.fullmatch(pattern, v) for v in values), f"no value like {pattern}"
    assert sum(1 for r in _read("timex_dev.tsv") if not r["text"]) >= 30
    assert any("fortnight" in r["text"].lower() for r in table)


def test_newswire_set_size_and_separation():
    table = _read("timex_newswire.tsv")
    assert len({r["doc_id"] for r in table}) >= 50
    assert sum(1 for r in table if r["text"]) >= 150
    assert sum(1 for r in table if not r["text"]) >= 5
    assert {r["type"] for r in table if r["text"]} == TYPES
    others = {r["passage"] for r in _read("timex_dev.tsv") + _read("timex_heldout.tsv")}
    assert not others & {r["passage"] for r in table}


def test_heldout_passages_are_not_in_the_development_set():
    dev = {r["passage"] for r in _read("timex_dev.tsv")}
    heldout = {r["passage"] for r in _read("timex_heldout.tsv")}
    assert len(heldout) >= 40
    assert not dev & heldout
    assert sum(1 for r in _read("timex_heldout.tsv") if r["text"]) >= 90
