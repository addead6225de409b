"""Static HTML pages for reviewers, built from an outputs folder (``report/``).

``index.html`` lists the articles with their counts and how many facts are reviewed, and
links to pages of `ARTICLES_PER_PAGE` articles (a run of thousands of articles stays a set of
small pages). Per article: the text with PERSON / ROLE / ORG / UNIT spans highlighted
(spaCy's displaCy, which escapes the text), the facts with their evidence and reviewers'
verdicts, and a drawing of the article's organisation (Graphviz ``dot``, SVG embedded): units
under their parents, each head above what they head, a manager above who reports to them.
Nothing is loaded from the network.
"""

from __future__ import annotations

import gzip
import html
import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
from spacy import displacy

from pipeline.output import read_table

class NoOutputs(ValueError):
    """The folder holds no tables to report on."""


COLORS = {"PERSON": "#f6c7b6", "ORG": "#b6d7f6", "ROLE": "#c8f0c0", "UNIT": "#f3e3a0"}
FACT_COLUMNS = {
    "roles": ["person", "title", "org", "unit", "status", "status_reason", "evidence", "rule"],
    "units": ["unit", "kind", "parent", "acronym", "evidence"],
    "reporting": ["subordinate", "manager", "evidence"],
    "successions": ["successor", "predecessor", "title", "evidence"],
}
STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}
td,th{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3} section.article{border-top:3px solid #444;margin-top:2.5rem}
.warn{background:#fff3cd;padding:.5rem;border:1px solid #e0c36a}
.chart svg{max-width:100%;height:auto} .muted{color:#777}
"""


def _read(out: Path, name: str) -> pd.DataFrame:
    path = out / f"{name}.csv"
    return read_table(path) if path.exists() else pd.DataFrame()


def read_texts(out: Path) -> dict[str, str]:
    path = out / "texts.jsonl.gz"
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {r["article_id"]: r["text"] for r in map(json.loads, handle)}


def highlighted_text(text: str, mentions: pd.DataFrame) -> str:
    """displaCy markup of the text with non-overlapping mention spans (escaped by displaCy)."""
    spans = []
    for row in mentions.to_dict("records"):
        start, end = int(row["start"]), int(row["end"])
        if 0 <= start < end <= len(text):
            spans.append({"start": start, "end": end, "label": row["label"]})
    spans.sort(key=lambda s: (s["start"], -(s["end"] - s["start"])))
    kept, last_end = [], -1
    for span in spans:
        if span["start"] >= last_end:
            kept.append(span)
            last_end = span["end"]
    return displacy.render({"text": text, "ents": kept, "title": None}, style="ent",
                           manual=True, options={"colors": COLORS}, jupyter=False)


def _dot_id(kind: str, name: str) -> str:
    return json.dumps(f"{kind}:{name}", ensure_ascii=False)  # a quoted, escaped DOT id


def _dot_label(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def organisation_dot(units: pd.DataFrame, roles: pd.DataFrame, reporting: pd.DataFrame) -> str:
    """DOT source: organisations and units as boxes under their parents, people under what
    they head, dashed arrows from a subordinate to their manager."""
    lines = ["digraph organigramme {", "rankdir=TB; node [fontname=Helvetica, fontsize=10];"]
    nodes: dict[str, str] = {}

    def node(kind: str, name: str, shape: str) -> str:
        key = _dot_id(kind, name)
        if key not in nodes:
            nodes[key] = f"{key} [label={_dot_label(name)}, shape={shape}];"
        return key

    unit_names = set(units["unit"]) if not units.empty else set()
    for row in units.to_dict("records"):
        child = node("unit", row["unit"], "box")
        if row.get("parent"):
            kind = "unit" if row["parent"] in unit_names else "org"
            parent = node(kind, row["parent"], "box3d" if kind == "org" else "box")
            lines.append(f"{parent} -> {child};")
    for row in roles.to_dict("records"):
        if row.get("status") == "former":
            continue
        place = row.get("unit") or row.get("org")
        if not place:
            continue
        kind = "unit" if row.get("unit") else "org"
        holder = node("person", row["person"], "ellipse")
        target = node(kind, place, "box" if kind == "unit" else "box3d")
        label = row.get("title") or "heads"
        # the head above what they head
        lines.append(f"{holder} -> {target} [label={_dot_label(label)}, fontsize=8];")
    for row in reporting.to_dict("records"):
        sub = node("person", row["subordinate"], "ellipse")
        manager = node("person", row["manager"], "ellipse")
        # the manager above the subordinate, the arrow pointing at the manager
        lines.append(f"{manager} -> {sub} [dir=back, style=dashed, color=\"#b03030\", "
                     f"label=\"reports to\", fontsize=8];")
    return "\n".join(lines[:2] + list(nodes.values()) + lines[2:] + ["}"])


def render_svg(dot_source: str) -> str | None:
    """SVG from Graphviz, without its XML prolog; None when `dot` is not installed."""
    dot = shutil.which("dot")
    if dot is None:
        return None
    result = subprocess.run([dot, "-Tsvg"], input=dot_source.encode("utf-8"),
                            capture_output=True, timeout=60, check=False)
    if result.returncode != 0:
        return None
    svg = result.stdout.decode("utf-8")
    return svg[svg.find("<svg"):]


REVIEW_COLUMNS_SHOWN = ["verdict", "note"]
ARTICLES_PER_PAGE = 100  # a run of thousands of articles: pages of this many, and an index


def _facts_table(frame: pd.DataFrame, table: str) -> str:
    if frame.empty:
        return "<p class=muted>none</p>"
    columns = [c for c in FACT_COLUMNS[table] + REVIEW_COLUMNS_SHOWN if c in frame.columns]
    return frame[columns].to_html(index=False, escape=True, na_rep="", border=0,
                                  classes="facts")


def _page(title: str, body: list[str], dot_available: bool = True) -> str:
    head = ["<!DOCTYPE html><html lang=fr><head><meta charset=utf-8>",
            f"<title>{html.escape(title)}</title>", f"<style>{STYLE}</style></head><body>"]
    if not dot_available:
        head.append("<p class=warn>Graphviz (<code>dot</code>) is not installed: the "
                    "organisation charts are not drawn.</p>")
    return "\n".join(head + body + ["</body></html>"])


class ReportData:
    """An outputs folder's tables, by article."""

    def __init__(self, out: Path):
        self.articles = _read(out, "articles")
        if self.articles.empty:
            raise NoOutputs(f"{out}: no articles.csv (run `organigramme extract` first)")
        self.ok = self.articles[self.articles["status"] == "ok"].reset_index(drop=True)
        self.tables = {name: _read(out, name) for name in ("mentions", *FACT_COLUMNS)}
        self.grouped = {name: ({k: g for k, g in frame.groupby("article_id", sort=False)}
                               if not frame.empty else {})
                        for name, frame in self.tables.items()}
        self.texts = read_texts(out)

    def of(self, name: str, article_id: str) -> pd.DataFrame:
        return self.grouped[name].get(article_id, self.tables[name].iloc[0:0])


def page_name(number: int) -> str:
    """The page of the `number`-th article (from 0)."""
    return f"articles-{number // ARTICLES_PER_PAGE + 1:04d}.html"


def article_section(data: ReportData, number: int, row: dict, dot_available: bool) -> str:
    article_id = row["article_id"]
    parts = [f"<section class=article id=\"article-{number}\" "
             f"data-article=\"{html.escape(article_id, quote=True)}\">",
             f"<h2>{html.escape(article_id)}</h2>"]
    if row.get("url"):
        parts.append(f"<p class=muted>{html.escape(row['url'])}</p>")
    text = data.texts.get(article_id)
    if text is None:
        parts.append("<p class=warn>article text not found (texts.jsonl.gz)</p>")
    else:
        parts.append(f"<div class=text>{highlighted_text(text, data.of('mentions', article_id))}"
                     "</div>")
    if dot_available:
        svg = render_svg(organisation_dot(data.of("units", article_id),
                                          data.of("roles", article_id),
                                          data.of("reporting", article_id)))
        parts.append(f"<h3>Organisation</h3><div class=chart>{svg or ''}</div>")
    for name in FACT_COLUMNS:
        parts.append(f"<h3>{name}</h3>{_facts_table(data.of(name, article_id), name)}")
    parts.append("</section>")
    return "\n".join(parts)


def build_report(out_dir: str | Path) -> dict[str, str]:
    """The report of an outputs folder: ``index.html`` (every article with its counts, and
    the page it is on) and pages of `ARTICLES_PER_PAGE` articles, by file name."""
    data = ReportData(Path(out_dir))
    dot_available = shutil.which("dot") is not None
    index = ["<h1>organigramme — revue des extractions</h1>",
             f"<p>{len(data.ok)} articles</p>",
             "<table class=index><tr><th>article</th><th>date</th>"
             + "".join(f"<th>{name}</th>" for name in FACT_COLUMNS) + "<th>reviewed</th></tr>"]
    pages: dict[str, list[str]] = {}
    for number, row in data.ok.iterrows():
        article_id = row["article_id"]
        page = page_name(number)
        counts = "".join(f"<td>{len(data.of(name, article_id))}</td>" for name in FACT_COLUMNS)
        reviewed = sum(int((data.of(name, article_id).get("verdict", pd.Series(dtype=str))
                            .fillna("") != "").sum()) for name in FACT_COLUMNS)
        index.append(f"<tr><td><a href=\"{page}#article-{number}\">{html.escape(article_id)}"
                     f"</a></td><td>{html.escape(str(row.get('date') or ''))}</td>{counts}"
                     f"<td>{reviewed}</td></tr>")
        pages.setdefault(page, []).append(article_section(data, number, dict(row),
                                                          dot_available))
    index.append("</table>")
    if len(pages) > 1:
        index.append("<p>Pages: " + " ".join(f"<a href=\"{name}\">{number}</a>"
                                              for number, name in enumerate(pages, start=1))
                     + "</p>")
    files = {"index.html": _page("organigramme — revue", index, dot_available)}
    for name, sections in pages.items():
        nav = "<p><a href=\"index.html\">index</a></p>"
        files[name] = _page(f"organigramme — {name}", [nav, *sections, nav], dot_available)
    return files


def write_report(out_dir: str | Path, target: str | Path | None = None) -> Path:
    """Write the report's pages into the folder `target` (default: the outputs folder's
    ``report/``); returns its index. Every page is written whole (a temporary file renamed)."""
    from pipeline.output import atomic_write_bytes

    folder = Path(target) if target else Path(out_dir) / "report"
    files = build_report(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("articles-*.html"):
        if old.name not in files:
            old.unlink()  # pages of a longer run before
    for name, page in files.items():
        atomic_write_bytes(folder / name, page.encode("utf-8"))
    return folder / "index.html"
