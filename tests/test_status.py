"""A role's status is decided in one place (components.status), and each row says which
named decision set it (status_reason)."""

import pytest

from pipeline.components.status import DECISIONS, REVISIONS, StatusEvidence, decide_status


def status_of(doc, person, title):
    return {(r["status"], r["status_reason"]) for r in doc._.roles
            if r["person"] == person and r["title"] == title}


def statuses_of(doc, person, title):
    return {status for status, _ in status_of(doc, person, title)}


@pytest.mark.parametrize("text, person, title, status, reason", [
    ("Léa Morel dirigeait auparavant la direction des achats d'Altair.",
     "Léa Morel", "", "former", "status-cue:former-word"),
    ("Claire Dumas a dirigé la division Réseaux d'Altair.",
     "Claire Dumas", "", "former", "status-cue:former-compound-past"),
    ("Paul Roux dirigera le pôle Énergie de Norsys.",
     "Paul Roux", "", "new", "status-cue:new-future-tense"),
    ("Paul Roux a pris la direction du pôle Énergie de Norsys.",
     "Paul Roux", "", "new", "frame-taken"),
    ("Léa Morel se voit confier la division Cloud d'Altair.",
     "Léa Morel", "", "new", "frame-taken"),
    ("Le pôle Énergie de Norsys a été confié à Paul Roux.",
     "Paul Roux", "", "new", "frame-taken"),
    ("Claire Dumas avait pris la tête de la division Réseaux d'Altair en 2015.",
     "Claire Dumas", "", "former", "frame-taken-in-pluperfect"),
    ("Marc Petit quitte la direction du pôle Services de Norsys.",
     "Marc Petit", "", "former", "frame-left"),
    ("Léa Morel dirige le pôle Services de Norsys.",
     "Léa Morel", "", "current", "nothing-said"),
    ("Paul Roux, directeur financier, quitte Norsys.",
     "Paul Roux", "directeur financier", "former", "leaves-after-apposition"),
    ("Claire Dumas, directrice marketing, quitte le groupe Altair.",
     "Claire Dumas", "directrice marketing", "former", "leaves-after-apposition"),
    ("Directeur d'Altair entre 2015 et 2019, Paul Roux rejoint Norsys.",
     "Paul Roux", "Directeur", "former", "closed-period"),
    ("Léa Morel, DG à l'époque, avait refusé l'offre.",
     "Léa Morel", "DG", "former", "closed-period"),
    ("Claire Dumas, jusqu'ici directrice de W9, sera également chargée de la chaîne 6ter.",
     "Claire Dumas", "directrice", "current", "held-until-now-and-kept"),
    ("Paul Roux avait été nommé directeur technique de Norsys en 2012.",
     "Paul Roux", "directeur technique", "former", "appointment-in-pluperfect"),
    ("En 2010, Claire Dumas avait été nommée directrice financière d'Altair.",
     "Claire Dumas", "directrice financière", "former", "appointment-in-pluperfect"),
    ("Léa Morel était directrice générale d'Altair.",
     "Léa Morel", "directrice générale", "former", "status-cue:former-imperfect"),
    ("Paul Roux, ex-président de Norsys, rejoint Altair.",
     "Paul Roux", "ex-président", "former", "status-cue:former-ex-prefix"),
    ("Léa Morel, présidente de Norsys, a présenté les résultats.",
     "Léa Morel", "présidente", "current", "nothing-said"),
    ("L'actuelle directrice financière d'Altair, Claire Dumas, est nommée directrice générale.",
     "Claire Dumas", "directrice financière", "former", "held-until-moved"),
    ("Claire Dumas succède à Marc Petit, directeur financier d'Altair.",
     "Marc Petit", "directeur financier", "former", "succeeded"),
    ("Claire Dumas succède à Marc Petit, directeur financier d'Altair.",
     "Claire Dumas", "directeur financier", "new", "succeeds-to-post"),
])
def test_each_decision_names_itself(nlp, text, person, title, status, reason):
    assert status_of(nlp(text), person, title) == {(status, reason)}


def test_every_row_has_a_named_reason(nlp):
    doc = nlp("Claire Dumas, jusqu'ici directrice financière d'Altair, est nommée directrice "
              "générale. Elle succède à Marc Petit, qui dirigeait le groupe depuis 2015 et "
              "rejoint Norsys en tant que président.")
    names = {d.name for d in DECISIONS} | set(REVISIONS)
    assert len(doc._.roles) >= 3
    for role in doc._.roles:
        assert role["status_reason"].split(":")[0] in names, role


def test_the_first_decision_that_applies_wins():
    # a frame: leaving beats the clause's tense, which beats nothing said
    evidence = StatusEvidence("frame", frame_label="HEADS_LEFT", tense="future")
    assert decide_status(evidence) == ("former", "frame-left")
    evidence.frame_label = "HEADS"
    assert decide_status(evidence) == ("new", "frame-future")
    evidence.tense = "present"
    assert decide_status(evidence) == ("current", "nothing-said")
    # a title: the cue before the name beats the succession it is the object of, unless
    # the sentence gives the holder a later post
    evidence = StatusEvidence("title", lead="new", succeeded_holder=True)
    assert decide_status(evidence) == ("new", "cue-before-name")
    evidence.lead_blocked = True
    assert decide_status(evidence) == ("former", "predecessor-named-by-title")


def test_roles_table_has_the_status_reason_column(nlp):
    from pipeline.articles import Article
    from pipeline.extract import extract_tables

    tables = extract_tables([Article("a", "Léa Morel était directrice générale d'Altair.",
                                     "mem")], nlp).tables
    roles = tables["roles"]
    assert list(roles.columns[roles.columns.get_loc("status"):][:2]) == ["status",
                                                                         "status_reason"]
    assert roles["status_reason"].tolist() == ["status-cue:former-imperfect"]


@pytest.mark.parametrize("text, person, title", [
    ("Le groupe annonce en 2021 l'arrivée de Léa Martin. En 1998, elle est nommée directrice "
     "financière de Norsys.", "Léa Martin", "directrice financière"),
    ("Paul Girard rejoint Altair en 2022. Dès 2010, il avait pris la tête de la division Cloud "
     "de Norsys, puis en mars 2015 il est nommé directeur général de Norsys.",
     "Paul Girard", "directeur général"),
    ("En 2003, Anne Roche devient présidente de Borealis ; elle quitte le groupe en 2020.",
     "Anne Roche", "présidente"),
])
def test_an_appointment_dated_before_the_article_is_career_history(nlp, text, person, title):
    assert status_of(nlp(text), person, title) == {("former", "appointment-in-a-past-year")}


@pytest.mark.parametrize("text, person, title", [
    ("Julie Roux débute sa carrière comme consultante chez Ogilvy.", "Julie Roux",
     "consultante"),
    ("Diplômé de Supélec, Marc Petit a commencé sa carrière chez IBM en tant qu'ingénieur "
     "commercial.", "Marc Petit", "ingénieur commercial"),
    ("Paul Girard avait démarré son parcours comme directeur des ventes de Norsys.",
     "Paul Girard", "directeur des ventes"),
])
def test_the_post_a_career_began_with_is_former(nlp, text, person, title):
    assert status_of(nlp(text), person, title) == {("former", "status-cue:former-career-start")}


def test_the_articles_date_dates_its_news(nlp):
    from pipeline.articles import Article
    from pipeline.extract import extract_tables

    text = "En 2014, Léa Martin est nommée directrice financière de Norsys."
    undated, dated = (extract_tables([Article("a", text, "mem", date=date)], nlp).tables["roles"]
                      for date in (None, "2019-05"))
    # without a date, the latest year the article names is its year: the news is new
    assert undated.status.tolist() == ["new"] and dated.status.tolist() == ["former"]
    assert dated.status_reason.tolist() == ["appointment-in-a-past-year"]


@pytest.mark.parametrize("text, person, title", [
    ("Léa Martin, vice-présidente, et Marc Petit, directeur général, ont été démis de leurs "
     "fonctions ce mercredi.", "Léa Martin", "vice-présidente"),
    ("Léa Martin, vice-présidente, et Marc Petit, directeur général, ont été démis de leurs "
     "fonctions ce mercredi.", "Marc Petit", "directeur général"),
    ("Le président de Norsys, Hugo Bernard, a été révoqué le 2 juin.", "Hugo Bernard",
     "président"),
    ("Claire Dupont, directrice financière d'Altair, a été limogée par le conseil.",
     "Claire Dupont", "directrice financière"),
    ("La directrice commerciale, Anne Roche, quitte elle aussi le groupe.", "Anne Roche",
     "directrice commerciale"),
    # a title fronted before the name, the name's own verb leaving
    ("Directrice financière depuis 2015, Marie Roux quittera Renault en juin.",
     "Marie Roux", "Directrice financière"),
    ("Président de Michelin depuis dix ans, Paul Martin quitte l'entreprise.",
     "Paul Martin", "Président"),
    ("Directeur des ventes chez Orange, Luc Perrin a quitté le groupe la semaine dernière.",
     "Luc Perrin", "Directeur des ventes"),
])
def test_a_post_whose_holder_is_dismissed_or_leaves_is_former(nlp, text, person, title):
    assert statuses_of(nlp(text), person, title) == {"former"}


@pytest.mark.parametrize("text, person, title", [
    ("Marc Petit a rallié Altair le mois dernier en tant que directeur général adjoint.",
     "Marc Petit", "directeur général adjoint"),
    ("Norsys a embauché Julie Roux comme directrice financière.", "Julie Roux",
     "directrice financière"),
    ("Paul Girard a été débauché par Borealis comme directeur commercial.", "Paul Girard",
     "directeur commercial"),
])
def test_a_post_someone_is_hired_for_is_new(nlp, text, person, title):
    assert {s for s, _ in status_of(nlp(text), person, title)} == {"new"}


@pytest.mark.parametrize("text, person, title", [
    ("Paul Girard, membre du comité exécutif de Norsys, quitte le groupe.", "Paul Girard",
     "membre"),
    ("L'actuel CEO de Borealis, Paul Girard, lui, quittera le pays.", "Paul Girard", "CEO"),
    ("Le président de Norsys, Marc Petit, quittera ses fonctions en mai.", "Marc Petit",
     "président"),
])
def test_a_post_left_after_its_place_a_pronoun_or_in_the_future_is_former(
        nlp, text, person, title):
    assert {s for s, _ in status_of(nlp(text), person, title)} == {"former"}


@pytest.mark.parametrize("text, person, title", [
    ("Le conseil a rendu hommage à son président-directeur général, Paul Girard, décédé lors "
     "d'un accident d'avion.", "Paul Girard", "président-directeur général"),
    ("Marc Petit, directeur financier de Norsys, est décédé dimanche.", "Marc Petit",
     "directeur financier"),
    ("La présidente d'Altair, Anne Morel, est morte le 3 mai.", "Anne Morel", "présidente"),
])
def test_a_post_whose_holder_dies_is_former(nlp, text, person, title):
    assert {s for s, _ in status_of(nlp(text), person, title)} == {"former"}


@pytest.mark.parametrize("text, person, title", [
    ("Paul Girard quitte Vortex. Il est remplacé par Anne Morel, actuellement directrice du "
     "contrôle de gestion.", "Anne Morel", "directrice du contrôle de gestion"),
    ("Marc Petit succède à Léa Roux, qui part à la retraite. Marc Petit, actuel directeur "
     "des achats, prendra ses fonctions en mai.", "Marc Petit", "directeur des achats"),
    ("Hugo Bernard, actuellement directeur adjoint, remplacera Claire Dupont en juin.",
     "Hugo Bernard", "directeur adjoint"),
])
def test_the_post_a_successor_holds_actuellement_is_being_left(nlp, text, person, title):
    assert statuses_of(nlp(text), person, title) == {"former"}


@pytest.mark.parametrize("text", [
    "Léa Martin, vice-présidente, et Marc Petit, directeur général, ont présenté les résultats.",
    "Le président de Norsys, Hugo Bernard, a été réélu le 2 juin.",
])
def test_a_post_whose_holder_does_something_else_stays_current(nlp, text):
    assert {r["status"] for r in nlp(text)._.roles} == {"current"}
