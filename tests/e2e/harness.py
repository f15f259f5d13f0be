"""Drive the real app in a real browser: start `streamlit run`, launch Chromium, wait for runs.

Shared by the browser tests (tests/e2e) and the on-demand scripts (scripts/classroom_load.py,
scripts/speed.py). The waits follow Streamlit's own end-to-end suite: poll the health
endpoint, then wait until the app is connected, its script is not running and no skeleton
(an element still loading) is left.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from pages.lessons import LESSONS as NAVIGATION

if TYPE_CHECKING:  # playwright is a test tool, imported lazily so this module always loads
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "streamlit_app.py"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"  # gitignored
CHROMIUM = Path(os.environ.get("LFD_CHROMIUM", "/usr/bin/chromium"))
# Debian's Chromium, run as root in a closed network: no sandbox, no GPU, and none of the
# background connections that a closed network refuses many at a time.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)
VIEWPORT = {"width": 1280, "height": 900}



LESSONS = [tuple(lesson) for lesson in NAVIGATION]  # (script, title key, icon, address)
# Lesson (its script's stem) -> its address, in the lesson's order; the default page is "/".
PAGES: dict[str, str] = {
    Path(script).stem: "" if i == 0 else url for i, (script, _, _, url) in enumerate(LESSONS)
}
LANGS = ("zh", "en")

APP_READY = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
SCRIPT_DONE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# Uncaught exceptions, st.error, and dialogs such as Streamlit's "Page not found".
ERROR_SELECTORS = ("[data-testid='stException']", "[data-testid='stAlertContentError']",
                   "[role='dialog']")

def in_ci() -> bool:
    """True on the CI machine (CI=true), where a missing browser is a failure, not a skip."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ------------------------------------------------------------------ the server
@dataclass
class AppServer:
    """A `streamlit run` of the app on a loopback port, with its log in a temporary file."""

    process: subprocess.Popen
    port: int
    log_path: Path
    started_at: float  # time.perf_counter() just before the process was started
    ready_after: float = field(default=float("nan"))  # seconds until /_stcore/health said ok

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, page: str = "", query: Mapping[str, Any] | None = None) -> str:
        """Address of a page (its url_path, "" for the default page) with query parameters."""
        text = f"{self.base_url}/{page}"
        return f"{text}?{urlencode(query)}" if query else text

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def rss_bytes(self) -> int:
        """Resident memory of the server and every process it started."""
        return sum(_proc_status_kb(pid, "VmRSS") for pid in _process_tree(self.process.pid)) * 1024

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server and its children have used so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in _process_tree(self.process.pid):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        return total / ticks

    def peak_rss_bytes(self) -> int:
        """Peak resident memory (VmHWM) of the server process itself."""
        return _proc_status_kb(self.process.pid, "VmHWM") * 1024

    def stop(self) -> None:
        """Stop the server we started (SIGTERM, then SIGKILL after 10 s)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        try:
            self.log_path.unlink()
        except OSError:
            pass


def start_server(*, port: int | None = None, timeout: float = 90.0,
                 extra_args: tuple[str, ...] = ()) -> AppServer:
    """Start `streamlit run streamlit_app.py` headless on loopback and wait for its health check."""
    port = port or free_port()
    log = tempfile.NamedTemporaryFile(prefix="lfd-streamlit-", suffix=".log", delete=False)
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        *extra_args,
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env=env)
    log.close()
    server = AppServer(process, port, Path(log.name), started)
    try:
        wait_for_health(server, timeout)
    except BaseException:
        server.stop()
        raise
    server.ready_after = time.perf_counter() - started
    return server


def wait_for_health(server: AppServer, timeout: float) -> None:
    """Poll /_stcore/health until it answers "ok" (as Streamlit's e2e suite does)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.process.returncode}:\n"
                               f"{server.log_tail()}")
        try:
            # our own server on loopback (http://127.0.0.1:<port>), never a user's URL
            with urllib.request.urlopen(f"{server.base_url}/_stcore/health", timeout=2) as r:  # noqa: S310
                if r.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.05)
    raise TimeoutError(f"streamlit not healthy after {timeout:.0f} s:\n{server.log_tail()}")


@contextmanager
def running_server(**kwargs: Any) -> Iterator[AppServer]:
    server = start_server(**kwargs)
    try:
        yield server
    finally:
        server.stop()


def _process_tree(pid: int) -> list[int]:
    """pid and all its descendants, from /proc (no psutil needed)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def _proc_status_kb(pid: int, field_name: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


# ------------------------------------------------------------------ the browser
def browser_problem() -> str | None:
    """Why no browser test can run here, or None when Playwright and Chromium are present."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
    if not CHROMIUM.exists() and shutil.which(str(CHROMIUM)) is None:
        return f"{CHROMIUM} not found (apt-get install -y chromium fonts-noto-cjk)"
    return None


def launch_browser(playwright: Playwright) -> Browser:
    """Headless Debian Chromium; Playwright's wheel bundles the driver, so nothing is downloaded."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=list(CHROMIUM_ARGS))


def new_context(browser: Browser, **kwargs: Any) -> BrowserContext:
    """A fresh browser profile: one new Streamlit session per page opened in it."""
    context = browser.new_context(viewport=kwargs.pop("viewport", VIEWPORT),
                                  locale=kwargs.pop("locale", "en-US"), **kwargs)
    context.on("page", track_runs)
    return context


def wait_for_app(page: Page, timeout_ms: float = 30_000) -> None:
    """Connected, script finished, nothing left loading (Streamlit's e2e wait)."""
    page.locator(APP_READY).wait_for(state="attached", timeout=timeout_ms)
    page.locator(SCRIPT_DONE).wait_for(state="attached", timeout=timeout_ms)
    wait_no_skeleton(page, timeout_ms)


def wait_no_skeleton(page: Page, timeout_ms: float = 30_000) -> None:
    page.wait_for_function(
        "() => document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0",
        timeout=timeout_ms, polling="raf")


def open_app(page: Page, server: AppServer, path: str = "",
             query: Mapping[str, Any] | None = None, timeout_ms: float = 30_000) -> None:
    """Open a page of the app and wait until it is fully drawn."""
    page.goto(server.url(path, query), wait_until="domcontentloaded", timeout=timeout_ms)
    wait_for_app(page, timeout_ms)


def open_shared_link(context: BrowserContext, url: str) -> Page:
    """What a student sees following a teacher's copied link: a new page, fully drawn,
    with no error and at the same lesson's address."""
    page = context.new_page()
    page.goto(url)
    wait_for_app(page)
    assert error_texts(page) == []
    assert urlsplit(page.url).path == urlsplit(url).path
    return page


def warm_up(browser: Browser, server: AppServer) -> None:
    """Run the app once at "/", so that no test's own timing pays for the server's first run.

    That first run is special (Streamlit 1.67 runs it in its old pages/-folder mode);
    tests/e2e/test_e2e_first_visit.py covers it, on servers of its own.
    """
    context = new_context(browser)
    try:
        open_app(context.new_page(), server)
    finally:
        context.close()


def track_runs(page: Page) -> None:
    """Count the script runs the server reports finished to this page (its websocket frames).

    The page's own "running" state may never be painted for a run shorter than a frame, so a
    wait after a click counts the server's script_finished messages instead.
    """
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    early = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
    page._lfd_runs = 0  # type: ignore[attr-defined]

    def on_frame(payload: bytes | str) -> None:
        if isinstance(payload, str):
            return
        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except Exception:  # noqa: BLE001 - not a Streamlit message: not ours to count
            return
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished != early:
            page._lfd_runs += 1  # type: ignore[attr-defined]

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))


def runs_finished(page: Page) -> int:
    return int(getattr(page, "_lfd_runs", 0))


def rerun_after(page: Page, action: Callable[[], Any], timeout_ms: float = 30_000) -> None:
    """Do `action` (a click, a key press) and wait for the rerun it starts to finish."""
    before = runs_finished(page)
    action()
    deadline = time.monotonic() + timeout_ms / 1000
    while runs_finished(page) <= before:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no script run finished within {timeout_ms / 1000:.0f} s")
        page.wait_for_timeout(20)  # lets Playwright deliver the websocket events
    wait_for_app(page, timeout_ms)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def error_texts(page: Page) -> list[str]:
    """Texts of every error element on the page (uncaught exceptions and st.error)."""
    texts: list[str] = []
    for selector in ERROR_SELECTORS:
        loc = page.locator(selector)
        texts.extend(loc.nth(i).inner_text() for i in range(loc.count()))
    return texts


def main_text(page: Page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def widget(page: Page, key: str):
    """The container Streamlit gives a widget created with key=...: class st-key-<key>.

    A choice whose labels follow the language (pages.shared.localized) has one widget per
    language, keyed _<key>__<lang>: either form matches.
    """
    return page.locator(f".st-key-{key}, [class*='st-key-_{key}__']")


def screenshot(page: Page, path: Path, *, top: bool = False, clip_from: str | None = None,
               height: int = 900) -> Path:
    """Save the whole page (Streamlit scrolls inside stMain, so the viewport grows to fit it).

    top=True keeps only the first `height` pixels; clip_from keeps `height` pixels from just
    above the first element matching that selector (README pictures).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    full = page.evaluate(
        """() => { const m = document.querySelector("[data-testid='stMain']");
                   return Math.max(m ? m.scrollHeight : 0, window.innerHeight); }""")
    old = page.viewport_size or VIEWPORT
    page.set_viewport_size({"width": old["width"], "height": min(int(full) + 40, 8000)})
    page.wait_for_timeout(300)  # charts re-lay out to the new size
    try:
        clip = None
        if top or clip_from:
            y = 0.0
            if clip_from:
                box = page.locator(clip_from).first.bounding_box()
                y = max(0.0, box["y"] - 24) if box else 0.0
            clip = {"x": 0, "y": y, "width": old["width"], "height": height}
        page.screenshot(path=str(path), full_page=clip is None, clip=clip)
    finally:
        page.set_viewport_size(old)
    return path


# Resolves once the main area's layout (its elements' boxes, its charts' sizes) has not moved
# for `quiet` ms: a chart draws itself after the run, and again after the window is resized.
_STABLE_LAYOUT_JS = """async ({quiet, timeout}) => {
  await document.fonts.ready;
  const signature = () => {
    const main = document.querySelector("[data-testid='stMain']");
    if (!main) return "";
    const parts = [main.scrollWidth, main.scrollHeight];
    for (const el of main.querySelectorAll("canvas, svg, [data-testid='stElementContainer']")) {
      const r = el.getBoundingClientRect();
      parts.push(Math.round(r.top), Math.round(r.width), Math.round(r.height));
    }
    return parts.join(",");
  };
  const start = performance.now();
  let last = signature(), since = start;
  while (performance.now() - start < timeout) {
    await new Promise(r => setTimeout(r, 40));
    const now = signature();
    if (now !== last) { last = now; since = performance.now(); }
    else if (performance.now() - since >= quiet) return true;
  }
  return false;
}"""


def wait_for_stable_layout(page: Page, quiet_ms: float = 300, timeout_ms: float = 15_000) -> bool:
    """Wait until nothing in the main area has moved or resized for `quiet_ms` (False if it
    still moved after `timeout_ms`)."""
    return bool(page.evaluate(_STABLE_LAYOUT_JS, {"quiet": quiet_ms, "timeout": timeout_ms}))
