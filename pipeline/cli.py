"""The ``organigramme`` command: thin Typer wrappers around plain functions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.articles import InputError
from pipeline.nlp import DEFAULT_MODEL, ModelError
from pipeline.rules import DEFAULT_MODELS_DIR, RuleError

app = typer.Typer(help=__doc__, no_args_is_help=True, add_completion=False)

ModelOption = Annotated[str, typer.Option(
    "--model", help="Installed French spaCy pipeline (e.g. fr_core_news_lg).")]
ModelsOption = Annotated[Path, typer.Option(
    "--models", help="Folder of rule files (JSONL).")]


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(2)


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(
        help=".txt / .jsonl[.gz] / .csv[.gz] files or folders; '-' reads JSONL from stdin.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("outputs"),
    model: ModelOption = DEFAULT_MODEL,
    models: ModelsOption = DEFAULT_MODELS_DIR,
    batch_size: Annotated[int, typer.Option(min=1)] = 16,
    n_process: Annotated[int, typer.Option(min=1)] = 1,
    text_column: str = "text",
    id_column: str = "id",
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Also write review.xlsx.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Redo articles already extracted.")]
    = False,
    engine: Annotated[str, typer.Option(
        help="local: this machine, --n-process processes; dask: a Dask cluster "
             "(pip install 'organigramme[dask]').")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        help="Dask scheduler address (tcp://host:8786); without it, a LocalCluster of "
             "--n-process workers (one per core if 1).")] = None,
    partitions: Annotated[int | None, typer.Option(
        min=1, help="Dask engine: split the articles into about this many partitions.")]
    = None,
) -> None:
    """Extract people, organisations, units, roles, reporting lines and successions.

    Re-runs into the same --out skip articles already extracted with the same text, model and
    rules; an interrupted run resumes where it stopped.
    """
    from pipeline.articles import count_records
    from pipeline.dask_engine import DaskUnavailable
    from pipeline.engines import RulesMismatch
    from pipeline.extract import run_extract
    from pipeline.progress import progress_reporter

    try:
        total = count_records(inputs)
        with progress_reporter(total) as on_article:
            result = run_extract(inputs, out, model, models, batch_size, n_process,
                                 text_column, id_column, xlsx=xlsx, force=force,
                                 on_article=on_article, engine=engine, scheduler=scheduler,
                                 partitions=partitions)
    except (InputError, ModelError, RuleError, DaskUnavailable, RulesMismatch) as error:
        _fail(str(error))
    except PermissionError as error:
        _fail(f"output folder not writable: {error}")
    for path in result.skipped_files:
        typer.echo(f"skipped (not an article file): {path}", err=True)
    for note in result.review_notes:
        typer.echo(f"review: {note}", err=True)
    if result.named:
        typer.echo(f"{len(result.named)} articles from standard input had no id: named "
                   f"{', '.join(result.named[:5])}{' …' if len(result.named) > 5 else ''} "
                   "(see articles.csv)", err=True)
    counts = ", ".join(f"{result.counts.get(name, 0)} {name}" for name in (
        "people", "organizations", "units", "roles", "reporting", "successions"))
    typer.echo(f"{result.processed} articles extracted (new or changed), {result.skipped} "
               f"unchanged and skipped, {result.rejected} rejected in {result.seconds:.1f}s: "
               f"{counts} → {out}")


@app.command()
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of <id>.txt articles and <id>.json gold.")],
    out: Annotated[Path, typer.Option("--out", "-o")] = Path("outputs/eval"),
    model: ModelOption = DEFAULT_MODEL,
    models: ModelsOption = DEFAULT_MODELS_DIR,
    show_errors: Annotated[bool, typer.Option(
        "--show-errors", help="List every miss and extra with its article.")] = False,
    negatives: Annotated[Path | None, typer.Option(
        "--negatives", help="A folder of .txt articles that state no appointment: count the "
                            "reporting and succession rows produced there.")] = None,
) -> None:
    """Score the extraction against gold files (P/R/F1 per list) and write metrics.json."""
    from pipeline.evaluate import format_errors, format_table, run_evaluate
    from pipeline.engines import cached_pipeline, spec_for

    for folder in (gold_dir, negatives):
        if folder is not None and not folder.is_dir():
            _fail(f"{folder}: no such folder")
    if not any(path.with_suffix(".json").exists() for path in gold_dir.glob("*.txt")):
        _fail(f"{gold_dir}: no gold files (an <id>.json beside an <id>.txt) to score against")
    try:
        nlp = cached_pipeline(spec_for(model, models))
    except (ModelError, RuleError) as error:
        _fail(str(error))
    evaluation, alarms = run_evaluate(gold_dir, nlp, out, models, negatives)
    if show_errors:
        typer.echo(format_errors(evaluation))
    typer.echo(f"{evaluation.articles} articles")
    typer.echo(format_table(evaluation))
    if alarms is not None:
        typer.echo(alarms.summary())


@app.command()
def learn(
    reviewed: Annotated[list[Path], typer.Argument(
        help="Reviewed tables: CSV files (people, organizations, units, roles, reporting, "
             "successions, mentions, careers) or review.xlsx.")],
    models: ModelsOption = DEFAULT_MODELS_DIR,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only print what would be added.")]
    = False,
) -> None:
    """Turn reviewers' verdicts into rules: deny entries, new patterns, suppressed facts."""
    from pipeline.learn import learn as learn_from

    try:
        report = learn_from(reviewed, models, dry_run)
    except (RuleError, FileNotFoundError) as error:
        _fail(str(error))
    for error in report.errors:
        typer.secho(f"invalid: {error}", err=True, fg=typer.colors.YELLOW)
    typer.echo(("(dry run) " if dry_run else "") + report.summary())


@app.command()
def report(
    outputs: Annotated[Path, typer.Argument(help="An outputs folder written by extract.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Folder of the report's pages. Default: OUTPUTS/report/")] = None,
) -> None:
    """Static HTML pages for reviewers: an index, then the articles' highlighted texts, facts
    with their verdicts and org charts, a hundred articles a page."""
    from pipeline.report import NoOutputs, write_report

    try:
        path = write_report(outputs, output)
    except NoOutputs as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"{output or outputs}: cannot write the report there "
              f"({error.strerror or error})")
    typer.echo(f"report written to {path}")



OutputsOption = Annotated[Path, typer.Option(
    "--out", "-o", help="An outputs folder written by extract.")]


@app.command()
def history(
    name: Annotated[str, typer.Argument(help="A person's name (accents and case do not "
                                              "matter), a surname, or a person_id.")],
    out: OutputsOption = Path("outputs"),
) -> None:
    """A person's timeline across the dump: date, title, organisation and unit, status,
    article. Several people match: they are listed, to ask again by person_id."""
    from pipeline.careers import NoCareers, person_history

    try:
        typer.echo(person_history(out, name))
    except (NoCareers, LookupError) as error:
        _fail(str(error).strip("'\""))


@app.command()
def organisation(
    name: Annotated[str, typer.Argument(help="An organisation's name (\"Casino\" finds "
                                              "\"Groupe Casino\") or an org_id.")],
    out: OutputsOption = Path("outputs"),
) -> None:
    """What the dump says of an organisation now: its units and their parents, the latest
    known holder of each post, reporting lines, past holders."""
    from pipeline.careers import NoCareers, organisation_summary

    try:
        typer.echo(organisation_summary(out, name))
    except (NoCareers, LookupError) as error:
        _fail(str(error).strip("'\""))


@app.command("export-pipeline")
def export_pipeline_command(
    out: Annotated[Path, typer.Argument(help="Folder to write the pipeline to.")],
    model: ModelOption = DEFAULT_MODEL,
    models: ModelsOption = DEFAULT_MODELS_DIR,
) -> None:
    """Save the whole pipeline (model, rules, word lists) with nlp.to_disk: spacy.load(OUT)
    loads it where the project is installed, and extract --model OUT uses it."""
    from pipeline.nlp import export_pipeline

    try:
        path = export_pipeline(out, model, models)
    except (ModelError, RuleError) as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"{out}: cannot write the pipeline there ({error.strerror or error})")
    typer.echo(f"pipeline written to {path} (spacy.load({str(path)!r}))")
