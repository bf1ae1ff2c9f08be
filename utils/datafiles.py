"""Reading the series' CSV data files, with one set of clear errors for all of them.

>>> from utils.paths import DATA_DIR
>>> table = read_csv_table(None, default=DATA_DIR / "glossary.csv", name="glossary",
...                        columns=["term", "definition"])
>>> {"term", "definition"} <= set(table.columns)
True
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pandas as pd

from utils.errors import CourseInputError
from utils.paths import ROOT


def read_csv_table(path: str | Path | None, *, default: Path, name: str,
                   columns: Sequence[str], lower_columns: bool = False) -> pd.DataFrame:
    """Read a UTF-8 CSV file as text columns (empty cells are ``""``), stripped of spaces.

    *path* None means the series' own file *default*. *name* says what the file is ("glossary")
    in the error messages; *columns* must all be present. Raises ``FileNotFoundError`` for a
    missing file and ``CourseInputError`` for a folder, an empty or malformed file, or missing
    columns, each saying how to fix it.
    """
    file = Path(path) if path is not None else default
    try:
        relative = default.relative_to(ROOT).as_posix()
    except ValueError:
        relative = default.name
    restore = f"Restore the series' copy with `git checkout -- {relative}`."
    if not file.exists():
        raise FileNotFoundError(f"{name[:1].upper() + name[1:]} file not found: {file}. "
                                + (restore if path is None else "Check the path."))
    if file.is_dir():
        raise CourseInputError(f"{file} is a folder, not a CSV file. Pass the path of a .csv file.")
    try:
        table = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise CourseInputError(f"The {name} file {file} is empty. It needs the header "
                               f"{','.join(columns)} and one line per row. {restore}") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CourseInputError(f"The {name} file {file} is not a valid UTF-8 CSV file "
                               f"({exc}). Check its quotes and commas. {restore}") from None
    table.columns = [str(c).strip().lower() if lower_columns else str(c).strip()
                     for c in table.columns]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise CourseInputError(f"The {name} file {file} lacks the column(s) {missing}; its "
                               f"columns are {list(table.columns)}. The header must include "
                               f"{', '.join(repr(c) for c in columns)}.")
    for column in table.columns:
        table[column] = table[column].str.strip()
    return table


def require_devset(path: str | Path, name: str) -> Path:
    """*path* of a development set, or a CourseInputError saying why it may be missing: the
    classroom copy (``python -m utils.classroom export-package``) leaves the development sets
    out, and a scorer runs from a full copy of the series.

    >>> require_devset(ROOT / "data" / "timex_dev.tsv", "timex development set").name
    'timex_dev.tsv'
    """
    file = Path(path)
    if not file.is_file():
        raise CourseInputError(
            f"There is no {name} at {file}. A classroom copy of the series (the student "
            "package) leaves the development sets out; run the scorer from a full copy (git "
            "clone the repository), or pass the path of your own annotated file.")
    return file

