"""Does a closed tab give its uploaded data set back? Checked on a real server, as a class would.

    python -m scripts.session_end_check [--rows 24487] [--columns 999] [--sessions 2] [--app streamlit_app.py]

Starts `streamlit run` on loopback, writes the classroom CSV of issue 17 (999 columns x
24,487 rows, labels n % 50: about 49 MB) into a temporary folder, then with websocket clients
that speak Streamlit's protocol as a browser does (no rendering): each session opens the app
with `?dataset=csv`, uploads the file through the uploader (file_urls_request, an HTTP PUT,
a rerun carrying the uploader's state) and waits for the run to end; then every session
disconnects, and nothing else happens (no other session connects or disconnects, which in
Streamlit 1.67 is what frees expired disconnected sessions). Prints the server's resident
memory (VmRSS of its process) idle, after the uploads, and 5 s after the disconnects.

What to expect: after the disconnects the parsed data sets are gone (pages/shared.py
SessionEnd, run by Streamlit when it clears the sessions' scope="session" caches); Streamlit
itself still holds each session's uploaded bytes until the session expires
(server.disconnectedSessionTTL) and another session disconnects. XSRF protection is switched
off for this server only: the client is not a browser and has no XSRF cookie to send back.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from benchmarks.bench_csv_memory import write_csv

ROOT = Path(__file__).resolve().parent.parent


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS"))


class Tab:
    """One browser tab: a websocket session that can upload a file through st.file_uploader."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.session_id = ""
        self.page_hash = ""
        self.uploader_id = ""
        self.errors: list[str] = []

    async def run(self, ws, extra: BackMsg | None = None) -> None:
        """Send a rerun (or `extra`) and read messages until the run ends."""
        await ws.send((extra or self.rerun_msg()).SerializeToString())
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(ws.recv(), 120))
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                self.page_hash = msg.new_session.page_script_hash or self.page_hash
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                if element.WhichOneof("type") == "file_uploader":
                    self.uploader_id = element.file_uploader.id
                elif element.WhichOneof("type") == "alert" and element.alert.format == 1:
                    self.errors.append(element.alert.body)  # st.error
            elif kind == "script_finished":
                return

    def rerun_msg(self, widget=None) -> BackMsg:
        msg = BackMsg()
        msg.rerun_script.query_string = "dataset=csv"
        msg.rerun_script.page_script_hash = self.page_hash
        if widget is not None:
            msg.rerun_script.widget_states.widgets.append(widget)
        return msg

    async def upload(self, ws, path: Path) -> None:
        request = BackMsg()
        request.file_urls_request.request_id = uuid.uuid4().hex
        request.file_urls_request.file_names.append(path.name)
        request.file_urls_request.session_id = self.session_id
        await ws.send(request.SerializeToString())
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(ws.recv(), 60))
            if msg.WhichOneof("type") == "file_urls_response":
                urls = msg.file_urls_response.file_urls[0]
                break
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{path.name}\"; "
                f"filename=\"{path.name}\"\r\nContent-Type: text/csv\r\n\r\n").encode() \
            + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        put = urllib.request.Request(f"http://127.0.0.1:{self.port}{urls.upload_url}", data=body,
                                     method="PUT",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        await asyncio.to_thread(lambda: urllib.request.urlopen(put, timeout=120).read())  # noqa: S310 - http://127.0.0.1
        del body
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        widget = WidgetState(id=self.uploader_id)
        info = widget.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name, info.size = urls.file_id, path.name, path.stat().st_size
        info.file_urls.CopyFrom(urls)
        await self.run(ws, self.rerun_msg(widget))


async def classroom(port: int, path: Path, sessions: int, pid: int) -> dict:
    tabs = [Tab(port) for _ in range(sessions)]
    sockets = [await connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                             max_size=None, ping_interval=None) for _ in tabs]
    for tab, ws in zip(tabs, sockets):
        await tab.run(ws)
    figures = {"rss_opened_MB": round(rss_mb(pid))}
    started = time.perf_counter()
    for tab, ws in zip(tabs, sockets):  # one after the other, as the server parses them anyway
        await tab.upload(ws, path)
    figures["upload_and_parse_s"] = round(time.perf_counter() - started, 1)
    figures["rss_after_uploads_MB"] = round(rss_mb(pid))
    figures["errors_shown"] = sum(len(tab.errors) for tab in tabs)
    for ws in sockets:
        await ws.close()
    await asyncio.sleep(5)
    figures["rss_5s_after_disconnect_MB"] = round(rss_mb(pid))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=24_487)
    parser.add_argument("--columns", type=int, default=999)
    parser.add_argument("--sessions", type=int, default=2)
    parser.add_argument("--port", type=int, default=8797)
    parser.add_argument("--app", default=str(ROOT / "streamlit_app.py"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "class.csv"
        size = write_csv(path, args.rows, args.columns)
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", args.app, "--server.headless", "true",
             "--server.port", str(args.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
             "--server.enableXsrfProtection", "false"],
            cwd=Path(args.app).resolve().parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(600):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{args.port}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            time.sleep(1)
            figures = {"file_MB": round(size / 1e6, 1), "sessions": args.sessions,
                       "rss_idle_MB": round(rss_mb(server.pid))}
            figures.update(asyncio.run(classroom(args.port, path, args.sessions, server.pid)))
            print(json.dumps(figures))
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


if __name__ == "__main__":
    main()
