"""Scoring extracted tables against gold files, as ../shared/GOLD_FORMAT.md defines it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from spacy.language import Language

from pipeline.articles import read_articles
from pipeline.extract import drop_suppressed, extract_tables
from pipeline.review import FACT_KEYS
from pipeline.rules import load_suppressed
from pipeline.matching import (
    match_one_to_one, names_match, normalize_org, normalize_person, reporting_matches,
    role_matches, succession_matches, unit_matches,
)
from pipeline.output import write_json

LISTS = ("people", "organizations", "units", "roles", "roles+", "reporting", "succession")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    # Nothing to find and nothing found is a perfect score, not a zero.
    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float(not self.fn)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float(not self.fp)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Evaluation:
    scores: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in LISTS})
    errors: list[dict] = field(default_factory=list)
    articles: int = 0


def predicted_by_article(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, list]]:
    """The pipeline's tables in the gold file's shape, by article id (one pass per table)."""
    records: dict[str, dict[str, list]] = {}
    for name, frame in tables.items():
        if "article_id" not in frame.columns:
            continue
        by_article = records.setdefault(name, {})
        for row in frame.astype(object).where(frame.notna(), None).to_dict("records"):
            by_article.setdefault(row["article_id"], []).append(row)
    ids = {a for by_article in records.values() for a in by_article}
    return {a: _gold_shaped({name: by_article.get(a, []) for name, by_article in
                             records.items()}) for a in ids}


def predicted_facts(tables: dict[str, pd.DataFrame], article_id: str) -> dict[str, list]:
    """The pipeline's tables for one article, in the gold file's shape."""
    return predicted_by_article(tables).get(article_id) or _gold_shaped({})


def _gold_shaped(rows: dict[str, list[dict]]) -> dict[str, list]:
    def of(name):
        return rows.get(name, [])
    return {
        "people": [r["person"] for r in of("people")],
        "organizations": [r["organization"] for r in of("organizations")],
        "units": [{"name": r["unit"], "kind": r["kind"], "parent": r["parent"],
                   "acronym": r["acronym"]} for r in of("units")],
        # the rule is no part of the comparison: it says, in --show-errors, what produced a row
        "roles": [{k: r[k] for k in ("person", "title", "org", "unit", "status", "rule")}
                  for r in of("roles")],
        "reporting": [{"subordinate": r["subordinate"], "manager": r["manager"]}
                      for r in of("reporting")],
        "succession": [{"successor": r["successor"], "predecessor": r["predecessor"],
                        "title": r["title"]} for r in of("successions")],
    }


MATCHERS = {
    "people": lambda p, g: names_match(normalize_person, p, g),
    "organizations": lambda p, g: names_match(normalize_org, p, g),
    "units": unit_matches,
    "roles": role_matches,
    "roles+": lambda p, g: role_matches(p, g, strict=True),
    "reporting": reporting_matches,
    "succession": succession_matches,
}


def score_article(predicted: dict, gold: dict, evaluation: Evaluation, article_id: str) -> None:
    for name in LISTS:
        source = "roles" if name == "roles+" else name
        pred_items, gold_items = predicted[source], gold.get(source, [])
        pairs, extra, missed = match_one_to_one(pred_items, gold_items, MATCHERS[name])
        score = evaluation.scores[name]
        score.tp += len(pairs)
        score.fp += len(extra)
        score.fn += len(missed)
        for kind, items, indices in (("extra", pred_items, extra), ("missed", gold_items, missed)):
            for i in indices:
                evaluation.errors.append({"article_id": article_id, "list": name,
                                          "error": kind, "item": items[i]})


def evaluate_dir(gold_dir: str | Path, nlp: Language, models_dir: str | Path | None = None
                 ) -> tuple[Evaluation, dict]:
    """Extract the ``.txt`` articles of a gold folder and score them against their ``.json``.

    Facts reviewers marked wrong (``models/reviews/suppressed.jsonl``) are dropped as in
    ``extract``, and listed among the errors as negative examples.
    """
    gold_dir = Path(gold_dir)
    texts = sorted(p for p in gold_dir.glob("*.txt") if p.with_suffix(".json").exists())
    result = extract_tables(read_articles(texts), nlp)
    evaluation = Evaluation()
    suppressed = load_suppressed(models_dir)
    for name in ("roles", "reporting", "successions"):
        frame = result.tables[name]
        for row in frame[frame["fact_id"].isin(suppressed)].to_dict("records"):
            evaluation.errors.append({"article_id": row["article_id"], "list": name,
                                      "error": "suppressed (reviewed wrong)",
                                      "item": {k: row[k] for k in FACT_KEYS[name]}})
    drop_suppressed(result.tables, suppressed)
    predicted = predicted_by_article(result.tables)
    for path in texts:
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        score_article(predicted.get(path.stem) or _gold_shaped({}), gold, evaluation,
                      path.stem)
        evaluation.articles += 1
    return evaluation, result.tables


def metrics_dict(evaluation: Evaluation) -> dict:
    return {"articles": evaluation.articles,
            "scores": {name: score.as_dict() for name, score in evaluation.scores.items()}}


def format_table(evaluation: Evaluation) -> str:
    lines = [f"{'list':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, s in evaluation.scores.items():
        lines.append(f"{name:<14}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                     f"{s.tp:>6}{s.fp:>6}{s.fn:>6}")
    return "\n".join(lines)


def format_errors(evaluation: Evaluation) -> str:
    return "\n".join(f"{e['article_id']}\t{e['list']}\t{e['error']}\t"
                     f"{json.dumps(e['item'], ensure_ascii=False)}" for e in evaluation.errors)


# Relation lists that an article stating no appointment must leave empty.
FALSE_ALARM_TABLES = ("reporting", "successions")


@dataclass
class FalseAlarms:
    """Rows produced on articles that state no appointment, reporting line or succession."""

    articles: int = 0
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FALSE_ALARM_TABLES, 0))
    articles_with_rows: int = 0

    def as_dict(self) -> dict:
        return {"articles": self.articles, "rows": dict(self.rows),
                "articles_with_rows": self.articles_with_rows}

    def summary(self) -> str:
        counts = ", ".join(f"{n} {name}" for name, n in self.rows.items())
        return (f"negatives: {self.articles} articles stating no appointment: {counts} rows "
                f"(want 0), in {self.articles_with_rows} articles")


def count_false_alarms(negatives_dir: str | Path, nlp: Language,
                       models_dir: str | Path | None = None) -> FalseAlarms:
    """Extract the ``.txt`` articles of a folder of articles that state no appointment and
    count the reporting and succession rows the pipeline still produces there."""
    texts = sorted(Path(negatives_dir).glob("*.txt"))
    result = extract_tables(read_articles(texts), nlp)
    drop_suppressed(result.tables, load_suppressed(models_dir))
    alarms = FalseAlarms(articles=len(texts))
    flagged: set[str] = set()
    for name in FALSE_ALARM_TABLES:
        frame = result.tables[name]
        alarms.rows[name] = len(frame)
        flagged |= set(frame["article_id"])
    alarms.articles_with_rows = len(flagged)
    return alarms


def run_evaluate(gold_dir: str | Path, nlp: Language, out_dir: str | Path | None = None,
                 models_dir: str | Path | None = None,
                 negatives_dir: str | Path | None = None
                 ) -> tuple[Evaluation, FalseAlarms | None]:
    """Score a gold folder (and count false alarms on a folder of negative articles);
    ``metrics.json`` holds the aggregate figures only."""
    evaluation, _ = evaluate_dir(gold_dir, nlp, models_dir)
    alarms = count_false_alarms(negatives_dir, nlp, models_dir) if negatives_dir else None
    if out_dir is not None:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        metrics = metrics_dict(evaluation)
        if alarms is not None:
            metrics["negatives"] = alarms.as_dict()
        write_json(metrics, Path(out_dir) / "metrics.json")
    return evaluation, alarms
