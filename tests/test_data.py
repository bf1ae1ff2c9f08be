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


def test_sources_are_byte_identical_to_shared():
    """data/sources/ is a copy of ../shared/sources/ (the checked facts): byte for byte."""
    import pytest

    shared = ROOT.parent / "shared" / "sources"
    if not shared.is_dir():
        pytest.skip("../shared/sources/ is not beside this clone (CI and developers have it)")
    ours = sorted(p.name for p in (DATA / "sources").iterdir() if p.is_file())
    theirs = sorted(p.name for p in shared.iterdir() if p.is_file())
    assert ours == theirs, f"data/sources/ has {ours}, shared/sources/ has {theirs}: copy them over"
    for name in theirs:
        assert (DATA / "sources" / name).read_bytes() == (shared / name).read_bytes(), (
            f"data/sources/{name} differs from ../shared/sources/{name}: "
            f"cp ../shared/sources/{name} data/sources/")
