"""The sealed checks of a classroom copy (utils/exercises/sealed.py) give the verdicts of the
full checks (utils/exercises/nb0*.py), exercise by exercise, without holding the answers.

For every exercise: the reference answer, every accepted answer and every typical mistake's
example get the same status and the same message from both; variants of the answer (other
spellings, other containers, off by one, other dates, broken functions) pass or fail alike.
"""
from __future__ import annotations

import datetime as dt
import json
import types

import pytest

from utils.checking import evaluate_answer
from utils.errors import CourseInputError
from utils.exercises import all_exercises, reference_answer
from utils.exercises.sealed import (SealedExercise, build_keys, fingerprint, load_keys, pack,
                                    plain, seal, unpack, unseal, write_keys)

EXERCISES = list(all_exercises().values())
IDS = [ex.id for ex in EXERCISES]


@pytest.fixture(scope="module")
def sealed(tmp_path_factory) -> dict[str, SealedExercise]:
    path = tmp_path_factory.mktemp("keys") / "keys.json"
    write_keys(path, EXERCISES)
    return load_keys(path)


def _verdict(feedback):
    return feedback.status, feedback.message


def test_every_exercise_is_sealed(sealed):
    assert list(sealed) == IDS
    for ex in EXERCISES:
        s = sealed[ex.id]
        assert (s.name, s.notebook, s.points, s.hint) == (ex.name, ex.notebook, ex.points, ex.hint)
        assert s.kind == (ex.kind if isinstance(ex.kind, tuple) else (ex.kind,))


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_reference_and_typical_mistakes_get_the_same_feedback(ex, sealed):
    answers = [reference_answer(ex), *(list(ex.accepted()) if ex.accepted else [])]
    answers += [m.example_answer() for m in ex.misconceptions]
    for answer in answers:
        assert _verdict(evaluate_answer(sealed[ex.id], answer)) == _verdict(
            evaluate_answer(ex, answer)), repr(answer)[:200]


def _value_variants(value):
    """Answers near *value*: other spellings and containers of it, and wrong ones."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, value - 1, float(value), str(value)]
    if isinstance(value, float):
        return [value + 1, round(value, 2), int(value)]
    if isinstance(value, str):
        return [value.upper(), value.lower(), f"  {value} ", f"'{value}'", value[:-1], "", "x"]
    if isinstance(value, dt.datetime):
        return [value.date(), value + dt.timedelta(days=1)]
    if isinstance(value, dt.date):
        return [value + dt.timedelta(days=1), value - dt.timedelta(days=7),
                dt.datetime.combine(value, dt.time()), value.isoformat()]
    if isinstance(value, (list, tuple)):
        items = list(value)
        variants = [items[::-1], tuple(items), items[:-1], items + items[-1:], []]
        if items and all(isinstance(i, (int, float)) for i in items):
            variants += [[round(float(i), 2) for i in items], [i + 1 for i in items]]
        if items and all(isinstance(i, str) for i in items):
            variants += [[i.lower() for i in items], set(items)]
        return variants
    if isinstance(value, set):
        return [sorted(value), set(list(value)[:-1]), set()]
    return []


def _function_variants(reference):
    def empty(*args, **kwargs):
        return []

    def zero(*args, **kwargs):
        return 0

    def raises(*args, **kwargs):
        raise ValueError("not written yet")

    def nothing(*args, **kwargs):
        return None

    def reversed_result(*args, **kwargs):
        result = reference(*args, **kwargs)
        return result[::-1] if isinstance(result, list) else result

    def as_tuple(*args, **kwargs):
        result = reference(*args, **kwargs)
        return tuple(result) if isinstance(result, list) else result

    return [empty, zero, raises, nothing, reversed_result, as_tuple]


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_variants_pass_or_fail_alike(ex, sealed):
    reference = reference_answer(ex)
    if isinstance(reference, types.FunctionType):
        variants = _function_variants(reference)
    else:
        variants = _value_variants(reference)
    assert variants or ex.open_check, "every kind of answer has variants to try"
    for answer in variants:
        full, seal_ = evaluate_answer(ex, answer), evaluate_answer(sealed[ex.id], answer)
        assert full.passed == seal_.passed, (repr(answer)[:120], str(full), str(seal_))
        if not full.passed:
            assert not seal_.message.startswith(("Well done", "Correct")), str(seal_)


def test_a_sealed_record_holds_no_plain_answer_fields(sealed):
    keys = build_keys(EXERCISES[:3], salt=b"test")
    for record in keys["exercises"]:
        assert "explanation" not in record and "misconceptions" not in record
        assert set(record) <= {"id", "notebook", "name", "question", "kind", "hint", "points",
                               "incorrect_message", "has_hidden_tests", "form", "answers",
                               "explanations", "mistakes", "probes", "probe_answers",
                               "open_check", "result_form"}


def test_fingerprints_depend_on_the_salt_and_the_exercise():
    assert fingerprint(b"a", "x", 6) != fingerprint(b"b", "x", 6)
    assert fingerprint(b"a", "x", 6) != fingerprint(b"a", "y", 6)
    assert fingerprint(b"a", "x", plain(6)) != fingerprint(b"a", "x", plain(6.0))


def test_a_sealed_message_needs_the_answer_that_earns_it():
    blob = seal("Six paragraphs.", b"s", "x", plain(6))
    assert "Six" not in blob
    assert unseal(blob, b"s", "x", plain(6)) == "Six paragraphs."
    with pytest.raises(UnicodeDecodeError):
        unseal(seal("Six paragraphs, and a long explanation.", b"s", "x", plain(6)), b"s", "x",
               plain(7)).encode("ascii")


def test_inputs_are_packed_and_rebuilt():
    from utils.text import parse

    doc = parse("The KPA fired across the MDL.")
    for value in ["text", 3, 2.5, None, dt.date(2017, 11, 22), (1, "a"), {"k": [1, 2]},
                  {("a", 1)}]:
        assert unpack(json.loads(json.dumps(pack(value)))) == value
    rebuilt = unpack(json.loads(json.dumps(pack(doc))))
    assert rebuilt.text == doc.text and [t.dep_ for t in rebuilt] == [t.dep_ for t in doc]
    span = unpack(pack(doc[1:3]))
    assert span.text == "KPA fired"
    with pytest.raises(CourseInputError, match="cannot be written"):
        pack(object())


def test_unreadable_or_old_keys_are_a_clear_error(tmp_path):
    with pytest.raises(CourseInputError, match="export-package"):
        load_keys(tmp_path / "missing.json")
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"version": 0, "salt": "", "exercises": []}), encoding="utf-8")
    with pytest.raises(CourseInputError, match="version"):
        load_keys(old)
