"""Turning reviewers' corrections into rules, so the next run is better without code changes.

- entity tables (people, organizations, units, mentions): ``wrong`` → a ``NOT_<label>`` deny
  entry for that text; ``fixed``/``missing`` → a pattern for the label when the rules do not
  already find that text;
- roles: the title of a ``fixed``/``missing`` row becomes a TITLE pattern when no title rule
  covers it ("grand argentier");
- relation tables (roles, reporting, successions): ``wrong`` → the fact id goes to
  ``models/reviews/suppressed.jsonl`` and is not produced again;
- careers (who is whom across articles): ``wrong`` → that article's occurrence of the name is
  split off its person_id, ``fixed`` with a person_id → it is joined to that person
  (``models/reviews/identities.jsonl``; a later review of the same occurrence replaces the
  earlier one).

Learned lines go to ``models/entities/learned.jsonl`` and ``models/reviews/suppressed.jsonl``,
sorted, one JSON object per line, each with the ``source`` (file#fact_id) it came from. A
reviewed file is read by its columns, whatever its name ("roles (2).csv"), CSV or
``review.xlsx``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import spacy

from pipeline.careers import identity_entries
from pipeline.matching import normalize_person
from pipeline.rules import (
    DEFAULT_MODELS_DIR, ENTITY_LABELS, IDENTITIES_FILE, SUPPRESSED_FILE, load_rules,
    validate_pattern,
)
from pipeline.review import CAREERS, FACT_KEYS, VERDICTS, read_review_tables, with_fact_ids

LEARNED_FILE = Path("entities") / "learned.jsonl"
MENTION_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "UNIT": "UNIT", "ROLE": "TITLE"}
ENTITY_TEXT = {"people": ("PERSON", "person"), "organizations": ("ORG", "organization"),
               "units": ("UNIT", "unit")}
RELATION_TABLES = {"roles", "reporting", "successions"}


@dataclass
class LearnReport:
    added: dict[str, list[dict]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{path}: +{len(entries)}" for path, entries in self.added.items()]
        lines += [f"  {json.dumps(e, ensure_ascii=False)}" for entries in self.added.values()
                  for e in entries]
        return "\n".join(lines) if lines else "nothing to learn"


class Coverage:
    """Does a rule of the current rule set already find this text as this label?"""

    def __init__(self, models_dir: Path):
        rules = load_rules(models_dir)
        self.nlp = spacy.blank("fr")
        ruler = self.nlp.add_pipe("span_ruler", config={"spans_key": "rules"})
        ruler.add_patterns([{k: v for k, v in e.items() if k != "source"}
                            for e in rules.entities])

    def covers(self, label: str, text: str) -> bool:
        doc = self.nlp(text)
        return any(s.label_ == label and s.start == 0 for s in doc.spans["rules"])


def _entity_entries(table: str, row: dict, source: str, coverage: Coverage) -> list[dict]:
    verdict = row["verdict"]
    if table == "mentions":
        label = MENTION_LABELS.get(row.get("label", ""))
        text = row.get("text", "")
    else:
        label, column = ENTITY_TEXT[table]
        text = row.get(column, "")
    if not label or not text:
        return []
    if verdict == "wrong":
        return [{"label": f"NOT_{label}", "pattern": text, "id": "learned", "source": source}]
    if verdict in {"fixed", "missing"} and not coverage.covers(label, text):
        entry = {"label": label, "pattern": text, "id": "learned", "source": source}
        if label == "UNIT" and row.get("kind"):
            entry["id"] = f"learned:kind={row['kind']}"
        return [entry]
    return []


def _role_entries(row: dict, source: str, coverage: Coverage) -> list[dict]:
    title = row.get("title", "")
    if row["verdict"] in {"fixed", "missing"} and title and not coverage.covers("TITLE", title):
        return [{"label": "TITLE", "pattern": title, "id": "learned", "source": source}]
    return []


def learn_rows(path: Path, table: str, frame: pd.DataFrame, known_articles: set[str] | None,
               coverage: Coverage, report: LearnReport) -> tuple[list[dict], list[dict]]:
    """Rule entries and suppressions from one reviewed table; bad rows become errors."""
    rules, suppressed = [], []
    if table not in FACT_KEYS:
        return rules, suppressed
    needed = {"article_id", "verdict", *FACT_KEYS[table]}
    missing = needed - set(frame.columns)
    if missing:
        report.errors.append(f"{path}: missing column(s) {sorted(missing)}; table skipped")
        return rules, suppressed
    frame = with_fact_ids(table, frame.fillna("").astype(str))
    for number, row in enumerate(frame.to_dict("records"), start=2):  # line 1 is the header
        verdict = row["verdict"].strip().lower()
        if not verdict:
            continue
        where = f"{path}:{number}"
        if verdict not in VERDICTS:
            report.errors.append(f"{where}: unknown verdict {row['verdict']!r} "
                                 f"(expected one of {sorted(VERDICTS)})")
            continue
        if known_articles is not None and row["article_id"] not in known_articles:
            report.errors.append(f"{where}: unknown article {row['article_id']!r}")
            continue
        row["verdict"] = verdict
        source = f"{path.name}#{row['fact_id']}"
        if table in RELATION_TABLES and verdict == "wrong":
            suppressed.append({"table": table, "fact_id": row["fact_id"],
                               "article_id": row["article_id"], "source": path.name,
                               "fact": " | ".join(row[k] for k in FACT_KEYS[table])})
        elif table == "roles":
            rules.extend(_role_entries(row, source, coverage))
        elif table not in RELATION_TABLES:
            rules.extend(_entity_entries(table, row, source, coverage))
    return rules, suppressed


def _known_articles(path: Path) -> set[str] | None:
    articles = path.parent / "articles.csv"
    if not articles.exists():
        return None
    from pipeline.output import read_table
    return set(read_table(articles)["article_id"])


def _merge_jsonl(path: Path, new: list[dict], key) -> list[dict]:
    """Add entries to a JSONL file, sorted and without duplicates; returns what was added."""
    existing = []
    if path.exists():
        existing = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()]
    seen = {key(e) for e in existing}
    added = []
    for entry in new:
        if key(entry) not in seen:
            seen.add(key(entry))
            added.append(entry)
    return existing, added


def learn(reviewed: list[str | Path], models_dir: str | Path | None = None,
          dry_run: bool = False) -> LearnReport:
    """Read reviewed tables (CSV files or review.xlsx) and update the rule files."""
    from pipeline.output import atomic_write_bytes

    models = Path(models_dir) if models_dir else DEFAULT_MODELS_DIR
    coverage = Coverage(models)
    report = LearnReport()
    rules: list[dict] = []
    suppressed: list[dict] = []
    identities: list[dict] = []
    missing = [str(item) for item in reviewed if not Path(item).is_file()]
    if missing:
        raise FileNotFoundError(f"{', '.join(missing)}: no such file")
    for item in reviewed:
        path = Path(item)
        known = _known_articles(path)
        tables = read_review_tables(path)
        if not tables:
            report.errors.append(f"{path}: no reviewable table (its columns name none of "
                                 f"{', '.join([*FACT_KEYS, CAREERS])})")
        for table, frame in tables.items():
            if table == CAREERS:
                identities += identity_entries(frame, path.name)
                continue
            new_rules, new_suppressed = learn_rows(path, table, frame, known, coverage, report)
            rules += new_rules
            suppressed += new_suppressed
    for entry in rules:
        validate_pattern(entry, ENTITY_LABELS, "learned rule")
    targets = [
        (models / LEARNED_FILE, rules, lambda e: (e["label"], str(e["pattern"]).lower())),
        (models / SUPPRESSED_FILE, suppressed, lambda e: e["fact_id"]),
    ]
    for path, entries, key in targets:
        existing, added = _merge_jsonl(path, entries, key)
        if not added:
            continue
        report.added[str(path)] = added
        if not dry_run:
            lines = sorted(existing + added, key=lambda e: json.dumps(e, ensure_ascii=False,
                                                                      sort_keys=True))
            text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in lines)
            atomic_write_bytes(path, text.encode("utf-8"))
    _learn_identities(models, identities, report, dry_run)
    return report


def _learn_identities(models: Path, entries: list[dict], report: LearnReport,
                      dry_run: bool) -> None:
    """Record who-is-whom reviews: one line per occurrence (name, article), the newest review
    of it replacing an older one (a reviewer who split a person, then joined them, joined)."""
    from pipeline.output import atomic_write_bytes
    from pipeline.rules import load_identity_reviews

    def occurrence(entry: dict) -> tuple[str, str]:
        return normalize_person(entry["person"]), str(entry["article_id"])

    def said(entry: dict) -> tuple:
        return entry["action"], entry.get("person_id")

    path = models / IDENTITIES_FILE
    kept = {occurrence(e): e for e in load_identity_reviews(models)}
    added = []
    for entry in entries:
        old = kept.get(occurrence(entry))
        if old is None or said(old) != said(entry):
            kept[occurrence(entry)] = entry
            added.append(entry)
    if not added:
        return
    report.added[str(path)] = added
    if not dry_run:
        lines = sorted(kept.values(), key=lambda e: (occurrence(e), json.dumps(e)))
        atomic_write_bytes(path, "".join(json.dumps(e, ensure_ascii=False) + "\n"
                                         for e in lines).encode("utf-8"))
