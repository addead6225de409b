"""The code's structure as the README promises it: word lists live in data, not in Python;
the modules import one another without cycles."""

import ast
import json
from pathlib import Path

from pipeline.review import VERDICTS
from pipeline.rules import CUE_LABELS, ENTITY_LABELS
from pipeline.tables import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"
ACCENTED = set("éèêëàâäôöûüùçîïœ")
WORD_KEYS = {"LOWER", "TEXT", "ORTH", "LEMMA", "NORM", "IN", "NOT_IN", "RIGHT_ATTRS"}
NODE_KEYS = {"RIGHT_ID", "LEFT_ID", "REL_OP"}


def _rule_vocabulary() -> set[str]:
    """Every word the rule files and word lists of models/ hold: what French the rules use."""
    words: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            words.update(value.lower().split())
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):  # only the attributes that hold words, not DEP / POS
            for key, item in value.items():
                if key in WORD_KEYS or not key.isupper() and key not in NODE_KEYS:
                    walk(item)

    for path in (ROOT / "models").rglob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                words_field = entry.get("words", entry.get("pattern"))
                walk(list(words_field) if isinstance(words_field, dict) else words_field)
    return {w for w in words if len(w) > 1 and any(c.isalpha() for c in w)}


def _data_model_names() -> set[str]:
    """Names of the tables, their columns, statuses and verdicts: English identifiers of the
    data model, some of which are spelt like French words ("date", "source", "unit")."""
    from pipeline.articles import LANGUAGE_NAMES

    names = set(COLUMNS) | {c for columns in COLUMNS.values() for c in columns} | set(VERDICTS)
    names |= set(LANGUAGE_NAMES)  # ISO codes: "de", "en"
    return names | {"new", "former", "current", "unit", "units", "succession", "manager",
                    "organisations"}


def _string_literals(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            yield node.lineno, node.value


def french_word_literals() -> list[tuple[str, int, str]]:
    vocabulary = _rule_vocabulary()
    excluded = _data_model_names() | {label.lower() for label in ENTITY_LABELS | CUE_LABELS}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for line, value in _string_literals(path):
            word = value.lower()
            if value.isupper() or "=" in value or word in excluded:
                continue  # tags ("NOUN"), labels ("PLACE"), morphology ("Tense=Fut")
            if word in vocabulary or (len(word) > 1 and word.isalpha() and ACCENTED & set(word)):
                found.append((str(path.relative_to(ROOT)), line, value))
    return found


def test_french_words_live_in_data_not_in_python():
    found = french_word_literals()
    assert len(found) < 50, found
    # the counter does see French: the scorer's spec, as data, holds some
    spec = json.loads((PACKAGE / "gold_format.json").read_text(encoding="utf-8"))
    assert {"division", "filiale"} <= set(spec["unit_kind_words"]) & _rule_vocabulary()


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("pipeline")}
    return found


def test_no_import_cycles_even_through_deferred_imports():
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        graph[module.removesuffix(".__init__")] = _imports(path)
    cycles = []

    def visit(module, trail):
        for imported in graph.get(module, ()):
            if imported in trail:
                cycles.append(trail[trail.index(imported):] + [imported])
            elif imported not in seen:
                seen.add(imported)
                visit(imported, trail + [imported])

    for start in graph:
        seen = {start}
        visit(start, [start])
    assert graph["pipeline.extract"] and not cycles, cycles
