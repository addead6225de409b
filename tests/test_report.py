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
    pages = build_report(outputs)
    for page in pages.values():
        assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["articles-0001.html"]


def test_report_without_graphviz_still_renders(outputs, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    page = build_report(outputs)["articles-0001.html"]
    assert "Graphviz (<code>dot</code>) is not installed" in page
    assert "<svg" not in page and "Claire Fontaine" in page


def test_org_chart_puts_the_head_on_top():
    import pandas as pd
    units = pd.DataFrame([{"unit": "Santé Connectée", "parent": "Altair"}])
    roles = pd.DataFrame([{"person": "Claire Fontaine", "title": "directrice", "org": "Altair",
                           "unit": "Santé Connectée", "status": "new"}])
    reporting = pd.DataFrame([{"subordinate": "Marc Duval", "manager": "Claire Fontaine"}])
    dot = organisation_dot(units, roles, reporting)
    # dot ranks an edge's tail above its head: parent above unit, head above what she
    # heads, manager above the one who reports to her (the arrow drawn towards the manager)
    assert '"org:Altair" -> "unit:Santé Connectée"' in dot
    assert '"person:Claire Fontaine" -> "unit:Santé Connectée"' in dot
    assert '"person:Claire Fontaine" -> "person:Marc Duval" [dir=back, style=dashed' in dot


def test_report_in_a_real_browser(outputs, tmp_path):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed (.ci/run installs it)")
    index = write_report(outputs, tmp_path / "report")
    driver = chromium_driver()
    try:
        driver.get(index.resolve().as_uri())
        driver.find_element("link text", "altair").click()
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


def test_verdicts_are_shown_beside_the_facts(outputs, tmp_path):
    from pipeline.output import read_table, write_table

    reviewed = tmp_path / "reviewed"
    shutil.copytree(outputs, reviewed)
    roles = read_table(reviewed / "roles.csv")
    roles.loc[roles.person == "Claire Fontaine", ["verdict", "note"]] = ["wrong", "pas ce pôle"]
    write_table(roles, reviewed / "roles.csv")
    pages = build_report(reviewed)
    assert "<th>verdict</th>" in pages["articles-0001.html"]
    assert "pas ce pôle" in pages["articles-0001.html"]
    assert "<th>reviewed</th>" in pages["index.html"]


def test_a_long_run_is_paged_with_an_index(outputs, tmp_path, monkeypatch):
    import pipeline.report as report

    monkeypatch.setattr(report, "ARTICLES_PER_PAGE", 1)
    index = write_report(outputs, tmp_path / "pages")
    names = sorted(p.name for p in (tmp_path / "pages").glob("[ai]*.html"))
    assert names == ["articles-0001.html", "articles-0002.html", "index.html"]
    text = index.read_text(encoding="utf-8")
    assert 'href="articles-0002.html#article-1"' in text
    for name in names[:2]:
        assert text.count(name) >= 1
        assert (tmp_path / "pages" / name).read_text(encoding="utf-8").count(
            "<section class=article") == 1


def test_report_to_a_place_it_cannot_write_is_one_line_and_exit_2(outputs, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    # a read-only file system (root can write through chmod, not through these)
    blocked = [Path("/proc/organigramme-report")]
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("")
    blocked.append(in_the_way / "report")  # a file where the folder would be
    for target in blocked:
        result = CliRunner().invoke(app, ["report", str(outputs), "--output", str(target)])
        assert result.exit_code == 2, result.output
        assert f"{target}: cannot write the report there" in result.output
        assert "Traceback" not in result.output
