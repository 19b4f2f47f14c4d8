"""A real doccano 1.8.4 server for the tests (import the fixture into a test module).

The server runs from its own virtual environment (created on first use, then
reused: see covidbrief/doccano/server.py), binds 127.0.0.1 on a free port, and is
stopped by its process id at teardown. A server that cannot start FAILS the tests
that need it, with the reason; it is never skipped.
"""

from __future__ import annotations

import os
import sys
import time

import pytest

from covidbrief.doccano.server import DoccanoServerError, start_server

ADMIN = "covidbrief-admin"


@pytest.fixture(scope="session")
def doccano_server():
    """A running doccano server: ``.url``, ``.username``, ``.password``, ``.pid``,
    ``.create_user(name, password)``."""
    started = time.monotonic()
    try:
        server = start_server(username=ADMIN, password=os.urandom(12).hex(),
                              log=lambda message: print(message, file=sys.stderr))
    except DoccanoServerError as err:
        pytest.fail(f"the doccano test server could not start: {err}", pytrace=False)
    print(f"doccano {server.url} (pid {server.pid}) ready in {time.monotonic() - started:.1f} s", file=sys.stderr)
    try:
        yield server
    finally:
        server.stop()
        assert not server.alive(), f"doccano (pid {server.pid}) still running after stop()"
