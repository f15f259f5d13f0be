"""A Streamlit session spoken over its websocket protocol, as a browser speaks it, drawing nothing.

A browser tab is one websocket to `/_stcore/stream` (subprotocol "streamlit"). It sends
`BackMsg`s: `rerun_script` with the page's query string, the page (its script hash, or on the
first request the page's address as `page_name`) and widget states, e.g. a button's trigger.
It receives `ForwardMsg`s: `new_session` when a run starts (`metadata.run.fragment_ids` empty
for a full run), `navigation` (the pages and their hashes), `page_info_changed` (the query
string the app wrote), `delta`s (the run's elements, each at a `delta_path`), `auto_rerun`
and `script_finished`.

This client keeps what a browser keeps, without the drawing: the elements by delta path, the
query string, the current page's hash. It also drives the fragment timers the way the browser
does, because in Streamlit the *browser* runs them: on an `auto_rerun` message it sends a
`rerun_script` for that fragment (`is_auto_rerun`) every interval, whether or not a run is
going (the server coalesces), and forgets every timer when a full run starts; the same
interval registered again keeps its timer (frontend `App.tsx`, `handleAutoRerun` and
`handleNewSession`, Streamlit 1.67). A page with `st.fragment(run_every=...)` therefore only
ticks while its client is connected and keeps sending.

Two differences from a browser, both in the server's favour or neutral: the client reports no
cached messages (a browser lists the hashes it holds, so the server may send it references
instead of repeated elements), and it sends only the widget states it changes (a trigger);
the server keeps the other widgets' values, as it does for any widget a request leaves out.
Used by scripts/classroom_load.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


class ProtocolSession:
    """One browser session of a running app, over its websocket."""

    def __init__(self, port: int, *, host: str = "127.0.0.1", timeout: float = 120.0) -> None:
        self.url = f"ws://{host}:{port}/_stcore/stream"
        self.timeout = timeout
        self.query_string = ""
        self.page_hash = ""
        self.pages: dict[str, str] = {}  # url path ("" for the default page) -> script hash
        self.elements: dict[tuple[int, ...], tuple[str, Any]] = {}  # delta path -> (type, proto)
        self.values: dict[str, Any] = {}  # widget id -> the value the server set (set_value)
        self.full_runs_finished = 0  # full runs that ended (not interrupted, not fragment runs)
        self.fragment_runs_finished = 0
        self.fragment_requests = 0  # timer ticks sent
        self.messages = 0
        self.bytes = 0
        self.running = False  # a run (full or fragment) has started and not yet ended
        self.running_full = False  # the latest run started as a full run
        self.last_full_status: int | None = None  # how the latest full run ended
        self.closed = False
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._timers: dict[str, tuple[float, asyncio.Task]] = {}  # fragment id -> (interval, task)
        self._changed = asyncio.Condition()

    # --- connection -----------------------------------------------------------------------
    async def connect(self) -> None:
        self._ws = await connect(self.url, subprotocols=["streamlit"], max_size=None,
                                 open_timeout=self.timeout, ping_interval=None)
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        """Close the tab: stop the timers and the websocket (the server keeps the session for
        `server.disconnectedSessionTTL`)."""
        self.closed = True
        for _, task in self._timers.values():
            task.cancel()
        self._timers.clear()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
                await self._reader

    # --- requests -------------------------------------------------------------------------
    async def open(self, page: str, query: str = "") -> float:
        """Load `page` (its address, "" for the default page) with `query` as a browser
        following a link does; returns the seconds until the first run ended."""
        if self._ws is None:
            await self.connect()
        self.query_string = query
        started = time.perf_counter()
        await self.rerun(page_name=page)
        await self.wait_for(lambda: self.full_runs_finished >= 1)
        return time.perf_counter() - started

    async def rerun(self, *, triggers: Iterable[str] = (), fragment_id: str = "",
                    auto: bool = False, page_name: str = "") -> None:
        """Send one rerun request; `triggers` are widget ids whose trigger is set (a button
        pressed), `fragment_id` reruns that fragment only."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = "" if page_name else self.page_hash
        state.page_name = page_name
        state.fragment_id = fragment_id
        state.is_auto_rerun = auto
        for widget_id in triggers:
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.trigger_value = True
        assert self._ws is not None, "connect() first"
        await self._ws.send(msg.SerializeToString())

    async def rerun_and_wait(self) -> float:
        """A full rerun of the current page (nothing changed); seconds until it ended."""
        before = self.full_runs_finished
        started = time.perf_counter()
        await self.rerun()
        await self.wait_for(lambda: self.full_runs_finished > before)
        return time.perf_counter() - started

    async def press(self, key: str) -> None:
        """Press the button whose key is `key` (a full rerun with its trigger set), once the
        page shows it."""
        await self.wait_for(lambda: self.has_widget(key))
        await self.rerun(triggers=[self.widget_id(key)])

    async def wait_for(self, predicate: Callable[[], bool], timeout: float | None = None) -> None:
        """Wait until `predicate()` holds after some message (TimeoutError after `timeout`,
        ConnectionError if the websocket closed first)."""
        held = False

        def check() -> bool:
            # Judged when a message arrived: by the time wait_for returns, later messages
            # may have been read (a new run may already have cleared the page).
            nonlocal held
            held = predicate()
            return held or self.closed

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(check), timeout or self.timeout)
        if not held:
            problem = self._reader.exception() if self._reader and self._reader.done() else None
            raise ConnectionError(f"the session closed: {problem!r}")

    # --- what the page shows ----------------------------------------------------------------
    def widget_id(self, key: str) -> str:
        """The id of the widget with user key `key` (Streamlit ids end in "-<key>")."""
        for _, proto in self.elements.values():
            widget_id = getattr(proto, "id", None)
            if isinstance(widget_id, str) and widget_id.endswith(f"-{key}"):
                return widget_id
        raise LookupError(f"no widget with key {key!r} on the page")

    def describe(self) -> str:
        """Where the session stands (for a report when something waited too long)."""
        return (f"running={self.running} full={self.running_full} "
                f"last_full_status={self.last_full_status} timers={len(self._timers)} "
                f"full_runs={self.full_runs_finished} fragment_runs={self.fragment_runs_finished} "
                f"ticks_sent={self.fragment_requests} messages={self.messages} "
                f"closed={self.closed} elements={len(self.elements)}")

    def has_widget(self, key: str) -> bool:
        try:
            self.widget_id(key)
        except LookupError:
            return False
        return True

    @property
    def settled(self) -> bool:
        """The page is at rest: no run going, no fragment timer, and the latest full run
        ended normally (not cut short by a rerun)."""
        return (not self.running and not self._timers
                and self.last_full_status == ForwardMsg.FINISHED_SUCCESSFULLY)

    def widget(self, key: str) -> Any:
        widget_id = self.widget_id(key)
        return next(p for _, p in self.elements.values() if getattr(p, "id", None) == widget_id)

    def widget_value(self, key: str) -> Any:
        """The value a browser would show in the widget: the last one the server set (a
        browser keeps a widget's value across runs; later runs send only the default), else
        its default."""
        proto = self.widget(key)
        return self.values.get(proto.id, proto.default)


    def of_type(self, kind: str) -> Iterator[Any]:
        """The elements of one type ("markdown", "metric", "alert", "download_button", …)."""
        return (proto for _, (k, proto) in sorted(self.elements.items()) if k == kind)

    def texts(self) -> list[str]:
        """Markdown and caption bodies, in page order."""
        return [proto.body for proto in self.of_type("markdown")]

    def metric(self, label: str) -> str | None:
        """The value shown by the metric labelled `label`."""
        return next((m.body for m in self.of_type("metric") if m.label == label), None)

    def errors(self) -> list[str]:
        """Error alerts and exceptions on the page."""
        from streamlit.proto.Alert_pb2 import Alert

        found = [a.body for a in self.of_type("alert") if a.format == Alert.ERROR]
        found += [f"{e.type}: {e.message}" for e in self.of_type("exception")]
        return found

    # --- the reader -------------------------------------------------------------------------
    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for raw in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self.messages += 1
                self.bytes += len(raw)
                self._take(msg)
                async with self._changed:
                    self._changed.notify_all()
        finally:
            self.closed = True
            async with self._changed:
                self._changed.notify_all()

    def _take(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.running = True
            self.running_full = not msg.metadata.run.fragment_ids
            if self.running_full:
                # A full run: the browser drops every timer (the run declares its fragments
                # again) and replaces the page's elements.
                for _, task in self._timers.values():
                    task.cancel()
                self._timers.clear()
                self.elements.clear()
                self.page_hash = msg.new_session.page_script_hash
        elif kind == "navigation":
            self.pages = {page.url_pathname: page.page_script_hash
                          for page in msg.navigation.app_pages}
            if msg.navigation.page_script_hash:
                self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta":
            path = tuple(msg.metadata.delta_path)
            delta = msg.delta
            if delta.WhichOneof("type") == "new_element":
                element_kind = delta.new_element.WhichOneof("type")
                proto = getattr(delta.new_element, element_kind)
                self.elements[path] = (element_kind, proto)
                if getattr(proto, "set_value", False) and hasattr(proto, "value"):
                    self.values[proto.id] = proto.value
            elif delta.WhichOneof("type") == "add_block":
                self.elements[path] = ("block", None)
        elif kind == "auto_rerun":
            self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                interval_task = self._timers.pop(fragment_id, None)
                if interval_task is not None:
                    interval_task[1].cancel()
        elif kind == "script_finished":
            status = msg.script_finished
            self.running = False
            if self.running_full:
                self.last_full_status = status
            if status == ForwardMsg.FINISHED_SUCCESSFULLY and self.running_full:
                self.full_runs_finished += 1
            elif status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                self.fragment_runs_finished += 1

    def _start_timer(self, fragment_id: str, interval: float) -> None:
        current = self._timers.get(fragment_id)
        if current is not None and current[0] == interval:
            return  # the same interval registered again keeps its countdown
        if current is not None:
            current[1].cancel()
        if interval <= 0 or not fragment_id:
            return  # page-level timers (run_every on the page) are not used by this app

        async def tick() -> None:
            while not self.closed:
                await asyncio.sleep(interval)
                self.fragment_requests += 1
                try:
                    await self.rerun(fragment_id=fragment_id, auto=True)
                except ConnectionClosed:
                    return

        self._timers[fragment_id] = (interval, asyncio.create_task(tick()))
