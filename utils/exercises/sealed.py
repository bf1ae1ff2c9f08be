"""Sealed checks: exercises that answer back without holding their answers (classroom copies).

The full definitions of the exercises (``utils/exercises/nb0*.py``) compute each answer from
the article, carry explanations that give it away, and hold the hidden tests' texts. A
classroom copy (``python -m utils.classroom export-package``) ships none of that. Instead,
:func:`build_keys` (run by the teacher's export) writes ``utils/exercises/keys.json``: for each
exercise, what a learner needs to be answered back, and *fingerprints* instead of answers.

- **A value answer** (a number, a name, a list) is read through its form
  (:mod:`utils.exercises.forms`) and fingerprinted with a salted SHA-256; the learner's answer
  is read and fingerprinted the same way and the two fingerprints are compared.
- **A function** is called on the inputs the full check calls it on (the article, short texts
  the notebook shows, dates...), recorded at export; the fingerprint is that of its results.
- **A typical mistake** is the fingerprint of its example answer (or of the example function's
  results on the inputs its own test calls).
- **Every message** that could give an answer away (the explanation shown once an answer is
  right, the message of each typical mistake) is encrypted with a key derived from the answer
  that earns it: a learner reads it only by giving that answer.
- **Open exercises** (a pattern or a rule row: many answers are right) run their public checks
  (:mod:`utils.exercises.open_checks`), which compute the verdict from the course's data and
  hold no answer either.

Hidden tests are not sealed: they run only when nbgrader autogrades, in the teacher's copy.

>>> salt = b"demo"
>>> key = fingerprint(salt, "demo-1", plain(6))
>>> fingerprint(salt, "demo-1", plain(6)) == key, fingerprint(salt, "demo-1", plain(7)) == key
(True, False)
>>> unseal(seal("Six: count them.", salt, "demo-1", plain(6)), salt, "demo-1", plain(6))
'Six: count them.'
"""
from __future__ import annotations

import base64
import datetime as _dt
import functools
import hashlib
import json
import math
import numbers
import secrets
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from utils.errors import CourseInputError

KEYS_FILE = Path(__file__).with_name("keys.json")
KEYS_VERSION = 1
_KINDS: dict[str, Any] = {"int": int, "float": float, "str": str, "bool": bool, "list": list,
                          "tuple": tuple, "dict": dict, "set": set, "date": _dt.date,
                          "function": types.FunctionType}


# --- The plain form of a value: JSON, with its type ------------------------------------------

def plain(value: Any) -> Any:
    """*value* as JSON data that keeps what a check compares: numbers (rounded to six
    decimals; a float is not an int), text, sequences (a list and a tuple alike), sets (in sorted order), dicts,
    dates, tables (columns and rows) and spaCy tokens and spans (their text and place).

    >>> plain((1, 2.0, "a")), plain({3, 1}), plain(_dt.date(2017, 11, 22))
    (['seq', [1, ['float', '2.0'], 'a']], ['set', [1, 3]], ['date', '2017-11-22'])
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):  # a float stays a float: 7.0 is not the int 7
        number = float(value)
        return ["float", repr(round(number, 6) + 0.0) if math.isfinite(number) else repr(number)]
    if isinstance(value, _dt.datetime):
        return ["datetime", value.isoformat()]
    if isinstance(value, _dt.date):
        return ["date", value.isoformat()]
    kind = type(value).__name__
    module = type(value).__module__.split(".")[0]
    if module == "pandas" and kind == "DataFrame":
        return ["frame", [str(c) for c in value.columns],
                [[plain(v) for v in row] for row in value.itertuples(index=False)]]
    if module == "spacy":
        if kind == "Token":
            return ["token", value.text, value.i]
        if kind == "Span":
            return ["span", value.text, value.start, value.end, value.label_]
        if kind == "Doc":
            return ["doc", value.text]
    if module in ("numpy", "pandas") and hasattr(value, "tolist"):
        return plain(value.tolist())
    if isinstance(value, (list, tuple)):
        return ["seq", [plain(v) for v in value]]
    if isinstance(value, (set, frozenset)):
        items = [plain(v) for v in value]
        return ["set", sorted(items, key=lambda v: json.dumps(v, sort_keys=True))]
    if isinstance(value, dict):
        items = [[plain(k), plain(v)] for k, v in value.items()]
        return ["dict", sorted(items, key=lambda kv: json.dumps(kv, sort_keys=True))]
    return ["object", f"{module}.{kind}"]


def _bytes(observed: Any) -> bytes:
    return json.dumps(observed, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def fingerprint(salt: bytes, exercise_id: str, observed: Any) -> str:
    """The salted SHA-256 of what was observed of an answer (hex)."""
    return hashlib.sha256(b"ctl-answer\0" + salt + b"\0" + exercise_id.encode() + b"\0"
                          + _bytes(observed)).hexdigest()


def _keystream(key: bytes, length: int) -> bytes:
    blocks, counter = [], 0
    while sum(map(len, blocks)) < length:
        blocks.append(hashlib.sha256(key + counter.to_bytes(4, "big")).digest())
        counter += 1
    return b"".join(blocks)[:length]


def _key(salt: bytes, exercise_id: str, observed: Any) -> bytes:
    return hashlib.sha256(b"ctl-message\0" + salt + b"\0" + exercise_id.encode() + b"\0"
                          + _bytes(observed)).digest()


def seal(message: str, salt: bytes, exercise_id: str, observed: Any) -> str:
    """*message* encrypted with a key derived from the answer that earns it (base64)."""
    data = message.encode("utf-8")
    stream = _keystream(_key(salt, exercise_id, observed), len(data))
    return base64.b64encode(bytes(a ^ b for a, b in zip(data, stream))).decode("ascii")


def unseal(blob: str, salt: bytes, exercise_id: str, observed: Any) -> str:
    """The message sealed by :func:`seal` with the same answer."""
    data = base64.b64decode(blob)
    stream = _keystream(_key(salt, exercise_id, observed), len(data))
    return bytes(a ^ b for a, b in zip(data, stream)).decode("utf-8")


# --- The inputs a function is called on ---------------------------------------------------------

def pack(value: Any) -> Any:
    """An input of a learner's function as JSON (rebuilt by :func:`unpack`); a spaCy Doc is
    kept as its text and parsed again with :func:`utils.text.parse`.

    >>> unpack(pack(("Monday", _dt.date(2017, 11, 22))))
    ('Monday', datetime.date(2017, 11, 22))
    """
    if value is None or isinstance(value, (bool, str, int, float)):
        return {"v": value}
    if isinstance(value, _dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, _dt.date):
        return {"date": value.isoformat()}
    kind, module = type(value).__name__, type(value).__module__.split(".")[0]
    if module == "spacy" and kind == "Span":  # a sentence or a phrase: its Doc and place
        return {"span": pack(value.doc), "start": value.start, "end": value.end}
    if module == "spacy" and kind == "Token":
        return {"token": pack(value.doc), "i": value.i}
    if module == "spacy" and kind == "Doc":  # its text, and its entities if they were set
        return {"doc": value.text,
                "ents": [[e.start_char, e.end_char, e.label_] for e in value.ents]}
    if module == "pandas" and kind == "DataFrame":  # pandas' table schema keeps the dtypes
        return {"frame": value.to_json(orient="table", date_format="iso")}
    if isinstance(value, tuple):
        return {"tuple": [pack(v) for v in value]}
    if isinstance(value, list):
        return {"list": [pack(v) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"set": [pack(v) for v in sorted(value, key=repr)]}
    if isinstance(value, dict):
        return {"dict": [[pack(k), pack(v)] for k, v in value.items()]}
    if isinstance(value, numbers.Integral):
        return {"v": int(value)}
    if isinstance(value, numbers.Real):
        return {"v": float(value)}
    raise CourseInputError(f"An input of type {module}.{kind} cannot be written into the "
                           "answer keys; give the learner's function text, numbers, dates, "
                           "lists, dicts, tables or spaCy Docs.")


def unpack(packed: Any) -> Any:
    """The input :func:`pack` wrote."""
    tag = next(iter(packed))
    data = packed[tag]
    if tag == "v":
        return data
    if tag == "date":
        return _dt.date.fromisoformat(data)
    if tag == "datetime":
        return _dt.datetime.fromisoformat(data)
    if tag == "doc":
        from utils.text import parse

        doc = parse(data)
        ents = packed.get("ents")
        if ents is not None and [[e.start_char, e.end_char, e.label_] for e in doc.ents] != ents:
            doc = doc.copy()
            doc.ents = [doc.char_span(start, end, label=label) for start, end, label in ents]
        return doc
    if tag == "span":
        return unpack(data)[packed["start"]:packed["end"]]
    if tag == "token":
        return unpack(data)[packed["i"]]
    if tag == "frame":
        import io

        import pandas as pd

        return pd.read_json(io.StringIO(data), orient="table")
    if tag == "tuple":
        return tuple(unpack(v) for v in data)
    if tag == "list":
        return [unpack(v) for v in data]
    if tag == "set":
        return {unpack(v) for v in data}
    if tag == "dict":
        return {unpack(k): unpack(v) for k, v in data}
    raise CourseInputError(f"The answer keys have an input tagged {tag!r} that this version "
                           "cannot read: export the classroom package again.")


def _call_key(args: tuple, kwargs: dict) -> str:
    return json.dumps([pack(list(args)), pack(dict(sorted(kwargs.items())))], sort_keys=True)


def recording(function: Callable, calls: dict[str, tuple]) -> Callable:
    """*function*, wrapped so that every call's inputs are noted in *calls* (by their packed
    form, in order)."""
    @functools.wraps(function)
    def recorded(*args, **kwargs):
        calls.setdefault(_call_key(args, kwargs), (args, kwargs))
        return function(*args, **kwargs)
    return recorded


# --- The sealed exercise --------------------------------------------------------------------------

@dataclass(frozen=True)
class SealedExercise:
    """What a classroom copy knows of an exercise: its question, name, type and hint, and
    fingerprints and sealed messages instead of its answer and explanations."""

    id: str
    notebook: str
    name: str
    question: str
    kind: tuple
    hint: str
    points: int
    incorrect_message: str
    salt: bytes
    form: str | None = None                   # value exercises: the answer's form
    probes: tuple = ()                        # functions: packed (args, kwargs) of each call
    result_form: str | None = None            # functions: the form of each call's result
    answers: tuple = ()                       # fingerprints of the right answers
    explanations: dict = field(default_factory=dict)  # fingerprint -> sealed explanation
    probe_answers: tuple = ()                 # functions: fingerprint of each call's result
    mistakes: tuple = ()                      # dicts: fingerprint, calls, message, accept
    open_check: str | None = None             # open exercises: the public check's name
    has_hidden_tests: bool = False
    sealed: bool = True
    hidden_checks: tuple = ()

    # -- reading an answer
    def observe(self, answer: Any) -> Any:
        """What the sealed check compares of *answer* (the learner's functions are called)."""
        if self.form is not None:
            from utils.exercises.forms import FORMS

            return plain(FORMS[self.form](answer))
        return [self.call(answer, i) for i in range(len(self.probes))]

    def inputs(self, index: int) -> tuple[list, dict]:
        """The (args, kwargs) of one recorded call, rebuilt."""
        return unpack(self.probes[index][0]), unpack(self.probes[index][1])

    def call(self, function: Callable, index: int) -> Any:
        """The plain result of one recorded call; an exception (or None) is noted as
        ``["error", its type]``, so that a typical mistake that fails can be recognised."""
        from utils.checking import LearnerCodeError, call_learner

        args, kwargs = self.inputs(index)
        try:
            result = call_learner(function, *args, **kwargs)
        except LearnerCodeError as problem:
            return ["error", type(problem.error).__name__ if problem.error else "None"]
        if self.result_form is None:
            return plain(result)
        from utils.exercises.forms import FORMS

        try:
            return plain(FORMS[self.result_form](result))
        except Exception:  # not of the form's kind: a result that cannot be right
            return ["unreadable", type(result).__name__]

    def first_problem(self, function: Callable, observed: list) -> str | None:
        """The message for the first call that failed, as the full check words it."""
        from utils.checking import LearnerCodeError, call_learner

        for index, result in enumerate(observed):
            if isinstance(result, list) and result[:1] == ["error"]:
                args, kwargs = self.inputs(index)
                try:
                    call_learner(function, *args, **kwargs)
                except LearnerCodeError as problem:
                    return str(problem)
        return None

    def probe_text(self, index: int) -> str:
        """The inputs of one recorded call, as feedback shows them ("the article" for it)."""
        from utils.checking import _shown_args
        from utils.text import load_article

        article = load_article()
        def is_article(value: Any) -> bool:
            text = value if isinstance(value, str) else getattr(value, "text", None)
            return isinstance(text, str) and text in (article.text, article.body)

        args, kwargs = self.inputs(index)
        shown = [_Shown("the article") if is_article(a) else a for a in args]
        return _shown_args(tuple(shown), kwargs)


class _Shown(str):
    def __repr__(self) -> str:
        return str(self)


def evaluate_sealed(ex: SealedExercise, answer: Any) -> tuple[str, str]:
    """(status, message) of the sealed check of *answer* (its type was checked already)."""
    from utils.checking import (APOSTROPHE_MESSAGE, DEFAULT_INCORRECT, LearnerCodeError,
                                swap_apostrophes)

    if ex.open_check:
        from utils.exercises.open_checks import evaluate_open

        return evaluate_open(ex.open_check, answer)
    name = f"`{ex.name}`"
    try:
        observed = ex.observe(answer)
    except LearnerCodeError as problem:
        return "incorrect", str(problem)
    except Exception as exc:  # the form cannot read this answer
        return "incorrect", (f"{name} could not be checked ({type(exc).__name__}: {exc}). Look "
                             "at its value and compare it with the question.")
    for mistake in ex.mistakes:
        part = observed if ex.form is not None else [observed[i] for i in mistake["calls"]]
        if fingerprint(ex.salt, ex.id, part) == mistake["fingerprint"]:
            message = unseal(mistake["message"], ex.salt, ex.id, part)
            return ("correct" if mistake["accept"] else "misconception"), message
    key = fingerprint(ex.salt, ex.id, observed)
    if key in ex.answers:
        return "correct", unseal(ex.explanations[key], ex.salt, ex.id, observed)
    if ex.form is None:
        problem = ex.first_problem(answer, observed)
        if problem:
            return "incorrect", problem
    if ex.form is not None and isinstance(answer, str) and ("'" in answer or "’" in answer):
        try:
            swapped = ex.observe(swap_apostrophes(answer))
        except Exception:
            swapped = None
        if fingerprint(ex.salt, ex.id, swapped) in ex.answers:
            return "misconception", APOSTROPHE_MESSAGE
    if ex.form is None:
        for i, expected in enumerate(ex.probe_answers):
            if fingerprint(ex.salt, ex.id, observed[i]) != expected:
                args, kwargs = ex.inputs(i)
                shown = repr(answer(*args, **kwargs))
                shown = shown if len(shown) <= 200 else shown[:197] + "..."
                return "incorrect", (f"{name} does not give the right result yet when it is "
                                     f"called with ({ex.probe_text(i)}): it returns {shown}. "
                                     "Work out by hand what it should return there, and compare.")
    return "incorrect", ex.incorrect_message or DEFAULT_INCORRECT


# --- Writing and reading the keys -------------------------------------------------------------------

def _kind_names(kind) -> list[str]:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = []
    for k in kinds:
        match = [n for n, t in _KINDS.items() if t is k]
        if not match:
            raise CourseInputError(f"The answer type {k!r} has no name in the answer keys.")
        names.append(match[0])
    return names


def _seal_exercise(ex, salt: bytes) -> dict:
    from utils.checking import evaluate_answer
    from utils.exercises import reference_answer

    record = {"id": ex.id, "notebook": ex.notebook, "name": ex.name, "question": ex.question,
              "kind": _kind_names(ex.kind), "hint": ex.hint, "points": ex.points,
              "incorrect_message": ex.incorrect_message, "has_hidden_tests": bool(ex.hidden_checks)}
    if ex.open_check:
        record["open_check"] = ex.open_check
        return record
    reference = reference_answer(ex)
    is_function = isinstance(reference, types.FunctionType)
    if not is_function:
        from utils.exercises.forms import FORMS

        form = ex.form or "exact"
        record["form"] = form
        candidates = list(ex.accepted()) if ex.accepted else [reference]
        answers, explanations, mistakes = [], {}, []
        for value in candidates:
            observed = plain(FORMS[form](value))
            key = fingerprint(salt, ex.id, observed)
            verdict = evaluate_answer(ex, value)
            if verdict.passed:
                answers.append(key)
                explanations[key] = seal(verdict.message, salt, ex.id, observed)
            elif verdict.status == "misconception":  # a typical mistake comes first for it
                mistakes.append({"fingerprint": key, "calls": [], "accept": False,
                                 "message": seal(verdict.message, salt, ex.id, observed)})
        for mistake in ex.misconceptions:
            try:
                observed = plain(FORMS[form](mistake.example_answer()))
            except Exception:  # the form cannot read it: the type check answers it first
                continue
            mistakes.append({"fingerprint": fingerprint(salt, ex.id, observed), "calls": [],
                             "message": seal(mistake.message, salt, ex.id, observed),
                             "accept": bool(mistake.accept)})
        record.update(answers=answers, explanations=explanations, mistakes=mistakes)
        return record
    # A function: record what the full check calls it with, for the reference and each
    # typical mistake's example, then note the results of the calls.
    calls: dict[str, tuple] = {}
    recorded = evaluate_answer(ex, recording(reference, calls))
    if not recorded.passed:
        raise CourseInputError(f"The reference solution of {ex.id} does not pass its own check "
                               f"while its calls are recorded: {recorded}")
    per_mistake = []
    for mistake in ex.misconceptions:
        own: dict[str, tuple] = {}
        for function in (reference, mistake.example_answer()):
            try:
                mistake.applies(recording(function, own))
            except Exception:
                pass
        per_mistake.append(own)
        for k, v in own.items():
            calls.setdefault(k, v)
    order = list(calls)
    probes = [[pack(list(calls[k][0])), pack(dict(calls[k][1]))] for k in order]
    # probes are unpacked as lists: their args are a list (rebuilt as a list, called with *)
    record["probes"] = probes
    record["result_form"] = ex.form
    stub = SealedExercise(id=ex.id, notebook=ex.notebook, name=ex.name, question="", kind=(),
                          hint="", points=0, incorrect_message="", salt=salt,
                          probes=tuple(tuple(p) for p in probes), result_form=ex.form)
    observed = stub.observe(reference)
    key = fingerprint(salt, ex.id, observed)
    record["answers"] = [key]
    record["explanations"] = {key: seal(ex.explanation or "Well done.", salt, ex.id, observed)}
    record["probe_answers"] = [fingerprint(salt, ex.id, o) for o in observed]
    mistakes = []
    for mistake, own in zip(ex.misconceptions, per_mistake):
        indices = [order.index(k) for k in own] or list(range(len(order)))
        part = [stub.call(mistake.example_answer(), i) for i in indices]
        if part == [observed[i] for i in indices]:
            continue  # its inputs cannot tell it from the reference: the general message says it
        mistakes.append({"fingerprint": fingerprint(salt, ex.id, part), "calls": indices,
                         "message": seal(mistake.message, salt, ex.id, part),
                         "accept": bool(mistake.accept)})
    record["mistakes"] = mistakes
    return record


def build_keys(exercises: Iterable, salt: bytes | None = None) -> dict:
    """The answer keys of *exercises* (full definitions, teacher side): what
    ``utils/exercises/keys.json`` holds. Runs every reference solution (a few seconds)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    return {"version": KEYS_VERSION, "salt": base64.b64encode(salt).decode("ascii"),
            "exercises": [_seal_exercise(ex, salt) for ex in exercises]}


def write_keys(path: Path, exercises: Iterable, salt: bytes | None = None) -> Path:
    path = Path(path)
    path.write_text(json.dumps(build_keys(exercises, salt), ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return path


def load_keys(path: Path = KEYS_FILE) -> dict[str, SealedExercise]:
    """The sealed exercises of a classroom copy, by id, in series order."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CourseInputError(f"The answer keys {path} cannot be read ({exc}). Export the "
                               "classroom package again: python -m utils.classroom "
                               "export-package") from None
    if data.get("version") != KEYS_VERSION:
        raise CourseInputError(f"The answer keys {path} are of version {data.get('version')}, "
                               f"this copy reads version {KEYS_VERSION}: export them again.")
    salt = base64.b64decode(data["salt"])
    registry = {}
    for record in data["exercises"]:
        registry[record["id"]] = SealedExercise(
            id=record["id"], notebook=record["notebook"], name=record["name"],
            question=record["question"], kind=tuple(_KINDS[k] for k in record["kind"]),
            hint=record["hint"], points=record["points"],
            incorrect_message=record["incorrect_message"], salt=salt, form=record.get("form"),
            probes=tuple(tuple(p) for p in record.get("probes", ())),
            result_form=record.get("result_form"),
            answers=tuple(record.get("answers", ())),
            explanations=dict(record.get("explanations", {})),
            probe_answers=tuple(record.get("probe_answers", ())),
            mistakes=tuple(record.get("mistakes", ())), open_check=record.get("open_check"),
            has_hidden_tests=record.get("has_hidden_tests", False))
    return registry
