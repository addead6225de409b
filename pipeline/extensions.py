"""Every Doc extension the pipeline sets, registered in one place.

Values are lists of plain dicts (strings and character offsets, never Span objects) so that
docs could cross process boundaries unchanged; ``lexicon`` is the pipeline's word lists
(pipeline.lexicon), set on each doc by the first component so that the plain functions beside
the components can read them. Every factory registers them, so a pipeline saved with
``nlp.to_disk`` and loaded with ``spacy.load`` has them.
"""

from spacy.tokens import Doc

DOC_EXTENSIONS = ("people", "organizations", "units", "roles", "reporting", "successions",
                  "lexicon", "frames")


def register_extensions() -> None:
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
