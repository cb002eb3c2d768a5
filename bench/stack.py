"""The real parts the benchmarks run against: a PostgreSQL database made fresh for each
benchmark, gunicorn serving config.wsgi, and `celery worker` processes.

The PostgreSQL server and Redis come from scripts/with-services.sh (DATABASE_URL and
REDIS_URL). The benchmarks use their own database on that server, `rehab_bench`, and
copy it from a migrated template before each benchmark, so no benchmark sees another's
rows and the database named in DATABASE_URL is never touched.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "rehab_bench"
TEMPLATE_DB = "rehab_bench_template"
WORK_DIR = Path(tempfile.mkdtemp(prefix="rehab-bench-"))


def database_url(name: str) -> str:
    """DATABASE_URL with the database name replaced."""
    parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def server_environment() -> dict:
    """The environment every process of the benchmarks runs with: production-like
    settings (DEBUG off, persistent connections), the baseline view on, no write throttle."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(BENCH_DB),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        "THROTTLE_WRITES": "1000000/min",
        "BENCH_BASELINE": "1",
        "EMAIL_URL": "dummymail://",
        "MEDIA_ROOT": str(WORK_DIR / "media"),
        "EXPORT_ROOT": str(WORK_DIR / "exports"),
        "LOG_LEVEL": "WARNING",
    }


def _admin_sql(*statements: str) -> None:
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


def manage(*args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=server_environment(), check=True
    )


def prepare_template() -> None:
    """Migrate a new database and load the protocols once; benchmarks start from a copy."""
    _admin_sql(
        f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)",
        f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)",
        f"CREATE DATABASE {BENCH_DB}",
    )
    manage("migrate", "--noinput", "-v", "0")
    manage("load_protocols")
    _admin_sql(f"CREATE DATABASE {TEMPLATE_DB} TEMPLATE {BENCH_DB}")


def fresh_state() -> None:
    """An empty copy of the template database and an empty Redis (no queued jobs)."""
    from django.db import connections

    connections.close_all()
    _admin_sql(
        f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)",
        f"CREATE DATABASE {BENCH_DB} TEMPLATE {TEMPLATE_DB}",
    )
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def gunicorn(workers: int = 2, env: dict | None = None):
    """gunicorn (sync workers) serving config.wsgi on a free loopback port, with
    server_environment() unless given another; yields (base URL, the master process)."""
    port = free_port()
    log = WORK_DIR / f"gunicorn-{port}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    with open(log, "w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env or server_environment(), stdout=out, stderr=subprocess.STDOUT
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_http(f"{base_url}/api/v1/protocols/", process, log)
        yield base_url, process
    finally:
        _stop(process)


def _wait_for_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers (401 without a token): it is up
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}")


@contextmanager
def celery_worker(concurrency: int):
    """One `celery -A config worker` (prefork pool) against REDIS_URL."""
    log = WORK_DIR / f"celery-{time.monotonic_ns()}.log"
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool",
        "prefork",
        "--concurrency",
        str(concurrency),
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        "INFO",
    ]
    with open(log, "w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=server_environment(), stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while " ready." not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"celery worker did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield process
    finally:
        _stop(process)


def children_rss_bytes(parent_pid: int) -> list[int]:
    """Resident memory of each child process of `parent_pid` (gunicorn's workers)."""
    children = Path(f"/proc/{parent_pid}/task/{parent_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue  # a worker that just exited
        kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
        sizes.append(int(kb) * 1024)
    return sizes
