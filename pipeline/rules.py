"""Rule files: JSONL under ``models/``, validated on load.

Each line is one spaCy SpanRuler pattern: ``{"label": …, "pattern": "text" | [token dicts],
"id": …}`` plus an optional ``source`` that says where a learned rule came from. A typo in a
key, an unknown label or a pattern spaCy would refuse is a `RuleError` naming the file and
line, raised before any article is read.

    models/entities/*.jsonl   PERSON / ORG / UNIT / UNIT_KIND / TITLE and NOT_* deny entries
    models/cues/*.jsonl       the words that state relations (reporting, succession, headship,
                              appointment and past-post cues, plural subjects, anaphora)
    models/frames/*.jsonl     dependency frames: who heads, takes, leaves or joins what, read
                              from the parse (spaCy DependencyMatcher patterns)
    models/lexicon/*.jsonl    closed word lists the components compare tokens with
                              (pipeline.lexicon)

The code reads some rules by id (`REQUIRED_RULE_IDS`): a rule file that lacks one of them,
or gives it another label, is an error naming the id.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from spacy.matcher import DependencyMatcher, Matcher
from spacy.vocab import Vocab

from pipeline.lexicon import Lexicon, LexiconError, load_lexicon

DEFAULT_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"

PATTERN_KEYS = {"label", "pattern", "id", "source"}

ENTITY_LABELS = {
    "PERSON", "ORG", "UNIT", "UNIT_KIND", "TITLE", "TITLE_MODIFIER",
    "NOT_PERSON", "NOT_ORG", "NOT_UNIT", "NOT_TITLE",
    "NOT_TITLE_MODIFIER",  # words that never extend a title: "célèbre", "mort", "emblématique"
    "NATIONALITY",  # "française" → id "France": national subsidiaries ("filiale française")
    "ORG_INTRO",    # "la société X", "le géant … X": the name that follows is an organisation
    "PLACE",        # countries, regions, cities: never organisations ("directeur France")
    "ORG_HEAD",     # nouns that head institutions' names ("l'Agence nationale de …")
    "PRESS",        # newspapers, magazines, news sites: a source cited, unless someone works there
    "PRESS_INTRO",  # "le quotidien X", "le magazine X": the name that follows is a press title
    "TITLE_SYNONYM",  # "CFO" → id "directeur financier": one post, written two ways
}
CUE_LABELS = {
    "NEW",          # appointment: "est nommé", "devient", "rejoint … en tant que"
    "FORMER",       # past post: "ex-", "ancien", "précédemment", "jusqu'ici"
    "CURRENT",      # a post held now: "actuel", "toujours"
    "HEADS",        # headship without a title: "prend la direction de", "à la tête de"
    "HEADS_NEW",    # headship taken in the article: "prend la tête de", "se voit confier"
    "HEADED_BY",    # "présidé par", "confié à": the head comes after the cue
    "REPORTS_TO",   # subject reports to the person after the cue
    "MANAGES",      # "X lui reportera": the subject is the subordinate of the pronoun
    "SUCCEEDS",     # subject succeeds the person after the cue
    "SUCCEEDED_BY", # "Y cède … à X": the person after the cue succeeds the subject
    "PLURAL",       # "tous les trois", "les deux hommes": a group subject
    "ANAPHOR",      # "ce dernier", "celle-ci": the last person named
    "POST_ANAPHOR", # "a occupé ce poste": the subject held the post named just before
    "SPECULATION",  # "pourrait", "serait pressenti": not a fact
}
# Dependency frames (models/frames/*.jsonl): spaCy DependencyMatcher patterns over the parse,
# with a node "cue" (the anchor), "target" (what is headed or joined) and optionally "holder".
FRAME_LABELS = {
    "HEADS",        # the holder heads the target: "dirige le pôle X", "à la tête de la région Y"
    "HEADS_NEW",    # … takes it in the article: "prend la tête de", "se voit confier", "reprend"
    "HEADS_LEFT",   # … leaves it: "quitte la direction de X"
    "JOINS",        # the holder joins a board or committee: "rejoint le comité exécutif"
    "MEMBER_OF",    # … sits on it: "siège au directoire"
    "LEAVES_BODY",  # … leaves it: "quitte le conseil d'administration"
    "HAS_MEMBERS",  # the target board has as members the people listed after the cue:
                    # "le comité exécutif est composé de A, B et C", "a pour membres A et B"
    "HANDS_OVER",   # the target, someone's post, goes to the holder: "son poste sera repris
                    # par X", "les fonctions de Y reviennent à X" (a succession, X after Y)
}
# Every frame names its "cue", and "target" (a named unit or organisation, a place, or a noun
# phrase headed by a unit noun: "l'usine de Flins") or "scope" (any of these, or a business
# function: "en charge des ventes"); "holder" is optional.
FRAME_NODES = {"cue"}
FRAME_TARGETS = {"target", "scope"}
RULE_FOLDERS = {"entities": ENTITY_LABELS, "cues": CUE_LABELS, "frames": FRAME_LABELS}
LEXICON_FOLDER = "lexicon"

# The rules the code reads by id (a behaviour, not only a match), with their label, and the
# module that reads them. Renaming one in a rule file without the code would silently change
# what the pipeline does: `load_rules` refuses it.
REQUIRED_RULE_IDS = {
    "first-name-f": ("PERSON", "grammar.coreference"),
    "first-name-m": ("PERSON", "grammar.coreference"),
    "title-numero-un": ("TITLE", "components.titles"),
    "title-elu": ("TITLE", "components.roles"),
    "title-secretaire-d-etat": ("TITLE", "components.roles"),
    "current-actuel": ("CURRENT", "components.status"),
    "current-aujourd-hui": ("CURRENT", "components.status"),
    "current-stays": ("CURRENT", "components.status"),
    "former-jusqu-ici": ("FORMER", "components.status"),
    "former-at-the-time": ("FORMER", "components.status"),
    "former-departure": ("FORMER", "components.status"),
    "former-imperfect": ("FORMER", "components.status"),
    "former-leave": ("FORMER", "components.status"),
    "heads-a-la-presidence": ("HEADS", "components.headship"),
    "heads-prendre-la-direction-alone": ("HEADS_NEW", "components.headship"),
    "plural-numeral-subject": ("PLURAL", "components.cue_arguments"),
    "reports-a-qui-il-repond": ("REPORTS_TO", "components.reporting"),
    "reports-son-superieur": ("REPORTS_TO", "components.reporting"),
    "reports-sous-sa-direction": ("REPORTS_TO", "components.reporting"),
    "succeeds-son-predecesseur": ("SUCCEEDS", "components.successions"),
    "headed-by-vacated": ("HEADED_BY", "components.successions"),
}

# Relation facts reviewers marked wrong, by fact id (written by `organigramme learn`).
SUPPRESSED_FILE = Path("reviews") / "suppressed.jsonl"
SUPPRESSED_KEYS = {"table", "fact_id", "article_id", "source", "fact"}
# Who is whom across articles, as reviewers corrected it (careers.csv, via `learn`).
IDENTITIES_FILE = Path("reviews") / "identities.jsonl"
IDENTITY_KEYS = {"action", "person", "article_id", "person_id", "source"}
IDENTITY_ACTIONS = {"split", "join"}

_VALIDATION_VOCAB = Vocab()


class RuleError(ValueError):
    """A rule file that cannot be used, with the file and line that are wrong."""


@dataclass(frozen=True)
class RuleSet:
    """Patterns for the entity and cue rulers, and a hash of the files they came from."""

    entities: list[dict]
    cues: list[dict]
    digest: str
    files: tuple[str, ...]
    folder: str = ""
    lexicon: Lexicon = Lexicon()
    frames: tuple[dict, ...] = ()


def validate_frame(entry: dict, where: str) -> dict:
    """A dependency frame: a DependencyMatcher pattern naming the nodes the code reads."""
    pattern = entry["pattern"]
    if not isinstance(pattern, list) or not pattern or not all(isinstance(n, dict)
                                                               for n in pattern):
        raise RuleError(f"{where}: a frame's 'pattern' is a list of DependencyMatcher nodes")
    names = {node.get("RIGHT_ID") for node in pattern}
    if not FRAME_NODES <= names or len(names & FRAME_TARGETS) != 1:
        raise RuleError(f"{where}: a frame names a node 'cue' and one of 'target', 'scope' "
                        f"(RIGHT_ID); it names {sorted(n for n in names if n)}")
    try:
        DependencyMatcher(_VALIDATION_VOCAB, validate=True).add("CHECK", [pattern])
    except Exception as error:  # spaCy raises ValueError with its own explanation
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise RuleError(f"{where}: invalid dependency pattern: {first_line}") from None
    return entry


def validate_pattern(entry: object, labels: set[str], where: str) -> dict:
    if not isinstance(entry, dict):
        raise RuleError(f"{where}: a rule must be a JSON object, not {type(entry).__name__}")
    unknown = set(entry) - PATTERN_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}; "
                        f"allowed: {sorted(PATTERN_KEYS)}")
    for key in ("label", "pattern"):
        if key not in entry:
            raise RuleError(f"{where}: missing key {key!r}")
    if entry["label"] not in labels:
        raise RuleError(f"{where}: unknown label {entry['label']!r}; allowed: {sorted(labels)}")
    pattern = entry["pattern"]
    if labels is FRAME_LABELS:
        validate_frame(entry, where)
    elif isinstance(pattern, str):
        if not pattern.strip():
            raise RuleError(f"{where}: empty pattern")
    elif isinstance(pattern, list) and pattern:
        try:
            Matcher(_VALIDATION_VOCAB, validate=True).add("CHECK", [pattern])
        except Exception as error:  # spaCy raises ValueError/MatchPatternError with a table
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise RuleError(f"{where}: invalid token pattern: {first_line}") from None
    else:
        raise RuleError(f"{where}: 'pattern' must be a string or a non-empty list of token dicts")
    for key in ("id", "source"):
        if key in entry and not isinstance(entry[key], str):
            raise RuleError(f"{where}: {key!r} must be a string")
    return entry


def jsonl_entries(path: Path):
    """(``file:line``, parsed object) for each non-blank line of a JSONL rule file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError(f"{path}: cannot read rule file: {error}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as error:
            raise RuleError(f"{where}: not valid JSON: {error.msg}") from None


def read_rule_file(path: Path, labels: set[str]) -> list[dict]:
    return [validate_pattern(entry, labels, where) for where, entry in jsonl_entries(path)]


def _rules_root(models_dir: str | Path | None) -> Path:
    root = Path(models_dir) if models_dir else DEFAULT_MODELS_DIR
    if not root.is_dir():
        raise RuleError(f"{root}: rules folder not found")
    return root


def _rule_files(root: Path) -> dict[str, list[Path]]:
    return {folder: sorted((root / folder).glob("*.jsonl"))
            for folder in [*RULE_FOLDERS, LEXICON_FOLDER]}


def rules_digest(models_dir: str | Path | None = None) -> str:
    """A hash of every rule file (and reviewers' suppressions) of a models folder: what a
    run records, and what tells a cached pipeline from a stale one."""
    root = _rules_root(models_dir)
    digest = hashlib.sha256()
    for paths in _rule_files(root).values():
        for path in paths:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    if (root / SUPPRESSED_FILE).exists():
        digest.update((root / SUPPRESSED_FILE).read_bytes())
    return digest.hexdigest()[:16]


def load_rules(models_dir: str | Path | None = None) -> RuleSet:
    """Read and validate every rule file of a models folder."""
    root = _rules_root(models_dir)
    files = _rule_files(root)
    found = {folder: [entry for path in files[folder]
                      for entry in read_rule_file(path, RULE_FOLDERS[folder])]
             for folder in RULE_FOLDERS}
    if not found["entities"]:
        raise RuleError(f"{root}: no entity rules under {root / 'entities'}")
    check_required_ids(found["entities"] + found["cues"], root)
    try:
        lexicon = load_lexicon(files[LEXICON_FOLDER])
    except LexiconError as error:
        raise RuleError(str(error)) from None
    return RuleSet(found["entities"], found["cues"], rules_digest(root),
                   tuple(str(p) for paths in files.values() for p in paths), str(root.resolve()),
                   lexicon, tuple(found["frames"]))


def check_required_ids(entries: list[dict], root: Path) -> None:
    """Every rule id the code reads exists, with the label the code expects."""
    labels: dict[str, set[str]] = {}
    for entry in entries:
        labels.setdefault(entry.get("id", ""), set()).add(entry["label"])
    for rule_id, (label, module) in REQUIRED_RULE_IDS.items():
        if label not in labels.get(rule_id, set()):
            found = sorted(labels.get(rule_id, set()))
            raise RuleError(f"{root}: rule id {rule_id!r} ({label}) missing"
                            + (f" (found with label {', '.join(found)})" if found else "")
                            + f": pipeline.{module} reads it")



def load_suppressed(models_dir: str | Path | None = None) -> set[str]:
    """Fact ids of relation rows reviewers marked wrong (``models/reviews/suppressed.jsonl``)."""
    path = (Path(models_dir) if models_dir else DEFAULT_MODELS_DIR) / SUPPRESSED_FILE
    if not path.exists():
        return set()
    ids = set()
    for where, entry in jsonl_entries(path):
        if not isinstance(entry, dict) or "fact_id" not in entry:
            raise RuleError(f"{where}: a suppression needs a 'fact_id'")
        unknown = set(entry) - SUPPRESSED_KEYS
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}")
        ids.add(entry["fact_id"])
    return ids


def load_identity_reviews(models_dir: str | Path | None = None) -> list[dict]:
    """Reviewers' corrections of person ids (``models/reviews/identities.jsonl``), in file
    order: ``{"action": "split", "person", "article_id"}`` sets an article's occurrence of a
    name apart; ``{"action": "join", …, "person_id"}`` makes it that person."""
    path = (Path(models_dir) if models_dir else DEFAULT_MODELS_DIR) / IDENTITIES_FILE
    if not path.exists():
        return []
    entries = []
    for where, entry in jsonl_entries(path):
        if not isinstance(entry, dict):
            raise RuleError(f"{where}: an identity review is a JSON object")
        unknown = set(entry) - IDENTITY_KEYS
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}")
        if entry.get("action") not in IDENTITY_ACTIONS:
            raise RuleError(f"{where}: 'action' must be one of {sorted(IDENTITY_ACTIONS)}")
        needed = {"person", "article_id"} | ({"person_id"} if entry["action"] == "join" else set())
        absent = sorted(k for k in needed if not entry.get(k))
        if absent:
            raise RuleError(f"{where}: a {entry['action']} needs {', '.join(absent)}")
        entries.append(entry)
    return entries
