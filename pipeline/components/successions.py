"""Successions: who succeeds whom, in which post, and the posts that change hands.

From the SUCCEEDS cues ("succède à", "remplace", "en remplacement de", "lui succède") and the
SUCCEEDED_BY cues ("Y cède … à X", "remplacé par") of models/cues/succession.jsonl, from a post
headed by one person before and another now ("jusque-là dirigée par Y, … reprise par X"), and
from one person's departure told beside another's appointment ("après le départ de Y, Engie
s'est choisi une nouvelle DG, X"). `inherit_posts` then hands the predecessor's post to the
successor (components.status names the revisions).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.components.cue_arguments import cue_subjects, fact, person_after
from pipeline.components.frame_roles import SUCCESSION_FRAMES, person_at
from pipeline.components.status import ACTUEL_CUE, revise
from pipeline.components.holders import org_in_clause
from pipeline.grammar.clauses import (
    coordinated_people, is_speculative, negation_of, object_of_cue, place_after,
)
from pipeline.grammar.coreference import antecedent
from pipeline.grammar.mentions import MentionIndex
from pipeline.matching import normalize

# Succession rules (models/cues/*.jsonl ids) read by name.
PREDECESSOR_CUE = "succeeds-son-predecesseur"  # "Et son prédécesseur Harry L. You …"
VACATED_CUE = "headed-by-vacated"              # "le poste laissé vacant par Y"
DEPARTURE_CUE = "former-departure"             # "le départ de Y"
DEPARTURE_REACH = 4  # tokens from "le départ" to the name: "le départ fracassant d'X"
RELATIVE_CUE = "succeeded-by-relative"         # "Y, à qui succède X", "Y, que remplace X"
RELATIVE_REACH = 4  # tokens from the verb to its inverted subject: "que remplacera dès lundi X"


def find_successions(index: MentionIndex, max_gap: int) -> list[dict]:
    doc, lex = index.doc, index.lex
    rows, seen = [], set()
    for cue in index.cues.spans:
        if cue.label_ not in {"SUCCEEDS", "SUCCEEDED_BY"}:
            continue
        sent = cue.sent
        if is_speculative(index, max(sent.start, cue.start - 6), cue.start):
            continue  # "il pourrait prendre la succession de X": a rumour, not a fact
        if cue.root.pos_ in {"VERB", "AUX"} and negation_of(cue.root) == "not":
            continue  # "il n'avait pas remplacé X en 2007": no succession took place
        rule = f"succession:{cue.id_ or cue.label_}"
        subject = cue_subjects(index, cue, max_gap, set())
        dative = cue[0].lower_ in lex.dative_pronouns
        if cue.id_ == PREDECESSOR_CUE:
            # "Greg Maffei … Et son prédécesseur Harry L. You …": "son" is the successor
            name, span = person_after(index, cue, set())
            if name is None or span is None or span.start - cue.end > 2:
                continue
            successors = [antecedent(index, cue.start, exclude={name})]
            predecessors, end = [name], span.end
        elif cue.label_ == "SUCCEEDS":
            successors = subject
            pronoun_object = dative or (cue.start > sent.start
                                        and doc[cue.start - 1].lower_ in lex.object_pronouns)
            if pronoun_object:
                # "pour la remplacer": the pronoun's gender picks the predecessor
                gender = lex.object_pronouns.get(doc[cue.start - 1].lower_) or None \
                    if not dative else None
                predecessors = [antecedent(index, cue.start, exclude=set(successors),
                                           gender=gender)]
                end = cue.end
            else:
                name, span = person_after(index, cue, set(successors))
                predecessors, end = [name], (span.end if span is not None else cue.end)
                if span is not None:
                    more = coordinated_people(index, span.end, sent.end)
                    predecessors += [index.name(p) for p in more]
            if not successors:
                successors = [index.name(p) for p in index.people.within(end, sent.end)]
            if not successors:
                # "la nomination de X comme directeur, en remplacement de Y"
                appointed = _appointed_before(index, cue)
                successors = [index.name(appointed)] if appointed is not None else []
        elif cue.id_ == RELATIVE_CUE:
            # "Y, à qui succède X", "Y, que remplacera X": the relative's antecedent is
            # the predecessor, the inverted subject after the verb the successor
            before = index.nearest_person_before(cue.start, sent.start)
            person = index.first_person_after(cue.end, min(sent.end, cue.end + RELATIVE_REACH))
            if before is None or person is None \
                    or any(not t.is_punct for t in doc[before.end:cue.start]):
                continue
            predecessors, end = [index.name(before)], person.end
            successors = [index.name(p) for p in
                          [person, *coordinated_people(index, person.end, sent.end)]]
        else:
            predecessors = subject
            if dative:
                successors = [antecedent(index, cue.start, exclude=set(predecessors))]
                end = cue.end
            else:
                j = cue.end
                if cue[-1].lower_ not in lex.successor_prepositions:
                    while j < sent.end and doc[j].lower_ not in lex.successor_prepositions:
                        j += 1
                person = index.first_person_after(j, min(sent.end, j + 8))
                successors = [index.name(person)] if person is not None else []
                end = person.end if person is not None else cue.end
        # "remplacé au poste de directeur financier par X": the post named inside the cue
        inner = index.titles.within(cue.start, cue.end) if cue.label_ == "SUCCEEDED_BY" else []
        title = inner[0].text if inner else _title_after(index, end, sent.end)
        for successor in successors:
            for predecessor in predecessors:
                key = (normalize(successor or ""), normalize(predecessor or ""))
                if successor and predecessor and successor != predecessor and key not in seen:
                    seen.add(key)
                    rows.append({"successor": successor, "predecessor": predecessor,
                                 "title": title, **fact(doc, cue, [], rule)})
    return rows + _handovers(index, seen) + _posts_taken_over(index, seen)


def _title_after(index: MentionIndex, i: int, limit: int) -> str:
    """The post a succession is about: "succède à Y comme directeur général"."""
    doc, introducers = index.doc, index.lex.title_introducers
    for j in range(i, min(limit, i + 6)):
        title = index.titles.starting_at(j)
        if title is not None and any(t.lower_ in introducers for t in doc[i:j]):
            return title.text
    return ""


def _appointed_before(index: MentionIndex, cue: Span) -> Span | None:
    """The person an appointment cue before `cue` in its sentence names ("nomination de X")."""
    for person in reversed(index.people.before(cue.start, cue.sent.start)):
        if object_of_cue(index, person, {"NEW"}):
            return person
    return None


def _handovers(index: MentionIndex, seen: set) -> list[dict]:
    """"La division, jusque-là dirigée par Y, est désormais reprise par X", "le poste laissé
    vacant par Y … est repris par X": the same post headed by one person before and by
    another now is a succession (X succeeds Y)."""
    doc, rows = index.doc, []
    headed = [c for c in index.cues.spans if c.label_ == "HEADED_BY"
              and c[-1].lower_ in index.lex.par_word]
    for earlier, later in zip(headed, headed[1:]):
        if earlier.sent.start != later.sent.start:
            continue
        window = index.cues.within(max(earlier.sent.start, earlier.start - 3), earlier.start)
        if earlier.id_ != VACATED_CUE and not any(c.label_ == "FORMER" for c in window):
            continue  # "jusque-là dirigée par Y", or "le poste laissé vacant par Y"
        before = index.first_person_after(earlier.end, min(later.start, earlier.end + 4))
        after = index.first_person_after(later.end, min(later.sent.end, later.end + 4))
        if before is None or after is None:
            continue
        successor, predecessor = index.name(after), index.name(before)
        key = (normalize(successor), normalize(predecessor))
        if successor != predecessor and key not in seen:
            seen.add(key)
            rows.append({"successor": successor, "predecessor": predecessor, "title": "",
                         **fact(doc, earlier, [later, before, after], "succession:handover")})
    return rows


def _posts_taken_over(index: MentionIndex, seen: set) -> list[dict]:
    """"Son poste sera repris par X", "les fonctions de Y sont confiées à X", "ses
    responsabilités reviennent à X" (frames HANDS_OVER): X succeeds the post's holder, named
    in its complement or standing behind the possessive."""
    doc, rows = index.doc, []
    for frame in doc._.frames or []:
        if frame["label"] not in SUCCESSION_FRAMES or frame["holder"] is None:
            continue
        cue, post = doc[frame["cue"]], doc[frame["target"]]
        if is_speculative(index, max(cue.sent.start, cue.i - 6), cue.i + 1):
            continue
        successor, mention = person_at(index, doc[frame["holder"]])
        if successor is None:
            continue
        predecessor = _post_holder(index, post, {successor})
        if predecessor is None:
            continue
        key = (normalize(successor), normalize(predecessor))
        if successor != predecessor and key not in seen:
            seen.add(key)
            end = mention.end if mention is not None else cue.i + 1
            title = _title_after(index, post.i + 1, min(cue.i, end))
            rows.append({"successor": successor, "predecessor": predecessor, "title": title,
                         **fact(doc, doc[min(post.i, cue.i):end], [], f"succession:{frame['id']}")})
    return rows


def _post_holder(index: MentionIndex, post: Token, exclude: set[str]) -> str | None:
    """Whose post a post noun is: "les fonctions (de PDG) de Y", or "son poste" (the person
    the possessive stands for)."""
    for token in post.subtree:
        if token.i > post.i and token.dep_ == "nmod":
            mention = index.people.at.get(token.i)
            if mention is not None and index.name(mention) not in exclude:
                return index.name(mention)
    if any(c.dep_ == "det" and "Yes" in c.morph.get("Poss") for c in post.children):
        return antecedent(index, post.i, exclude=exclude, prefer_subject=True)
    return None


def successions_after_departures(index: MentionIndex, roles: list[dict],
                                 known: list[dict]) -> list[dict]:
    """"Après le départ fracassant d'Isabelle Kocher, Engie s'est choisi une nouvelle
    directrice générale, Catherine MacGregor": a sentence telling of one person's departure
    and of another's appointment to a titled post is a succession to that post."""
    doc, rows, lex = index.doc, [], index.lex
    seen = {(normalize(r["successor"]), normalize(r["predecessor"])) for r in known}
    for cue in index.cues.spans:
        if cue.id_ != DEPARTURE_CUE or cue[0].lower_ not in lex.departure_nouns:
            continue
        sent = cue.sent
        leaving = index.first_person_after(cue.end, min(sent.end, cue.end + DEPARTURE_REACH))
        if leaving is None or doc[leaving.start - 1].lower_ not in lex.prepositions_de:
            continue
        predecessor = index.name(leaving)
        taken = [r for r in roles if r["status"] == "new" and r["title"]
                 and r["person"] != predecessor and r["start"] >= leaving.end_char
                 and sent.start_char <= r["start"] < sent.end_char]
        if len({r["person"] for r in taken}) != 1:
            continue  # nobody, or several people appointed: whose post was left is unsaid
        role = taken[0]
        key = (normalize(role["person"]), normalize(predecessor))
        if key not in seen:
            seen.add(key)
            rows.append({"successor": role["person"], "predecessor": predecessor,
                         "title": role["title"],
                         **fact(doc, cue, [leaving], "succession:after-departure"),
                         "end": max(role["end"], leaving.end_char)})
    return rows


def is_seat(title: str, seat_words: frozenset[str]) -> bool:
    """"membre du comité exécutif", "administrateur", "fondateur": a seat among others or a
    part in a founding, which no successor takes from the one succeeded."""
    return bool(title) and title.split()[0].lower() in seat_words


def successors_posts_are_taken(roles: list[dict], successions: list[dict]) -> None:
    """"X prend la succession de Y à la tête de Z", "Y est remplacé par X comme DG": a
    headship, or a title predicated of the successor, that the succession's sentence gives,
    with nothing else said of it, is the post being taken (a title in apposition, "X,
    directeur de W, succède à Y", is the post held so far)."""
    sentences = {(s["successor"], s["sent_start"]) for s in successions}
    for role in roles:
        if role["status_reason"] == "nothing-said" \
                and (not role["title"] or role["rule"] == "title:subject") \
                and (role["person"], role["sent_start"]) in sentences:
            revise(role, "taken-in-succession")


def posts_named_by_successions(index: MentionIndex, roles: list[dict], successions: list[dict],
                               default_org: str | None) -> None:
    """"Le départ de Y, remplacé par X en tant que DG, …": the succession names the post and
    no other construction gives it to either person, so the successor takes it (new) and the
    predecessor leaves it (former), in the organisation the title names, else the sentence's
    employer or the article's organisation."""
    for succession in successions:
        if not succession["title"] or is_seat(succession["title"], index.lex.seat_words):
            continue
        post = normalize(succession["title"])
        people = {succession["successor"], succession["predecessor"]}
        if any(r["person"] in people and normalize(r["title"]) == post for r in roles):
            continue
        title = next((t for t in index.titles.spans
                      if succession["sent_start"] <= t.start_char < succession["sent_end"]
                      and t.text == succession["title"]), None)
        if title is None:
            continue
        org, unit, _ = place_after(index.doc, index, title.end, title.sent.end)
        row = {"title": succession["title"],
               "org": index.name(org) if org is not None
               else org_in_clause(index, title, default_org),
               "unit": unit.text if unit is not None else None,
               "start": min(succession["start"], title.start_char),
               "end": max(succession["end"], title.end_char),
               "rule": "succession:named-post",
               "sent_start": succession["sent_start"], "sent_end": succession["sent_end"]}
        roles.append(revise({**row, "person": succession["successor"]}, "succeeds-to-post"))
        roles.append(revise({**row, "person": succession["predecessor"]}, "left-to-successor"))


def retire_successors_current_posts(roles: list[dict], successions: list[dict]) -> None:
    """"remplacé par X, actuellement directrice du contrôle de gestion": a successor moves to
    a new post, so the post said to be held "actuellement" is being left (GOLD_FORMAT)."""
    successors = {s["successor"] for s in successions}
    reason = f"status-cue:{ACTUEL_CUE}"
    for role in roles:
        if role["person"] in successors and role["status"] == "current" \
                and role.get("status_reason") == reason:
            revise(role, "held-until-moved")


def inherit_posts(roles: list[dict], successions: list[dict], seat_words: frozenset[str]
                  ) -> None:
    """A successor takes the predecessor's post, and the predecessor leaves it.

    "Doug Ostermann lui succède" after "Natalie Knight, la directrice financière" gives
    Ostermann the post (new) and makes Knight's former.
    """
    for succession in successions:
        successor, predecessor = succession["successor"], succession["predecessor"]
        # the post a succession names in its sentence is the predecessor's even if read as
        # taken ("Il est remplacé au poste de DG par X", "Y sera remplacée par X en tant que
        # DG": "au poste de", "en tant que" read as an appointment)
        held = [r for r in roles if r["person"] == predecessor and (
            r["status"] != "new" or succession["title"]
            and normalize(r["title"]) == normalize(succession["title"])
            # … a post whose mention begins by the cue, not a later one of the sentence
            # ("…, et Y deviendra DG d'Orange Espagne")
            and succession["sent_start"] <= r["start"] <= succession["end"]
            and r["end"] <= succession["sent_end"])]
        taken = [r for r in roles if r["person"] == successor and r["status"] == "new"]
        posts = {(normalize(r["title"]), normalize(r["unit"]), normalize(r["org"]))
                 for r in roles if r["person"] == successor}
        # Which post the successor takes: the one the succession names, else the
        # predecessor's only post (of several, the text does not say which).
        inherited = [r for r in held if normalize(succession["title"]) == normalize(r["title"])] \
            if succession["title"] else (held if len(held) == 1 else [])
        for role in held:
            if role.get("kept") and role not in inherited:
                continue  # "son prédécesseur, X, aujourd'hui président": still president
            revise(role, "succeeded")
            key = (normalize(role["title"]), normalize(role["unit"]), normalize(role["org"]))
            # A successor the text gives a new post takes that one, unless the succession
            # names the post it hands on ("lui cède son titre de vice-président").
            if key not in posts and role in inherited and (succession["title"] or not taken) \
                    and not is_seat(role["title"], seat_words):
                roles.append(revise({**role, "person": successor,
                                     "rule": "succession:inherit"}, "succeeds-to-post"))
        if not held:
            # The predecessor leaves the post the successor takes, unless the text gives
            # the predecessor that very title as a new post ("succédera à Y, nommé DG").
            new_posts = {(normalize(r["title"]), normalize(r["org"])) for r in roles
                         if r["person"] == predecessor and r["status"] == "new"}
            for role in taken:
                if (normalize(role["title"]), normalize(role["org"])) not in new_posts \
                        and not is_seat(role["title"], seat_words):
                    roles.append(revise({**role, "person": predecessor,
                                         "rule": "succession:inherit"}, "left-to-successor"))
