"""Dependency frames: who heads, takes, leaves or joins what, read from the parse.

A frame is a spaCy DependencyMatcher pattern (models/frames/*.jsonl) whose nodes name the
``cue`` (the verb or noun that states the relation: "dirige", "tête", "rejoint"), the
``target`` (what is headed or joined) and, where the construction puts it elsewhere than the
clause's subject, the ``holder`` ("confiée à X", "dirigée par X"). This component matches them
and writes each match as token indices on ``doc._.frames``; `frame_roles` turns them into
roles. Reading the parse, one frame covers the wordings a token window would each need a
rule for: "X dirigera le pôle", "X, qui dirigeait le pôle", "avant de diriger le pôle",
"le pôle sera dirigé par X".
"""

from __future__ import annotations

from pathlib import Path

import srsly
from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc

from pipeline.extensions import register_extensions

FRAMES_FILE = "frames.jsonl"


@Language.factory("organigramme_frames", assigns=["doc._.frames"],
                  requires=["token.dep", "token.lemma"])
def make_frame_matcher(nlp: Language, name: str) -> "FrameMatcher":
    register_extensions()
    return FrameMatcher(nlp, name)


class FrameMatcher:
    def __init__(self, nlp: Language, name: str):
        self.nlp = nlp
        self.name = name
        self.frames: list[dict] = []
        self.matcher = DependencyMatcher(nlp.vocab)
        self._keys: dict[int, tuple[dict, list[str]]] = {}

    def add_frames(self, frames: list[dict]) -> None:
        for frame in frames:
            frame = {k: v for k, v in frame.items() if k != "source"}
            key = f"{frame['label']}|{frame.get('id', '')}|{len(self.frames)}"
            self.matcher.add(key, [frame["pattern"]])
            names = [node["RIGHT_ID"] for node in frame["pattern"]]
            self._keys[self.nlp.vocab.strings[key]] = (frame, names)
            self.frames.append(frame)

    def __call__(self, doc: Doc) -> Doc:
        # a pipeline without a parser has no frames to read (the matcher would refuse the doc)
        doc._.frames = match_frames(self.matcher, self._keys, doc) \
            if self.frames and doc.has_annotation("DEP") else []
        return doc

    def to_disk(self, path, exclude=tuple()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / FRAMES_FILE, self.frames)

    def from_disk(self, path, exclude=tuple()):
        self.frames, self._keys = [], {}
        self.matcher = DependencyMatcher(self.nlp.vocab)
        self.add_frames(list(srsly.read_jsonl(Path(path) / FRAMES_FILE)))
        return self


def match_frames(matcher: DependencyMatcher, keys: dict, doc: Doc) -> list[dict]:
    """Each frame match as {label, id, cue, target, scope, holder}: token indices (the target
    node's, whichever name the frame gives it; `scope` says it was named "scope"), holder None
    when the frame leaves it to the clause's subject. One per (label, cue, target)."""
    found: dict[tuple, dict] = {}
    for match_id, token_ids in matcher(doc):
        frame, names = keys[match_id]
        nodes = dict(zip(names, token_ids))
        scope = "scope" in nodes
        target = nodes["scope"] if scope else nodes["target"]
        key = (frame["label"], nodes["cue"], target)
        if key not in found or (found[key]["holder"] is None and "holder" in nodes):
            found[key] = {"label": frame["label"], "id": frame.get("id", ""),
                          "cue": nodes["cue"], "target": target, "scope": scope,
                          "holder": nodes.get("holder")}
    return sorted(found.values(), key=lambda f: (f["cue"], f["target"], f["label"]))
