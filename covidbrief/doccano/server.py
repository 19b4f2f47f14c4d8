"""A real doccano 1.8.4 server on 127.0.0.1, run from its own virtual environment.

doccano pins numpy<2, pydantic 1 and Django 4 and cannot live beside spaCy 3.8, so it
gets a virtual environment of its own (created once, then reused):

* ``$COVIDBRIEF_DOCCANO_VENV`` when set, else ``.doccano-venv/`` in the source
  checkout, else ``~/.cache/covidbrief/doccano-venv``.

:func:`start_server` creates a home folder (SQLite database, uploads, log), migrates
the database (copied from a template migrated once per venv), creates the admin user
and runs doccano's WSGI app with gunicorn bound to 127.0.0.1. Imports and exports run
inside the web process (Celery in eager mode), so no task worker is needed. The server
is stopped by its process id (:meth:`DoccanoServer.stop`).

``doccano webserver`` itself binds 0.0.0.0 and needs ``doccano task`` beside it; this
module is the small, local, worker-free alternative for tests and for one annotator
on one machine (``covidbrief doccano serve``).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
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
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .convert import DoccanoError

DOCCANO_VERSION = "1.8.4"
# numpy<2 and marshmallow<4: doccano 1.8.4 crashes at start without them.
REQUIREMENTS = (f"doccano=={DOCCANO_VERSION}", "numpy<2", "marshmallow<4")
_READY_MARK = ".covidbrief-ready"
_TEMPLATE_DB = "covidbrief-template.sqlite3"
_SETTINGS_MODULE = "covidbrief_doccano_settings"

_SETTINGS = '''"""doccano settings written by covidbrief: production settings, no task worker."""
import os

from config.settings.production import *  # noqa: F401,F403

# Imports and exports run in the web process and their results are stored, so
# /v1/tasks/status/<id> answers without a Celery worker (both settings are needed).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_STORE_EAGER_RESULT = True
# Uploads go to this server's home, not into the installed package.
DJANGO_DRF_FILEPOND_UPLOAD_TMP = os.path.join(os.environ["DOCCANO_HOME"], "filepond-temp-uploads")
DJANGO_DRF_FILEPOND_ALLOW_EXTERNAL_UPLOAD_DIR = True
DJANGO_DRF_FILEPOND_FILE_STORE_PATH = MEDIA_ROOT  # noqa: F405
'''

# gunicorn config: the master stops itself when the process that started it is gone,
# so a test run killed without teardown leaves no server behind.
_GUNICORN_CONF = '''import os, signal, threading, time

WATCH_PID = int(os.environ.get("COVIDBRIEF_WATCH_PID", "0"))


def when_ready(server):
    if WATCH_PID <= 0:
        return

    def watch():
        while True:
            time.sleep(1)
            try:
                os.kill(WATCH_PID, 0)
            except ProcessLookupError:
                os.kill(os.getpid(), signal.SIGTERM)
                return
            except PermissionError:
                pass

    threading.Thread(target=watch, daemon=True).start()
'''

# Runs inside the doccano venv (cwd = the installed ``backend`` package). Reads a JSON
# job from stdin so no password ever appears on a command line or in a log.
_MANAGE = r'''
import json, os, sys
job = json.load(sys.stdin)
import django
django.setup()
from django.core import management
if job.get("migrate"):
    management.call_command("migrate", verbosity=0)
    management.call_command("create_roles")
from django.contrib.auth import get_user_model
User = get_user_model()
for user in job.get("users", []):
    account, _ = User.objects.get_or_create(username=user["username"])
    account.is_staff = account.is_superuser = bool(user.get("admin", True))
    account.email = user.get("email", "")
    account.set_password(user["password"])
    account.save()
print("ok")
'''


class DoccanoServerError(DoccanoError, RuntimeError):
    """The doccano server could not be installed, started or stopped."""


def default_venv() -> Path:
    """Where doccano's own virtual environment lives (see the module docstring)."""
    env = os.environ.get("COVIDBRIEF_DOCCANO_VENV")
    if env:
        return Path(env).expanduser().resolve()
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").exists() and (checkout / "covidbrief").is_dir():
        return checkout / ".doccano-venv"
    return Path.home() / ".cache" / "covidbrief" / "doccano-venv"


def _venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _backend_dir(venv: Path) -> Path:
    found = sorted(venv.glob("lib/python*/site-packages/backend"))
    if not found:
        raise DoccanoServerError(f"{venv}: doccano's backend package is missing; delete the folder and run again")
    return found[0]


@contextmanager
def _lock(path: Path) -> Iterator[None]:
    """An exclusive file lock, so two processes never build one venv at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run(cmd: list[str], what: str, timeout: float, **kwargs) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired:
        raise DoccanoServerError(f"{what} took longer than {timeout:.0f} s") from None
    except OSError as err:
        raise DoccanoServerError(f"{what} could not run: {err}") from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + "\n" + done.stderr).strip().splitlines()[-25:])
        raise DoccanoServerError(f"{what} failed (exit {done.returncode}):\n{tail}")
    return done


def ensure_venv(venv: Path | None = None, python: str | None = None, log=None) -> Path:
    """The doccano venv, created and installed when missing or incomplete (about
    1.5 minutes with PyPI reachable; then reused). Returns its path."""
    venv = Path(venv) if venv else default_venv()
    if (venv / _READY_MARK).exists() and _venv_python(venv).exists():
        return venv
    digest = hashlib.sha1(str(venv.resolve()).encode()).hexdigest()[:12]
    with _lock(Path(tempfile.gettempdir()) / f"covidbrief-doccano-venv-{digest}.lock"):
        if (venv / _READY_MARK).exists() and _venv_python(venv).exists():
            return venv
        if venv.exists():
            shutil.rmtree(venv)
        if log:
            log(f"creating doccano's virtual environment in {venv} (once; about 1.5 minutes)")
        _run([python or sys.executable, "-m", "venv", str(venv)], "creating the doccano venv", 300)
        pip = [str(_venv_python(venv)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        _run(pip + ["--upgrade", "pip"], "upgrading pip in the doccano venv", 600)
        _run(pip + list(REQUIREMENTS), f"pip install {' '.join(REQUIREMENTS)} (into {venv})", 1800)
        _run([str(_venv_python(venv)), "-c", "import backend, gunicorn, numpy; assert numpy.__version__ < '2'"],
             "checking the doccano venv", 120, cwd=str(venv))
        (venv / _READY_MARK).write_text(json.dumps({"requirements": REQUIREMENTS}) + "\n")
    return venv


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(venv: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "PYTHON"))}
    env.update(
        DOCCANO_HOME=str(home),
        DJANGO_SETTINGS_MODULE=_SETTINGS_MODULE,
        DATABASE_URL=f"sqlite:///{home / 'db.sqlite3'}",
        MEDIA_ROOT=str(home / "media"),
        STANDALONE="True",
        DEBUG="False",
        PYTHONPATH=os.pathsep.join([str(home), str(_backend_dir(venv))]),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.setdefault("SECRET_KEY", os.urandom(24).hex())
    return env


def _manage(venv: Path, home: Path, job: dict, what: str) -> None:
    _run([str(_venv_python(venv)), "-c", _MANAGE], what, 300, cwd=str(_backend_dir(venv)),
         env=_env(venv, home), input=json.dumps(job))


def _write_settings(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "media").mkdir(exist_ok=True)
    (home / "filepond-temp-uploads").mkdir(exist_ok=True)
    (home / f"{_SETTINGS_MODULE}.py").write_text(_SETTINGS, encoding="utf-8")
    (home / "gunicorn_conf.py").write_text(_GUNICORN_CONF, encoding="utf-8")


def _init_database(venv: Path, home: Path) -> None:
    """Migrate the database of ``home``: a copy of the venv's migrated template
    (migrating from scratch takes seconds, copying takes none)."""
    db = home / "db.sqlite3"
    if db.exists():
        _manage(venv, home, {"migrate": True}, "migrating the doccano database")
        return
    template = venv / _TEMPLATE_DB
    with _lock(venv / f"{_TEMPLATE_DB}.lock"):
        if not template.exists():
            scratch = Path(tempfile.mkdtemp(prefix="covidbrief-doccano-template-"))
            try:
                _write_settings(scratch)
                _manage(venv, scratch, {"migrate": True}, "creating doccano's database (doccano init)")
                shutil.copy2(scratch / "db.sqlite3", template.with_suffix(".tmp"))
                os.replace(template.with_suffix(".tmp"), template)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
    shutil.copy2(template, db)


@dataclass
class DoccanoServer:
    """A running doccano server; :meth:`stop` ends it by its process id."""

    url: str
    username: str
    password: str = field(repr=False)
    pid: int
    home: Path
    venv: Path
    port: int
    _own_home: bool = field(default=False, repr=False)

    @property
    def log_path(self) -> Path:
        return self.home / "server.log"

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def alive(self) -> bool:
        try:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return False
            return True
        return pid == 0

    def create_user(self, username: str, password: str, admin: bool = False) -> None:
        """Add a user (an annotator when ``admin`` is false) to this server."""
        _manage(self.venv, self.home, {"users": [{"username": username, "password": password, "admin": admin}]},
                f"creating doccano user {username}")

    def stop(self, timeout: float = 15) -> None:
        """Stop gunicorn (master and workers: its own process group) by process id."""
        if self.alive():
            try:
                os.killpg(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            deadline = time.monotonic() + timeout
            while self.alive() and time.monotonic() < deadline:
                time.sleep(0.1)
            if self.alive():
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                try:
                    os.waitpid(self.pid, 0)
                except ChildProcessError:
                    pass
        if self._own_home:
            shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self) -> "DoccanoServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _login_ok(url: str, username: str, password: str) -> bool:
    body = json.dumps({"username": username, "password": password}).encode()
    request = urllib.request.Request(f"{url}/v1/auth/login/", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status == 200 and "key" in json.loads(answer.read() or b"{}")
    except (urllib.error.URLError, OSError, ValueError):
        return False


def start_server(
    username: str = "admin",
    password: str | None = None,
    home: Path | None = None,
    port: int | None = None,
    venv: Path | None = None,
    workers: int = 1,
    threads: int = 4,
    timeout: float = 90,
    log=None,
    watch_parent: bool = True,
) -> DoccanoServer:
    """Start doccano on 127.0.0.1 and wait until it accepts a login.

    ``home`` keeps the database between runs (a temporary folder, removed at
    :meth:`~DoccanoServer.stop`, when not given); ``port`` defaults to a free one;
    ``password`` to a random one. With ``watch_parent`` the server also stops
    itself when this process ends without stopping it. Raises :class:`DoccanoServerError` with the
    server's log when it does not come up within ``timeout`` seconds.
    """
    venv = ensure_venv(venv, log=log)
    own_home = home is None
    home = Path(tempfile.mkdtemp(prefix="covidbrief-doccano-")) if home is None else Path(home).resolve()
    password = password or os.urandom(12).hex()
    try:
        _write_settings(home)
        _init_database(venv, home)
        _manage(venv, home, {"users": [{"username": username, "password": password, "admin": True}]},
                "creating the doccano admin user")
    except BaseException:
        if own_home:
            shutil.rmtree(home, ignore_errors=True)
        raise
    port = port or _free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [
        str(venv / "bin" / "gunicorn"),
        "--config", str(home / "gunicorn_conf.py"),
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--threads", str(threads),
        "--timeout", "300",
        "--chdir", str(_backend_dir(venv)),
        "--pythonpath", str(home),
        "--capture-output",
        "--log-level", "info",
        "config.wsgi:application",
    ]
    env = _env(venv, home)
    env["COVIDBRIEF_WATCH_PID"] = str(os.getpid() if watch_parent else 0)
    log_handle = open(home / "server.log", "ab")
    try:
        process = subprocess.Popen(cmd, cwd=str(home), env=env, stdin=subprocess.DEVNULL,
                                   stdout=log_handle, stderr=subprocess.STDOUT, start_new_session=True)
    except OSError as err:
        raise DoccanoServerError(f"gunicorn could not start: {err}") from None
    finally:
        log_handle.close()
    (home / "server.pid").write_text(f"{process.pid}\n")
    server = DoccanoServer(url=url, username=username, password=password, pid=process.pid, home=home,
                           venv=venv, port=port, _own_home=own_home)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = server.log_tail()
            server.stop()
            raise DoccanoServerError(f"doccano exited at start (exit {process.returncode}); its log ends:\n{tail}")
        if _login_ok(url, username, password):
            return server
        time.sleep(0.25)
    tail = server.log_tail()
    server.stop()
    raise DoccanoServerError(f"doccano did not accept a login at {url} within {timeout:.0f} s; its log ends:\n{tail}")


__all__ = ["DOCCANO_VERSION", "DoccanoServer", "DoccanoServerError", "default_venv", "ensure_venv", "start_server"]
