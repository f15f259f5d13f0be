"""No link value is changed silently: values a page can check only against its data or its
network (a weight index, a training size) and values Python reads too kindly ("５", "1e-400")
get the same notice as every other replaced link value, in zh and en."""

from __future__ import annotations

import pytest

from core.i18n import t
from pages import shared
from tests.conftest import assert_clean
from tests.test_bad_inputs import fresh, noticed_keys, notices

LANGS = ("zh", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_a_weight_the_network_does_not_have_is_noticed_once(lang: str) -> None:
    at = fresh("why-a-loss", lang, why_layer="4", why_row="999999", why_col="999999")
    assert_clean(at)
    assert notices(at) == [t("url.invalid", lang, keys="why_col, why_layer, why_row")]
    layer, row, col = (int(at.session_state[k]) for k in ("why_layer", "why_row", "why_col"))
    assert layer == 2 and row < 50 and col < 10  # W2 of the 64-50-10 network
    at.run()  # shown once
    assert_clean(at)
    assert notices(at) == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_weight_that_fits_gets_no_notice_and_a_later_pick_none_either(lang: str) -> None:
    at = fresh("why-a-loss", lang, why_layer="1", why_row="3", why_col="4")
    assert_clean(at)
    assert notices(at) == []
    assert (at.session_state["why_row"], at.session_state["why_col"]) == (3, 4)
    key = shared.widget_key("why_layer", lang)
    at.selectbox(key=key).set_value(2).run()  # W2 is 50 x 10: row 3, col 4 still fit; pick anew
    assert_clean(at)
    assert notices(at) == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_training_size_above_the_data_set_is_noticed(lang: str) -> None:
    at = fresh("training-lab", lang, dataset="digits", lab_train="50000")
    assert_clean(at)
    assert "lab_train" in noticed_keys(at)
    assert notices(at) == [t("url.invalid", lang, keys="lab_train")]


def test_a_training_size_that_fits_is_kept_without_a_notice() -> None:
    at = fresh("training-lab", "en", dataset="digits", lab_train="500")
    assert_clean(at)
    assert notices(at) == [] and at.session_state["lab_train"] == 500


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("raw, value", [("５", 5), ("1e-400", 0), ("７ ", 7)])
def test_a_seed_python_reads_too_kindly_is_noticed(lang: str, raw: str, value: int) -> None:
    at = fresh("loss-functions", lang, seed=raw)
    assert_clean(at)
    assert notices(at) == [t("url.invalid", lang, keys="seed")]
    assert at.session_state[shared.SEED] == value


@pytest.mark.parametrize("raw, ok", [("5", True), (" 5", True), ("0", True), ("-0", True),
                                     ("1e3", True), ("5.0", True), ("５", False),
                                     ("1e-400", False), ("0e5", True), ("2.5", False)])
def test_seed_parsing(raw: str, ok: bool) -> None:
    param = shared.Param(shared.SEED, 0, "int", lo=0, hi=shared.MAX_SEED)
    assert param.parse(raw)[1] is ok


def test_a_float_that_underflows_to_zero_is_noticed() -> None:
    param = shared.Param(shared.NOISE, 0.1, "float", lo=0.0, hi=0.5)
    assert param.parse("1e-400") == (0.0, False)
    assert param.parse("0.0") == (0.0, True)
