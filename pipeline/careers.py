"""People and organisations across articles and runs: stable ids, careers, what an
organisation looks like now.

- `org_identities`: one ``org_id`` per organisation of the dump: the same normalised name
  ("Groupe Casino" = "Casino", legal forms dropped) is one organisation, and so is every name
  an article writes it with (a former name "X (ex Y)", an acronym: the ``aliases`` of the
  organizations table);
- `person_identities`: one ``person_id`` per person: the same normalised full name is one
  person, unless the articles place the name in organisations with no link between them
  (then one id per group of linked articles; occurrences that name no organisation join the
  largest group). Reviewers correct it: a ``wrong`` row of careers.csv splits that article's
  occurrence off, a ``fixed`` person_id joins it to another person
  (``models/reviews/identities.jsonl``, written by ``organigramme learn``);
- `careers_table`: one row per role, by person then date (the article's date; undated rows
  last);
- `timeline`, `organisation_now`: what ``organigramme history`` and ``organigramme
  organisation`` print.

Ids are hashes of names (and, for a person's smaller groups, of the organisation that sets
them apart), so the same dump gives the same ids in every run, and a weekly run keeps them.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.matching import normalize_org, normalize_person, normalize_unit, title_words

CAREERS_COLUMNS = ["person_id", "person", "date", "org", "org_id", "unit", "title", "status",
                   "article_id", "fact_id", "evidence", "verdict", "note"]
STATUS_ORDER = {"former": 0, "current": 1, "new": 2}  # in one article: the past first


def _hash(prefix: str, text: str) -> str:
    return f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:10]}"


def _records(frame: pd.DataFrame) -> list[dict]:
    """A frame's rows with blanks (NaN, NA) as None, as the functions here expect."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def blank_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as read from CSV (blanks are "") with its blanks as None."""
    frame = frame.astype(object)
    return frame.where(frame != "", None)


class UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, item):
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def org_identities(organizations: pd.DataFrame) -> dict[str, str]:
    """normalised organisation name → org_id, names an article gives one organisation joined."""
    groups = UnionFind()
    counts: Counter = Counter()
    for row in _records(organizations):
        key = normalize_org(row.get("organization"))
        if not key:
            continue
        counts[key] += 1
        groups.find(key)
        for alias in str(row.get("aliases") or "").split(" | "):
            alias_key = normalize_org(alias)
            if alias_key:
                groups.union(key, alias_key)
    members: dict[str, list[str]] = defaultdict(list)
    for key in list(groups.parent):
        members[groups.find(key)].append(key)
    ids = {}
    for keys in members.values():
        # the id of the name written most, then the shortest: stable as aliases come and go
        named = min(keys, key=lambda k: (-counts[k], len(k), k))
        for key in keys:
            ids[key] = _hash("o", named)
    return ids


def org_id_of(name: str | None, org_ids: dict[str, str]) -> str | None:
    key = normalize_org(name)
    if not key:
        return None
    return org_ids.get(key) or _hash("o", key)


@dataclass
class IdentityReviews:
    """Reviewers' corrections of who is whom: occurrences (person, article) split off, or
    joined to a given person_id."""

    split: set[tuple[str, str]] = field(default_factory=set)
    join: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def from_entries(cls, entries: list[dict]) -> "IdentityReviews":
        """Entries in order, the later word on an occurrence winning."""
        reviews = cls()
        for entry in entries:
            key = (normalize_person(entry["person"]), str(entry["article_id"]))
            reviews.split.discard(key)
            reviews.join.pop(key, None)
            if entry["action"] == "split":
                reviews.split.add(key)
            else:
                reviews.join[key] = entry["person_id"]
        return reviews


def identity_entries(careers: pd.DataFrame, source: str = "") -> list[dict]:
    """The identity reviews a reviewed careers table states: a ``wrong`` row is not the
    person of its id (split that article's occurrence off), a ``fixed`` row's person_id is
    the person it is (join)."""
    entries = []
    if careers is None or careers.empty or "verdict" not in careers.columns:
        return entries
    for row in careers.fillna("").astype(str).to_dict("records"):
        verdict = row["verdict"].strip().lower()
        if verdict == "wrong":
            entries.append({"action": "split", "person": row["person"],
                            "article_id": row["article_id"]})
        elif verdict == "fixed" and row.get("person_id", "").strip():
            entries.append({"action": "join", "person": row["person"],
                            "article_id": row["article_id"],
                            "person_id": row["person_id"].strip()})
        else:
            continue
        if source:
            entries[-1]["source"] = f"{source}#{row.get('fact_id', '')}"
    return entries


Occurrence = tuple[str, str]  # (article_id, person as the tables write them)


def person_identities(people: pd.DataFrame, roles: pd.DataFrame,
                      organizations: pd.DataFrame, org_ids: dict[str, str],
                      reviews: IdentityReviews | None = None) -> dict[Occurrence, str]:
    """(article_id, person) → person_id: one id per normalised full name, unless the
    articles place the name in organisations that no article links (see `_name_identities`)."""
    reviews = reviews or IdentityReviews()
    placed: dict[Occurrence, set[str]] = defaultdict(set)
    for row in _records(roles):
        org = org_id_of(row.get("org"), org_ids)
        if org:
            placed[(str(row["article_id"]), row["person"])].add(org)
    mentioned: dict[str, set[str]] = defaultdict(set)
    for row in _records(organizations):
        org = org_id_of(row.get("organization"), org_ids)
        if org:
            mentioned[str(row["article_id"])].add(org)
    for (article_id, _), orgs in placed.items():
        mentioned[article_id] |= orgs
    by_name: dict[str, list[Occurrence]] = defaultdict(list)
    seen: set[Occurrence] = set()
    for row in [*_records(people), *_records(roles)]:
        occurrence = (str(row["article_id"]), row["person"])
        name = normalize_person(row["person"])
        if name and occurrence not in seen:
            seen.add(occurrence)
            by_name[name].append(occurrence)
    ids: dict[Occurrence, str] = {}
    for name, occurrences in by_name.items():
        ids.update(_name_identities(name, occurrences, placed, mentioned, reviews))
    return ids


def _name_identities(name: str, occurrences: list[Occurrence],
                     placed: dict[Occurrence, set[str]], mentioned: dict[str, set[str]],
                     reviews: IdentityReviews) -> dict[Occurrence, str]:
    """The ids of one name's occurrences. Two occurrences that the articles place in
    organisations (their roles' orgs) are one person when one article names an organisation
    the other places them in ("X, ex-directeur de A, rejoint B" links X at A to X at B);
    occurrences placed nowhere are the name's main person, the largest linked group."""
    groups = UnionFind()
    free, located, fixed = [], [], {}
    for occurrence in occurrences:
        key = (name, occurrence[0])
        if key in reviews.join:
            fixed[occurrence] = reviews.join[key]
        elif key in reviews.split:
            fixed[occurrence] = _hash("p", f"{name}|{occurrence[0]}")
        elif placed.get(occurrence):
            located.append(occurrence)
            groups.find(occurrence)
        else:
            free.append(occurrence)
    for index, one in enumerate(located):
        for other in located[index + 1:]:
            if placed[one] & mentioned[other[0]] or placed[other] & mentioned[one[0]]:
                groups.union(one, other)
    members: dict[Occurrence, list[Occurrence]] = defaultdict(list)
    for occurrence in located:
        members[groups.find(occurrence)].append(occurrence)
    ranked = sorted(members.values(), key=lambda group: (-len(group), min(group)))
    ids = dict(fixed)
    for rank, group in enumerate(ranked):
        if rank == 0:
            person_id = _hash("p", name)
        else:  # set apart by its organisations: the same id while they stay apart
            person_id = _hash("p", name + "|" + min(o for g in group for o in placed[g]))
        ids.update(dict.fromkeys(group, person_id))
    ids.update(dict.fromkeys(free, _hash("p", name)))
    return ids


@dataclass
class Identities:
    """Who is whom across a dump: org ids by normalised name, person ids by occurrence."""

    org_ids: dict[str, str]
    person_ids: dict[Occurrence, str]

    def person_id(self, article_id: str, person: str) -> str:
        return self.person_ids.get((str(article_id), person)) \
            or _hash("p", normalize_person(person))

    def org_id(self, name: str | None) -> str | None:
        return org_id_of(name, self.org_ids)

    def label_people(self, frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        out["person_id"] = [self.person_id(a, p) for a, p in
                            zip(out["article_id"], out["person"])]
        return out

    def label_organizations(self, frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        out["org_id"] = [self.org_id(name) for name in out["organization"]]
        return out


def identify(people: pd.DataFrame, organizations: pd.DataFrame, roles: pd.DataFrame,
             reviews: IdentityReviews | None = None) -> Identities:
    org_ids = org_identities(organizations)
    return Identities(org_ids, person_identities(people, roles, organizations, org_ids,
                                                 reviews))


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def sortable_date(value) -> str | None:
    """An article's date as ISO text ("2024-03", "2024-03-15") when it is one: the ``date``
    field or marker ("2024-03-15T08:00:00Z" included) or a French day-first date
    ("15/03/2024"); None when it is missing or unreadable (such rows sort last)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    match = _ISO_DATE.match(text)
    if match:
        return "-".join(part for part in match.groups() if part)
    match = _DAY_FIRST.fullmatch(text)
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return None


def careers_table(roles: pd.DataFrame, articles: pd.DataFrame, identities: Identities
                  ) -> pd.DataFrame:
    """One row per role: who (person_id, person), when (the article's date), where (org,
    org_id, unit), what (title, status), and the article, fact id and evidence; by person,
    then date (undated rows last), and in one article the past before the present."""
    dates = {str(a): sortable_date(d) for a, d in zip(articles["article_id"],
                                                        articles["date"])} \
        if not articles.empty else {}
    rows = [{"person_id": identities.person_id(row["article_id"], row["person"]),
             "person": row["person"], "date": dates.get(str(row["article_id"])),
             "org": row.get("org"), "org_id": identities.org_id(row.get("org")),
             **{k: row.get(k) for k in ("unit", "title", "status")},
             "article_id": str(row["article_id"]), "fact_id": row.get("fact_id"),
             "evidence": row.get("evidence"), "verdict": "", "note": ""}
            for row in _records(roles)]
    frame = pd.DataFrame(rows, columns=CAREERS_COLUMNS)
    if frame.empty:
        return frame
    frame["_undated"] = frame["date"].isna()
    frame["_order"] = frame["status"].map(STATUS_ORDER).fillna(1)
    frame["_name"] = frame["person"].map(normalize_person)
    frame = frame.sort_values(["_name", "person_id", "_undated", "date", "article_id",
                               "_order"], na_position="last", kind="stable")
    return frame.drop(columns=["_undated", "_order", "_name"]).reset_index(drop=True)


def with_previous_reviews(careers: pd.DataFrame, previous: pd.DataFrame | None
                          ) -> pd.DataFrame:
    """The verdicts and notes a reviewer wrote in the last careers table, on the same rows
    (by fact id and person) of the new one: their effect on ids is in `IdentityReviews`."""
    if previous is None or previous.empty or careers.empty \
            or not {"fact_id", "verdict"} <= set(previous.columns):
        return careers
    previous = previous.fillna("").astype(str)
    notes = previous["note"] if "note" in previous.columns else ""
    reviewed = previous[(previous["verdict"].str.strip() != "") | (notes != "")]
    said = {row["fact_id"]: row for row in _records(reviewed)}
    out = careers.copy()
    for index, fid in out["fact_id"].items():
        if fid in said:
            out.at[index, "verdict"] = said[fid]["verdict"].strip().lower()
            out.at[index, "note"] = said[fid].get("note", "")
    return out


def matching_people(careers: pd.DataFrame, query: str) -> pd.DataFrame:
    """The people a name asked for stands for, as the scorer compares names (accents, case,
    hyphens): the whole name, else every word of it ("Dupont" finds every Dupont); a
    person_id finds its person."""
    if careers.empty:
        return careers
    if query in set(careers["person_id"]):
        return careers[careers["person_id"] == query]
    wanted = normalize_person(query)
    names = careers["person"].map(normalize_person)
    exact = careers[names == wanted]
    if not exact.empty:
        return exact
    asked = set(normalize_person(query).split())
    return careers[names.map(lambda n: bool(asked) and asked <= set(n.split()))]


def people_matching(careers: pd.DataFrame, query: str) -> pd.DataFrame:
    """One line per person a query finds: person_id, name, roles, organisations, first and
    last date: what the user chooses from when several match."""
    found = matching_people(careers, query)
    if found.empty:
        return pd.DataFrame(columns=["person_id", "person", "roles", "orgs", "first", "last"])
    return pd.DataFrame([{
        "person_id": person_id, "person": group["person"].mode().iloc[0], "roles": len(group),
        "orgs": ", ".join(dict.fromkeys(o for o in group["org"] if isinstance(o, str) and o)),
        "first": group["date"].dropna().min() if group["date"].notna().any() else None,
        "last": group["date"].dropna().max() if group["date"].notna().any() else None,
    } for person_id, group in found.groupby("person_id", sort=False)])


TIMELINE_COLUMNS = ["date", "title", "org", "unit", "status", "article_id"]


def timeline(careers: pd.DataFrame, person_id: str) -> pd.DataFrame:
    """A person's roles in date order (careers.csv is sorted so): date, title, org, unit,
    status, article."""
    return careers[careers["person_id"] == person_id][TIMELINE_COLUMNS].reset_index(drop=True)


def known_org_ids(organizations: pd.DataFrame) -> dict[str, str]:
    """normalised name → org_id, from an organizations table as written (its names and
    aliases)."""
    ids: dict[str, str] = {}
    if organizations.empty or "org_id" not in organizations.columns:
        return ids
    for row in organizations.fillna("").to_dict("records"):
        for name in [row["organization"], *str(row.get("aliases") or "").split(" | ")]:
            key = normalize_org(name)
            if key and row["org_id"]:
                ids.setdefault(key, row["org_id"])
    return ids


@dataclass
class Organisation:
    """What a dump says of an organisation now."""

    name: str
    org_id: str
    units: pd.DataFrame        # unit, kind, parent, acronym, date
    posts: pd.DataFrame        # title, unit, holder, status, since, article_id
    past: pd.DataFrame         # title, unit, holder, until, article_id
    reporting: pd.DataFrame    # subordinate, manager, date, article_id
    articles: list[str] = field(default_factory=list)


def _post_key(row: dict) -> tuple[str, str]:
    """A post is a title (its words, masculine, as the scorer compares titles) in a unit."""
    return (" ".join(sorted(title_words(row.get("title"), None, row.get("unit")))),
            normalize_unit(row.get("unit")))


def _in_time_order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(_undated=frame["date"].isna() | (frame["date"] == ""),
                        _order=frame["status"].map(STATUS_ORDER).fillna(1)) \
        .sort_values(["_undated", "date", "article_id", "_order"], kind="stable") \
        .drop(columns=["_undated", "_order"])


def organisations_matching(query: str, org_ids: dict[str, str], names: dict[str, str]
                           ) -> list[str]:
    """The org ids a query names: an org_id, the normalised name ("Groupe Casino" =
    "casino"), else every organisation whose name has all the query's words."""
    if query in names:
        return [query]
    key = normalize_org(query)
    if key in org_ids:
        return [org_ids[key]]
    asked = set(key.split())
    found = {org_id for name, org_id in org_ids.items() if asked and asked <= set(name.split())}
    return sorted(found, key=lambda o: names.get(o, o))


def organisation_now(org_id: str, careers: pd.DataFrame, units: pd.DataFrame,
                     reporting: pd.DataFrame, org_ids: dict[str, str], name: str | None = None) -> Organisation:
    """An organisation as the dump leaves it: its units with their parents, the latest known
    holder of each of its posts (in article date order; a ``former`` row of the holder
    leaves the post vacant), the earlier holders, and the reporting lines of its people who
    still hold a post there."""
    def ours(value) -> bool:
        return org_id_of(value, org_ids) == org_id

    in_org = _in_time_order(careers[careers["org"].map(ours)]) if not careers.empty \
        else careers
    articles = list(dict.fromkeys(in_org["article_id"])) if not in_org.empty else []
    holders: dict[tuple, dict | None] = {}
    held: dict[tuple, list[dict]] = defaultdict(list)
    for row in _records(in_org):
        key = _post_key(row)
        current = holders.get(key)
        if row["status"] != "former":
            holders[key] = row
        elif current is not None and current["person_id"] == row["person_id"]:
            holders[key] = None  # the holder left: vacant until someone is named
        held[key].append(row)
    posts, past = [], []
    for key, rows in held.items():
        holder = holders.get(key)
        last = rows[-1]
        posts.append({"title": (holder or last)["title"], "unit": (holder or last)["unit"],
                      "holder": holder["person"] if holder else "",
                      "status": holder["status"] if holder else "vacant",
                      "since": (holder or last)["date"],
                      "article_id": (holder or last)["article_id"]})
        earlier: dict[str, dict] = {}
        for row in rows:
            if holder is None or row["person_id"] != holder["person_id"]:
                earlier[row["person_id"]] = row  # the latest row of each earlier holder
        past += [{"title": row["title"], "unit": row["unit"], "holder": row["person"],
                  "until": row["date"], "article_id": row["article_id"]}
                 for row in earlier.values()]
    unit_rows = _units_of(units, org_id, ours, in_org)
    reporting_rows = _reporting_of(reporting, in_org)
    gone = {row["holder"] for row in past} - {row["holder"] for row in posts}
    # a line of someone who has left the organisation is history, not its organisation now
    reporting_rows = reporting_rows[~(reporting_rows["subordinate"].isin(gone)
                                      | reporting_rows["manager"].isin(gone))] \
        .reset_index(drop=True)
    if name is None:
        names = Counter(in_org["org"].dropna()) if not in_org.empty else Counter()
        name = names.most_common(1)[0][0] if names else org_id
    return Organisation(name, org_id, unit_rows, pd.DataFrame(
        posts, columns=["title", "unit", "holder", "status", "since", "article_id"]),
        pd.DataFrame(past, columns=["title", "unit", "holder", "until", "article_id"]),
        reporting_rows, articles)


UNIT_COLUMNS = ["unit", "kind", "parent", "acronym", "article_id"]


def _units_of(units: pd.DataFrame, org_id: str, ours, in_org: pd.DataFrame) -> pd.DataFrame:
    """The organisation's units: those under it, those under its units, and those its
    people hold posts in; once each (by normalised name), the latest article's line."""
    if units.empty:
        return pd.DataFrame(columns=UNIT_COLUMNS)
    frame = units.fillna("")
    names = {normalize_unit(u) for u in in_org["unit"].dropna() if u} if not in_org.empty \
        else set()
    keys = frame["unit"].map(normalize_unit)
    mine = frame["parent"].map(ours) | keys.isin(names)
    grew = True
    while grew:  # a unit under one of its units is its unit too
        parents = set(keys[mine])
        more = mine | frame["parent"].map(normalize_unit).isin(parents)
        grew = bool((more & ~mine).any())
        mine = more
    chosen = frame[mine].assign(_key=keys[mine]).drop_duplicates("_key", keep="last")
    return chosen[UNIT_COLUMNS].reset_index(drop=True)


def _reporting_of(reporting: pd.DataFrame, in_org: pd.DataFrame) -> pd.DataFrame:
    """The reporting lines of the organisation's articles where one side holds a post in it
    there (a person's lines at another employer are not this organisation's), newest first."""
    columns = ["subordinate", "manager", "date", "article_id"]
    if reporting.empty or in_org.empty:
        return pd.DataFrame(columns=columns)
    ours = set(zip(in_org["article_id"], in_org["person"]))
    dates = dict(zip(in_org["article_id"], in_org["date"]))
    rows = [{"subordinate": row["subordinate"], "manager": row["manager"],
             "date": dates.get(row["article_id"]), "article_id": row["article_id"]}
            for row in _records(reporting)
            if {(row["article_id"], row["subordinate"]),
                (row["article_id"], row["manager"])} & ours]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.iloc[::-1].drop_duplicates(["subordinate", "manager"]).reset_index(drop=True)


def previous_careers(out: Path, sources: list | None = None) -> pd.DataFrame | None:
    """The careers tables reviewers may have written in an outputs folder (careers.csv, the
    careers sheet of review.xlsx; `sources`: `review_files` of it, when already read),
    oldest first: the later word on a row wins."""
    from pipeline.review import CAREERS, review_files

    sources = review_files(out) if sources is None else sources
    frames = [tables[CAREERS] for _, tables in sources if CAREERS in tables]
    return pd.concat(frames, ignore_index=True) if frames else None


def dump_identities(people: pd.DataFrame, organizations: pd.DataFrame, roles: pd.DataFrame,
                    learned: list[dict], previous: pd.DataFrame | None) -> Identities:
    """The identities of a dump's tables, with reviewers' corrections: those `learn` wrote
    into the models folder, then those of the careers table already in the outputs folder
    (a correction is used on the next run, learned or not)."""
    reviews = IdentityReviews.from_entries([*learned, *identity_entries(previous)])
    return identify(people, organizations, roles, reviews)


def career_rows(roles: pd.DataFrame) -> pd.DataFrame:
    """The roles a career is made of: those the tables hold, without those a reviewer marked
    wrong (a fixed or missing row is the reviewer's word, and counts)."""
    if roles.empty or "verdict" not in roles.columns:
        return roles
    return roles[roles["verdict"].fillna("").astype(str).str.strip().str.lower() != "wrong"]


class NoCareers(ValueError):
    """The outputs folder holds no careers table."""


@dataclass
class Dump:
    """The tables of an outputs folder that careers and organisations are read from."""

    careers: pd.DataFrame
    units: pd.DataFrame
    reporting: pd.DataFrame
    people: pd.DataFrame
    organizations: pd.DataFrame

    @classmethod
    def read(cls, out: str | Path) -> "Dump":
        from pipeline.output import read_table

        out = Path(out)
        if not (out / "careers.csv").exists():
            raise NoCareers(f"{out}: no careers.csv (run `organigramme extract --out {out}` "
                            "first)")

        def table(name: str) -> pd.DataFrame:
            path = out / f"{name}.csv"
            return blank_as_none(read_table(path) if path.exists() else pd.DataFrame())

        # a careers row marked wrong is a wrong merge, split on the next run: still a role
        return cls(table("careers"), table("units"), table("reporting"),
                   table("people"), table("organizations"))

    @property
    def org_ids(self) -> dict[str, str]:
        ids = known_org_ids(self.organizations)
        for name, org_id in zip(self.careers.get("org", []), self.careers.get("org_id", [])):
            key = normalize_org(name)
            if key and org_id:
                ids.setdefault(key, org_id)
        return ids

    def org_names(self) -> dict[str, str]:
        """org_id → the name its rows use most."""
        counts: dict[str, Counter] = defaultdict(Counter)
        for frame, column in ((self.organizations, "organization"), (self.careers, "org")):
            if not frame.empty and "org_id" in frame.columns:
                for name, org_id in zip(frame[column], frame["org_id"]):
                    if name and org_id:
                        counts[org_id][name] += 1
        return {org_id: names.most_common(1)[0][0] for org_id, names in counts.items()}


def _shown(frame: pd.DataFrame) -> str:
    return frame.fillna("").astype(str).to_string(index=False) if not frame.empty \
        else "  (none)"


def person_history(out: str | Path, query: str) -> str:
    """What ``organigramme history`` prints: the person's timeline, or the people the query
    matches when it names several, or a line saying none."""
    dump = Dump.read(out)
    people = people_matching(dump.careers, query)
    if people.empty:
        raise LookupError(f"no person named {query!r} in {out}/careers.csv")
    if len(people) > 1:
        return (f"{len(people)} people match {query!r}; ask for one by its person_id:\n"
                + _shown(people))
    person = people.iloc[0]
    count = int(person["roles"])
    return (f"{person['person']} ({person['person_id']}): {count} role{'s' * (count > 1)}\n"
            + _shown(timeline(dump.careers, person["person_id"])))


def organisation_summary(out: str | Path, query: str) -> str:
    """What ``organigramme organisation`` prints: the organisation as the dump leaves it, or
    the organisations the query matches when it names several."""
    dump = Dump.read(out)
    org_ids, names = dump.org_ids, dump.org_names()
    found = organisations_matching(query, org_ids, names)
    if not found:
        raise LookupError(f"no organisation named {query!r} in {out}")
    if len(found) > 1:
        listing = pd.DataFrame({"org_id": found, "organisation": [names.get(o, "") for o in found]})
        return (f"{len(found)} organisations match {query!r}; ask for one by its org_id:\n"
                + _shown(listing))
    org = organisation_now(found[0], dump.careers, dump.units, dump.reporting, org_ids,
                           names.get(found[0]))
    return "\n".join([
        f"{org.name} ({org.org_id}): {len(org.articles)} articles",
        "", "Units:", _shown(org.units),
        "", "Posts (latest known holder):", _shown(org.posts),
        "", "Reporting lines:", _shown(org.reporting),
        "", "Past holders:", _shown(org.past),
    ])
