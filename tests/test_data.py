"""data/: every file has its provenance and licence in data/README.md."""
from __future__ import annotations

from conftest import ROOT

DATA = ROOT / "data"


def test_every_data_file_is_documented():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    files = [p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()]
    undocumented = [f for f in files if f != "README.md" and f"`{f}`" not in readme]
    assert not undocumented, f"add these to data/README.md's table: {undocumented}"


def test_documented_files_exist():
    import re

    readme = (DATA / "README.md").read_text(encoding="utf-8")
    table_rows = [l for l in readme.splitlines() if l.startswith("| `")]
    for row in table_rows:
        name = re.match(r"\| `([^`]+)`", row).group(1)
        assert (DATA / name).exists(), f"data/README.md lists {name}, which is missing"
