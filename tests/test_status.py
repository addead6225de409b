"""A role's status is decided in one place (components.status), and each row says which
named decision set it (status_reason)."""

import pytest

from pipeline.components.status import DECISIONS, REVISIONS, StatusEvidence, decide_status


def status_of(doc, person, title):
    return {(r["status"], r["status_reason"]) for r in doc._.roles
            if r["person"] == person and r["title"] == title}


@pytest.mark.parametrize("text, person, title, status, reason", [
    ("Léa Morel dirigeait auparavant la direction des achats d'Altair.",
     "Léa Morel", "", "former", "headship-verb-in-imperfect"),
    ("Claire Dumas dirigeait la division Réseaux d'Altair.",
     "Claire Dumas", "", "former", "headship-verb-in-imperfect"),
    ("Paul Roux a pris la direction du pôle Énergie de Norsys.",
     "Paul Roux", "", "new", "headship-taken"),
    ("Léa Morel se voit confier la division Cloud d'Altair.",
     "Léa Morel", "", "new", "headship-taken"),
    ("Le pôle Énergie de Norsys a été confié à Paul Roux.",
     "Paul Roux", "", "new", "post-confided"),
    ("La division Réseaux d'Altair est confiée à Claire Dumas.",
     "Claire Dumas", "", "new", "post-confided"),
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
    # a headship verb in the imperfect beats the cue before the name
    evidence = StatusEvidence("headship", headship_cue="HEADS", imperfect_verb=True, lead="new")
    assert decide_status(evidence) == ("former", "headship-verb-in-imperfect")
    evidence.imperfect_verb = False
    assert decide_status(evidence) == ("new", "cue-before-name")
    evidence.lead_blocked = True  # the sentence gives the holder a later post
    assert decide_status(evidence) == ("current", "nothing-said")


def test_roles_table_has_the_status_reason_column(nlp):
    from pipeline.articles import Article
    from pipeline.extract import extract_tables

    tables = extract_tables([Article("a", "Léa Morel était directrice générale d'Altair.",
                                     "mem")], nlp).tables
    roles = tables["roles"]
    assert list(roles.columns[roles.columns.get_loc("status"):][:2]) == ["status",
                                                                         "status_reason"]
    assert roles["status_reason"].tolist() == ["status-cue:former-imperfect"]
