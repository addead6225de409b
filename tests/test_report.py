"""The reviewers' HTML report, checked in a real headless browser."""

import shutil
from pathlib import Path

import pytest

from pipeline.articles import Article
from pipeline.extract import extract_tables, write_tables, write_texts
from pipeline.report import build_report, organisation_dot, write_report
from tests.browser import chromium_driver

ARTICLES = [
    Article("altair", "Claire Fontaine est nommée directrice du pôle Santé Connectée d'Altair. "
                      "Marc Duval, directeur financier d'Altair, lui reportera.", "mem"),
    Article("<script>alert(1)</script>",
            "Le PDG de Renault, Paul Mercier, a dit : <script>alert('x')</script> & <b>voilà</b>.",
            "mem"),
]


@pytest.fixture(scope="module")
def outputs(nlp, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = extract_tables(ARTICLES, nlp)
    write_tables(result.tables, out)
    write_texts({a.id: a.text for a in ARTICLES}, out / "texts.jsonl.gz")
    return out


def test_report_escapes_article_text_and_ids(outputs):
    page = build_report(outputs)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_report_without_graphviz_still_renders(outputs, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    page = build_report(outputs)
    assert "Graphviz (<code>dot</code>) is not installed" in page
    assert "<svg" not in page and "Claire Fontaine" in page


def test_org_chart_source():
    import pandas as pd
    units = pd.DataFrame([{"unit": "Santé Connectée", "parent": "Altair"}])
    roles = pd.DataFrame([{"person": "Claire Fontaine", "title": "directrice", "org": "Altair",
                           "unit": "Santé Connectée", "status": "new"}])
    reporting = pd.DataFrame([{"subordinate": "Marc Duval", "manager": "Claire Fontaine"}])
    dot = organisation_dot(units, roles, reporting)
    assert '"org:Altair" -> "unit:Santé Connectée"' in dot
    assert '"unit:Santé Connectée" -> "person:Claire Fontaine"' in dot
    assert '"person:Marc Duval" -> "person:Claire Fontaine" [style=dashed' in dot


def test_report_in_a_real_browser(outputs):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed (.ci/run installs it)")
    path = write_report(outputs)
    driver = chromium_driver()
    try:
        driver.get(Path(path).resolve().as_uri())
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert severe == []
        assert driver.execute_script("return window.alertCalled === undefined")
        sections = driver.find_elements("css selector", "section.article")
        assert len(sections) == 2
        for section in sections:
            assert section.find_elements("css selector", "mark.entity"), section.text[:80]
            assert section.find_elements("css selector", ".chart svg")
        assert "Claire Fontaine" in sections[0].text
    finally:
        driver.quit()
