from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "corpus" / "raw"
CLEAN = ROOT / "corpus" / "clean"
SEEDS = sorted(p.stem for p in RAW.glob("*.txt"))


@pytest.fixture(scope="session")
def cleaned():
    """Every seed cleaned once per test session."""
    from covidbrief import clean

    return {doc: clean((RAW / f"{doc}.txt").read_bytes()) for doc in SEEDS}
