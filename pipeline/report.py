"""Static HTML pages for reviewers, built from an outputs folder (``report/``).

``index.html`` lists the articles with their counts and how many facts are reviewed, and
links to pages of `ARTICLES_PER_PAGE` articles (a run of thousands of articles stays a set of
small pages). Per article: the text with PERSON / ROLE / ORG / UNIT spans highlighted
(spaCy's displaCy, which escapes the text), the facts with their evidence and reviewers'
verdicts, and a drawing of the article's organisation (Graphviz ``dot``, SVG embedded): units
under their parents, each head above what they head, a manager above who reports to them.
Across articles (from careers.csv): a page per person, ``people/<person_id>.html`` (the
timeline), and per organisation, ``orgs/<org_id>.html`` (its chart as all its articles leave
it, dated; its posts, past holders, units, reporting lines), linked from the article pages
and from ``people.html`` / ``organisations.html``. Nothing is loaded from the network.
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

from pipeline.matching import normalize_org
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

        self.careers = _read(out, "careers")
        self.numbers = {article_id: number for number, article_id
                        in enumerate(self.ok["article_id"])}
        self.people_pages: dict[str, str] = {}   # person_id → name
        self.org_pages: dict[str, str] = {}      # org_id → name
        if not self.careers.empty:
            for frame, key, name, pages in ((self.careers, "person_id", "person",
                                             self.people_pages),
                                            (self.careers, "org_id", "org", self.org_pages)):
                named = frame[frame[key] != ""]
                for ident, group in named.groupby(key, sort=False):
                    pages[ident] = group[name].mode().iloc[0]

    def of(self, name: str, article_id: str) -> pd.DataFrame:
        return self.grouped[name].get(article_id, self.tables[name].iloc[0:0])

    def article_link(self, article_id: str, up: str = "") -> str:
        number = self.numbers.get(article_id)
        if number is None:
            return html.escape(article_id)
        return (f"<a href=\"{up}{page_name(number)}#article-{number}\">"
                f"{html.escape(article_id)}</a>")


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
    parts.append(_cross_links(data, data.careers[data.careers["article_id"] == article_id]
                              if not data.careers.empty else data.careers))
    if dot_available:
        svg = render_svg(organisation_dot(data.of("units", article_id),
                                          data.of("roles", article_id),
                                          data.of("reporting", article_id)))
        parts.append(f"<h3>Organisation</h3><div class=chart>{svg or ''}</div>")
    for name in FACT_COLUMNS:
        parts.append(f"<h3>{name}</h3>{_facts_table(data.of(name, article_id), name)}")
    parts.append("</section>")
    return "\n".join(parts)


def _cross_links(data: ReportData, careers: pd.DataFrame, up: str = "") -> str:
    """Links to the pages of the people and organisations of some career rows."""
    if careers.empty:
        return ""
    people = dict.fromkeys(p for p in careers["person_id"] if p in data.people_pages)
    orgs = dict.fromkeys(o for o in careers["org_id"] if o in data.org_pages)
    links = ["People: " + ", ".join(
        f"<a class=person href=\"{up}people/{p}.html\">{html.escape(data.people_pages[p])}</a>"
        for p in people)]
    if orgs:
        links.append("Organisations: " + ", ".join(
            f"<a class=org href=\"{up}orgs/{o}.html\">{html.escape(data.org_pages[o])}</a>"
            for o in orgs))
    return "<p class=links>" + " — ".join(links) + "</p>"


def _html_table(frame: pd.DataFrame, links: dict[str, callable] | None = None) -> str:
    """A table with its cells escaped, some columns made links (the function gives the
    markup of a cell)."""
    if frame.empty:
        return "<p class=muted>none</p>"
    links = links or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for row in frame.fillna("").astype(str).to_dict("records"):
        cells = "".join(f"<td>{links[c](v) if c in links and v else html.escape(v)}</td>"
                        for c, v in row.items())
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def person_page(data: ReportData, person_id: str) -> str:
    """A person's timeline: every role the dump gives them, in date order."""
    from pipeline.careers import timeline

    name = data.people_pages[person_id]
    rows = timeline(data.careers, person_id)
    org_ids = dict(zip(data.careers["org"], data.careers["org_id"]))
    body = [f"<p><a href=\"../index.html\">index</a> · <a href=\"../people.html\">people</a></p>",
            f"<h1 data-person=\"{html.escape(person_id, quote=True)}\">{html.escape(name)}</h1>",
            f"<p class=muted>{html.escape(person_id)} · {len(rows)} roles</p>",
            _html_table(rows, {
                "article_id": lambda a: data.article_link(a, "../"),
                "org": lambda o: (f"<a href=\"../orgs/{org_ids[o]}.html\">{html.escape(o)}</a>"
                                  if org_ids.get(o) in data.org_pages else html.escape(o)),
            })]
    return _page(f"organigramme — {name}", body)


def organisation_page(data: ReportData, org_id: str, dot_available: bool) -> str:
    """An organisation as all its articles leave it: the chart (units under their parents,
    the latest holder of each post, reporting lines), dated by its newest article."""
    from pipeline.careers import blank_as_none, organisation_now

    careers = data.careers[data.careers["org_id"] == org_id]
    articles = set(careers["article_id"])
    units = data.tables["units"]
    units = units[units["article_id"].isin(articles)] if not units.empty else units
    reporting = data.tables["reporting"]
    reporting = reporting[reporting["article_id"].isin(articles)] \
        if not reporting.empty else reporting
    org_ids = {normalize_org(org): ident for org, ident in zip(careers["org"], careers["org_id"])}
    org = organisation_now(org_id, blank_as_none(careers), blank_as_none(units),
                           blank_as_none(reporting), org_ids, data.org_pages[org_id])
    dates = sorted(d for d in careers["date"] if d)
    as_of = f"as of {dates[-1]}" if dates else "undated articles"
    body = [f"<p><a href=\"../index.html\">index</a> · "
            f"<a href=\"../organisations.html\">organisations</a></p>",
            f"<h1 data-org=\"{html.escape(org_id, quote=True)}\">{html.escape(org.name)}</h1>",
            f"<p class=muted>{html.escape(org_id)} · {len(org.articles)} articles · "
            f"{html.escape(as_of)}</p>"]
    if dot_available:
        holders = org.posts[org.posts["holder"] != ""]
        roles = pd.DataFrame({
            "person": holders["holder"], "org": org.name, "unit": holders["unit"],
            "status": holders["status"],
            "title": [f"{t} ({d})" if d else t for t, d in zip(holders["title"],
                                                               holders["since"].fillna(""))]})
        svg = render_svg(organisation_dot(org.units.fillna(""), roles.fillna(""),
                                          org.reporting))
        body.append(f"<h2>Organisation ({html.escape(as_of)})</h2>"
                    f"<div class=chart>{svg or ''}</div>")
    article = {"article_id": lambda a: data.article_link(a, "../")}
    for title, frame in (("Posts (latest known holder)", org.posts), ("Past holders", org.past),
                         ("Units", org.units), ("Reporting lines", org.reporting)):
        body.append(f"<h2>{title}</h2>{_html_table(frame, article)}")
    body.append(f"<h2>People</h2>{_cross_links(data, careers, '../')}")
    return _page(f"organigramme — {org.name}", body, dot_available)


def _listing_page(title: str, pages: dict[str, str], folder: str) -> str:
    items = sorted(pages.items(), key=lambda item: (item[1].lower(), item[0]))
    body = ["<p><a href=\"index.html\">index</a></p>", f"<h1>{html.escape(title)}</h1>",
            "<ul>" + "".join(f"<li><a href=\"{folder}/{ident}.html\">{html.escape(name)}</a> "
                             f"<span class=muted>{html.escape(ident)}</span></li>"
                             for ident, name in items) + "</ul>"]
    return _page(f"organigramme — {title}", body)


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
    if data.people_pages:
        index.append(f"<p><a href=\"people.html\">{len(data.people_pages)} people</a> · "
                     f"<a href=\"organisations.html\">{len(data.org_pages)} organisations</a>"
                     "</p>")
    if len(pages) > 1:
        index.append("<p>Pages: " + " ".join(f"<a href=\"{name}\">{number}</a>"
                                              for number, name in enumerate(pages, start=1))
                     + "</p>")
    files = {"index.html": _page("organigramme — revue", index, dot_available)}
    for name, sections in pages.items():
        nav = "<p><a href=\"index.html\">index</a></p>"
        files[name] = _page(f"organigramme — {name}", [nav, *sections, nav], dot_available)
    if data.people_pages:
        files["people.html"] = _listing_page("People", data.people_pages, "people")
        files["organisations.html"] = _listing_page("Organisations", data.org_pages, "orgs")
    for person_id in data.people_pages:
        files[f"people/{person_id}.html"] = person_page(data, person_id)
    for org_id in data.org_pages:
        files[f"orgs/{org_id}.html"] = organisation_page(data, org_id, dot_available)
    return files


def write_report(out_dir: str | Path, target: str | Path | None = None) -> Path:
    """Write the report's pages into the folder `target` (default: the outputs folder's
    ``report/``); returns its index. Every page is written whole (a temporary file renamed)."""
    from pipeline.output import atomic_write_bytes

    folder = Path(target) if target else Path(out_dir) / "report"
    files = build_report(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for pattern in ("articles-*.html", "people/*.html", "orgs/*.html"):
        for old in folder.glob(pattern):
            if old.relative_to(folder).as_posix() not in files:
                old.unlink()  # pages of a longer run, or of people merged since
    for name, page in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(folder / name, page.encode("utf-8"))
    return folder / "index.html"
