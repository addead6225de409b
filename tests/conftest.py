"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from pathlib import Path

import pytest

from pipeline.engines import remember_pipeline, spec_of
from pipeline.nlp import load_pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"


@pytest.fixture(scope="session")
def nlp():
    """The pipeline, loaded once; commands run in-process (CLI tests) find it in the
    pipeline cache instead of loading their own."""
    loaded = load_pipeline()
    remember_pipeline(spec_of(loaded), loaded)
    return loaded


@pytest.fixture(scope="session")
def annotate(nlp):
    """Run the pipeline on a text and return its doc."""
    return nlp


def roles_of(doc):
    return {(r["person"], r["title"], r["org"], r["unit"], r["status"]) for r in doc._.roles}
