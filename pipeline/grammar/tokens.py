"""What one token is: a finite verb, an imperfect, an acronym, a capitalised word."""

from __future__ import annotations

from spacy.tokens import Token


def is_finite_verb(token: Token) -> bool:
    """A conjugated verb or auxiliary ("succède", "était"): where a new clause begins."""
    return token.pos_ in {"VERB", "AUX"} and "VerbForm=Fin" in str(token.morph)


def is_imperfect(token: Token) -> bool:
    """"dirigeait", "était": the imperfect, where the tagger says so and the ending agrees
    (it tags some present forms such as "dirige" Tense=Imp)."""
    return "Tense=Imp" in str(token.morph) and token.lower_.endswith(
        tuple(token.doc._.lexicon.imperfect_endings))


def is_plural(token: Token) -> bool:
    """"directeurs", "vice-présidents": plural where the tagger says so, or a lower-case
    hyphenated word ending in -s or -x (the tagger calls "vice-présidents" singular)."""
    if "Number=Plur" in str(token.morph):
        return True
    text = token.text
    return token.is_lower and "-" in text and text.endswith(("s", "x")) \
        and not text.endswith("ss")


def is_general_word(token: Token) -> bool:
    """"générale(s)" of "la direction générale", "les Directions Générales": headship, not a
    name (the lexicon's `general_word`, in either number)."""
    return token.lower_.rstrip("s") in token.doc._.lexicon.general_word


def is_acronym(token: Token) -> bool:
    """"OCP", "SMS&P", "SPO": a short word of capitals (one small letter allowed)."""
    text = token.text
    letters = [c for c in text if c.isalpha()]
    return (2 <= len(text) <= 10 and len(letters) >= 2
            and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1))


def is_capitalized(token: Token) -> bool:
    """Written as a name: a capital first ("Orange"), a digit then a capital ("6ter" no,
    "3M" yes), or a lower-case prefix then a capital ("bioMérieux", "eBay")."""
    text = token.text
    return bool(text) and (text[0].isupper() or (text[0].isdigit() and len(text) > 1
                                                and any(c.isupper() for c in text))
                           or (text[0].islower() and text.isalpha() and len(text) > 3
                               and any(c.isupper() for c in text[1:4])))


def is_common(token: Token, common: frozenset[str]) -> bool:
    """Is this word a French common noun or adjective (`common`: the words the model's
    lemmatizer knows as such), capitalised or not?"""
    forms = {token.lower_, token.lemma_.lower(), token.lower_.rstrip("sx")}
    # a capital often loses its accent: "l'Etat" is "l'État" (an acronym keeps its letters)
    if token.text[:1] == "E" and not token.is_upper:
        forms |= {"é" + form[1:] for form in forms if form[:1] == "e"}
    return bool(forms & common)
