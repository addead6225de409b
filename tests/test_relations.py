"""Each relation kind on sentences written for the tests (not taken from the dev set)."""

import pytest

from tests.conftest import roles_of


@pytest.mark.parametrize("text, expected", [
    # apposition
    ("Guillaume Rochette, directeur général d'Infeeny, juge la réforme utile.",
     ("Guillaume Rochette", "directeur général", "Infeeny", None, "current")),
    # appointment to a unit
    ("Claire Fontaine est nommée directrice du pôle Santé Connectée d'Altair.",
     ("Claire Fontaine", "directrice du pôle", "Altair", "Santé Connectée", "new")),
    # title before the name
    ("Le PDG d'Altair, Paul Mercier, a annoncé la nomination de Léa Morel au poste de "
     "directrice des ressources humaines.",
     ("Paul Mercier", "PDG", "Altair", None, "current")),
    ("Le PDG d'Altair, Paul Mercier, a annoncé la nomination de Léa Morel au poste de "
     "directrice des ressources humaines.",
     ("Léa Morel", "directrice des ressources humaines", "Altair", None, "new")),
    # former posts
    ("Luc Badier, ex-directeur des ventes de Norsk Kraft, rejoint Altair.",
     ("Luc Badier", "ex-directeur des ventes", "Norsk Kraft", None, "former")),
    ("Marie Dupuis, jusqu'ici directrice financière d'Altair, devient directrice générale.",
     ("Marie Dupuis", "directrice financière", "Altair", None, "former")),
    ("Marie Dupuis, jusqu'ici directrice financière d'Altair, devient directrice générale.",
     ("Marie Dupuis", "directrice générale", "Altair", None, "new")),
    # headship without a title
    ("Julien Robert a pris la direction du pôle Cloud Souverain.",
     ("Julien Robert", "", None, "Cloud Souverain", "new")),
    ("Sophie Martin s'est vu confier le pôle Cybersécurité.",
     ("Sophie Martin", "", None, "Cybersécurité", "new")),
    ("Le pôle SMB (pour Small and Medium Business) est confié à Léa Morel.",
     ("Léa Morel", "", None, "Small and Medium Business", "new")),
])
def test_roles(nlp, text, expected):
    assert expected in roles_of(nlp(text))


@pytest.mark.parametrize("text, holder, title, org", [
    ("Il sera remplacé par Paul Hudson, jusqu'à maintenant directeur général de Novartis.",
     "Paul Hudson", "directeur général", "Novartis"),
    ("Elle sera remplacée par Marie Roux, jusqu'à présent directrice financière de Norsys.",
     "Marie Roux", "directrice financière", "Norsys"),
    ("Anne Morel a choisi pour lui succéder Jean Petit, jusqu'à récemment directeur des achats "
     "d'Altair.", "Jean Petit", "directeur des achats", "Altair"),
])
def test_a_post_held_until_now_in_apposition_is_the_named_persons_former_post(
        nlp, text, holder, title, org):
    roles = roles_of(nlp(text))
    assert (holder, title, org, None, "former") in roles
    assert not any(r[1] == title and r[0] != holder for r in roles)


def test_gloss_in_brackets_is_not_a_second_role(nlp):
    doc = nlp("Nadia Benali devient directrice financière (CFO) d'Altair.")
    titles = {r["title"] for r in doc._.roles if r["person"] == "Nadia Benali"}
    assert titles == {"directrice financière"}


def reporting_of(doc):
    return {(r["subordinate"], r["manager"]) for r in doc._.reporting}


def test_plural_subject_reports_for_each_person(nlp):
    doc = nlp("Anne Leroy dirige le pôle Grands Comptes. Bruno Marchal prend la tête de la "
              "division Industrie. Chloé Vidal est nommée directrice du pôle Export. Ils "
              "reportent tous les trois à Paul Mercier, directeur des ventes d'Altair.")
    assert reporting_of(doc) == {("Anne Leroy", "Paul Mercier"), ("Bruno Marchal", "Paul Mercier"),
                                 ("Chloé Vidal", "Paul Mercier")}


def test_les_deux_hommes_under_authority(nlp):
    doc = nlp("Renault a nommé Thierry Bolloré et Jérôme Stoll. Les deux hommes seront placés "
              "sous l'autorité du PDG Carlos Ghosn.")
    assert reporting_of(doc) == {("Thierry Bolloré", "Carlos Ghosn"),
                                 ("Jérôme Stoll", "Carlos Ghosn")}


def test_ce_dernier_is_the_last_person_named(nlp):
    doc = nlp("Paul Mercier a recruté Anne Leroy chez Altair. Cette dernière reportera à "
              "Marc Duval.")
    assert reporting_of(doc) == {("Anne Leroy", "Marc Duval")}


def test_lui_reportera(nlp):
    doc = nlp("Anne Leroy a été nommée directrice générale d'Altair. Marc Duval lui reportera.")
    assert reporting_of(doc) == {("Marc Duval", "Anne Leroy")}


def test_no_reporting_from_titles_alone(nlp):
    doc = nlp("Anne Leroy est directrice générale d'Altair et Marc Duval est directeur financier.")
    assert reporting_of(doc) == set()
    assert {r[0] for r in roles_of(doc)} == {"Anne Leroy", "Marc Duval"}  # the titles are read
    # positive control: the same two people, the reporting line stated
    stated = nlp("Anne Leroy est directrice générale d'Altair et Marc Duval, directeur "
                 "financier, lui reporte.")
    assert reporting_of(stated) == {("Marc Duval", "Anne Leroy")}


def successions_of(doc):
    return {(s["successor"], s["predecessor"]) for s in doc._.successions}


@pytest.mark.parametrize("text", [
    "Thomas Garnier succède à Hélène Dubois à la présidence de Renault.",
    "Hélène Dubois cède la présidence de Renault à Thomas Garnier.",
    "Thomas Garnier a été nommé directeur général en remplacement de Hélène Dubois.",
    "Thomas Garnier remplace Hélène Dubois, qui part à la retraite.",
    # "laisse": a form the French rules leave unlemmatized (see test_rules)
    "Après sept ans à la tête de Renault, Hélène Dubois laisse aujourd'hui la présidence à "
    "Thomas Garnier.",
    "Hélène Dubois quitte Renault. Thomas Garnier reprend les fonctions de Hélène Dubois.",
    "Thomas Garnier ne sera resté en place que quatre mois. Et son prédécesseur Hélène "
    "Dubois n'aura guère plus occupé ce poste.",
])
def test_succession(nlp, text):
    assert successions_of(nlp(text)) == {("Thomas Garnier", "Hélène Dubois")}


@pytest.mark.parametrize("text, pair", [
    ("Paul Martin prendra la direction de la zone Europe en juin, succédant ainsi à Anne "
     "Roche.", ("Paul Martin", "Anne Roche")),
    ("Claire Dubois rejoindra la division Santé de Borealis le 3 mars prochain, succédant à "
     "Marc Petit.", ("Claire Dubois", "Marc Petit")),
    ("Luc Moreau a pris les rênes de l'agence de Lyon au printemps dernier, remplaçant Julie "
     "Vasseur.", ("Luc Moreau", "Julie Vasseur")),
])
def test_a_participle_clause_takes_the_main_clauses_subject_past_a_unit(nlp, text, pair):
    # the parse ties "succédant" to the main verb's subject, even with a unit in between
    assert successions_of(nlp(text)) == {pair}


@pytest.mark.parametrize("text, pair", [
    ("Claire Dubois succède désormais à Marc Petit.", ("Claire Dubois", "Marc Petit")),
    ("Luc Moreau, qui succèdera donc à Julie Vasseur, arrive de Sanofi.",
     ("Luc Moreau", "Julie Vasseur")),
    ("Dès lundi, Anne Roche succédera officiellement à Paul Martin.",
     ("Anne Roche", "Paul Martin")),
])
def test_an_adverb_between_succeder_and_a(nlp, text, pair):
    assert successions_of(nlp(text)) == {pair}


@pytest.mark.parametrize("text, pair", [
    ("Paul Girard succède avec effet immédiat à Marc Petit.", ("Paul Girard", "Marc Petit")),
    ("Anne Roche rejoint Norsys. Elle succédera en juin à Luc Vidal.",
     ("Anne Roche", "Luc Vidal")),
    ("Karim Haddad, qui succède depuis lundi à Julie Vasseur, arrive de Sanofi.",
     ("Karim Haddad", "Julie Vasseur")),
])
def test_an_adjunct_between_succeder_and_a(nlp, text, pair):
    assert successions_of(nlp(text)) == {pair}


@pytest.mark.parametrize("text, pair", [
    ("Anne Morel devient directrice financière d'Altair. Elle remplace à ce poste Julie Roux.",
     ("Anne Morel", "Julie Roux")),
    ("Paul Girard est nommé directeur général de Norsys, et remplace à ce poste Marc Petit.",
     ("Paul Girard", "Marc Petit")),
    ("Léa Martin remplacera à cette fonction Hugo Bernard, qui part à la retraite.",
     ("Léa Martin", "Hugo Bernard")),
])
def test_the_post_named_between_remplacer_and_its_object(nlp, text, pair):
    assert successions_of(nlp(text)) == {pair}


@pytest.mark.parametrize("text, pair", [
    ("Julie Roux dirigeait Norsys avec Marc Petit. Pour la remplacer, le groupe a nommé Paul "
     "Girard.", ("Paul Girard", "Julie Roux")),
    ("Julie Roux dirigeait Norsys avec Marc Petit. Pour le remplacer, le groupe a nommé Paul "
     "Girard.", ("Paul Girard", "Marc Petit")),
    ("Anne Morel a travaillé avec Luc Vidal. Altair la remplace par Léa Martin.",
     ("Léa Martin", "Anne Morel")),
])
def test_an_object_pronouns_gender_picks_the_predecessor(nlp, text, pair):
    assert successions_of(nlp(text)) == {pair}


@pytest.mark.parametrize("text", [
    "Anne Morel n'avait pas remplacé Julie Roux en 2007 à la tête du groupe.",
    "Paul Girard ne succédera pas à Marc Petit.",
    "Marc Petit ne sera pas remplacé par Julie Roux.",
])
def test_a_denied_succession_is_none(nlp, text):
    assert successions_of(nlp(text)) == set()


@pytest.mark.parametrize("text, pairs", [
    ("Paul Girard remplace Marc Petit, qui lui-même succède à Luc Vidal.",
     {("Paul Girard", "Marc Petit"), ("Marc Petit", "Luc Vidal")}),
    ("Anne Morel, qui elle-même remplace Julie Roux, arrive lundi.",
     {("Anne Morel", "Julie Roux")}),
    ("Léa Martin succède à Hugo Bernard, qui lui-même remplacera Claire Dupont.",
     {("Léa Martin", "Hugo Bernard"), ("Hugo Bernard", "Claire Dupont")}),
])
def test_an_emphatic_pronoun_after_qui_keeps_the_relatives_antecedent(nlp, text, pairs):
    assert successions_of(nlp(text)) == pairs


@pytest.mark.parametrize("text, pair", [
    ("Anne Morel remplace l'inamovible Julie Roux.", ("Anne Morel", "Julie Roux")),
    ("Paul Girard succède au très discret Luc Vidal.", ("Paul Girard", "Luc Vidal")),
    ("Léa Martin remplacera l'actuelle présidente Claire Dupont en mai.",
     ("Léa Martin", "Claire Dupont")),
])
def test_an_adjective_before_the_predecessors_name(nlp, text, pair):
    assert successions_of(nlp(text)) == {pair}


@pytest.mark.parametrize("text, pair", [
    ("Quant à Claire Dubois, elle va succéder à Marc Petit.", ("Claire Dubois", "Marc Petit")),
    ("Paul Martin quitte Axelis. Quant à Anne Roche, elle devrait remplacer Luc Moreau.",
     ("Anne Roche", "Luc Moreau")),
    ("Quant à Karim Haddad, il va succéder à Julie Vasseur à la tête du pôle Santé.",
     ("Karim Haddad", "Julie Vasseur")),
])
def test_the_pronoun_after_quant_a_stands_for_the_topic(nlp, text, pair):
    assert successions_of(nlp(text)) == {pair}


@pytest.mark.parametrize("text, pair", [
    ("Marc Petit quitte la présidence d'Axelis. Son poste sera repris par Claire Dubois.",
     ("Claire Dubois", "Marc Petit")),
    ("Les attributions actuelles de Julie Vasseur comme directrice commerciale seront "
     "reprises par Luc Moreau.", ("Luc Moreau", "Julie Vasseur")),
    ("Anne Roche quitte Borealis. Ses responsabilités reviennent à Karim Haddad.",
     ("Karim Haddad", "Anne Roche")),
    ("Les fonctions de PDG de Paul Martin ont été confiées à Hélène Dubois.",
     ("Hélène Dubois", "Paul Martin")),
])
def test_a_post_taken_over_is_a_succession_from_its_holder(nlp, text, pair):
    assert successions_of(nlp(text)) == {pair}


def test_a_post_taken_over_without_a_holder_is_no_succession(nlp):
    doc = nlp("Le poste de directeur commercial sera repris par Claire Dubois.")
    assert successions_of(doc) == set()


@pytest.mark.parametrize("text, person, titles", [
    ("L'ancien député et ancien ministre Marc Petit rejoint Axelis.", "Marc Petit",
     {"député", "ministre"}),
    ("L'ex-directrice commerciale et ancienne présidente de Borealis Claire Dubois arrive.",
     "Claire Dubois", {"ex-directrice commerciale", "présidente"}),
    ("Le nouveau directeur financier et nouveau secrétaire général Luc Moreau prend ses "
     "fonctions.", "Luc Moreau", {"directeur financier", "secrétaire général"}),
    ("Le directeur financier et secrétaire général d'Axelis, Marc Petit, quitte le groupe.",
     "Marc Petit", {"directeur financier", "secrétaire général"}),
])
def test_coordinated_titles_before_a_name_are_all_its_holders(nlp, text, person, titles):
    doc = nlp(text)
    assert {r["title"] for r in doc._.roles if r["person"] == person} == titles


@pytest.mark.parametrize("text, pair", [
    ("Paul Martin remplace dès lundi Julie Vasseur.", ("Paul Martin", "Julie Vasseur")),
    ("Karim Haddad remplacera en juin prochain Sophie Leroy à la présidence.",
     ("Karim Haddad", "Sophie Leroy")),
    ("Anne Roche a remplacé l'an dernier Marc Petit.", ("Anne Roche", "Marc Petit")),
    ("Selon Axelis, Julie Vasseur remplace depuis lundi Karim Haddad.",
     ("Julie Vasseur", "Karim Haddad")),
])
def test_the_person_replaced_past_a_time_adjunct(nlp, text, pair):
    # the parse makes the name the verb's object, whatever adjunct comes first
    assert successions_of(nlp(text)) == {pair}


def test_successor_of_two_coordinated_predecessors(nlp):
    doc = nlp("Thomas Garnier prendra la tête de l'entité, remplaçant non seulement Hélène "
              "Dubois, présidente depuis 2017, mais aussi Karim Haddad, le directeur général.")
    assert successions_of(doc) == {("Thomas Garnier", "Hélène Dubois"),
                                   ("Thomas Garnier", "Karim Haddad")}


def test_successor_takes_the_predecessors_post(nlp):
    doc = nlp("Hélène Dubois, la directrice financière de Renault, quitte le groupe. "
              "Thomas Garnier lui succède.")
    assert successions_of(doc) == {("Thomas Garnier", "Hélène Dubois")}
    roles = roles_of(doc)
    assert ("Hélène Dubois", "directrice financière", "Renault", None, "former") in roles
    assert ("Thomas Garnier", "directrice financière", "Renault", None, "new") in roles


@pytest.mark.parametrize("text, predecessor, successor, title", [
    ("Julie Perrin sera remplacée par Marc Aubert en tant que directrice financière.",
     "Julie Perrin", "Marc Aubert", "directrice financière"),
    ("Le 1er mars, Paul Lemaire a été remplacé par Anne Roux comme président de Vortex.",
     "Paul Lemaire", "Anne Roux", "président"),
    ("Sophie Blanc est remplacée à compter de lundi par Hugo Marchal au poste de directeur "
     "commercial.", "Sophie Blanc", "Hugo Marchal", "directeur commercial"),
])
def test_the_post_a_passive_succession_names_is_left_by_the_subject(
        nlp, text, predecessor, successor, title):
    doc = nlp(text)
    posts = {(r[0], r[4]) for r in roles_of(doc) if r[1] == title}
    assert posts == {(predecessor, "former"), (successor, "new")}


def test_a_later_post_of_the_predecessor_in_the_sentence_is_not_the_one_left(nlp):
    doc = nlp("Hugo Marchal remplacera Marc Petit au poste de directeur général de Norsys "
              "Maroc, et Marc Petit deviendra le nouveau directeur général de Norsys Tunisie.")
    assert ("Marc Petit", "directeur général", "Norsys Tunisie", None, "new") in roles_of(doc)


def test_of_several_posts_the_successor_takes_none_the_text_does_not_name(nlp):
    doc = nlp("Hélène Dubois est présidente de Renault et administratrice de Safran. "
              "Thomas Garnier la remplace.")
    assert successions_of(doc) == {("Thomas Garnier", "Hélène Dubois")}
    assert not any(r[0] == "Thomas Garnier" for r in roles_of(doc))


def test_a_successor_given_a_new_post_takes_that_one_not_the_predecessors(nlp):
    doc = nlp("Paul Roux (actuellement DG de Norsys Maroc) est nommé directeur général de "
              "Norsys Tunisie. Il succède à Marc Petit. Marc Petit (actuellement DG de Norsys "
              "Tunisie) est nommé directeur général de Norsys Sénégal.")
    new_posts = {r[1:4] for r in roles_of(doc) if r[0] == "Paul Roux" and r[4] == "new"}
    assert new_posts == {("directeur général", "Norsys Tunisie", None)}


def test_a_succession_naming_the_post_hands_it_on_beside_a_new_title(nlp):
    doc = nlp("Léa Morel est nommée directrice des partenaires d'Altair. Paul Roux lui cède "
              "également son titre de vice-président des alliances.")
    assert ("Léa Morel", "vice-président des alliances", "Altair", None, "new") in roles_of(doc)


def test_a_headship_that_repeats_a_titled_post_is_not_a_second_role(nlp):
    doc = nlp("Luc Roux est nommé PDG de Norsys. Il prendra la direction de Norsys le 1er mars.")
    assert roles_of(doc) == {("Luc Roux", "PDG", "Norsys", None, "new")}


@pytest.mark.parametrize("text, role", [
    ("Delphine Morel, la nouvelle présidente de Norsys, a dévoilé lundi son équipe. "
     "L’ancienne directrice générale d’Altair France, nommée en avril, a confirmé des arrivées.",
     ("Delphine Morel", "directrice générale", "Altair France", None, "former")),
    # a person named as a complement ("de la ministre X") is not the sentence's subject
    ("Paul Roux est candidat à la direction générale de Norsys. L’actuel ambassadeur de France "
     "en Serbie, ancien conseiller de Christine Lagarde, faisait partie des favoris.",
     ("Paul Roux", "ambassadeur de France en Serbie", None, None, "current")),
])
def test_a_qualified_title_opening_a_sentence_describes_the_person_before(nlp, text, role):
    assert role in roles_of(nlp(text))


def test_a_description_skips_a_person_introduced_by_a_title_of_their_own(nlp):
    doc = nlp("Le départ de Léa Morel, directrice de Norsys, est acté. On connaissait ses "
              "rapports distants avec la ministre de la Santé, Anne Petit. De plus, cette "
              "ancienne numéro 2 de la SNCF avait reçu un plan de route sévère.")
    assert ("Léa Morel", "numéro 2", "SNCF", None, "former") in roles_of(doc)
    assert not any(r[0] == "Anne Petit" and r[1] == "numéro 2" for r in roles_of(doc))


@pytest.mark.parametrize("text, role", [
    ("Marc Aubert, numéro un de Zéphyr, rejoint Vortex.",
     ("Marc Aubert", "numéro un", "Zéphyr")),
    ("Anne Roux, la numéro deux du groupe Zéphyr, quitte ses fonctions.",
     ("Anne Roux", "numéro deux", "Zéphyr")),
    ("Le numéro un de Vortex, Paul Lemaire, prendra sa retraite en juin.",
     ("Paul Lemaire", "numéro un", "Vortex")),
    ("Ils remplacent Julie Perrin, l'ex-numéro deux de Vortex, partie chez Zéphyr.",
     ("Julie Perrin", "ex-numéro deux", "Vortex")),
])
def test_numero_un_keeps_its_number_when_cut_before_the_organisation(nlp, text, role):
    doc = nlp(text)
    assert role in {r[:3] for r in roles_of(doc)}


def test_homme_fort_is_a_title(nlp):
    doc = nlp("Il confiait les contenus à Paul Roux, l'ancien homme fort de Norsys TV.")
    assert ("Paul Roux", "homme fort", "Norsys TV", None, "former") in roles_of(doc)


def test_a_description_is_no_one_s_when_the_sentence_names_its_subject(nlp):
    doc = nlp("Paul Roux rejoint Norsys. L'ancien directeur financier Marc Petit a démissionné.")
    assert not any(r[0] == "Paul Roux" and r[1] == "directeur financier" for r in roles_of(doc))
    assert ("Marc Petit", "directeur financier", "Norsys", None, "former") in roles_of(doc)
    # positive control: with no name of its own, the description is the person before's
    unnamed = nlp("Paul Roux rejoint Norsys. L'ancien directeur financier a démissionné.")
    assert ("Paul Roux", "directeur financier", "Norsys", None, "former") in roles_of(unnamed)


def test_an_organisation_added_with_mais_surtout_gets_the_post_too(nlp):
    doc = nlp("Paul Roux, ancien patron d’Atos et d’Eutelsat, mais surtout de Canal+, doit "
              "tracer la feuille de route.")
    assert {r[2] for r in roles_of(doc) if r[0] == "Paul Roux"} == {"Atos", "Eutelsat", "Canal+"}


def test_a_gerund_is_no_title(nlp):
    doc = nlp("Paul Roux devra accélérer la croissance tout en gérant la fermeture de Salto et "
              "en dirigeant la filiale.")
    assert not roles_of(doc)
    # positive control: a title in the same sentence is read, the gerunds still are not
    titled = nlp("Paul Roux, directeur général de Salto, devra accélérer la croissance tout en "
                 "gérant la fermeture de Salto et en dirigeant la filiale.")
    assert roles_of(titled) == {("Paul Roux", "directeur général", "Salto", None, "current")}


def test_a_headship_verb_over_a_list_of_directions_heads_each(nlp):
    doc = nlp("Paul Roux supervise la direction de la veille et des nouveaux formats, la "
              "direction des antennes, de la programmation et de l'interactivité, la direction "
              "des contenus digitaux et de NorsysPlay et la direction des chaînes TNT.")
    assert {r[3] for r in roles_of(doc) if r[0] == "Paul Roux"} == {
        "direction de la veille et des nouveaux formats",
        "direction des antennes, de la programmation et de l'interactivité",
        "direction des contenus digitaux et de NorsysPlay", "direction des chaînes TNT"}


def test_il_after_a_description_is_the_described_person_not_one_named_in_passing(nlp):
    doc = nlp("Une direction digitale est créée pour Paul Roux. L'ancien directeur des "
              "programmes de Norsys, bras droit de Marc Petit, sera chargé de la ligne "
              "éditoriale. Il va superviser la direction des contenus digitaux.")
    heads = {r[0] for r in roles_of(doc) if r[3] == "direction des contenus digitaux"}
    assert heads == {"Paul Roux"}


def test_aller_plus_infinitive_announces_a_new_post(nlp):
    doc = nlp("Paul Roux va superviser la direction des contenus digitaux.")
    assert ("Paul Roux", "", None, "direction des contenus digitaux", "new") in roles_of(doc)


def test_a_departure_and_an_appointment_in_one_sentence_are_a_succession(nlp):
    doc = nlp("Huit mois après le départ fracassant d'Isabelle Morel, Norsys s'est enfin "
              "choisi une nouvelle directrice générale, Catherine Roux.")
    assert successions_of(doc) == {("Catherine Roux", "Isabelle Morel")}
    assert {r[1] for r in roles_of(doc) if r[0] == "Isabelle Morel" and r[4] == "former"} == {
        "directrice générale"}


def test_a_departure_beside_several_appointments_names_no_successor(nlp):
    doc = nlp("Après le départ de Paul Roux, Léa Morel est nommée directrice financière et Marc "
              "Petit directeur commercial.")
    assert not successions_of(doc)
    # positive control: one appointment beside the departure is a succession
    one = nlp("Après le départ de Paul Roux, Léa Morel est nommée directrice financière.")
    assert successions_of(one) == {("Léa Morel", "Paul Roux")}


def test_an_invariable_title_before_a_colon_list_holds_for_each(nlp):
    doc = nlp("Une direction bicéphale le remplace et aura la responsabilité d'être co-CEO du "
              "groupe Norsys : Mark Petit et Anne Roux.")
    assert {r for r in roles_of(doc) if r[1] == "co-CEO"} == {
        ("Mark Petit", "co-CEO", "Norsys", None, "new"),
        ("Anne Roux", "co-CEO", "Norsys", None, "new")}


def test_il_is_not_a_non_subject_named_earlier_in_its_own_sentence(nlp):
    doc = nlp("Paul Roux quitte la présidence de Norsys. Ensuite, imitant en cela Marc Petit, "
              "qu'il a longtemps critiqué, il s'est attribué le poste de CTO.")
    assert {r[0] for r in roles_of(doc) if r[1] == "CTO"} == {"Paul Roux"}


def test_il_after_a_passive_succession_is_the_newcomer(nlp):
    doc = nlp("Paul Roux, à la tête de Norsys Radio, est remplacé par Marc Petit, 55 ans, "
              "jusqu'ici directeur général d'Altair. Il sera membre du comité exécutif.")
    members = {r[0] for r in roles_of(doc) if r[1] == "membre"}
    assert members == {"Marc Petit"}  # and the one replaced gives up no seat of the board


def test_a_long_apposition_then_the_main_verb_keeps_the_name_as_subject(nlp):
    doc = nlp("Paul Roux, 33 ans, cofondateur de la société Baracom, numéro 1 mondial des "
              "lecteurs de codes utilisant la norme Bluetooth, et vice-président de "
              "l'association Club Richelieu, succède à Marc Petit en tant que directeur de la "
              "division Cloud Souverain.")
    assert ("Paul Roux", "directeur", "Cloud Souverain", "new") in {
        (r[0], r[1], r[3], r[4]) for r in roles_of(doc)}


def test_a_title_after_an_aside_about_the_organisation_and_et_is_the_same_persons(nlp):
    doc = nlp("Paul Roux, 33 ans, cofondateur de la société Baracom, numéro 1 mondial des "
              "lecteurs de codes à barres utilisant la norme Bluetooth, et vice-président du "
              "Comité Richelieu (association de PME innovantes), succède à Marc Petit.")
    assert ("Paul Roux", "vice-président", "Comité Richelieu", None, "current") in roles_of(doc)


@pytest.mark.parametrize("text, role", [
    # a date between the verb and "la direction de"
    ("Paul Roux, 43 ans, prendra le 1er juillet la direction du pôle Cloud Souverain.",
     ("Paul Roux", "", None, "Cloud Souverain", "new")),
    # the organisation named after the words that say what it is
    ("Paul Roux, notamment à la tête de la station de radio Norsys FM, est remplacé par "
     "Marc Petit.", ("Paul Roux", "", "Norsys FM", None, "former")),
    # "jusque là" in two words, between the participle and "par"
    ("La division Cloud Souverain, conduite jusque là par Paul Roux, change de cap.",
     ("Paul Roux", "", None, "Cloud Souverain", "former")),
])
def test_headship_with_a_date_or_jusque_la_inside_the_cue(nlp, text, role):
    assert role in roles_of(nlp(text))


def test_news_of_a_titled_holder_opening_a_sentence_is_about_the_person_before(nlp):
    doc = nlp("« Ma démission n’est pas une réflexion sur la société », a affirmé Paul Roux. "
              "Officiellement, le départ du directeur financier d’Altair lui permet de saisir "
              "une opportunité. Certes, le départ du CFO d’Altair peut surprendre.")
    assert {r for r in roles_of(doc) if r[0] == "Paul Roux"} == {
        ("Paul Roux", "directeur financier", "Altair", None, "former")}  # CFO is the same post


def test_ce_poste_names_the_post_named_before(nlp):
    doc = nlp("Norsys a perdu deux directeurs financiers en un an. Paul Roux n'est resté en "
              "place que 4 mois comme directeur financier. Et son prédécesseur Marc Petit "
              "n'aura guère plus occupé ce poste. Leur prédécesseur, Jean Morel, aujourd'hui "
              "président de Norsys, a pourtant occupé ce poste durant 13 ans. Selon nos "
              "informations, c'est Léa Durand qui occupera ce poste.")
    roles = roles_of(doc)
    for person in ("Marc Petit", "Jean Morel"):
        assert (person, "directeur financier", "Norsys", None, "former") in roles
    assert ("Léa Durand", "directeur financier", "Norsys", None, "new") in roles
    assert ("Jean Morel", "président", "Norsys", None, "current") in roles


def test_a_plural_title_then_il_s_agit_de_a_et_de_b_and_its_acronym_spelled_out(nlp):
    doc = nlp("Norsys annonce trois nouveaux directeurs généraux adjoints (DGA). Quant aux deux "
              "autres nouveaux DGA, il s’agit de Paul Roux, jusque-là directeur de Norsys Nord "
              "(NN, Norsys), et de Marc Petit, qui officiait en tant que secrétaire général.")
    for person in ("Paul Roux", "Marc Petit"):
        assert (person, "directeur général adjoint", "new") in {
            (r[0], r[1], r[4]) for r in roles_of(doc)}


@pytest.mark.parametrize("text, orgs", [
    # the preposition not repeated: one post over both
    ("Paul Roux, ancien patron d’Atos et Eutelsat, arrive.", {"Atos et Eutelsat"}),
    # repeated: one post at each
    ("Paul Roux, ancien patron d’Atos et d’Eutelsat, arrive.", {"Atos", "Eutelsat"}),
])
def test_coordinated_organisations_after_a_title(nlp, text, orgs):
    assert {r[2] for r in roles_of(nlp(text)) if r[0] == "Paul Roux"} == orgs


def test_the_object_of_a_verb_is_not_the_subject_of_a_coordinated_verb(nlp):
    doc = nlp("Paul Roux a rencontré Marc Petit et devrait être nommé directeur général de "
              "Norsys.")
    assert {r[0] for r in roles_of(doc) if r[1] == "directeur général"} == {"Paul Roux"}


def test_en_chef_is_no_title(nlp):
    doc = nlp("« Paul a été l'architecte en chef de notre vision produit », a déclaré Marc "
              "Petit, directeur technique de Norsys. Paul Roux quitte Norsys.")
    assert not any(r[1] == "chef" for r in roles_of(doc))
    # positive control: the title of the same sentence is read
    assert ("Marc Petit", "directeur technique", "Norsys", None, "current") in roles_of(doc)


def units_of(doc):
    return {u["unit"]: u for u in doc._.units}


@pytest.mark.parametrize("text, org", [
    ("Marc Petit prendra la direction de l'allemand Hannover Rück en mai.", "Hannover Rück"),
    ("Claire Dubois a pris la direction du géant suédois Ericsson.", "Ericsson"),
    ("Luc Moreau prend la présidence de la société Vortana.", "Vortana"),
])
def test_heading_a_company_introduced_by_what_it_is_is_no_unit(nlp, text, org):
    doc = nlp(text)
    assert [(r["org"], r["unit"]) for r in doc._.roles] == [(org, None)]
    assert doc._.units == []


def test_a_direction_over_a_function_is_a_unit(nlp):
    doc = nlp("Paul Martin prend la direction des marques du groupe Axelis.")
    assert units_of(doc)["direction des marques"]["parent"] == "Axelis"


def test_a_lowercase_gloss_spelling_the_acronym_names_the_unit(nlp):
    doc = nlp("Les partenaires étaient suivis par le département EPG (grandes entreprises et "
              "partenaires) d'Altair, dirigé par Paul Girard.")
    unit = units_of(doc)["grandes entreprises et partenaires"]
    assert (unit["kind"], unit["acronym"]) == ("département", "EPG")
    assert ("Paul Girard", "", "Altair", "grandes entreprises et partenaires", "current") \
        in roles_of(doc)


@pytest.mark.parametrize("text, person, unit", [
    ("Chez Altair, Jean Roux suivra le développement du pôle luxe dirigé par Paul Martin.",
     "Paul Martin", "luxe"),
    ("Chez Altair, la direction juridique, pilotée par Anne Roche, déménage.",
     "Anne Roche", "juridique"),
    ("Chez Norsys, l'entité logistique dirigée par Léa Morel recrute.", "Léa Morel",
     "logistique"),
])
def test_a_part_named_in_lower_case_before_its_head_is_what_they_head(nlp, text, person, unit):
    heads = {(r["person"], r["unit"]) for r in nlp(text)._.roles if not r["title"]}
    assert heads == {(person, unit)}


def test_unit_parent_from_possessive_complement(nlp):
    units = units_of(nlp("Claire Fontaine est nommée directrice du pôle Santé Connectée d'Altair."))
    assert units["Santé Connectée"]["kind"] == "pôle"
    assert units["Santé Connectée"]["parent"] == "Altair"


def test_subsidiary_presented_as_such(nlp):
    units = units_of(nlp("Altair Santé, filiale d'Altair, recrute."))
    assert units["Altair Santé"]["kind"] == "filiale"
    assert units["Altair Santé"]["parent"] == "Altair"


@pytest.mark.parametrize("text, name, acronym", [
    ("Altair crée une entité Services Numériques Avancés (SNA), dirigée par Léa Morel.",
     "Services Numériques Avancés", "SNA"),
    ("Le pôle SMB (pour Small and Medium Business) est confié à Léa Morel.",
     "Small and Medium Business", "SMB"),
])
def test_acronyms(nlp, text, name, acronym):
    units = units_of(nlp(text))
    assert units[name]["acronym"] == acronym


def test_unit_enumeration_in_brackets(nlp):
    doc = nlp("Le groupe s'organise autour de trois pôles (Réseaux et Infrastructures, "
              "Services aux entreprises, et Grand Public).")
    assert set(units_of(doc)) == {"Réseaux et Infrastructures", "Services aux entreprises",
                                  "Grand Public"}


def test_unit_names_are_not_organisations(nlp):
    doc = nlp("Altair crée une entité Services Numériques Avancés (SNA), dirigée par Léa Morel.")
    assert [s.text for s in doc.spans["ORG"]] == ["Altair"]


def test_offsets_point_at_the_fact(nlp):
    text = "Selon le communiqué, Guillaume Rochette, directeur général d'Infeeny, approuve."
    doc = nlp(text)
    role = doc._.roles[0]
    assert text[role["start"]:role["end"]] == "Guillaume Rochette, directeur général d'Infeeny"


def test_numeral_group_named_after_the_cue(nlp):
    doc = nlp("Trois managers reportent à Paul Mercier. Anne Leroy garde les ventes. "
              "Bruno Marchal prend la distribution. Et Chloé Vidal devient directrice du marketing.")
    assert reporting_of(doc) == {("Anne Leroy", "Paul Mercier"), ("Bruno Marchal", "Paul Mercier"),
                                 ("Chloé Vidal", "Paul Mercier")}


def test_relative_a_qui_il_repondra(nlp):
    doc = nlp("Bruno Marchal devient directeur des opérations. « Il sera précieux », a déclaré "
              "Paul Mercier, président d'Altair, à qui il répondra directement.")
    assert reporting_of(doc) == {("Bruno Marchal", "Paul Mercier")}


def test_unit_placed_under_someone_is_headship_not_reporting(nlp):
    doc = nlp("Altair compte deux divisions : Cloud Souverain dirigée par Anne Leroy et "
              "Cybersécurité placée sous la responsabilité de Chloé Vidal.")
    assert reporting_of(doc) == set()
    assert ("Chloé Vidal", "", "Altair", "Cybersécurité", "current") in roles_of(doc) or \
        ("Chloé Vidal", "", None, "Cybersécurité", "current") in roles_of(doc)


@pytest.mark.parametrize("text, pair", [
    ("Enfin, la division Cloud, dirigée par Anne Morel, sera rattachée à Paul Girard.",
     ("Anne Morel", "Paul Girard")),
    ("Le pôle Retail, piloté par Marc Petit, est désormais rattaché à Julie Roux.",
     ("Marc Petit", "Julie Roux")),
    ("La direction des achats, confiée à Luc Vidal, reportera directement à Claire Dupont.",
     ("Luc Vidal", "Claire Dupont")),
])
def test_a_unit_that_reports_takes_its_head_with_it(nlp, text, pair):
    assert reporting_of(nlp(text)) == {pair}


def test_son_predecesseur(nlp):
    doc = nlp("Anne Leroy a présenté son équipe lors de la passation avec son prédécesseur, "
              "Marc Duval.")
    assert successions_of(doc) == {("Anne Leroy", "Marc Duval")}


def test_headship_of_an_unnamed_function(nlp):
    doc = nlp("Hervé Berrebi, jusque-là directeur des ventes, prend la direction de la "
              "distribution volume.")
    # the unit as the text names it, "direction de …" included (the scorer drops the kind word)
    assert ("Hervé Berrebi", "", None, "direction de la distribution volume", "new") \
        in roles_of(doc)
    assert ("Hervé Berrebi", "directeur des ventes", None, None, "former") in roles_of(doc)


def test_units_listed_after_their_organisation(nlp):
    doc = nlp("Léa Morel est nommée directrice et chapeaute trois entités de Renault : Renault "
              "Santé (RSA), Renault Énergie (REN) et Renault Services (RSE).")
    units = units_of(doc)
    assert {(u["unit"], u["kind"], u["parent"], u["acronym"]) for u in units.values()} == {
        ("Renault Santé", "entité", "Renault", "RSA"),
        ("Renault Énergie", "entité", "Renault", "REN"),
        ("Renault Services", "entité", "Renault", "RSE")}
    headed = {r["unit"] for r in doc._.roles if r["person"] == "Léa Morel" and not r["title"]}
    assert headed == {"Renault Santé", "Renault Énergie", "Renault Services"}


def test_a_plural_title_holds_for_each_person_listed_in_brackets(nlp):
    doc = nlp("Le capital est détenu à 45 % par les trois cofondateurs d'Altair (Paul Girard, "
              "Léa Morel, Marc Petit) et à 55 % par des fonds.")
    holders = {r["person"] for r in doc._.roles if r["title"] == "cofondateur"}
    assert holders == {"Paul Girard", "Léa Morel", "Marc Petit"}


def test_a_plural_title_holds_for_a_list_after_a_comma_closed_by_et(nlp):
    doc = nlp("Paul Girard travaillait avec les deux présidents du groupe, Léa Morel et Marc "
              "Petit.")
    holders = {(r["person"], r["status"]) for r in doc._.roles if r["title"] == "président"}
    assert holders == {("Léa Morel", "current"), ("Marc Petit", "current")}
    lone = nlp("Selon les présidents, Léa Morel a raison.")
    assert not any(r["person"] == "Léa Morel" for r in lone._.roles)


def test_a_plural_title_holds_for_each_person_listed_after_it(nlp):
    doc = nlp("Altair annonce la nomination de deux nouveaux directeurs généraux adjoints : "
              "Paul Girard, directeur financier, et Léa Morel, secrétaire générale.")
    roles = roles_of(doc)
    assert ("Paul Girard", "directeur général adjoint", "Altair", None, "new") in roles
    assert ("Léa Morel", "directeur général adjoint", "Altair", None, "new") in roles


@pytest.mark.parametrize("text, role", [
    # a departure noun governs the names after it
    ("Cette réorganisation s'accompagne du départ de deux dirigeants, Anne Leroy, directrice "
     "générale d'Altair Santé, et Paul Girard, directeur général d'Altair Vie.",
     ("Paul Girard", "directeur général", "Altair Vie", None, "former")),
    ("Le départ à la retraite le 1er janvier prochain de Marc Petit, PDG des activités "
     "dommages chez Altair, marque la fin d'une époque.",
     ("Marc Petit", "PDG des activités dommages", "Altair", None, "former")),
    # a verb of leaving right after the apposition
    ("Sophie Martin, directrice marketing d'Altair, quitte elle aussi le groupe.",
     ("Sophie Martin", "directrice marketing", "Altair", None, "former")),
])
def test_posts_being_left(nlp, text, role):
    assert role in roles_of(nlp(text))


def test_a_post_not_said_to_be_left_stays_current_beside_a_new_one(nlp):
    roles = roles_of(nlp("Paul Girard, directeur financier d'Altair, est nommé directeur "
                         "général adjoint d'Altair."))
    assert ("Paul Girard", "directeur financier", "Altair", None, "current") in roles
    assert ("Paul Girard", "directeur général adjoint", "Altair", None, "new") in roles


@pytest.mark.parametrize("text, role", [
    # a past marker right after the post; "à l'époque" is no part of the title
    ("La presse a révélé que Marc Petit, directeur général délégué à l'époque, avait quitté "
     "ses fonctions.", ("Marc Petit", "directeur général délégué", None, None, "former")),
    # "prendre la fonction de", "devenait" in reported speech: a new post
    ("Léa Morel, directrice financière, prend la fonction de présidente d'Altair Services.",
     ("Léa Morel", "présidente", "Altair Services", None, "new")),
    ("Le communiqué annonçait que Paul Girard devenait directeur général délégué d'Altair.",
     ("Paul Girard", "directeur général délégué", "Altair", None, "new")),
    # an appointment noun before the name makes the post new, unless narrated as past news
    ("Altair annonce la nomination de Paul Girard en tant que directeur des programmes.",
     ("Paul Girard", "directeur des programmes", "Altair", None, "new")),
    ("En 2020, Altair annonçait le recrutement de Paul Girard en tant que directeur des "
     "programmes.", ("Paul Girard", "directeur des programmes", "Altair", None, "current")),
    # "la promotion de X, post held, au rang de new post": the apposition is the post held
    ("Altair annonce la promotion de Paul Girard, directeur d'Altair Espagne, au rang de "
     "directeur général adjoint du groupe.",
     ("Paul Girard", "directeur", "Altair Espagne", None, "current")),
    ("Altair annonce la promotion de Paul Girard, directeur d'Altair Espagne, au rang de "
     "directeur général adjoint du groupe.",
     ("Paul Girard", "directeur général adjoint", "Altair", None, "new")),
    # two posts in apposition to "a nommé": both new
    ("Le conseil a nommé Paul Girard, directeur général d'Altair et président du comité "
     "exécutif.", ("Paul Girard", "directeur général", "Altair", None, "new")),
    # an appointment in the pluperfect is career history; "intégré" names the employer
    ("En 2010, Paul Girard avait intégré Altair au poste de directeur de l'information.",
     ("Paul Girard", "directeur de l'information", "Altair", None, "former")),
    # ... unless another verb comes between it and the post
    ("Paul Girard, qui avait rejoint Altair en 2012, est promu directeur général délégué "
     "d'Altair.", ("Paul Girard", "directeur général délégué", "Altair", None, "new")),
    # joined "l'an dernier", "il y a deux ans": a post held, not taken in the news
    ("Paul Girard a rejoint Altair l'an dernier pour occuper les fonctions de directeur "
     "financier.", ("Paul Girard", "directeur financier", "Altair", None, "current")),
    ("Paul Girard a rejoint Altair il y a deux ans comme directeur financier.",
     ("Paul Girard", "directeur financier", "Altair", None, "current")),
    # a post held until now and kept: "sera également chargée", "conserve son rôle"
    ("Marie Roux, jusqu'à présent directrice des programmes de Norsys TV, sera désormais "
     "également chargée de la publicité.",
     ("Marie Roux", "directrice des programmes", "Norsys TV", None, "current")),
    ("Paul Girard, jusque-là responsable des ventes d'Altair, conserve son rôle.",
     ("Paul Girard", "responsable des ventes", "Altair", None, "current")),
    ("Paul Girard, jusque-là responsable des ventes d'Altair, prend la direction du pôle "
     "Cloud.", ("Paul Girard", "responsable des ventes", "Altair", None, "former")),
])
def test_status_words_around_a_post(nlp, text, role):
    assert role in roles_of(nlp(text))


def test_a_participle_apposition_gives_the_post_to_the_name_before_it(nlp):
    roles = roles_of(nlp("Léa Morel succédera à Paul Girard, nommé directeur général d'Altair."))
    assert ("Paul Girard", "directeur général", "Altair", None, "new") in roles
    assert not any(r[0] == "Léa Morel" and r[1] == "directeur général" for r in roles)


def test_actuel_qualifies_only_the_post_it_stands_before(nlp):
    roles = roles_of(nlp("Le ministre envisage de nommer Paul Girard, actuel président d'Altair, "
                         "président du directoire de Norsk."))
    assert ("Paul Girard", "président", "Altair", None, "former") in roles
    assert ("Paul Girard", "président", "Norsk", "directoire", "new") in roles


def test_a_public_office_takes_no_organisation_the_sentence_does_not_name(nlp):
    roles = roles_of(nlp("Altair se renforce. Paul Girard, ancien ministre de l'Industrie, "
                         "devient directeur de la stratégie d'Altair."))
    assert ("Paul Girard", "ministre de l'Industrie", None, None, "former") in roles
    assert ("Paul Girard", "directeur de la stratégie", "Altair", None, "new") in roles


def test_a_fronted_headship_with_a_capitalised_kind_word(nlp):
    roles = roles_of(nlp("À la tête de la Division Cloud Souverain de Renault depuis 2019, "
                         "Léa Morel a doublé ses ventes."))
    assert ("Léa Morel", "", "Renault", "Cloud Souverain", "current") in roles


def test_headship_being_left(nlp):
    doc = nlp("Marc Petit a quitté la présidence d'Altair début 2010 pour être remplacé par "
              "Léa Morel.")
    assert ("Marc Petit", "", "Altair", None, "former") in roles_of(doc)


@pytest.mark.parametrize("text, role", [
    # a fronted title over a closed period
    ("Patron d'Altair France de 2011 à 2016, Paul Girard a ensuite rejoint Norsk.",
     ("Paul Girard", "Patron", "Altair France", None, "former")),
    # a post handed over by "confier"
    ("Les fonctions de PDG des activités dommages sont confiées à Karim Haddad, 45 ans.",
     ("Karim Haddad", "PDG des activités dommages", None, None, "new")),
    # one title over two coordinated organisations, the preposition not repeated: one post
    ("Léa Morel assumera désormais les fonctions de directrice générale de Téva et Paris "
     "Première.", ("Léa Morel", "directrice générale", "Téva et Paris Première", None, "new")),
    # one title over a list of organisations closed by "et"
    ("Marc Petit, ancien patron de Renault, de Safran et d'Engie, rejoint le fonds Ardian.",
     ("Marc Petit", "patron", "Safran", None, "former")),
    # two coordinated titles in one apposition
    ("L'intérim est assuré par Anne Leroy, country manager d'Oracle Italie et directrice "
     "financière de Safran.",
     ("Anne Leroy", "directrice financière", "Safran", None, "current")),
    # two coordinated titles share the place named after the second
    ("Julie Marchand est secrétaire générale et directrice Amériques du groupe Orbis.",
     ("Julie Marchand", "secrétaire générale", "Orbis", None, "current")),
    # "d'honneur" belongs to the title: no organisation "Honneur"
    ("Thierry Marchal, administrateur et président d'Honneur de Nexa, prend la parole.",
     ("Thierry Marchal", "président d'Honneur", "Nexa", None, "current")),
])
def test_more_title_patterns(nlp, text, role):
    assert role in roles_of(nlp(text))


@pytest.mark.parametrize("text, person, title, org", [
    ("Arrivé en 2003 en tant que directeur opérationnel d'Altair, Paul Girard était auparavant "
     "consultant.", "Paul Girard", "directeur opérationnel", "Altair"),
    ("Nommée l'an dernier directrice financière de Norsys, Julie Roux quitte le groupe.",
     "Julie Roux", "directrice financière", "Norsys"),
    ("Recruté comme directeur des achats de Borealis, Marc Petit prend ses fonctions lundi.",
     "Marc Petit", "directeur des achats", "Borealis"),
])
def test_a_sentence_opening_on_a_participle_and_a_title_describes_its_subject(
        nlp, text, person, title, org):
    assert (person, title, org) in {(r[0], r[1], r[2]) for r in roles_of(nlp(text))}


def test_a_participle_clause_with_its_own_name_lends_no_title(nlp):
    roles = roles_of(nlp("Arrivée chez Norsys, Anne Morel a rencontré le directeur général "
                         "Paul Roux."))
    assert {r[0] for r in roles if r[1]} == {"Paul Roux"}


@pytest.mark.parametrize("text, person, others_title", [
    ("Marc Petit quitte Cisco. Il restera conseiller auprès du nouveau CEO jusqu'en septembre.",
     "Marc Petit", "CEO"),
    ("Anne Morel sera rattachée au directeur financier.", "Anne Morel", "directeur financier"),
    ("Paul Girard travaillera aux côtés du président, avant de partir.", "Paul Girard",
     "président"),
])
def test_a_title_after_a_contracted_article_is_someone_elses(nlp, text, person, others_title):
    assert (person, others_title) not in {(r[0], r[1]) for r in roles_of(nlp(text))}


def test_under_his_or_her_direction(nlp):
    doc = nlp("Léa Morel devient directrice des programmes. Sous sa direction, Marc Petit "
              "reste, lui, directeur des flux.")
    assert reporting_of(doc) == {("Marc Petit", "Léa Morel")}


@pytest.mark.parametrize("text, expected", [
    # the subject of "qui remplace" is the person the relative pronoun follows
    ("Réorganisation chez Omega. La direction commerciale est confiée à Paul Martin, 45 ans, "
     "qui remplace Jean Dupuis, appelé à d'autres fonctions.", {("Paul Martin", "Jean Dupuis")}),
    # "Celle-ci" (tokenized "Celle", "-", "ci") stands for the last person named
    ("Claire Morel est nommée directrice des programmes. Celle-ci reprend une partie des "
     "fonctions de Pierre Lambert.", {("Claire Morel", "Pierre Lambert")}),
    # the person appointed takes the place of the one "en remplacement de" names
    ("Hervé Garnier quitte Sigma. Le groupe a annoncé la nomination de Luc Petit comme "
     "directeur général de la filiale, en remplacement de M. Garnier.",
     {("Luc Petit", "Hervé Garnier")}),
    # one post, headed by Y until now and by X from now on
    ("Le département, jusque-là dirigé par Anne Robin, est désormais repris par Louis Caron.",
     {("Louis Caron", "Anne Robin")}),
    # "le poste laissé vacant par Y … est repris par X"
    ("Le poste laissé vacant par Paul Girard à la direction générale d'Altair est repris par "
     "Léa Morel.", {("Léa Morel", "Paul Girard")}),
    # a sentence opening on a name and a long apposition is about that name
    ("Paul Martin, 52 ans, ancien directeur financier de Norsk, administrateur de plusieurs "
     "sociétés cotées et président de l'association régionale des dirigeants de petites et "
     "moyennes entreprises, succède à Jean Dupuis à la tête du pôle.",
     {("Paul Martin", "Jean Dupuis")}),
    # a sentence opening on a definite title stands for its one holder in the organisation
    ("Altair se réorganise. Le groupe Altair est désormais dirigé par le directeur général "
     "Paul Martin. Léa Morel, directrice générale de Norsk, approuve. Le directeur général du "
     "groupe, qui a succédé à Jean Dupuis il y a un an, veut simplifier l'organisation.",
     {("Paul Martin", "Jean Dupuis")}),
    # a rumour is not a succession
    ("Marc Blanc quitte Gamma. Selon la presse, il pourrait prendre la succession de Jean Roux "
     "à la tête de Delta France.", set()),
])
def test_more_succession_patterns(nlp, text, expected):
    assert successions_of(nlp(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Paul Girard, à qui succède Anne Morel, part à la retraite.", {("Anne Morel", "Paul Girard")}),
    ("Le départ de Léa Roux, à laquelle succédera Hugo Bernard comme directeur financier, "
     "surprend.", {("Hugo Bernard", "Léa Roux")}),
    ("Paul Girard, que remplacera dès lundi Anne Morel, part à la retraite.",
     {("Anne Morel", "Paul Girard")}),
    ("Marc Petit, qu'a remplacé Julie Vasseur en mai, a rejoint Norsys.",
     {("Julie Vasseur", "Marc Petit")}),
    ("Paul Girard, auquel succèdent Anne Morel et Léa Roux, quitte Altair.",
     {("Anne Morel", "Paul Girard"), ("Léa Roux", "Paul Girard")}),
])
def test_a_relative_clause_with_its_subject_after_the_verb_names_the_successor_after(
        nlp, text, expected):
    assert successions_of(nlp(text)) == expected


@pytest.mark.parametrize("text, successor, predecessor, title", [
    ("Directrice des achats, Léa Martin est remplacée dès lundi par Hugo Bernard.",
     "Hugo Bernard", "Léa Martin", "directrice des achats"),
    ("Paul Girard, directeur juridique, va quitter son poste, remplacé le 1er juillet par "
     "Marc Dubois.", "Marc Dubois", "Paul Girard", "directeur juridique"),
    ("Anne Roche, présidente d'Altair, sera remplacée à ce poste par Louis Caron.",
     "Louis Caron", "Anne Roche", "présidente"),
    ("Le directeur financier Marc Petit a été succédé en mars par Claire Dupont.",
     "Claire Dupont", "Marc Petit", "directeur financier"),
])
def test_remplace_then_a_short_adjunct_then_par_names_the_successor(
        nlp, text, successor, predecessor, title):
    doc = nlp(text)
    assert (successor, predecessor) in successions_of(doc)
    posts = {(person, t.lower(), status) for person, t, _, _, status in roles_of(doc)}
    assert {(predecessor, title, "former"), (successor, title, "new")} <= posts


@pytest.mark.parametrize("text, successor, predecessor, title", [
    ("Paul Girard quitte Vortex. Il est remplacé au poste de directeur financier par Anne "
     "Morel.", "Anne Morel", "Paul Girard", "directeur financier"),
    ("Léa Roux part à la retraite. Elle sera remplacée au poste de directrice juridique par "
     "Marc Petit.", "Marc Petit", "Léa Roux", "directrice juridique"),
    ("Hugo Bernard a été remplacé en mai au poste de président par Claire Dupont.",
     "Claire Dupont", "Hugo Bernard", "président"),
])
def test_the_post_named_inside_remplace_par_changes_hands(nlp, text, successor, predecessor,
                                                          title):
    doc = nlp(text)
    assert [(s["successor"], s["predecessor"], s["title"]) for s in doc._.successions] == \
        [(successor, predecessor, title)]
    posts = {(person, t.lower(), status) for person, t, _, _, status in roles_of(doc)}
    assert {(predecessor, title, "former"), (successor, title, "new")} <= posts
    assert (predecessor, title, "new") not in posts


@pytest.mark.parametrize("text, successor, predecessor, title, org", [
    ("Le départ de Paul Girard, remplacé par Marie Roux en tant que directrice financière "
     "d'Altair, surprend.", "Marie Roux", "Paul Girard", "directrice financière", "Altair"),
    ("Le départ à la retraite de Paul Girard, remplacé par Marie Roux comme directrice "
     "financière de Norsys, surprend.", "Marie Roux", "Paul Girard", "directrice financière",
     "Norsys"),
    ("Côté Norsys, le limogeage de Marc Petit, remplacé par Julie Vasseur comme présidente, a "
     "surpris.", "Julie Vasseur", "Marc Petit", "présidente", "Norsys"),
])
def test_the_post_a_succession_alone_names_changes_hands(nlp, text, successor, predecessor,
                                                         title, org):
    doc = nlp(text)
    assert (successor, predecessor) in successions_of(doc)
    posts = {(person, t, o, status) for person, t, o, _, status in roles_of(doc)}
    assert {(predecessor, title, org, "former"), (successor, title, org, "new")} <= posts


def test_stacked_appositions_each_give_a_post(nlp):
    doc = nlp("Elle succède à Paul Renaud, directeur général délégué, directeur des opérations.")
    roles = {(person, title, status) for person, title, _, _, status in roles_of(doc)}
    assert roles == {("Paul Renaud", "directeur général délégué", "former"),
                     ("Paul Renaud", "directeur des opérations", "former")}


@pytest.mark.parametrize("text, person, unit, status", [
    # the relative "qui" before an auxiliary
    ("Il remplace Paul Roux, qui a pris les rênes des services de la métropole.",
     "Paul Roux", "services de la métropole", "new"),
    # a noun phrase coordinated by "et des"
    ("Léa Morel assurera la direction de l'antenne et des programmes dès juin.",
     "Léa Morel", "direction de l'antenne et des programmes", "new"),
    # a status phrase between the verb and an acronym the NER leaves untagged
    ("Marc Hervé, qui dirigeait jusqu'ici SPO, devrait rejoindre Norsk.",
     "Marc Hervé", "SPO", "former"),
    # "superviser" heads
    ("Marc Hervé supervise la division Cloud.", "Marc Hervé", "Cloud", "current"),
])
def test_headship_without_title_more_patterns(nlp, text, person, unit, status):
    assert {(r["person"], r["unit"], r["status"]) for r in nlp(text)._.roles
            if not r["title"]} == {(person, unit, status)}


def test_a_present_tense_verb_the_tagger_calls_imperfect_is_not_a_past_post(nlp):
    # "dirige" is sometimes tagged Tense=Imp; the ending says present
    doc = nlp("Marc Hervé dirige SPO depuis 2019.")
    assert [r["status"] for r in doc._.roles] == ["current"]


def test_a_feminine_title_is_no_post_of_a_man(nlp):
    doc = nlp("À la fin des fonctions de la directrice générale, Jean-Pierre Dupont a proposé "
              "un pilotage collégial.")
    assert not any(r["person"] == "Jean-Pierre Dupont" for r in doc._.roles)
    # positive controls: the same title before a woman's name, the masculine before his
    for text, person, title in (
            ("À la fin des fonctions de la directrice générale, Marie Dupont a proposé un "
             "pilotage collégial.", "Marie Dupont", "directrice générale"),
            ("À la fin des fonctions du directeur général, Jean-Pierre Dupont a proposé un "
             "pilotage collégial.", "Jean-Pierre Dupont", "directeur général")):
        assert {(r["person"], r["title"]) for r in nlp(text)._.roles} == {(person, title)}


def test_jusqu_ici_in_an_apposition_makes_the_post_former_and_the_holder_its_name(nlp):
    doc = nlp("Marc Petit est remplacé par Régis Durand, 55 ans, jusqu'ici directeur général "
              "de Norsk Publicité.")
    roles = roles_of(doc)
    assert ("Régis Durand", "directeur général", "Norsk Publicité", None, "former") in roles
    assert not any(r[0] == "Marc Petit" and r[2] == "Norsk Publicité" for r in roles)


def test_a_gapped_clause_shares_the_verb_of_the_first(nlp):
    doc = nlp("Altair précise que Marc Petit deviendra directeur général et Paul Roux président.")
    roles = roles_of(doc)
    assert ("Marc Petit", "directeur général", "Altair", None, "new") in roles
    assert ("Paul Roux", "président", "Altair", None, "new") in roles


def test_a_title_then_a_copula_then_its_holder(nlp):
    doc = nlp("Le troisième directeur général délégué est Jean-Yves Martin, qui présentera "
              "ses résultats.")
    assert {(r[0], r[1]) for r in roles_of(doc)} == {("Jean-Yves Martin",
                                                      "directeur général délégué")}


def test_a_subjectless_list_of_posts_goes_on_about_the_person_before(nlp):
    doc = nlp("Xavier Perret rejoint Altair. Sa carrière s'est faite chez Norsk. Notamment en "
              "tant que directeur technique, directeur commercial grands comptes ou encore "
              "vice-président des partenariats.")
    titles = {r["title"] for r in doc._.roles if r["person"] == "Xavier Perret"}
    assert {"directeur technique", "directeur commercial grands comptes",
            "vice-président des partenariats"} <= titles


def test_ceder_le_siege_leaves_the_post(nlp):
    doc = nlp("Nicolas Terraz, l'actuel directeur exploration-production Afrique du groupe "
              "Norsk, cèdera bientôt le siège qu'il occupe depuis 2019.")
    assert ("Nicolas Terraz", "directeur exploration-production Afrique", "Norsk", None,
            "former") in roles_of(doc)


def test_the_title_an_appointing_verb_takes_as_object_is_not_its_subjects(nlp):
    doc = nlp("Emmanuel Macron nomme un directeur général des services à l'Elysée.")
    assert not any(r["person"] == "Emmanuel Macron" for r in doc._.roles)
    # positive control: the one the verb names gets the post
    named = nlp("Emmanuel Macron nomme Paul Roux directeur général de l'Agence.")
    assert {(r["person"], r["title"], r["status"]) for r in named._.roles} == {
        ("Paul Roux", "directeur général", "new")}


def test_a_post_occupied_by_someone_is_theirs_and_a_soit_gloss_is_no_other_post(nlp):
    doc = nlp("Nicolas Terraz est pressenti pour prendre le poste de directeur financier, soit "
              "le numéro 2 du groupe Norsk, occupé actuellement par Arnaud Breuillac.")
    assert roles_of(doc) == {("Arnaud Breuillac", "directeur financier", "Norsk", None,
                              "current")}


def test_coordinated_subjects_of_a_plural_headship_verb_each_head(nlp):
    doc = nlp("Jusqu'à présent, Hermen Hulst et Hideaki Nishino partageaient la direction de "
              "Sony Interactive Entertainment, avec des rôles distincts.")
    assert roles_of(doc) == {
        ("Hermen Hulst", "", "Sony Interactive Entertainment", None, "former"),
        ("Hideaki Nishino", "", "Sony Interactive Entertainment", None, "former")}


def test_a_title_inside_a_relative_clause_is_its_antecedents(nlp):
    doc = nlp("Paul Roux est remplacé par Régis Durand, 55 ans, jusqu'ici directeur de Norsk et "
              "qui rejoint le groupe en tant que directeur des opérations.")
    assert ("Régis Durand", "directeur des opérations", "new") in {
        (r["person"], r["title"], r["status"]) for r in doc._.roles}


def test_son_superieur_names_the_manager_of_the_one_son_stands_for(nlp):
    doc = nlp("Eric Boustouller quitte Altair. « Il a bâti une équipe solide », dit de lui son "
              "supérieur, Jean Courtois, président d'Altair International.")
    assert {(r["subordinate"], r["manager"]) for r in doc._.reporting} == {
        ("Eric Boustouller", "Jean Courtois")}


@pytest.mark.parametrize("text, role", [
    # the post apposed to the one replaced is being left
    ("Camille Leroy remplace Paul Renaud, directeur financier de Norsk Kraft, qui part "
     "à la retraite.",
     ("Paul Renaud", "directeur financier", "Norsk Kraft", None, "former")),
    # the current post of someone departing is being left
    ("Le départ de Mireille Faure, l'actuelle directrice de Norsk, est annoncé.",
     ("Mireille Faure", "directrice", "Norsk", None, "former")),
    # an appointment verb reaches a headship past an aside
    ("Carlos Tavares nomme Jean-Michel Imparato, un vieux compagnon de route, aux "
     "commandes de Norsk Europe.",
     ("Jean-Michel Imparato", "", "Norsk Europe", None, "new")),
    # "déjà" in an apposition
    ("Les fonctions de PDG sont confiées à Jean Granier, 45 ans, déjà directeur "
     "financier d'Altair.",
     ("Jean Granier", "directeur financier", "Altair", None, "current")),
    # a title opening the sentence describes the first person after it
    ("Ancien directeur général de Norsk Gabon entre 2015 et 2019, et premier gabonais "
     "à occuper cette fonction, Henri Ndong était depuis 2019 secrétaire général.",
     ("Henri Ndong", "directeur général", "Norsk Gabon", None, "former")),
    # a headship taken without saying of what is of the article's organisation
    ("Havas Paris perd sa coprésidente. Yannick Bolloré assurera la coprésidence à "
     "titre transitoire.",
     ("Yannick Bolloré", "", "Havas Paris", None, "new")),
    # a sentence opening on "Qui" goes on about the last person named
    ("Altair fonde une division confiée à l'ex-patronne de l'innovation, Marie Durand. "
     "Qui est nommée directrice générale adjointe.",
     ("Marie Durand", "directrice générale adjointe", "Altair", None, "new")),
])
def test_posts_stated_in_more_patterns(nlp, text, role):
    assert role in roles_of(nlp(text))


@pytest.mark.parametrize("text, successor", [
    ("Paul Roux succède à Léa Morel, fondatrice de Norsys.", "Paul Roux"),
    ("Marc Petit remplace Anne Roche, cofondatrice et présidente d'Altair.", "Marc Petit"),
    ("Léa Morel est prête à succéder à Paul Girard, fondateur de l'éditeur.", "Léa Morel"),
])
def test_a_successor_takes_no_founders_part(nlp, text, successor):
    doc = nlp(text)
    assert doc._.successions
    assert not any(r["person"] == successor and "fondat" in r["title"] for r in doc._.roles)


@pytest.mark.parametrize("text, people, title", [
    ("Anne Morel et Marc Petit ont été nommés vice-présidents.",
     {"Anne Morel", "Marc Petit"}, "vice-président"),
    ("Anne Morel, 45 ans, et Marc Petit, 50 ans, sont nommés directeurs généraux délégués.",
     {"Anne Morel", "Marc Petit"}, "directeur général délégué"),
    ("Léa Roux, présidente-fondatrice chez Norsys et membre de Cap Digital, et Hugo Bernard, "
     "président d'Altair, ont été nommés co-présidents.",
     {"Léa Roux", "Hugo Bernard"}, "co-président"),
    ("Claire Dupont, directrice financière d'Altair, et Paul Girard deviendront "
     "vice-présidents exécutifs.", {"Claire Dupont", "Paul Girard"},
     "vice-président exécutif"),
])
def test_a_plural_title_goes_to_each_person_coordinated_past_their_asides(
        nlp, text, people, title):
    holders = {r["person"] for r in nlp(text)._.roles if r["title"] == title}
    assert holders == people


def test_a_relative_clause_breaks_the_coordination(nlp):
    doc = nlp("Anne Morel, qui dirige Norsys, et Marc Petit deviennent vice-présidents.")
    assert {r["person"] for r in doc._.roles if r["title"] == "vice-président"} == {"Marc Petit"}


def reporting_pairs(doc):
    return {(r["subordinate"], r["manager"]) for r in doc._.reporting}


@pytest.mark.parametrize("text, expected", [
    # the people a colon after the manager lists
    ("La nomination de Léa Roux s'accompagne de deux fonctions directement rattachées à "
     "elle : Paul Girard devient vice-président des ventes et Anne Morel vice-présidente du "
     "marketing.", {("Paul Girard", "Léa Roux"), ("Anne Morel", "Léa Roux")}),
    # what reports is a place; the people after the manager head other places
    ("Chaque pays sera dirigé par un membre du comité : l'Allemagne sera sous la "
     "responsabilité de Hugo Bernard, le Canada revient à Marc Petit et l'Italie à Claire "
     "Dupont.", set()),
    ("La région Europe est placée sous l'autorité de Louis Caron, tandis que Julie Martin "
     "prend la direction de l'Asie.", set()),
    ("Le pôle numérique relève désormais de Anne Roche ; Marc Blanc conserve la division "
     "Énergie.", set()),
])
def test_people_after_the_manager_report_only_when_a_colon_lists_them(nlp, text, expected):
    assert reporting_pairs(nlp(text)) == expected


@pytest.mark.parametrize("text, expected", [
    # the article gives nobody a post and tells of no appointment: a film, a school
    ("Dans le film, Léa Martin joue une architecte. Elle travaille sous sa direction à la "
     "rénovation d'une usine, raconte Paul Girard.", set()),
    ("Hugo Bernard, élève du conservatoire, travaille sous la houlette de Claire Dupont "
     "depuis l'enfance.", set()),
    # the article states a post, or an appointment
    ("Léa Martin, directrice des ventes de Norsys, travaille sous la responsabilité de Paul "
     "Girard.", {("Léa Martin", "Paul Girard")}),
    ("Norsys a recruté Hugo Bernard. Il reportera à Claire Dupont.",
     {("Hugo Bernard", "Claire Dupont")}),
    # or the sentence names the organisation
    ("Chez Borealis, Claire Dumas reporte désormais à Marc Lefèvre.",
     {("Claire Dumas", "Marc Lefèvre")}),
    ("Marc Petit reporte à Anne Roche, la présidente d'Altair.", {("Marc Petit", "Anne Roche")}),
])
def test_a_reporting_line_needs_a_post_or_an_appointment_in_the_article(nlp, text, expected):
    assert reporting_pairs(nlp(text)) == expected


@pytest.mark.parametrize("text, successor, predecessor", [
    ("Thomas Girard prend la succession de Sophie Lambert à la tête de Renault.",
     "Thomas Girard", "Sophie Lambert"),
    ("Paul Martin prend la relève de Jean Roux à la direction de Michelin.",
     "Paul Martin", "Jean Roux"),
    ("Claire Petit a pris la place de Marc Blanc à la tête de la filiale belge de Danone.",
     "Claire Petit", "Marc Blanc"),
    ("Marc Blanc succède à Luc Perrin à la direction de la division Nova.",
     "Marc Blanc", "Luc Perrin"),
])
def test_the_headship_a_succession_names_is_taken_by_the_successor(nlp, text, successor,
                                                                   predecessor):
    # the successor's headship is new, and the predecessor leaves it
    statuses = {(r["person"], r["status"]) for r in nlp(text)._.roles}
    assert (successor, "new") in statuses
    assert (predecessor, "former") in statuses
    assert (successor, "current") not in statuses


@pytest.mark.parametrize("text, successor, predecessor, title", [
    ("Luc Perrin cède la place à Marc Blanc comme directeur financier de Danone.",
     "Marc Blanc", "Luc Perrin", "directeur financier"),
    ("Anne Morel laisse sa place à Paul Martin en tant que directeur général de Michelin.",
     "Paul Martin", "Anne Morel", "directeur général"),
    ("Jean Roux passe le relais à Luc Perrin comme président de Renault.",
     "Luc Perrin", "Jean Roux", "président"),
])
def test_the_title_a_succession_gives_its_successor_is_taken(nlp, text, successor,
                                                             predecessor, title):
    roles = {(r["person"], r["title"], r["status"]) for r in nlp(text)._.roles}
    assert (successor, title, "new") in roles
    assert (predecessor, title, "former") in roles


@pytest.mark.parametrize("text, pair", [
    ("Luc Perrin est nommé directeur des ventes de Renault. Il a pour N+1 Sophie Lambert.",
     ("Luc Perrin", "Sophie Lambert")),
    ("Anne Morel devient directrice juridique de Danone et aura désormais pour supérieur "
     "hiérarchique Marc Blanc.", ("Anne Morel", "Marc Blanc")),
    ("Claire Petit, nouvelle DRH de Thales, aura pour patron direct Jean Roux, le président "
     "du groupe.", ("Claire Petit", "Jean Roux")),
])
def test_having_someone_for_superior_is_reporting_to_them(nlp, text, pair):
    assert {(r["subordinate"], r["manager"]) for r in nlp(text)._.reporting} == {pair}


def test_having_something_for_habit_is_no_reporting(nlp):
    doc = nlp("Luc Perrin, directeur des ventes de Renault, a pour habitude de consulter "
              "Sophie Lambert.")
    assert doc._.reporting == []
