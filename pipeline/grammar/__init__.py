"""French grammar helpers shared by the components: plain functions over tokens and the span
groups the entity resolver writes, no spaCy components of their own.

- `tokens`: what a single token is (a finite verb, an imperfect, an acronym, capitalised);
- `mentions`: people, organisations, titles, units and cues of a doc, looked up by position;
- `coreference`: whom "il", "ce dernier", "l'ancienne directrice" stand for; people's genders;
- `clauses`: the subject of a clause, appositions, coordination, time phrases, where a post is.
"""
