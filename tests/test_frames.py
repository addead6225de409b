"""Headship and seats on boards read from the parse (models/frames, components.frame_roles):
each construction in several wordings, tenses and voices."""

import pytest

from pipeline.rules import DEFAULT_MODELS_DIR, RuleError, load_rules


def headship_of(doc):
    return {(r["person"], r["title"], r["unit"] or r["org"], r["status"]) for r in doc._.roles}


@pytest.mark.parametrize("text, person, unit, status", [
    # a headship verb and its object, whatever the tense
    ("Claire Dumas dirigera la division Réseaux d'Altair.", "Claire Dumas", "Réseaux", "new"),
    ("Anne Roche, qui supervisait la région Europe du Sud, quitte Altair.",
     "Anne Roche", "Europe du Sud", "former"),
    ("Hugo Bernard a dirigé l'usine de Flins pendant dix ans.",
     "Hugo Bernard", "usine de Flins", "former"),
    # the passive, and the participle after the unit
    ("Le pôle Énergie de Norsys sera dirigé par Paul Girard.", "Paul Girard", "Énergie", "new"),
    ("La division Cloud d'Altair est désormais pilotée par Léa Martin.",
     "Léa Martin", "Cloud", "new"),
    ("La zone Asie, dirigée par Claire Dumas, sera rattachée au siège.",
     "Claire Dumas", "Asie", "current"),
    # à la tête de
    ("Léa Martin a été nommée à la tête de la division Cloud d'Altair.",
     "Léa Martin", "Cloud", "new"),
    ("Paul Girard, à la tête de la région Afrique depuis 2016, rejoint Norsys.",
     "Paul Girard", "Afrique", "current"),
    ("Hugo Bernard sera à la tête de l'usine de Flins.", "Hugo Bernard", "usine de Flins", "new"),
    # en charge de, chargé de: a function counts
    ("Claire Dumas, en charge des ventes et de la distribution, quitte Altair.",
     "Claire Dumas", "ventes et de la distribution", "current"),
    ("Marc Petit sera en charge de la division Cybersécurité.",
     "Marc Petit", "Cybersécurité", "new"),
    ("Anne Roche est chargée de la zone Amériques chez Norsys.",
     "Anne Roche", "Amériques", "current"),
    # taking a post over
    ("Léa Martin prendra en mai la direction de la division Cloud.", "Léa Martin", "Cloud", "new"),
    ("Hugo Bernard a pris les rênes de la région Europe.", "Hugo Bernard", "Europe", "new"),
    ("Claire Dumas va reprendre la zone Asie-Pacifique en juin.",
     "Claire Dumas", "Asie-Pacifique", "new"),
    # a post confided, actively or passively
    ("Norsys confie à Marc Petit la direction des achats.",
     "Marc Petit", "direction des achats", "new"),
    ("La division Réseaux a été confiée à Anne Roche.", "Anne Roche", "Réseaux", "new"),
    ("Paul Girard se voit confier le pôle Services.", "Paul Girard", "Services", "new"),
    # the head of a company a description introduces: "du chimiste PCAS", "du groupe Norsys"
    ("Venu de Rhodia, Marc Petit a pris la direction générale du chimiste Norsys.",
     "Marc Petit", "Norsys", "new"),
    ("Paul Girard prend la présidence du groupe Altair.", "Paul Girard", "Altair", "new"),
    ("Anne Roche a pris la tête du réassureur Borealis.", "Anne Roche", "Borealis", "new"),
    # a post that falls to someone: "revient à", "échoit à", "incombe à"
    ("La direction de la division Zéphyr revient à Anne Morel.", "Anne Morel", "Zéphyr", "new"),
    ("La responsabilité du pôle Retail incombera désormais à Julie Roux.",
     "Julie Roux", "Retail", "new"),
    ("Chez Norsys, la présidence de l'agence Nordis Lyon échoit à Paul Girard.",
     "Paul Girard", "Nordis Lyon", "new"),
    # holding a post: "tenir les rênes", "exercer la direction", "détenir la présidence"
    ("Karim Haddad, qui tenait les rênes de la division Santé, rejoint Sanofi.",
     "Karim Haddad", "Santé", "former"),
    ("Paul Martin exerçait la direction du pôle Services jusqu'en 2020.",
     "Paul Martin", "Services", "former"),
    ("Julie Vasseur détient la présidence de la branche Europe.",
     "Julie Vasseur", "Europe", "current"),
    # a post left
    ("Léa Martin quitte la direction de la division Cloud.", "Léa Martin", "Cloud", "former"),
    ("Hugo Bernard abandonne la présidence de Norsys.", "Hugo Bernard", "Norsys", "former"),
    ("Marc Petit ne dirige plus la division Réseaux.", "Marc Petit", "Réseaux", "former"),
    # "ne … que" restricts, it does not deny
    ("Marc Petit ne dirige plus que la division Réseaux.", "Marc Petit", "Réseaux", "current"),
    ("Anne Roche ne pilote désormais que la zone Asie.", "Anne Roche", "Asie", "new"),
    ("Léa Martin ne dirigera que la division Cloud.", "Léa Martin", "Cloud", "new"),
    # an appointing verb: the one appointed heads, not the one appointing
    ("Norsys a nommé Paul Girard à la tête de la division Cloud.", "Paul Girard", "Cloud", "new"),
    ("Altair désigne Léa Martin à la direction de la zone Asie.", "Léa Martin", "Asie", "new"),
    ("Carlos Tavares nomme Jean-Michel Imparato aux commandes de la région Europe.",
     "Jean-Michel Imparato", "Europe", "new"),
])
def test_headship_read_from_the_parse(nlp, text, person, unit, status):
    assert (person, "", unit, status) in headship_of(nlp(text))


@pytest.mark.parametrize("text, person, board, status", [
    ("Claire Dumas rejoindra le comité exécutif d'Altair en mars.",
     "Claire Dumas", "comité exécutif", "new"),
    ("Marc Petit intègre le directoire de Norsys.", "Marc Petit", "directoire", "new"),
    ("Paul Girard a été nommé au comité de direction d'Altair.",
     "Paul Girard", "comité de direction", "new"),
    ("Hugo Bernard quitte le comité exécutif d'Altair.", "Hugo Bernard", "comité exécutif",
     "former"),
])
def test_a_seat_on_a_board(nlp, text, person, board, status):
    assert (person, "membre", board, status) in headship_of(nlp(text))


@pytest.mark.parametrize("text, members, board, status", [
    ("Le comité exécutif d'Altair est composé de Claire Dumas, Marc Petit et Anne Roche.",
     ["Claire Dumas", "Marc Petit", "Anne Roche"], "comité exécutif", "current"),
    ("Le nouveau directoire de Norsys sera constitué de Léa Martin ; Paul Girard, directeur "
     "des ventes ; Hugo Bernard.", ["Léa Martin", "Paul Girard", "Hugo Bernard"], "directoire",
     "new"),
    ("Le directoire de Norsys a désormais pour membres Léa Martin, qui en assure la "
     "présidence, et Marc Petit.", ["Léa Martin", "Marc Petit"], "directoire", "current"),
    ("Le conseil d'administration de Borealis compte cinq membres : Inès Caron, Paul Roux et "
     "Zoé Blanc.", ["Inès Caron", "Paul Roux", "Zoé Blanc"], "conseil d'administration",
     "current"),
    ("Après ces départs, le comité exécutif ne compte plus que deux membres : Léa Martin et "
     "Hugo Bernard (CFO).", ["Léa Martin", "Hugo Bernard"], "comité exécutif", "current"),
    ("Le comité de direction, composé de Claire Dumas et d'Anne Roche, se réunira lundi.",
     ["Claire Dumas", "Anne Roche"], "comité de direction", "current"),
])
def test_a_boards_composition_seats_each_member(nlp, text, members, board, status):
    seats = headship_of(nlp(text))
    for person in members:
        assert (person, "membre", board, status) in seats


@pytest.mark.parametrize("text, members, board, status", [
    ("Solvay annonce le départ de deux membres de son comité exécutif : Pascal Roux et Julie "
     "Morel.", ["Pascal Roux", "Julie Morel"], "comité exécutif", "former"),
    ("Les trois membres du directoire, Paul Girard, Anne Morel et Luc Vidal, ont présenté le "
     "plan.", ["Paul Girard", "Anne Morel", "Luc Vidal"], "directoire", "current"),
    ("Norsys a nommé deux nouveaux membres de son comité de direction : Inès Caron et Marc "
     "Petit.", ["Inès Caron", "Marc Petit"], "comité de direction", "new"),
])
def test_a_list_of_board_members(nlp, text, members, board, status):
    seats = headship_of(nlp(text))
    for person in members:
        assert (person, "membre", board, status) in seats


@pytest.mark.parametrize("text, person, status", [
    ("Paul Girard, membre de la direction du groupe depuis 2012, quitte Norsys.", "Paul Girard",
     "former"),
    ("Anne Morel, déjà membre de la direction élargie, dirigera Altair.", "Anne Morel",
     "current"),
    ("Marc Petit est membre de la direction de Borealis depuis 2019.", "Marc Petit", "current"),
])
def test_a_seat_in_the_management_is_a_membership(nlp, text, person, status):
    seats = {(r["person"], r["status"]) for r in nlp(text)._.roles
             if r["title"].startswith("membre de la direction")}
    assert seats == {(person, status)}


@pytest.mark.parametrize("text", [
    "Paul Girard voulait briguer la présidence, mais les membres du conseil exécutif ont refusé.",
    "Anne Morel a présenté le plan ; des directeurs régionaux l'ont critiqué.",
    "Selon Marc Petit, les administrateurs du groupe sont partagés.",
])
def test_a_plural_title_naming_a_group_is_no_ones_post(nlp, text):
    assert not [r for r in nlp(text)._.roles if r["title"]]


@pytest.mark.parametrize("text", [
    "Les bénéfices de la division Zéphyr reviennent à Anne Morel.",
    "L'Allemagne sera sous la responsabilité de Paul Roux, l'Espagne revient à Marc Petit.",
    "Julie Roux revient à la direction de la communication après un congé.",
])
def test_only_a_post_falls_to_someone(nlp, text):
    assert not [r for r in nlp(text)._.roles if r["rule"] == "frame:heads-falls-to"]


@pytest.mark.parametrize("text", [
    "La société compte 500 salariés, selon Marc Petit.",
    "Le groupe Altair réunit Claire Dumas et Marc Petit autour d'un projet.",
    "Le comité exécutif ne compte pas Léa Martin parmi ses membres.",
])
def test_a_composition_seats_people_on_boards_only(nlp, text):
    assert not [r for r in nlp(text)._.roles if r["title"] == "membre"]


@pytest.mark.parametrize("text", [
    "Claire Dumas n'intègre pas le comité exécutif d'Altair.",
    "Marc Petit ne dirigera jamais la division Réseaux.",
    "Anne Roche pourrait prendre la tête de la division Cloud.",
])
def test_no_headship_where_the_clause_denies_or_doubts_it(nlp, text):
    assert not nlp(text)._.roles


@pytest.mark.parametrize("text, person, title", [
    ("Anne Roche rejoint le comité exécutif d'Altair en tant que directrice financière.",
     "Anne Roche", "directrice financière"),
    ("Paul Girard intègre le directoire de Norsys comme directeur technique.",
     "Paul Girard", "directeur technique"),
    ("Léa Martin rejoindra le comité exécutif au titre de directrice des ressources humaines.",
     "Léa Martin", "directrice des ressources humaines"),
])
def test_joining_a_board_by_virtue_of_a_post_is_that_post(nlp, text, person, title):
    roles = {(r["person"], r["title"]) for r in nlp(text)._.roles}
    assert (person, title) in roles and not any(t == "membre" for _, t in roles)


@pytest.mark.parametrize("text", [
    "Claire Dumas pilote la stratégie de la marque Altair.",
    "Marc Petit dirige une équipe de cinquante personnes.",
    "Anne Roche mènera la cession des activités de défense.",
])
def test_what_is_no_part_of_an_organisation_is_not_headed(nlp, text):
    assert not nlp(text)._.roles


@pytest.mark.parametrize("text", [
    "Il confie ce rôle à Jean Petit.",
    "Le conseil a confié ce poste à Paul Girard.",
    "Cette tâche est confiée à Anne Morel depuis lundi.",
])
def test_a_post_confided_by_a_word_for_post_is_no_unit(nlp, text):
    assert not [r for r in nlp(text)._.roles if r["unit"]]


def test_a_frame_must_name_its_cue_and_target(tmp_path):
    import json
    import shutil

    models = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, models)
    path = models / "frames" / "headship.jsonl"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"label": "HEADS", "pattern": [
            {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": "diriger"}}]}) + "\n")
    line = sum(1 for _ in path.open(encoding="utf-8"))
    with pytest.raises(RuleError, match=f"{path}:{line}: a frame names a node 'cue'"):
        load_rules(models)
