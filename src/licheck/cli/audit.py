"""`licheck audit SOURCE`: every row of a dump of model metadata checked, the results as JSON Lines and
the collection summarised (licheck.audit)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from licheck.audit.source import DumpError, open_dump
from licheck.audit.summary import AuditSummary, Counted, counted, render_markdown, render_text
from licheck.cli.options import HubAccess, hub_options
from licheck.cli.output_file import OutputRefused, replaced_atomically, write_atomically
from licheck.cli.run import EXIT_OK, fail, hub_session, load_catalog, say
from licheck.formats import jsonl
from licheck.pipeline import check_dump
from licheck.policy import Policy
from licheck.printable import encodable
from licheck.report import ModelResult


@click.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the results, one JSON line per row, to this file (default: standard output).",
)
@click.option(
    "--summary",
    "summary_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the summary to this file, as Markdown with charts for a .md file, else as text "
    "(default: text on standard error).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes checking the rows [default: every core for 200 rows or more, else 1].",
)
@click.option(
    "--online/--offline",
    default=False,
    show_default=True,
    help="Look up on the Hub the bases that are neither rows of the dump nor in the bundled tables.",
)
@hub_options
def audit(
    source: Path, output: Path | None, summary_file: Path | None, jobs: int | None, online: bool, access: HubAccess
) -> None:
    """Check every model of a dump: a JSON Lines or Parquet file of Hub API model rows (`id` or `modelId`,
    `sha`, `cardData` or the card's text as `card`, `tags`, `config`, `siblings`) or a folder of cards
    (`org__name.md`). A base that is itself a row is read from the dump. A bad row is reported as a
    finding on that row; the audit goes on. Exits 0 once every row is checked, 2 when the dump cannot be
    read."""
    catalog = load_catalog()
    try:
        dump = open_dump(source)
    except DumpError as exc:
        fail([str(exc)])
    summary = AuditSummary()
    session = hub_session(access, offline=False) if online else None

    def present(result: ModelResult) -> tuple[bytes, Counted]:
        # In the worker that checked the row: the writer only writes the bytes.
        return encodable(jsonl.result(result)).encode("utf-8"), counted(result, catalog)

    with session or contextlib.nullcontext(), _results(output) as write:
        for line, counts in check_dump(dump, catalog, Policy(), present, online=session, jobs=jobs):
            write(line)
            summary.add(counts)
    if summary_file is None:
        click.echo(render_text(summary), err=True, nl=False)
    else:
        rendered = render_markdown(summary) if summary_file.suffix == ".md" else render_text(summary)
        try:
            write_atomically(summary_file, rendered)
        except (OutputRefused, OSError) as exc:
            fail([f"the summary was not written: {exc}"])
        say(f"{summary.models:,} row(s) audited; summary written to {summary_file}")
    sys.exit(EXIT_OK)


@contextlib.contextmanager
def _results(output: Path | None) -> Iterator[Callable[[bytes], object]]:
    if output is None:
        yield sys.stdout.buffer.write
        sys.stdout.buffer.flush()
        return
    try:
        with replaced_atomically(output) as handle:
            yield handle.write
    except (OutputRefused, OSError) as exc:
        fail([f"the results were not written: {exc}"])
