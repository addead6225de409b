"""Every Doc extension the pipeline sets, registered in one place.

Values are lists of plain dicts (strings and character offsets, never Span objects) so that
docs could cross process boundaries unchanged.
"""

from spacy.tokens import Doc

DOC_EXTENSIONS = ("people", "organizations", "units", "roles", "reporting", "successions")


def register_extensions() -> None:
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
