"""What every ``covidbrief`` command does with an error it expected."""

from __future__ import annotations

from typing import NoReturn

import typer


def fail(err: Exception) -> NoReturn:
    """Print ``covidbrief: error: <what to do>`` on stderr and exit with code 2."""
    typer.echo(f"covidbrief: error: {err}", err=True)
    raise typer.Exit(code=2)
