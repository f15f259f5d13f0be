"""Throwaway services for the class-experiment tests: a PostgreSQL cluster (Debian's
`postgresql`) and an nginx load balancer (Debian's `nginx`), each on free loopback ports in a
temporary directory, stopped and removed afterwards.

As root (CI), PostgreSQL runs as the `postgres` user (`runuser`), since it refuses to run as
root. Without the binaries the tests that need them skip on a developer's machine and FAIL in
CI (CI=true), where .ci/run installs both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.harness import free_port, in_ci

PG_OPTIONS = ("-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
              " -c full_page_writes=off -c max_connections=200")


def require(problem: str | None) -> None:
    """Skip (or, in CI, fail) a test whose service cannot run here."""
    if problem is None:
        return
    if in_ci():
        pytest.fail(f"class-experiment services must run in CI: {problem}", pytrace=False)
    pytest.skip(problem)


def pg_bindir() -> Path | None:
    """Where initdb and pg_ctl are (Debian keeps them off PATH, per major version)."""
    for bindir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def postgres_problem() -> str | None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -r requirements.txt)"
    if pg_bindir() is None:
        return "PostgreSQL is not installed (apt-get install -y postgresql)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "runuser is missing (util-linux): PostgreSQL cannot run as root"
    return None


def _as_postgres(cmd: Sequence[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """A fresh cluster; yields the URL of its `postgres` database (user lfd, no password)."""
    bindir = pg_bindir()
    root = Path(tempfile.mkdtemp(prefix="lfd-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, log = root / "data", root / "server.log"
    port = free_port()
    pg_ctl = str(bindir / "pg_ctl")

    def run(*cmd: str) -> None:
        subprocess.run(_as_postgres(cmd), check=True, capture_output=True, timeout=120,
                       stdin=subprocess.DEVNULL)

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "lfd", "--auth=trust", "-E", "UTF8",
            "--no-locale")
        run(pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o",
            f"-p {port} -k {root} {PG_OPTIONS}", "start")
        yield f"postgresql://lfd@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
                           capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(url: str, name: str) -> str:
    """A new empty database in the cluster at `url`; its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"


# ------------------------------------------------------------------ nginx
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Sticky sessions with nginx's open-source modules: a cookie names the route. A browser
# without one gets a random route ($request_id) and keeps it; `hash ... consistent` sends
# every request with the same route to the same replica (the websocket, uploads, media).
NGINX_CONF = """
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {root}/body; proxy_temp_path {root}/proxy;
  fastcgi_temp_path {root}/fastcgi; uwsgi_temp_path {root}/uwsgi; scgi_temp_path {root}/scgi;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  map $cookie_lfd_route $lfd_route {{ '' $request_id; default $cookie_lfd_route; }}
  upstream lfd_app {{
    hash $lfd_route consistent;
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://lfd_app;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_read_timeout 86400s;
      proxy_buffering off;
      add_header Set-Cookie "lfd_route=$lfd_route; Path=/; HttpOnly; SameSite=Lax" always;
      add_header X-LFD-Upstream $upstream_addr always;
    }}
  }}
}}
"""


def nginx_problem() -> str | None:
    return None if Path(NGINX).exists() else "nginx is not installed (apt-get install -y nginx)"


@contextmanager
def nginx_balancer(ports: Sequence[int]) -> Iterator[int]:
    """nginx on a free loopback port in front of the app replicas on `ports`; yields its port."""
    root = Path(tempfile.mkdtemp(prefix="lfd-nginx-"))
    port = free_port()
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in ports)
    conf = root / "nginx.conf"
    conf.write_text(NGINX_CONF.format(root=root, port=port, servers=servers))
    process = subprocess.Popen([NGINX, "-p", str(root), "-c", str(conf), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL)
    try:
        _wait_for_port(port, process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 20) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode(errors='replace')}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nginx did not listen on {port}")
