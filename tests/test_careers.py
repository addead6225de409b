"""Who moved where: one person and one organisation across articles and weekly runs, careers,
`history` and `organisation`, the people and organisation pages of the report, and reviewers'
corrections of who is whom. Tested end to end through the CLI on a dump of our own."""

import json
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.careers import (
    IdentityReviews, identify, matching_people, org_identities, sortable_date,
)
from pipeline.cli import app
from pipeline.engines import remember_pipeline, spec_for, spec_of
from pipeline.output import read_table, write_table
from pipeline.rules import DEFAULT_MODELS_DIR, RuleError, load_identity_reviews
from tests.browser import chromium_driver

runner = CliRunner()

# Two weeks of a dump: Claire Fontaine is directrice financière at Vortex Industries, leaves
# for Altair Conseil (whose former name is Altair Partners) as directrice générale, and is
# succeeded there; another Claire Fontaine, at a body no article links to either, is someone
# else.
WEEK_1 = [
    {"id": "a1", "date": "2023-01-15",
     "text": "Vortex Industries a nommé Claire Fontaine au poste de directrice financière. "
             "Elle reporte au président Louis Garnier."},
    {"id": "a2", "date": "2024-02-01",
     "text": "Claire Fontaine, ancienne directrice financière de Vortex Industries, rejoint "
             "Altair Conseil en tant que directrice générale. Chez Vortex Industries, Marc "
             "Léger est nommé directeur financier."},
]
WEEK_2 = [
    {"id": "a3", "date": "2024-09-01",
     "text": "Altair Conseil (ex-Altair Partners) annonce l'arrivée de Julien Roche comme "
             "directeur de la division Énergie. Il reportera à Claire Fontaine, directrice "
             "générale d'Altair Conseil."},
    {"id": "a4",
     "text": "La Fédération des meuniers du Jura a élu Claire Fontaine présidente. Elle "
             "remplace Henri Vallet."},
    {"id": "a5", "date": "2025-03-10",
     "text": "Altair Partners nomme Sophie Marchand directrice générale. Elle succède à "
             "Claire Fontaine, qui prend sa retraite."},
]


def write_week(folder, name, articles):
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles),
                    encoding="utf-8")
    return path


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result


@pytest.fixture(scope="module")
def dump(nlp, tmp_path_factory):
    """Both weeks extracted into one outputs folder, week after week."""
    folder = tmp_path_factory.mktemp("dump")
    out = folder / "out"
    first = run("extract", write_week(folder, "week1", WEEK_1), "--out", out)
    assert first.exit_code == 0, first.output
    after_week_1 = read_table(out / "careers.csv")
    second = run("extract", write_week(folder, "week2", WEEK_2), "--out", out)
    assert second.exit_code == 0, second.output
    return out, after_week_1


def claire(careers, article_id, org=None):
    rows = careers[(careers.person == "Claire Fontaine") & (careers.article_id == article_id)]
    return rows[rows.org == org] if org else rows


def test_careers_is_one_row_per_role_in_date_order(dump):
    out, _ = dump
    careers = read_table(out / "careers.csv")
    assert list(careers.columns[:11]) == ["person_id", "person", "date", "org", "org_id",
                                          "unit", "title", "status", "article_id", "fact_id",
                                          "evidence"]
    assert (out / "careers.parquet").exists()
    assert len(careers) == len(read_table(out / "roles.csv"))
    main = careers[careers.person_id == claire(careers, "a1").person_id.iloc[0]]
    assert list(main.article_id) == ["a1", "a2", "a2", "a3", "a5"]
    dates = [d for d in main.date]
    assert dates == sorted(dates)
    # in one article the past comes before the present
    assert list(main[main.article_id == "a2"].status) == ["former", "new"]


def test_one_id_per_person_across_articles_and_organisations(dump):
    out, _ = dump
    careers = read_table(out / "careers.csv")
    ids = {claire(careers, a).person_id.iloc[0] for a in ("a1", "a2", "a3", "a5")}
    assert len(ids) == 1  # "ancienne directrice financière de Vortex" links Vortex and Altair
    assert claire(careers, "a4").person_id.iloc[0] not in ids  # no link to the federation
    people = read_table(out / "people.csv")
    assert set(people[people.person == "Claire Fontaine"].person_id) == \
        set(careers[careers.person == "Claire Fontaine"].person_id)


def test_a_former_name_is_the_same_organisation(dump):
    out, _ = dump
    careers = read_table(out / "careers.csv")
    altair = set(careers[careers.org.isin(["Altair Conseil", "Altair Partners"])].org_id)
    assert len(altair) == 1
    organizations = read_table(out / "organizations.csv")
    a3 = organizations[(organizations.article_id == "a3")
                       & (organizations.organization == "Altair Conseil")]
    assert a3.aliases.iloc[0] == "Altair Partners"


def test_a_move_is_former_at_the_old_employer_then_new_at_the_new_one(dump):
    out, _ = dump
    careers = read_table(out / "careers.csv")
    assert claire(careers, "a2", "Vortex Industries").status.tolist() == ["former"]
    assert claire(careers, "a2", "Altair Conseil").status.tolist() == ["new"]


def test_the_second_week_adds_to_the_first(dump):
    out, after_week_1 = dump
    careers = read_table(out / "careers.csv")
    assert set(after_week_1.article_id) == {"a1", "a2"}
    assert set(careers.article_id) == {"a1", "a2", "a3", "a4", "a5"}
    assert set(after_week_1.fact_id) <= set(careers.fact_id)
    # week 1's people keep their ids
    before = dict(zip(after_week_1.fact_id, after_week_1.person_id))
    assert all(before[f] == p for f, p in zip(careers.fact_id, careers.person_id) if f in before)


def test_history_prints_the_timeline(dump):
    out, _ = dump
    careers = read_table(out / "careers.csv")
    person_id = claire(careers, "a1").person_id.iloc[0]
    result = run("history", person_id, "--out", out)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Claire Fontaine ({person_id}): 5 roles"
    body = "\n".join(lines[2:])
    assert body.index("2023-01-15") < body.index("2024-02-01") < body.index("2025-03-10")
    assert "directrice financière" in body and "former" in body and "a5" in body
    assert "Fédération" not in body


@pytest.mark.parametrize("query", ["julien roche", "JULIEN ROCHÉ", "Roche"])
def test_history_matches_names_as_the_scorer_does(dump, query):
    out, _ = dump
    result = run("history", query, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Julien Roche (p-")
    assert "directeur" in result.output and "2024-09-01" in result.output


def test_history_lists_several_matches_to_choose_from(dump):
    out, _ = dump
    result = run("history", "claire fontaine", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 people match 'claire fontaine'")
    assert "Fédération des meuniers du Jura" in result.output
    assert "Vortex Industries, Altair Conseil" in result.output


def test_unknown_names_and_folders_are_one_line_and_exit_2(dump, tmp_path):
    out, _ = dump
    for args in (["history", "Nadia Perrin", "--out", out],
                 ["organisation", "Zénith Logistique", "--out", out],
                 ["history", "Claire Fontaine", "--out", tmp_path]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and len(result.output.splitlines()) == 1
    assert "no person named 'Nadia Perrin'" in run("history", "Nadia Perrin", "--out",
                                                    out).output
    assert "no careers.csv" in run("history", "X", "--out", tmp_path).output


def section(output, title):
    return output.split(title, 1)[1].split("\n\n", 1)[0]


def test_organisation_shows_the_newest_holder_of_each_post(dump):
    out, _ = dump
    result = run("organisation", "Groupe Altair Partners", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Altair Conseil (o-")
    posts = section(result.output, "Posts (latest known holder):")
    general = [line for line in posts.splitlines() if "directrice générale" in line]
    assert len(general) == 1 and "Sophie Marchand" in general[0] and "2025-03-10" in general[0]
    assert "Julien Roche" in posts
    assert "Énergie" in section(result.output, "Units:")
    assert "Altair Conseil" in section(result.output, "Units:")  # its parent
    assert "Claire Fontaine" in section(result.output, "Past holders:")
    # she left: her reports are history, not the organisation now
    assert "Claire Fontaine" not in section(result.output, "Reporting lines:")


def test_organisation_of_the_old_employer(dump):
    out, _ = dump
    result = run("organisation", "vortex industries", "--out", out)
    assert result.exit_code == 0, result.output
    posts = section(result.output, "Posts (latest known holder):")
    assert "Marc Léger" in posts and "Louis Garnier" in posts
    assert "Claire Fontaine" not in posts
    assert "Claire Fontaine" in section(result.output, "Past holders:")


def test_organisation_lists_several_matches(dump):
    out, _ = dump
    result = run("organisation", "conseil", "--out", out)  # one: Altair Conseil
    assert result.output.startswith("Altair Conseil (o-")
    result = run("organisation", "industries", "--out", out)
    assert result.output.startswith("Vortex Industries (o-")


def test_report_pages_per_person_and_organisation(dump, tmp_path):
    out, _ = dump
    result = run("report", out, "--output", tmp_path / "report")
    assert result.exit_code == 0, result.output
    careers = read_table(out / "careers.csv")
    report = tmp_path / "report"
    for person_id in set(careers.person_id):
        assert (report / "people" / f"{person_id}.html").exists()
    for org_id in set(careers.org_id) - {""}:
        assert (report / "orgs" / f"{org_id}.html").exists()
    article_page = (report / "articles-0001.html").read_text(encoding="utf-8")
    main = claire(careers, "a1").person_id.iloc[0]
    assert f'href="people/{main}.html"' in article_page
    assert 'href="orgs/' in article_page
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed (.ci/run installs it)")
    driver = chromium_driver()
    try:
        driver.get((report / "index.html").resolve().as_uri())
        driver.find_element("partial link text", "organisations").click()
        driver.find_element("link text", "Vortex Industries").click()
        assert "Marc Léger" in driver.find_element("css selector", ".chart svg").text
        driver.get((report / "articles-0001.html").resolve().as_uri())
        driver.find_element("css selector", f'a.person[href="people/{main}.html"]').click()
        assert driver.find_element("css selector", "h1").text == "Claire Fontaine"
        rows = driver.find_elements("css selector", "table tr")
        dates = [r.find_elements("css selector", "td")[0].text for r in rows[1:]]
        assert dates == sorted(dates) and len(dates) == 5
        driver.find_element("link text", "Altair Conseil").click()
        assert driver.find_element("css selector", "h1").text == "Altair Conseil"
        assert "as of 2025-03-10" in driver.find_element("css selector", "h2").text
        chart = driver.find_element("css selector", ".chart svg")
        assert "Sophie Marchand" in chart.text and "Claire Fontaine" not in chart.text
        driver.find_element("link text", "a5").click()
        assert driver.find_element("css selector", "section.article[data-article=a5]")
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert severe == []
    finally:
        driver.quit()


@pytest.fixture
def reviewed_dump(nlp, dump, tmp_path):
    """A copy of the dump and of the rules, for a reviewer to correct."""
    out = tmp_path / "out"
    shutil.copytree(dump[0], out)
    models = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, models,
                    ignore=shutil.ignore_patterns("identities.jsonl"))
    # the same rules: the session's pipeline serves the copy (identities are no rule)
    remember_pipeline(spec_for(spec_of(nlp).model, models), nlp)
    return out, models


def review(out, path, article_id, verdict, person_id=None):
    careers = read_table(out / "careers.csv")
    rows = (careers.person == "Claire Fontaine") & (careers.article_id == article_id)
    careers.loc[rows, "verdict"] = verdict
    if person_id:
        careers.loc[rows, "person_id"] = person_id
    write_table(careers, path)


def test_a_wrong_merge_is_split_and_a_fixed_id_joins(reviewed_dump, tmp_path):
    out, models = reviewed_dump
    careers = read_table(out / "careers.csv")
    main = claire(careers, "a1").person_id.iloc[0]
    other = claire(careers, "a4").person_id.iloc[0]
    # the reviewer says a5's Claire Fontaine is not the Vortex one, a4's is
    reviewed = tmp_path / "careers (revu).csv"
    review(out, reviewed, "a5", "wrong")
    edited = read_table(reviewed)
    edited.loc[(edited.person == "Claire Fontaine") & (edited.article_id == "a4"),
               ["verdict", "person_id"]] = ["fixed", main]
    write_table(edited, reviewed)
    learned = run("learn", reviewed, "--models", models)
    assert learned.exit_code == 0, learned.output
    entries = load_identity_reviews(models)
    assert {(e["action"], e["article_id"]) for e in entries} == {("split", "a5"),
                                                                 ("join", "a4")}
    # the next run, into a new folder, with the learned identities
    again = tmp_path / "again"
    for name, week in (("week1", WEEK_1), ("week2", WEEK_2)):
        result = run("extract", write_week(tmp_path, name, week), "--out", again,
                     "--models", models)
        assert result.exit_code == 0, result.output
    careers = read_table(again / "careers.csv")
    assert claire(careers, "a4").person_id.iloc[0] == main
    assert claire(careers, "a5").person_id.iloc[0] not in {main, other}
    assert claire(careers, "a1").person_id.iloc[0] == main
    # learning the same review again adds nothing
    assert run("learn", reviewed, "--models", models).output.strip() == "nothing to learn"


def test_a_review_in_the_folders_careers_table_counts_on_the_next_run(reviewed_dump):
    out, models = reviewed_dump
    careers = read_table(out / "careers.csv")
    main = claire(careers, "a1").person_id.iloc[0]
    review(out, out / "careers.csv", "a3", "wrong")
    result = run("extract", write_week(out.parent, "week2", WEEK_2), "--out", out,
                 "--models", models)
    assert result.exit_code == 0, result.output
    careers = read_table(out / "careers.csv")
    a3 = claire(careers, "a3")
    assert a3.person_id.iloc[0] != main and set(a3.verdict) == {"wrong"}
    people = read_table(out / "people.csv")
    assert people[(people.article_id == "a3")
                  & (people.person == "Claire Fontaine")].person_id.iloc[0] == \
        a3.person_id.iloc[0]


def test_a_bad_identities_file_names_its_line(tmp_path):
    models = tmp_path / "models"
    (models / "reviews").mkdir(parents=True)
    path = models / "reviews" / "identities.jsonl"
    path.write_text('{"action": "split", "person": "A B", "article_id": "x"}\n'
                    '{"action": "join", "person": "A B", "article_id": "y"}\n',
                    encoding="utf-8")
    with pytest.raises(RuleError, match=r"identities.jsonl:2: a join needs person_id"):
        load_identity_reviews(models)
    path.write_text('{"action": "merge", "person": "A B", "article_id": "x"}\n',
                    encoding="utf-8")
    with pytest.raises(RuleError, match=r"identities.jsonl:1: 'action' must be one of"):
        load_identity_reviews(models)
    path.write_text('{"action": "split", "person": "A B", "article_id": "x", "why": 1}\n',
                    encoding="utf-8")
    with pytest.raises(RuleError, match=r"identities.jsonl:1: unknown key\(s\) \['why'\]"):
        load_identity_reviews(models)


# The identity rules on tables of our own, without the model.

def tables(rows):
    roles = pd.DataFrame(rows, columns=["article_id", "person", "org"])
    people = roles[["article_id", "person"]].drop_duplicates()
    organizations = roles[["article_id", "org"]].rename(columns={"org": "organization"})
    return people, organizations, roles


@pytest.mark.parametrize("rows, same", [
    # the same name at unrelated employers: two people
    ([("x", "Paul Morin", "Banque Rivière"), ("y", "Paul Morin", "Clinique du Lac")], False),
    # an article naming both employers links them
    ([("x", "Paul Morin", "Banque Rivière"), ("y", "Paul Morin", "Clinique du Lac"),
      ("y", "Zoé Lenoir", "Banque Rivière")], True),
    # the same employer, written two ways ("Groupe X" = "X", legal forms dropped)
    ([("x", "Inès Caron", "Groupe Hélios"), ("y", "Inès Caron", "Hélios SA")], True),
    # accents and case do not make two people
    ([("x", "Inès Caron", "Hélios"), ("y", "INES CARON", "Hélios")], True),
])
def test_who_is_whom(rows, same):
    people, organizations, roles = tables(rows)
    identities = identify(people, organizations, roles)
    first = identities.person_id(rows[0][0], rows[0][1])
    second = identities.person_id(rows[1][0], rows[1][1])
    assert (first == second) is same


def test_a_name_placed_nowhere_is_the_names_main_person():
    people, organizations, roles = tables([("x", "Léo Faure", "Atelier Nord"),
                                           ("x", "Léo Faure", "Atelier Nord")])
    people = pd.concat([people, pd.DataFrame([{"article_id": "z", "person": "Léo Faure"}])])
    identities = identify(people, organizations, roles)
    assert identities.person_id("z", "Léo Faure") == identities.person_id("x", "Léo Faure")


def test_reviews_split_and_join_the_later_word_winning():
    people, organizations, roles = tables([("x", "Paul Morin", "Banque Rivière"),
                                           ("y", "Paul Morin", "Banque Rivière")])
    together = identify(people, organizations, roles).person_id("y", "Paul Morin")
    reviews = IdentityReviews.from_entries([
        {"action": "split", "person": "Paul Morin", "article_id": "y"}])
    apart = identify(people, organizations, roles, reviews)
    assert apart.person_id("y", "Paul Morin") != apart.person_id("x", "Paul Morin")
    reviews = IdentityReviews.from_entries([
        {"action": "split", "person": "Paul Morin", "article_id": "y"},
        {"action": "join", "person": "paul morin", "article_id": "y", "person_id": together}])
    assert identify(people, organizations, roles, reviews).person_id("y", "Paul Morin") == \
        together


def test_org_aliases_join_names():
    organizations = pd.DataFrame([
        {"article_id": "x", "organization": "Nova Énergies", "aliases": "Nova Gaz | NE"},
        {"article_id": "y", "organization": "Nova Gaz", "aliases": ""},
        {"article_id": "z", "organization": "NE", "aliases": ""},
        {"article_id": "z", "organization": "Groupe Orbis", "aliases": ""},
    ])
    ids = org_identities(organizations)
    assert ids["nova energies"] == ids["nova gaz"] == ids["ne"]
    assert ids["orbis"] != ids["nova gaz"]


@pytest.mark.parametrize("value, expected", [
    ("2024-03-15", "2024-03-15"), ("2024-03", "2024-03"), ("2024-03-15T08:00:00Z", "2024-03-15"),
    ("15/03/2024", "2024-03-15"), ("5.3.2024", "2024-03-05"), ("", None), (None, None),
    ("mardi", None),
])
def test_sortable_date(value, expected):
    assert sortable_date(value) == expected


def test_matching_people_by_surname_and_id():
    careers = pd.DataFrame({"person_id": ["p-1", "p-2", "p-3"],
                            "person": ["Anne Morel", "Luc Morel", "Anne Morelle"]})
    assert list(matching_people(careers, "morel").person_id) == ["p-1", "p-2"]
    assert list(matching_people(careers, "Anne MOREL").person_id) == ["p-1"]
    assert list(matching_people(careers, "p-3").person) == ["Anne Morelle"]
