"""The French rule lemmatizer for verbs only, as a registered, saved setting.

The French rule lemmatizer costs as much as the tagger and NER together. The rules only read
verb lemmas ("nommer", "reporter"): verbs keep the rule lemmatizer, every other word is looked
up in the model's own table (measured on the dev set: the lemmatizer runs 20× faster, no F1
lost). The -er verbs' "il quitte" forms, which the French rules leave unlemmatized (they have
no "-e → -er" rule, too ambiguous for nouns), are repaired: a finite verb in -e whose -er
infinitive is a known verb is that verb.

`VerbRuleLemmatizer` is spaCy's French lemmatizer with one more mode, ``verbs_by_rule``,
registered as the factory ``organigramme_lemmatizer``: a pipeline saved with ``nlp.to_disk``
names it in its config, keeps its lookup tables, and lemmatizes the same way once loaded.
"""

from __future__ import annotations

from spacy.lang.fr.lemmatizer import FrenchLemmatizer
from spacy.language import Language
from spacy.tokens import Token

MODE = "verbs_by_rule"


@Language.factory(
    "organigramme_lemmatizer",
    assigns=["token.lemma"],
    default_config={"model": None, "mode": MODE, "overwrite": False,
                    "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}},
    default_score_weights={"lemma_acc": 1.0},
)
def make_verb_rule_lemmatizer(nlp: Language, model, name: str, mode: str, overwrite: bool,
                              scorer) -> "VerbRuleLemmatizer":
    return VerbRuleLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite,
                              scorer=scorer)


class VerbRuleLemmatizer(FrenchLemmatizer):
    @classmethod
    def get_lookups_config(cls, mode: str):
        return super().get_lookups_config("rule" if mode == MODE else mode)

    def verbs_by_rule_lemmatize(self, token: Token) -> list[str]:
        if token.pos_ not in {"VERB", "AUX"}:
            return self.lookup_lemmatize(token)
        lemmas = self.rule_lemmatize(token)
        form = token.lower_
        if lemmas == [form] and form.endswith("e") and form + "r" in self._verbs():
            return [form + "r"]
        return lemmas

    def _verbs(self) -> frozenset[str]:
        verbs = getattr(self, "_known_verbs", None)
        if verbs is None:
            index = self.lookups.get_table("lemma_index") if \
                self.lookups.has_table("lemma_index") else {}
            verbs = self._known_verbs = frozenset(index.get("verb", []))
        return verbs


def use_verb_rule_lemmatizer(nlp: Language) -> None:
    """Replace the model's French lemmatizer by `VerbRuleLemmatizer`, with its tables."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    current = nlp.get_pipe("lemmatizer")
    if isinstance(current, VerbRuleLemmatizer) or not isinstance(current, FrenchLemmatizer) \
            or not current.lookups.has_table("lemma_lookup"):
        return
    replacement = nlp.replace_pipe("lemmatizer", "organigramme_lemmatizer",
                                   config={"mode": MODE, "overwrite": current.overwrite})
    replacement.lookups = current.lookups
