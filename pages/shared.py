"""Streamlit helpers shared by the frame and the lesson pages (the only UI glue module)."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import io
import logging
import math
import re
import runpy
import secrets
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import streamlit as st

from core.datasets.store import SharedStore
from core.datasets.store import digest as content_digest
from core.errors import LearningError
from core.i18n import normalise_lang, t

# Session-state keys the frame owns; pages read them through the helpers below.
LANG, DATASET, SEED, PRESENT = "lang", "dataset", "seed", "present"
NOTICES = "_url_notices"
LINKED = "_url_linked"  # keys whose valid link values a page may still find not to fit
MAX_URL_VALUE = 64  # longer URL values are rejected outright, not parsed
log = logging.getLogger(__name__)


def lang() -> str:
    """The user's language code, 'zh' or 'en'."""
    return normalise_lang(st.session_state.get(LANG))


def tr(key: str, **params: object) -> str:
    """Translate `key` into the current language."""
    return t(key, lang(), **params)


def presentation() -> bool:
    """True when the teacher switched on presentation mode."""
    return bool(st.session_state.get(PRESENT, False))


def seed() -> int:
    return int(st.session_state.get(SEED, 0))


# ---------------------------------------------------------------- URL binding
@dataclass(frozen=True)
class Param:
    """One URL-bound setting: its session-state key, default, and how to validate it.

    kind is "int", "float", "bool", "choice" or "log" (a float on a log slider);
    lo/hi clamp numbers, options lists the valid choices.
    """

    key: str
    default: Any
    kind: str = "choice"
    options: Sequence[Any] = ()
    lo: float | None = None
    hi: float | None = None

    def parse(self, raw: str) -> tuple[Any, bool]:
        """(value, ok): a valid value from the URL text, or the default and False."""
        if len(raw) > MAX_URL_VALUE:
            return self.default, False
        try:
            if self.kind == "choice":
                match = [o for o in self.options if str(o) == raw]
                return (match[0], True) if match else (self.default, False)
            if self.kind == "bool":
                low = raw.strip().lower()
                if low in ("1", "true", "yes", "on"):
                    return True, True
                if low in ("0", "false", "no", "off"):
                    return False, True
                return self.default, False
            # Python reads "５" (a full-width digit) as 5 and "1e-400" as 0.0: both are kept as
            # read, but the value in the link changed, so the notice names it.
            text = unicodedata.normalize("NFKC", raw.strip())
            number = float(text)
            if not math.isfinite(number):
                return self.default, False
            clamped = min(max(number, self.lo if self.lo is not None else number),
                          self.hi if self.hi is not None else number)
            value: Any = int(round(clamped)) if self.kind == "int" else clamped
            exact = raw.strip().isascii() and (number != 0 or Decimal(text) == 0)
            return value, exact and clamped == number and (self.kind != "int" or number == int(number))
        except (TypeError, ValueError, OverflowError, ArithmeticError):
            return self.default, False

    def to_url(self, value: Any) -> str:
        if self.kind == "bool":
            return "1" if value else "0"
        if self.kind in ("float", "log"):
            return f"{float(value):.6g}"
        return str(value)


def read_url_once(params: Sequence[Param], scope: str) -> None:
    """On the first run of `scope` in this session, seed session_state from the URL.

    Invalid, out-of-range or over-long values fall back to a valid value and leave a notice
    (shown by `show_url_notices`); unknown keys are ignored.
    """
    flag = f"_url_read_{scope}"
    if st.session_state.get(flag):
        return
    st.session_state[flag] = True
    notices: list[str] = st.session_state.setdefault(NOTICES, [])
    linked: set[str] = st.session_state.setdefault(LINKED, set())
    for p in params:
        if p.key not in st.query_params:
            continue
        value, ok = p.parse(st.query_params.get(p.key, ""))
        st.session_state[p.key] = value
        if not ok:
            notices.append(p.key)
        else:
            linked.add(p.key)  # valid as such; the page may still find it does not fit (below)


def replaced_link_value(key: str) -> None:
    """The page replaced `key`'s value with one that fits (a training size above the data set's,
    a weight index beyond the network's shape): if that value came from the link and was not
    checked before, the link notice names `key` like every other replaced link value.

    Call it before `show_url_notices`, or give that the LinkNotice it returned to redraw."""
    linked: set[str] = st.session_state.get(LINKED, set())
    if key in linked:
        linked.discard(key)
        st.session_state.setdefault(NOTICES, []).append(key)


def link_values_checked(*keys: str) -> None:
    """`keys` fit the page as they are: a later replacement is the user's doing, not the link's."""
    linked: set[str] = st.session_state.get(LINKED, set())
    linked.difference_update(keys)


def write_url(params: Sequence[Param]) -> None:
    """Mirror the current values into the URL; defaults are dropped to keep links short."""
    for p in params:
        value = st.session_state.get(p.key, p.default)
        text = p.to_url(value)
        if value == p.default:
            if p.key in st.query_params:
                del st.query_params[p.key]
        elif st.query_params.get(p.key) != text:
            st.query_params[p.key] = text


@dataclass
class LinkNotice:
    """The place of a page's link notice and the keys it names (see `show_url_notices`)."""

    slot: Any = None
    keys: list[str] = field(default_factory=list)


def show_url_notices(notice: LinkNotice | None = None, *, keep_place: bool = False) -> LinkNotice:
    """Tell the user, once, which link values were not valid and were replaced.

    `keep_place=True` keeps an (empty) place for the notice, so that values the page can check
    only further down (`replaced_link_value`) join the same notice when it is drawn again with
    `show_url_notices(notice)`."""
    notice = notice or LinkNotice(st.empty() if keep_place else None)
    notices = st.session_state.get(NOTICES)
    if notices:
        notice.keys = sorted({*notice.keys, *notices})
        (notice.slot or st).info(tr("url.invalid", keys=", ".join(notice.keys)), icon="🔗")
        st.session_state[NOTICES] = []
    return notice


# --------------------------------------------------------------- language-labelled choices
def widget_key(key: str, language: str | None = None) -> str:
    """The key of the widget that edits `key` in one language (see `localized`)."""
    return f"_{key}__{language or lang()}"


def localized(widget: Callable[..., Any], label: str, options: Sequence[Any], *, key: str,
              format_func: Callable[[Any], str], **kwargs: Any) -> Any:
    """A selectbox or multiselect (`widget`) whose option labels follow the language.

    Streamlit identifies a keyed choice widget by its key alone, so after a language switch
    the browser would keep showing the old language's label. Each language therefore gets
    its own widget; `key` in session_state holds the one value every page and the URL read.
    """
    wkey = widget_key(key)
    if key in st.session_state and _is_choice(st.session_state[key], options):
        st.session_state[wkey] = st.session_state[key]
    on_change = kwargs.pop("on_change", None)

    def keep() -> None:
        st.session_state[key] = st.session_state[wkey]
        if on_change is not None:
            on_change()

    value = widget(label, options, key=wkey, on_change=keep, format_func=format_func, **kwargs)
    st.session_state[key] = value
    return value


def select(where: Any, label: str, options: Sequence[Any], *, key: str,
           format_func: Callable[[Any], str], **kwargs: Any) -> Any:
    """`localized` for a selectbox in `where` (st, a column, the sidebar)."""
    return localized(where.selectbox, label, options, key=key, format_func=format_func, **kwargs)


def _is_choice(value: Any, options: Sequence[Any]) -> bool:
    if isinstance(value, list):
        return all(v in options for v in value)
    return value in options


# --------------------------------------------------------------- errors
_MARKDOWN_CHARS = re.compile(r"([\\`*_\[\]!<>$~:|#])")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f]+")


def plain(text: str) -> str:
    """User text (a column name, a cell, a file name) shown literally in a markdown message."""
    return _MARKDOWN_CHARS.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def error_text(error: Exception) -> str:
    """A project error as a message in the user's language; never a traceback."""
    if isinstance(error, LearningError):
        # Text params may come from an uploaded file: never let them format the message.
        params = {k: plain(v) if isinstance(v, str) else v for k, v in error.params.items()}
        return tr(error.key, **params)
    return tr("err.unexpected")


def show_error(error: Exception) -> None:
    st.error(error_text(error), icon="⚠️")


def guarded(draw: Callable[[], None]) -> None:
    """Run a page body; any error becomes a translated message instead of a traceback.

    An unexpected error (a bug, not the user's doing) is logged with its traceback, so the
    server log keeps it while the user sees err.unexpected; tests fail on that message
    (tests/conftest.py assert_clean), so a bug cannot hide behind it.
    """
    try:
        draw()
    except LearningError as error:
        show_error(error)
    except Exception as error:  # noqa: BLE001 - the last line of defence for a classroom app
        log.exception("unexpected error in %s", getattr(draw, "__qualname__", draw))
        show_error(error)


# --------------------------------------------------------------- charts
def altair(chart: Any, *, key: str | None = None, main: bool = False,
           share: float = 1.0, height: int | None = None) -> None:
    """Draw an Altair chart: labels of 12 px on a laptop; on the projector large type, a title
    in as many lines as it needs, and for a scene's `main` chart the scene's plot height.

    `share` is the part of the page's width the chart gets (0.5 in one of two columns): the
    title is wrapped for that width at the smaller projector size (1024 px). `height`: a main
    chart's plot height when the scene needs room above it (default: the scene's)."""
    import altair as alt

    from core.charts import theme

    if not presentation():
        st.altair_chart(theme.laptop_config(chart), width="stretch", key=key)
        return
    if isinstance(chart, alt.Chart | alt.LayerChart):
        if chart.autosize is alt.Undefined:
            # A chart's height is its plot's, so the plot grows with the type instead of the
            # larger labels eating into it (Streamlit's default "fit" keeps the total height).
            chart = chart.properties(autosize=theme.FIT_WIDTH)
        if main:
            from pages.scenes import MAIN_CHART_HEIGHT

            chart = chart.properties(height=height or MAIN_CHART_HEIGHT)
    chart = theme.wrapped_title(chart, share * PROJECTOR_CONTENT_PX - 40, theme.PRESENT_TITLE_FONT)
    # The scene's main chart is marked for the browser tests (they measure its plot).
    with st.container(key=_main_chart_key()) if main else contextlib.nullcontext():
        st.altair_chart(theme.presentation_config(chart), width="stretch", key=key)


def _main_chart_key() -> str:
    """main_chart, main_chart_2, …: one per main chart of this run."""
    from pages.scenes import next_main_chart

    return next_main_chart()


# The page's width for content on the smaller projector (1024 px less the padding).
PROJECTOR_CONTENT_PX = 1024 - 2 * 33


# --------------------------------------------------------------- a briefly trained network
def lesson_data_key(data: Any) -> tuple:
    """The sidebar's dataset key, plus a digest for an uploaded CSV (its name says nothing)."""
    from core import lessons

    key = dataset_key()
    return (*key, lessons.data_fingerprint(data)) if key[0] == CSV_CHOICE else key


@st.cache_resource(max_entries=16, ttl=3600, show_spinner=False)
def trained_network(key: tuple, iterations: int, seed: int, _data: Any) -> Any:
    """The lessons' briefly trained network, shared by the pages that use it (never mutated)."""
    from core import lessons

    return lessons.train_briefly(_data, iterations, seed)


# --------------------------------------------------------------- sidebar (drawn by the frame)
TOY_SETS = ("circles", "xor", "gaussians", "spiral", "spiral3", "moons")
CSV_CHOICE = "csv"
TEST_FRACTION, NOISE, N_POINTS = "test_fraction", "noise", "n_points"
CSV_DATASET = "_csv_dataset"
CSV_KEY, CSV_ERROR = "_csv_key", "_csv_error"
MAX_SEED = 2**31 - 1


def dataset_names() -> list[str]:
    from core.datasets import list_datasets

    return [*list_datasets(), CSV_CHOICE]


def frame_params() -> list[Param]:
    """The sidebar's URL-bound settings (validated and clamped when read from a link)."""
    return [
        Param(LANG, default_lang(), "choice", options=("zh", "en")),
        Param(DATASET, "digits", "choice", options=tuple(dataset_names())),
        Param(SEED, 0, "int", lo=0, hi=MAX_SEED),
        Param(PRESENT, False, "bool"),
        Param(TEST_FRACTION, 0.2, "float", lo=0.1, hi=0.5),
        Param(NOISE, 0.1, "float", lo=0.0, hi=0.5),
        Param(N_POINTS, 400, "int", lo=50, hi=5000),
    ]


def default_lang() -> str:
    """Chinese when the browser's locale starts with zh, English otherwise."""
    try:
        return normalise_lang(st.context.locale or "en")
    except Exception:  # noqa: BLE001 - no browser context (e.g. a bare script run)
        return "en"


FRAME = Path(__file__).resolve().parent.parent / "streamlit_app.py"


def run_frame() -> None:
    """Run the frame (streamlit_app.py) from a file in pages/ named after a lesson's address.

    Streamlit 1.67 runs the first script run of a fresh process in its old pages/-folder mode:
    it looks the address up among the *file names* in pages/ and shows "Page not found" for
    /training-lab, the first thing a class following a teacher's link sees after the hosted app
    wakes up. A file named training-lab.py that runs the frame answers that lookup; the frame's
    st.navigation then switches the process to the lesson list for good.
    """
    runpy.run_path(str(FRAME), run_name="__main__")


@contextlib.contextmanager
def frame_scope() -> Iterator[None]:
    """Give the frame's widgets the same identity whichever file Streamlit started the run from.

    Streamlit adds the running page's hash to every widget's id. The frame normally runs under
    the main script's hash, but under a lesson's when started from pages/<address>.py (see
    run_frame): without this the sidebar's language would be a new widget after the switch.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    scoped = getattr(ctx, "run_with_active_hash", None)
    manager = getattr(ctx, "pages_manager", None)
    if scoped is None or manager is None:  # no session (bare mode) or another Streamlit
        yield
        return
    with scoped(manager.main_script_hash):
        yield


def writing_link(main: Callable[[], None], params: Sequence[Param]) -> Callable[[], None]:
    """A lesson's body that writes its settings back to the link afterwards, even after an
    early return or an error (run it under `guarded`)."""
    def page() -> None:
        try:
            main()
        finally:
            write_url(params)

    return page


def nearest_on_log_scale(options: Sequence[float], value: float) -> float:
    """The option closest to `value` on a log scale (a link may carry any value; the widget
    offers a grid): 0.03 snaps to 0.02 among 0.01, 0.02, 0.05, not to the arithmetic middle."""
    floor = 1e-300  # log of 0 or a negative value: treated as the smallest positive number
    target = math.log(max(float(value), floor))
    return min(options, key=lambda o: (abs(math.log(max(float(o), floor)) - target), o))


def signed(value: float, decimals: int, unit: str = "") -> str:
    """+1.2, -0.3, and 0.0 for anything that rounds to zero (never "-0.0")."""
    text = f"{value:+.{decimals}f}"
    if float(text) == 0:
        text = f"{0.0:.{decimals}f}"
    return f"{text} {unit}" if unit else text


def metric_row(n: int) -> list[Any]:
    """n places for metrics side by side, each as wide as its text; the row wraps when they do
    not fit. Equal columns cut values at 1280 px ("0.19999999…", and at presentation size
    "94.…", "1437 个…")."""
    row = st.container(horizontal=True, wrap=True, gap="medium")
    return [row.container(width="content") for _ in range(n)]


def draw_sidebar() -> None:
    """Language, data set, seed and presentation mode, shared by every page."""
    params = frame_params()
    session_end()  # this session's big objects go when it ends (see SessionEnd)
    read_url_once(params, "frame")
    st.session_state.update(st.session_state.pop(FRAME_CARRY, {}))
    for p in params:
        st.session_state.setdefault(p.key, p.default)
    with st.sidebar:
        st.radio(tr("sidebar.language"), ("zh", "en"), key=LANG, horizontal=True,
                 format_func={"zh": "中文", "en": "English"}.get)
        _dataset_controls()
        st.number_input(tr("sidebar.seed"), 0, MAX_SEED, step=1, key=SEED,
                        help=tr("sidebar.seed_help"))
        st.toggle(tr("sidebar.presentation"), key=PRESENT, help=tr("sidebar.presentation_help"))
        st.markdown(APP_CSS, unsafe_allow_html=True)  # static CSS, no user text (sidebar foot)
    write_url(params)
    if presentation():
        st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)  # static CSS, no user text
    # The link's notices are shown by the page, after it has read its own link values:
    # one notice for the whole link instead of one from the frame and one from the page.


FRAME_CARRY = "_frame_carry"


def carry_frame_settings() -> None:
    """Before a page switches to another (st.switch_page): the sidebar's settings as they are.
    A switch made by the script starts the next run without the browser's widget values, so
    the sidebar would fall back to its defaults (presentation mode off, in the middle of a
    lesson on the projector); the next run puts these back before drawing the sidebar."""
    st.session_state[FRAME_CARRY] = {p.key: st.session_state[p.key] for p in frame_params()
                                     if p.key in st.session_state}


def _dataset_controls() -> None:
    from core.datasets import dataset_info

    def title(name: str) -> str:
        return tr("sidebar.csv_choice") if name == CSV_CHOICE else tr(dataset_info(name).title_key)

    # Labels bound now, not looked up when formatting: AppTest calls format_func after the run,
    # outside the script thread, where tr() cannot see the session's language.
    titles = {name: title(name) for name in dataset_names()}
    name = localized(st.selectbox, tr("sidebar.dataset"), list(titles), key=DATASET,
                     format_func=titles.get)
    if name in TOY_SETS:
        st.slider(tr("sidebar.noise"), 0.0, 0.5, step=0.05, key=NOISE, format="%.2f")
        st.slider(tr("sidebar.n_points"), 50, 5000, step=50, key=N_POINTS)
    if name not in ("mnist",):
        st.slider(tr("sidebar.test_fraction"), 0.1, 0.5, step=0.05, key=TEST_FRACTION,
                  format="%.2f")
    if name == "mnist":
        _mnist_controls()
    elif name == CSV_CHOICE:
        _csv_controls()


def _mnist_controls() -> None:
    from core.datasets import download_mnist, mnist_available

    if mnist_available():
        return
    st.caption(tr("sidebar.mnist_missing"))
    if st.button(tr("sidebar.mnist_download"), key="_mnist_download"):
        bar = st.progress(0.0)
        try:
            download_mnist(progress=lambda fraction, *_: bar.progress(min(max(fraction, 0.0), 1.0)))
            st.success(tr("sidebar.mnist_done"))
        except LearningError as error:
            show_error(error)


def _csv_controls() -> None:
    from core.datasets import MAX_UPLOAD_MB

    # The browser refuses larger files (as server.maxUploadSize does); core checks again.
    upload = st.file_uploader(tr("sidebar.csv_upload"), type=["csv", "txt"], key="_csv_file",
                              help=tr("sidebar.csv_help"), max_upload_size=MAX_UPLOAD_MB)
    st.caption(tr("sidebar.csv_limit", mb=MAX_UPLOAD_MB))
    if lang() == "zh":
        st.markdown(UPLOAD_BUTTON_ZH_CSS, unsafe_allow_html=True)  # static CSS, no user text
    if upload is None:
        for stale in (*UPLOAD_KEYS, CSV_DIGEST):
            st.session_state.pop(stale, None)
        return
    drop = st.checkbox(tr("sidebar.csv_drop_missing"), key="_csv_drop")
    data = upload.getvalue()  # in memory only: never written to disk
    upload_id = getattr(upload, "file_id", None) or upload.name
    if (st.session_state.get(CSV_DIGEST) or ("",))[0] != upload_id:  # hashed once per upload
        st.session_state[CSV_DIGEST] = (upload_id, content_digest(data))
    digest = st.session_state[CSV_DIGEST][1]
    fraction = round(float(st.session_state[TEST_FRACTION]), 4)
    key = (digest[:16], upload.name, seed(), fraction, int(drop))
    if st.session_state.get(CSV_KEY) != key:  # parse once per content and options, not per rerun
        st.session_state[CSV_KEY] = key
        _load_upload(data, upload.name, (digest, seed(), fraction, int(drop)))
    if CSV_ERROR in st.session_state:
        show_error(st.session_state[CSV_ERROR])


# ------------------------------------------------------- uploads: kept once, released on time
# One parsed data set per content (and seed, split, drop) for the whole server, held weakly:
# a session holds it through CSV_SHARED in its state, and the session-end hook below drops that
# when the session ends, so the last session using a file frees it at once (issue 17).
UPLOADS: SharedStore[Any] = SharedStore()
CSV_SHARED, CSV_DIGEST = "_csv_shared", "_csv_digest"
UPLOAD_KEYS = (CSV_DATASET, CSV_SHARED, CSV_KEY, CSV_ERROR)


def _load_upload(data: bytes, name: str, key: tuple) -> None:
    """Parse (or find) the uploaded data set; this session's copy carries its own file name."""
    from core.datasets import dataset_from_csv

    for stale in (CSV_DATASET, CSV_SHARED):  # the previous file may go before this one is read
        st.session_state.pop(stale, None)

    def parse() -> Any:
        named = io.BytesIO(data)  # shares the bytes: no copy
        named.name = name  # the data set's source shows the file's name
        return dataset_from_csv(named, seed=key[1], test_fraction=key[2], drop_missing=bool(key[3]))

    try:
        shared_data = UPLOADS.get(key, parse)
    except LearningError as error:
        st.session_state[CSV_ERROR] = error
        return
    source = Path(name).name
    own = shared_data if shared_data.meta.source == source else replace(
        shared_data, meta=replace(shared_data.meta, source=source))  # the same arrays
    st.session_state.pop(CSV_ERROR, None)
    session_end().keep({CSV_SHARED: shared_data, CSV_DATASET: own})


class SessionEnd:
    """This session's big objects, dropped from its state when Streamlit ends the session.

    Streamlit 1.67 keeps a closed tab's session state until another session disconnects
    (its store of disconnected sessions is a TTLCache, pruned only on a write: upstream
    streamlit#12506), but it clears the session's `scope="session"` caches on the disconnect
    itself and calls their `on_release` (websocket_session_manager.disconnect_session ->
    AppSession.clear_session_caches). `session_end()` is such a cache entry, so its release
    is the hook. It drops what is cheap to make again at once (RELEASED_KEYS: the upload; after
    a reconnect, a network blip, the sidebar parses the file again or finds it in UPLOADS), and
    what is not (LATER_KEYS: a page's own work, e.g. the lab's runs) once the session has been
    gone for server.disconnectedSessionTTL, on a timer of its own, unless it came back.
    """

    def __init__(self, state: Any, token: str) -> None:
        self.state = state  # this session's SafeSessionState
        self.token = token
        self.ended = False
        self.lock = threading.Lock()
        self.grace = float(st.get_option("server.disconnectedSessionTTL") or 0)
        self.timer: threading.Timer | None = None

    def keep(self, values: dict[str, Any]) -> None:
        """Store `values` in the session's state, unless the session has ended meanwhile
        (a parse outlasting the tab): nothing would ever drop them then."""
        with self.lock:
            if not self.ended:
                for key, value in values.items():
                    self.state[key] = value

    def release(self) -> None:
        with self.lock:
            self.ended = True
            self._drop(RELEASED_KEYS)
            later = [key for key in LATER_KEYS if key in self.state]
        return_freed_memory()
        if later:
            self.timer = threading.Timer(self.grace, self.drop_later)
            self.timer.daemon = True
            with _PENDING_LOCK:
                _PENDING[self.token] = self
            self.timer.start()

    def drop_later(self) -> None:
        """Drop LATER_KEYS, unless the session came back (a new SessionEnd took its place)."""
        with _PENDING_LOCK:
            if _PENDING.get(self.token) is not self:
                return
            del _PENDING[self.token]
        with self.lock:
            self._drop(LATER_KEYS)
        return_freed_memory()

    def _drop(self, keys: set[str]) -> None:
        for key in keys:
            with contextlib.suppress(KeyError):
                del self.state[key]


M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)


def limit_allocator_arenas(count: int = 2) -> bool:
    """At most `count` glibc malloc arenas for the server's threads (False off glibc). By
    default glibc gives threads up to 8 per core; thirty students' script threads and the
    training thread then leave freed memory scattered over many arenas, which malloc_trim
    cannot give back while one live object remains on a page: 30 sessions left the server
    98 MB above idle, 49 MB with two arenas (benchmarks/RESULTS_CLASSROOM.md)."""
    with contextlib.suppress(OSError, AttributeError):
        return ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, count) == 1
    return False


limit_allocator_arenas()  # once per server process, before the sessions' threads allocate


def return_freed_memory() -> None:
    """Give the memory a closed session freed back to the system. Python frees a session's
    arrays at once, but glibc's allocator keeps freed heap pages for reuse, so the server's
    resident memory would stay near its peak after a class left (76 MB above idle three minutes
    after 30 lab sessions closed); malloc_trim(0) returns them. A no-op off glibc."""
    gc.collect()  # a run's objects that refer to each other go now, not at a later collection
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


RELEASED_KEYS: set[str] = {*UPLOAD_KEYS}
LATER_KEYS: set[str] = set()
_PENDING: dict[str, SessionEnd] = {}  # session token -> the ended session waiting to drop LATER_KEYS
_PENDING_LOCK = threading.Lock()


def release_at_session_end(key: str, *, after_grace: bool = False) -> None:
    """Have `key` (a page's big per-session object) dropped from the state when the session
    ends: at once, or (`after_grace`) once it has been gone for server.disconnectedSessionTTL."""
    (LATER_KEYS if after_grace else RELEASED_KEYS).add(key)


@st.cache_resource(scope="session", max_entries=8, show_spinner=False, on_release=SessionEnd.release)
def _session_end(token: str) -> SessionEnd:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    with _PENDING_LOCK:  # a new entry for a known token: the session came back in time
        pending = _PENDING.pop(token, None)
    if pending is not None and pending.timer is not None:
        pending.timer.cancel()
    return SessionEnd(get_script_run_ctx().session_state, token)


def session_end() -> SessionEnd:
    """This session's SessionEnd (one per session: the token tells AppTest's sessions apart,
    which all share one session id); the frame registers it on every run."""
    end = _session_end(st.session_state.setdefault(SESSION_TOKEN, secrets.token_hex(8)))
    st.session_state[SESSION_END] = end  # small; for tests and for a look from a debugger
    return end


SESSION_TOKEN, SESSION_END = "_session_token", "_session_end"


@st.cache_resource(max_entries=24, ttl=3600, show_spinner=False)
def _load_cached(name: str, seed_: int, test_fraction: float, noise: float, n_points: int):
    """One shared, read-only Dataset per small key (never pass arrays as keys)."""
    from core.datasets import load_dataset

    toy = name in TOY_SETS
    return load_dataset(
        name, seed=seed_, test_fraction=None if name == "mnist" else test_fraction,
        noise=noise if toy else None, n_points=n_points if toy else None)


def dataset_key() -> tuple:
    """The small key that names the current data set (for caches keyed on it)."""
    s = st.session_state
    name = s.get(DATASET, "digits")
    if name == CSV_CHOICE:  # two uploads differ by their content digest, kept in CSV_KEY
        digest, _, _, _, drop = s.get(CSV_KEY) or ("", "", 0, 0.0, 0)  # the name changes nothing
        return (name, seed(), round(float(s.get(TEST_FRACTION, 0.2)), 4), digest, drop)
    return (name, seed(), round(float(s.get(TEST_FRACTION, 0.2)), 4),
            round(float(s.get(NOISE, 0.1)), 4), int(s.get(N_POINTS, 400)))


def current_dataset():
    """The Dataset chosen in the sidebar, or None after telling the user why not."""
    name = st.session_state.get(DATASET, "digits")
    if name == CSV_CHOICE:
        data = st.session_state.get(CSV_DATASET)
        if data is None and CSV_ERROR in st.session_state:
            # The file was refused (the error is in the sidebar, by the uploader): say why
            # here too, where the student is looking.
            st.warning(f"{tr('sidebar.csv_refused')}\n\n{error_text(st.session_state[CSV_ERROR])}",
                       icon="⚠️")
        elif data is None:
            st.info(tr("sidebar.csv_needed"))
        return data
    try:
        return _load_cached(*dataset_key())
    except LearningError as error:
        show_error(error)
        return None


# Always on: a button's label wraps onto a second line instead of ending in "…" when its
# column is narrow ("Download charts (HTML, save as SV…" at 1280 px). Streamlit's own English
# upload instructions ("50MB per file • CSV, TXT") are hidden: the sidebar says the limit
# itself, in the user's language (sidebar.csv_limit).
APP_CSS = """
<style>
[data-testid^="stBaseButton"] .stMarkdownEllipsis, [data-testid^="stBaseButton"] .stMarkdownEllipsis p { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
</style>
"""  # noqa: E501 - CSS rules, one per line
# In Chinese, the uploader's button reads 上传 instead of Streamlit's built-in "Upload" (a label
# Streamlit does not let an app set). Static CSS: the word is a constant, no user text.
UPLOAD_BUTTON_ZH_CSS = """
<style>
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p { font-size: 0 !important; }
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p::after { content: "上传"; font-size: 1rem; }
</style>
"""  # noqa: E501 - CSS rules, one per line
PRESENTATION_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.1rem; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1.1rem !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p { font-size: 2rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem !important; }
section[data-testid="stSidebar"][data-collapsed="false"] { width: 480px !important; min-width: 480px !important; }
[data-testid="stMain"] [data-baseweb="select"] [value], [data-testid="stMain"] [data-baseweb="select"] div, [data-testid="stMain"] [data-testid="stNumberInputField"], [data-testid="stMain"] [data-baseweb="input"] input { font-size: 1rem !important; }
[data-testid="stSidebarNavLink"] { height: auto !important; min-height: 2rem; }
[data-testid="stSidebarNavLink"] > span[label] { min-width: 0; flex: 1 1 auto; }
[data-testid="stSidebarNavLink"] .stMarkdownEllipsis, [data-testid="stSidebarNavLink"] .stMarkdownEllipsis p { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; line-height: 1.3; }
h1 { font-size: 2.4rem !important; } h2 { font-size: 1.8rem !important; } h3 { font-size: 1.4rem !important; }
.block-container, [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.5rem 1.5rem 1rem 1.5rem !important; }
.st-key-scene_bar { border-bottom: 2px solid rgba(128, 128, 128, 0.35); padding-bottom: 0.2rem; }
.st-key-scene_bar button { min-width: 3rem; font-size: 1.3rem; }
.st-key-scene_caption p { font-size: 1.15rem !important; font-weight: 500; }
.st-key-scene_keys { display: none; }
header[data-testid="stHeader"] { height: 2.4rem; min-height: 2.4rem; background: transparent; pointer-events: none; }
header[data-testid="stHeader"] button, header[data-testid="stHeader"] a { pointer-events: auto; }
.st-key-scene_bar { padding-left: 2.2rem; box-sizing: border-box; flex-wrap: nowrap !important; }
.st-key-scene_bar > div:first-child { min-width: 0; flex: 1 1 0 !important; }
[data-testid="stPageLink"] * { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
"""  # noqa: E501 - CSS rules, one per line
