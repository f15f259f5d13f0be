"""Bad inputs through the real app (AppTest): every row of TESTING.md's table that a user can
cause from the browser: CSV uploads, hyperparameters at and beyond their limits, odd links,
and each lesson opened directly by its URL in a fresh session.

Every test ends in `assert_clean(at)`: no uncaught exception, no generic "unexpected error"
(a bug hidden by shared.guarded), no missing-key marker. Messages are compared with the
translated string the page must show, in Chinese and English.

Uploads go through the sidebar's real st.file_uploader: AppTest 1.67 supports it
(`at.file_uploader(key=...).set_value((name, bytes, mime))`). AppTest does not apply
server.maxUploadSize (the server does): the over-limit row is in tests/test_safety.py.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from core import build_trainer, validate_config
from core.datasets import dataset_from_csv, load_dataset
from core.errors import ConfigError, DataError, LearningError
from core.i18n import t
from pages import shared
from pages.lessons import LESSONS as NAVIGATION
from tests.conftest import APP, ROOT, assert_clean, open_page, rendered_text

LANGS = ("zh", "en")
SCRIPT = "<script>alert(1)</script>"


# (file, title key, url path) of every lesson, from the navigation's own table
LESSONS = [(lesson.script, lesson.title_key, lesson.address) for lesson in NAVIGATION]
URLS = [url for _, _, url in LESSONS]
# The lessons that show the sidebar's data set (the others work on fixed examples).
DATA_URLS = {url for path, _, url in LESSONS
             if "current_dataset(" in (ROOT / path).read_text(encoding="utf-8")}
TITLES = {"learning-from-data": "learn.title", "loss-functions": "loss.title",
          "mini-batch": "mb.title", "why-a-loss": "why.title", "gradients": "grad.title",
          "training-lab": "lab.title", "draw-a-digit": "draw.title",
          "class-experiment": "room.title"}


# ------------------------------------------------------------------ helpers
def fresh(url_path: str, lang: str = "en", timeout: float = 60, **query: str) -> AppTest:
    """A new session whose *first* run opens `url_path`, as a browser following a shared link.

    A browser sends the page's url path; st.Page registers each page under calc_hash(url_path)
    (streamlit/navigation/page.py), so requesting that hash on the first run is the same thing.
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    at._page_hash = calc_hash(url_path)  # AppTest has no public "first page" argument
    at.query_params.update({"lang": lang, **query})
    return at.run()


def notices(at: AppTest) -> list[str]:
    """The 'link values were replaced' notices on the page (the frame's and the page's own)."""
    head = t("url.invalid", at.session_state[shared.LANG], keys="\x00").split("\x00")[0]
    return [i.value for i in at.info if i.value.startswith(head)]


def noticed_keys(at: AppTest) -> set[str]:
    head = t("url.invalid", at.session_state[shared.LANG], keys="\x00").split("\x00")[0]
    return {key for text in notices(at) for key in text[len(head):].split(", ")}


def shown_error(error: LearningError, lang: str) -> str:
    """The text shared.show_error puts on the page for `error`."""
    params = {k: shared.plain(v) if isinstance(v, str) else v for k, v in error.params.items()}
    return t(error.key, lang, **params)


def csv_error(content: bytes, **kwargs) -> DataError:
    with pytest.raises(DataError) as info:
        dataset_from_csv(content, **kwargs)
    return info.value


def upload(at: AppTest, content: bytes, name: str = "data.csv") -> AppTest:
    at.file_uploader(key="_csv_file").set_value((name, content, "text/csv")).run()
    return at


def csv_session(lang: str = "en") -> AppTest:
    at = open_page(query={"dataset": "csv"}, lang=lang)
    assert_clean(at)
    assert [i.value for i in at.info if i.value == t("sidebar.csv_needed", lang)]
    return at


# ------------------------------------------------------------------ CSV uploads
def _rows(n: int, classes: int = 2, features: int = 2) -> bytes:
    head = ",".join(f"f{j}" for j in range(features)) + ",label\n"
    body = "".join(",".join(str((i * (j + 3)) % 11) for j in range(features)) + f",{i % classes}\n"
                   for i in range(n))
    return (head + body).encode()


def _wide(columns: int) -> bytes:
    head = ",".join(f"c{j}" for j in range(columns - 1)) + ",label\n"
    return (head + "".join(",".join("1" for _ in range(columns - 1)) + f",{i % 2}\n"
                           for i in range(4))).encode()


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


BAD_UPLOADS = {
    # id: (content, the error key the user must see)
    "empty": (lambda: b"", "err.csv.empty"),
    "only-blank-lines": (lambda: b"\n \r\n\t\n", "err.csv.empty"),
    "binary-png": (_png, "err.csv.binary"),
    "binary-xlsx": (lambda: b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64, "err.csv.binary"),
    "not-utf8-latin1": (lambda: "a,b,label\n1,2,0\n3,4,é\n".encode("latin-1"), "err.csv.not_utf8"),
    "not-utf8-utf16": (lambda: "a,b,label\n1,2,0\n".encode("utf-16"), "err.csv.not_utf8"),
    "header-only": (lambda: b"a,b,label\n", "err.csv.no_rows"),
    "no-header": (lambda: b"1,2,0\n3,4,1\n", "err.csv.no_header"),
    "non-numeric-column": (lambda: b"a,b,label\n1,x,0\n2,3,1\n3,4,0\n4,5,1\n",
                           "err.csv.non_numeric"),
    "missing-values": (lambda: b"a,b,label\n1,2,0\n2,,1\n3,4,0\n4,5,1\n,6,0\n",
                       "err.csv.missing"),
    "one-class": (lambda: b"a,b,label\n1,2,x\n2,3,x\n3,4,x\n", "err.csv.single_class"),
    "60-classes": (lambda: _rows(120, classes=60), "err.csv.too_many_classes"),
    "class-with-one-row": (lambda: b"a,b,label\n1,2,0\n2,3,0\n3,4,1\n", "err.csv.small_class"),
    "300000-rows": (lambda: _rows(300_000, features=1), "err.csv.too_many_rows"),
    "2000-columns": (lambda: _wide(2_000), "err.csv.too_many_columns"),
    "duplicate-column-names": (lambda: b"a,a,label\n1,2,0\n3,4,1\n", "err.csv.duplicate_columns"),
    "thousands-separator-comma": (lambda: b'a,b,label\n"1,234",2,0\n"2,345",3,1\n5,4,0\n6,6,1\n',
                                  "err.csv.number_format"),
    "thousands-separator-space": (lambda: b"a,b,label\n1 234,2,0\n2 345,3,1\n5,4,0\n6,6,1\n",
                                  "err.csv.number_format"),
    "decimal-comma-in-comma-file": (lambda: b"a,b,label\n1,5,2,0\n2,5,3,1\n",
                                    "err.csv.ragged"),
    "infinite-value": (lambda: b"a,b,label\n1,inf,0\n2,3,0\n3,4,1\n4,5,1\n", "err.csv.non_finite"),
    "ragged-row": (lambda: b"a,b,label\n1,2,0\n3,4,1,9\n5,6,0\n", "err.csv.ragged"),
}
ZH_ROWS = ("empty", "binary-png", "not-utf8-latin1", "non-numeric-column", "60-classes",
           "thousands-separator-comma")


@pytest.mark.parametrize("lang, row", [("en", row) for row in BAD_UPLOADS]
                         + [("zh", row) for row in ZH_ROWS])
def test_bad_upload_shows_its_message_in_the_users_language(lang: str, row: str) -> None:
    make, key = BAD_UPLOADS[row]
    content = make()
    error = csv_error(content, seed=0, test_fraction=0.2)
    assert error.key == key
    at = upload(csv_session(lang), content, f"{row}.csv")
    assert_clean(at)
    assert [e.value for e in at.error] == [shown_error(error, lang)]
    assert shared.CSV_DATASET not in at.session_state
    assert "Traceback" not in rendered_text(at)


GOOD_UPLOADS = {
    # id: (content, n_features, class names)
    "text-label-column": (b"w,h,animal\n1,2,dog\n2,3,cat\n3,4,dog\n4,5,cat\n5,6,bird\n6,7,bird\n",
                          2, ("bird", "cat", "dog")),
    "decimal-comma-in-semicolon-file": (b"a;b;label\n1,5;2;0\n2,25;3;1\n-0,5;4;0\n6;6;1\n",
                                        2, ("0", "1")),
    "bom-crlf-quotes-booleans": (('\ufeff"a", b ,label\r\n 1 ,TRUE,"x"\r\n2,False,y\r\n'
                                  '3, true,x\r\n4,false ,y\r\n').encode(), 2, ("x", "y")),
    "50-classes": (_rows(100, classes=50), 2, tuple(str(i) for i in range(50))),  # numeric order
    "999-features": (_wide(1_000), 999, ("0", "1")),
}


@pytest.mark.parametrize("row", list(GOOD_UPLOADS))
def test_odd_but_valid_upload_becomes_the_data_set(row: str) -> None:
    content, n_features, names = GOOD_UPLOADS[row]
    at = upload(csv_session(), content, f"{row}.csv")
    assert_clean(at)
    assert not at.error
    data = at.session_state[shared.CSV_DATASET]
    assert data.n_features == n_features and data.class_names == names
    assert not data.x_train.flags.writeable


def test_missing_values_are_accepted_once_the_user_drops_those_rows() -> None:
    content = b"a,b,label\n1,2,0\n2,,1\n3,4,0\n4,5,1\n,6,0\n5,6,1\n7,8,0\n8,9,1\n"
    at = upload(csv_session(), content)
    assert [e.value for e in at.error] == [shown_error(csv_error(content), "en")]
    at.checkbox(key="_csv_drop").check().run()
    assert_clean(at)
    assert not at.error
    data = at.session_state[shared.CSV_DATASET]
    assert data.n_train + data.n_test == 6


def test_a_bad_upload_after_a_good_one_drops_the_old_data_and_the_session_goes_on() -> None:
    at = upload(csv_session(), _rows(40))
    assert at.session_state[shared.CSV_DATASET].n_features == 2
    upload(at, b"a,a,label\n1,2,0\n")
    assert_clean(at)
    assert shared.CSV_DATASET not in at.session_state  # never the previous file's data
    at.switch_page("pages/mini_batch.py").run()
    assert_clean(at)
    # the main area says the file was refused and why, not "upload a CSV" (the error is in
    # the sidebar, by the uploader)
    [warning] = [w.value for w in at.warning if t("sidebar.csv_refused", "en") in w.value]
    assert "appear more than once" in warning
    assert t("sidebar.csv_needed", "en") not in [i.value for i in at.info]
    # the user picks a bundled data set and carries on
    at.selectbox(key=shared.widget_key(shared.DATASET, "en")).set_value("digits").run()
    assert_clean(at)
    assert not at.error and at.get("vega_lite_chart")


def test_removing_the_file_forgets_its_data() -> None:
    at = upload(csv_session(), _rows(40))
    at.file_uploader(key="_csv_file").clear().run()
    assert_clean(at)
    assert shared.CSV_DATASET not in at.session_state


@pytest.mark.slow
@pytest.mark.parametrize("row", ["tiny-4-rows", "50-classes-text", "one-feature-many-rows"])
def test_every_lesson_works_on_an_uploaded_csv(row: str) -> None:
    content = {
        "tiny-4-rows": b"a,label\n1,0\n2,1\n3,0\n4,1\n",
        "50-classes-text": ("x,y,z,label\n" + "".join(
            f"{i % 7},{i % 5},{i % 3},class-{i % 50}\n" for i in range(150))).encode(),
        "one-feature-many-rows": _rows(5_000, classes=3, features=1),
    }[row]
    at = upload(csv_session(), content)
    assert_clean(at)
    for path, _key, _url in LESSONS:
        at.switch_page(path).run()
        assert_clean(at)
        assert t(TITLES[_url], "en") in [x.value for x in at.title], path


@pytest.mark.slow
def test_the_lab_trains_to_the_end_on_a_four_row_csv() -> None:
    at = upload(csv_session(), b"a,label\n1,0\n2,1\n3,0\n4,1\n")
    at.switch_page("pages/training_lab.py").run()
    assert_clean(at)
    data = at.session_state[shared.CSV_DATASET]
    assert data.n_train == 2
    assert at.session_state["lab_batch"] == 2  # the book's 100 does not fit: all of it
    run = train(at)
    assert run.trainer.batch_size == 2 and run.status == "finished"


# ------------------------------------------------------------------ hyperparameters at the limits
def train(at: AppTest, max_runs: int = 80) -> dict:
    """Press Train and rerun until the run stops (AppTest trains one time slice per run)."""
    at.button(key="_lab_train").click().run()
    assert_clean(at)
    for _ in range(max_runs):
        if at.session_state["_lab"].run.status != "running":
            break
        at.run()
        assert_clean(at)
    run = at.session_state["_lab"].run
    assert run.status in ("finished", "diverged", "paused"), run.status  # diverged: was "finished"
    return run


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("raw, used", [("1e6", 1000.0), ("1e-12", 1e-4)])
def test_learning_rate_beyond_the_slider_is_clamped_with_a_notice(lang: str, raw: str,
                                                                  used: float) -> None:
    at = fresh("training-lab", lang, lab_lr=raw, lab_epochs="1")
    assert_clean(at)
    assert noticed_keys(at) == {"lab_lr"}
    assert at.session_state["lab_lr"] == used
    run = train(at)
    assert run.config["learning_rate"] == used
    assert run.trainer.stop_reason in ("done", "diverged")
    assert t(f"lab.status.{'diverged' if run.trainer.stop_reason == 'diverged' else 'finished'}",
             lang) in rendered_text(at)


@pytest.mark.parametrize("lang", LANGS)
def test_learning_rate_beyond_the_engine_limit_is_a_translated_config_error(lang: str) -> None:
    with pytest.raises(ConfigError) as info:
        validate_config({"learning_rate": 1e6})
    error = info.value
    assert error.key == "err.config.learning_rate"
    text = shown_error(error, lang)
    assert "1000" in text and "⟦" not in text and "{" not in text


def test_a_tiny_learning_rate_trains_and_barely_moves() -> None:
    data = load_dataset("digits")
    trainer = build_trainer({"learning_rate": 1e-12, "epochs": 1}, data)
    trainer.step(10**6)
    first, last = trainer.evaluations[0], trainer.evaluations[-1]
    assert trainer.stop_reason == "done"
    assert math.isclose(first["train_loss"], last["train_loss"], abs_tol=1e-5)


@pytest.mark.parametrize("lang", LANGS)
def test_batch_larger_than_the_training_set_uses_all_of_it(lang: str) -> None:
    at = fresh("training-lab", lang, lab_batch="5000", lab_epochs="1")
    assert_clean(at)
    data = load_dataset("digits", test_fraction=0.2)
    assert at.session_state["lab_batch"] == data.n_train  # shown in the batch field
    length = t("lab.length", lang, per_epoch=1, epochs=1, total=1, n=data.n_train)
    assert length in [c.value for c in at.caption]
    note = t("engine.note.batch_clamped", lang, requested="5,000", used=f"{data.n_train:,}")
    assert note in [c.value for c in at.caption]  # said where the batch size is set
    run = train(at)
    assert note not in [c.value for c in at.caption]  # once, not on every rerun
    assert run.trainer.batch_size == data.n_train and run.trainer.iteration == 1


def test_batch_larger_than_the_training_set_in_the_engine_is_clamped_with_a_note() -> None:
    data = load_dataset("digits")
    config = validate_config({"batch_size": 5000}, n_train=data.n_train)
    assert config["batch_size"] == data.n_train
    [note] = config["notes"]
    assert note["key"] == "engine.note.batch_clamped"
    for lang in LANGS:
        assert "⟦" not in t(note["key"], lang, **note["params"])


@pytest.mark.parametrize("lang", LANGS)
def test_zero_epochs_in_a_link_becomes_one_with_a_notice(lang: str) -> None:
    at = fresh("training-lab", lang, lab_epochs="0")
    assert_clean(at)
    assert noticed_keys(at) == {"lab_epochs"}
    assert at.session_state["lab_epochs"] == 1
    with pytest.raises(ConfigError) as info:
        validate_config({"epochs": 0})
    assert info.value.key == "err.config.epochs" and "⟦" not in shown_error(info.value, lang)


def test_training_subset_of_one_sample_in_a_link_is_refused_with_a_notice() -> None:
    at = fresh("training-lab", lab_train="1")
    assert_clean(at)
    assert noticed_keys(at) == {"lab_train"}
    assert at.session_state["lab_train"] == "all"  # the smallest subset offered is 50


def test_training_subset_of_one_sample_trains_in_the_engine() -> None:
    data = load_dataset("digits")
    trainer = build_trainer({"train_size": 1, "epochs": 3}, data)
    records = trainer.step(100)
    assert trainer.n_train == 1 and trainer.batch_size == 1 and len(records) == 3
    assert all(math.isfinite(r["loss"]) for r in records)
    assert trainer.config["notes"][0]["key"] == "engine.note.batch_clamped"


def test_learning_page_subset_of_one_in_a_link_snaps_to_the_smallest_offered() -> None:
    at = fresh("learning-from-data", learn_n="1")
    assert_clean(at)
    assert at.session_state["learn_n"] == 10  # SIZE_LADDER starts at 10
    assert noticed_keys(at) == {"learn_n"}


@pytest.mark.parametrize("config, key", [
    ({"learning_rate": float("nan")}, "err.config.learning_rate"),
    ({"learning_rate": 0}, "err.config.learning_rate"),
    ({"learning_rate": "0.1"}, "err.config.learning_rate"),
    ({"batch_size": 0}, "err.config.batch_size"),
    ({"batch_size": True}, "err.config.batch_size"),
    ({"epochs": float("inf")}, "err.config.epochs"),
    ({"train_size": 0}, "err.config.train_size"),
    ({"hidden_size": 1001}, "err.config.hidden_size"),
    ({"hidden_layers": 4}, "err.config.hidden_layers"),
    ({"seed": -1}, "err.config.seed"),
    ({"loss": SCRIPT}, "err.config.loss"),
])
def test_engine_refuses_values_beyond_its_limits_with_a_key(config: dict, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        build_trainer(config, load_dataset("xor"))
    assert info.value.key == key
    for lang in LANGS:
        text = shown_error(info.value, lang)
        assert "⟦" not in text and "{" not in text and "<script>" not in text


# ------------------------------------------------------------------ links (URL query parameters)
FRAME_JUNK = {"seed": "1e999", "dataset": "../../etc/passwd", "present": "maybe",
              "test_fraction": "0.9", "noise": "nan", "n_points": "9" * 100}


@pytest.mark.parametrize("url", URLS)
def test_junk_in_the_shared_settings_falls_back_with_a_notice(url: str) -> None:
    at = fresh(url, SCRIPT, timeout=90, **{"foo": "bar", "<b>key</b>": SCRIPT, **FRAME_JUNK})
    assert_clean(at)
    assert noticed_keys(at) == {"lang", *FRAME_JUNK}
    s = at.session_state
    assert s[shared.LANG] in LANGS and s[shared.DATASET] == "digits" and s[shared.SEED] == 0
    assert s[shared.PRESENT] is False and s[shared.TEST_FRACTION] == 0.5  # clamped to the max
    assert s[shared.NOISE] == 0.1 and s[shared.N_POINTS] == 400
    text = rendered_text(at)
    assert "<script>" not in text and "etc/passwd" not in text and "<b>" not in text
    assert t(TITLES[url], s[shared.LANG]) in [x.value for x in at.title]


@pytest.mark.parametrize("lang", LANGS)
def test_the_notice_is_in_the_users_language(lang: str) -> None:
    at = fresh("loss-functions", lang, seed="abc")
    assert_clean(at)
    assert notices(at) == [t("url.invalid", lang, keys="seed")]


PAGE_JUNK = {
    "learning-from-data": {"learn_n": "0", "learn_epochs": "7"},
    "loss-functions": {"loss_class": "10", "loss_y": "2,0,0,0,0,0,0,0,0,0", "loss_preset": SCRIPT},
    "mini-batch": {"mb_draw": "0", "mb_batch": "3", "mb_iters": SCRIPT, "mb_draws": "1e999"},
    "why-a-loss": {"why_layer": "9", "why_row": "-1", "why_span": "1e999", "why_iters": SCRIPT,
                   "why_points": "3", "why_act": SCRIPT, "why_col": "abc"},
    "gradients": {"grad_lr": "1e6", "grad_steps": "-5", "grad_x": "1e300", "grad_fn": SCRIPT},
    "training-lab": {"lab_lr": "1e6", "lab_units": "1e9", "lab_layers": "0", "lab_epochs": "0",
                     "lab_seed": "-1", "lab_batch": "0", "lab_loss": SCRIPT, "lab_act": SCRIPT,
                     "lab_init": SCRIPT, "lab_opt": SCRIPT, "lab_sampling": SCRIPT,
                     "lab_train": "1", "lab_log": SCRIPT},
    "draw-a-digit": {"draw_pen": SCRIPT, "draw_raw": "maybe"},
    # the class experiment makes its room from the lab's settings, read from its own link too
    "class-experiment": {"lab_lr": "1e6", "lab_epochs": "0", "lab_loss": SCRIPT, "lab_batch": "0"},
}


@pytest.mark.parametrize("url", URLS)
def test_each_pages_own_link_values_are_checked(url: str) -> None:
    """Wrong types, out-of-range numbers, inf, markup: each is replaced and named in a notice."""
    junk = PAGE_JUNK[url]
    at = fresh(url, timeout=90, **junk)
    assert_clean(at)
    assert noticed_keys(at) == set(junk)
    for key in junk:
        assert key in at.session_state  # a valid value took its place
        assert at.session_state[key] != SCRIPT
    text = rendered_text(at)
    assert "<script>" not in text
    # the link the page writes back holds only valid values
    assert all(SCRIPT not in str(v) for v in at.query_params.values())


@pytest.mark.parametrize("url", URLS)
def test_a_link_wrong_in_the_frame_and_the_page_gets_one_notice(url: str) -> None:
    junk = {"seed": "abc", **PAGE_JUNK[url]}
    at = fresh(url, timeout=90, **junk)
    assert_clean(at)
    assert len(notices(at)) == 1
    assert noticed_keys(at) == set(junk)


@pytest.mark.parametrize("value", ["9" * 65, "1" * 100_000, "x" * 10_000],
                         ids=["65-digits", "100000-digits", "10000-letters"])
def test_very_long_values_are_not_parsed(value: str) -> None:
    at = fresh("gradients", grad_steps=value, seed=value)
    assert_clean(at)
    assert noticed_keys(at) == {"grad_steps", "seed"}
    assert at.session_state["grad_steps"] == 100 and at.session_state[shared.SEED] == 0


def test_a_repeated_key_uses_its_last_value() -> None:
    at = fresh("loss-functions", seed=["1", "2"])  # ?seed=1&seed=2
    assert_clean(at)
    assert at.session_state[shared.SEED] == 2 and notices(at) == []


def test_unknown_keys_are_ignored_without_a_notice() -> None:
    at = fresh("mini-batch", utm_source="mail", **{"a" * 500: "b", "": "x"})
    assert_clean(at)
    assert notices(at) == []


@pytest.mark.parametrize("raw, ok", [("1", True), ("TRUE", True), ("off", True), ("2", False),
                                     ("", False), (" yes ", True)])
def test_boolean_link_values(raw: str, ok: bool) -> None:
    value, valid = shared.Param("x", False, "bool").parse(raw)
    assert valid is ok and isinstance(value, bool)


@pytest.mark.parametrize("raw", ["1e999", "-1e999", "nan", "inf", "0x10", "1_000", "１２", "",
                                 " ", "-1", "--1", "11", SCRIPT])
def test_number_parsing_never_raises(raw: str) -> None:
    for kind in ("int", "float", "log"):
        value, valid = shared.Param("x", 5, kind, lo=0, hi=10).parse(raw)
        assert 0 <= value <= 10 and not valid  # each is refused, or clamped into range


# ------------------------------------------------------------------ direct links to each lesson
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url", URLS)
def test_each_lesson_opens_directly_from_its_url_in_a_fresh_session(url: str, lang: str) -> None:
    at = fresh(url, lang, timeout=90)
    assert_clean(at)
    assert t(TITLES[url], lang) in [x.value for x in at.title]
    assert at.session_state[shared.LANG] == lang
    assert at.sidebar.selectbox(key=shared.widget_key(shared.DATASET, lang)).value == "digits"  # the frame ran too
    assert notices(at) == [] and not at.error


def test_every_lesson_address_has_a_file_in_pages_that_runs_the_frame() -> None:
    """A fresh server's first run looks the address up among pages/ file names (see
    shared.run_frame): each address but "/" needs pages/<address>.py, and no address may be a
    lesson file's stem (that lookup would run the lesson without the frame)."""
    stems = {Path(path).stem for path, _, _ in LESSONS}
    for url in URLS[1:]:
        assert url not in stems, url
        source = (ROOT / "pages" / f"{url}.py").read_text(encoding="utf-8")
        assert "from pages.shared import run_frame\n\nrun_frame()\n" in source, url


@pytest.mark.parametrize("url", URLS[1:])
def test_a_fresh_deep_link_keeps_the_sidebar_after_the_next_page_switch(url: str) -> None:
    """AppTest runs every run the way a fresh server runs its first: through pages/<address>.py."""
    at = fresh(url, "zh", seed="7")
    at.sidebar.number_input(key=shared.SEED).set_value(9).run()
    other = next(path for path, _key, address in LESSONS if address != url)
    at.switch_page(other).run()
    assert_clean(at)
    assert at.session_state[shared.LANG] == "zh" and at.session_state[shared.SEED] == 9
    assert at.sidebar.number_input(key=shared.SEED).value == 9


# ------------------------------------------------------------------ project errors on every page
@pytest.mark.parametrize("lang", LANGS)
def test_a_data_error_reaches_every_page_in_the_users_language(
        lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Full MNIST chosen before it was downloaded: each page says so, in the user's language."""
    monkeypatch.setenv("LFD_CACHE_DIR", str(tmp_path))  # an empty cache on every machine
    with pytest.raises(DataError) as info:
        load_dataset("mnist")
    expected = shown_error(info.value, lang)
    at = fresh(URLS[0], lang, dataset="mnist")
    for path, _key, url in LESSONS:
        if url != URLS[0]:
            at.switch_page(path).run()
        assert_clean(at)
        errors = [e.value for e in at.error]
        assert errors == ([expected] if url in DATA_URLS else []), url
        assert t("sidebar.mnist_missing", lang) in [c.value for c in at.sidebar.caption]


@pytest.mark.parametrize("lang", LANGS)
def test_a_damaged_mnist_cache_is_a_message_not_a_crash(
        lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.datasets import mnist

    monkeypatch.setenv("LFD_CACHE_DIR", str(tmp_path))
    folder = mnist.mnist_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name in mnist.FILES.values():
        (folder / name).write_bytes(b"not an idx file")
    assert mnist.mnist_available()  # the files are there, only damaged
    with pytest.raises(DataError) as info:
        load_dataset("mnist")
    expected = shown_error(info.value, lang)
    at = fresh("mini-batch", lang, dataset="mnist")
    assert_clean(at)
    assert expected in [e.value for e in at.error]



@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_uploader_states_its_limit_and_a_refused_file_is_explained_in_the_main_area(
        lang: str) -> None:
    from core.datasets import MAX_UPLOAD_MB

    at = csv_session(lang)
    assert t("sidebar.csv_limit", lang, mb=MAX_UPLOAD_MB) in [c.value for c in at.caption]
    # Streamlit's English "50MB per file" is hidden on every page; its "Upload" button reads
    # 上传 in Chinese (checked in a browser: the ::after content is 上传, the English text 0 px)
    styles = [m.value for m in at.markdown if "<style>" in m.value]
    assert any("stFileUploaderDropzoneInstructions" in s and "display: none" in s for s in styles)
    assert any('content: "上传"' in s for s in styles) == (lang == "zh")
    upload(at, b"")
    assert_clean(at)
    warnings = [w.value for w in at.warning if t("sidebar.csv_refused", lang) in w.value]
    assert warnings and t("err.csv.empty", lang) in warnings[0]
