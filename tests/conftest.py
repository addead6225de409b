"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from pathlib import Path

import pytest

from pipeline.nlp import load_pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def annotate(nlp):
    """Run the pipeline on a text and return its doc."""
    return nlp


def roles_of(doc):
    return {(r["person"], r["title"], r["org"], r["unit"], r["status"]) for r in doc._.roles}
