"""A scan's report written as its results come, for the formats that can be (text, JSON, JSON Lines):
no result is kept once written, so memory stays flat in the number of models, and the first results
show at once. What the end of the run needs is added up as the results pass: the summary's counts,
whether any finding fails the run, and which accepted exceptions matched nothing (per configuration
file, as `licheck.cli.run.finish` does for a whole report)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import click

from licheck.cli.options import OutputChoice, ReportTarget
from licheck.cli.output_file import OutputRefused, replaced_atomically
from licheck.cli.policies import Policies
from licheck.cli.run import EXIT_CANNOT_CHECK, EXIT_FINDINGS, EXIT_OK, fail, say
from licheck.formats import json_format, jsonl, text
from licheck.formats.summary import Totals, summary_of
from licheck.pipeline import ScanRun
from licheck.printable import encodable
from licheck.report import ModelResult

STREAMED = ("text", "json", "jsonl")


def streams(out: OutputChoice) -> bool:
    """Whether the run writes one report, in a format that can be written as the results come."""
    return len(out.reports) == 1 and out.reports[0].output_format in STREAMED


@dataclass(frozen=True)
class Checked:
    """What the run keeps of one model's result: made where the model was checked (in a worker, with
    --jobs), so only this small record and the rendered text travel back, and the result is dropped."""

    path: str
    config: Path | None  # the configuration file the model was checked under
    piece: str | None  # the result as the report writes it; None when --quiet text has nothing to say
    counts: tuple[int, int, int]  # errors, warnings, accepted (ModelResult.counts)
    failing: bool  # a finding fails the run under its configuration
    used: frozenset[str]  # the accepted exceptions that covered a finding
    covering: frozenset[int]  # the exceptions (by index) that cover the model


def presenter(
    out: OutputChoice, policies: Policies, config_of: Callable[[ModelResult], Path | None]
) -> Callable[[ModelResult], Checked]:
    """What scan_stream makes of each result for a streamed report."""
    (target,) = out.reports
    colour = out.colour and target.path is None  # never into a file

    def present(result: ModelResult) -> Checked:
        config = config_of(result)
        policy = policies.for_config(config)
        return Checked(
            result.path,
            config,
            _piece(target.output_format, result, colour, out.quiet),
            result.counts(),
            any(policy.fails(f.severity) for f in result.open_findings),
            frozenset(f.acceptance.source for f in result.findings if f.acceptance),
            frozenset(i for i, e in enumerate(policy.exceptions) if e.covers_model(result)),
        )

    return present


def _piece(output_format: str, result: ModelResult, colour: bool, findings_only: bool) -> str | None:
    if output_format == "json":
        return json_format.result_line(result)
    if output_format == "jsonl":
        return jsonl.result(result)
    return text.block(result, colour, findings_only)


@dataclass
class _UnderOneConfig:
    """What the end of the run needs of the models checked under one configuration file."""

    failing: bool = False
    used: set[str] = field(default_factory=set)
    covering: set[int] = field(default_factory=set)


def finish_streamed(run: ScanRun[Checked], policies: Policies, out: OutputChoice) -> NoReturn:
    """Write the report as the results come, then say which exceptions are stale, summarise, and exit with
    the run's code (2 when targets were given and none could be checked)."""
    (target,) = out.reports
    for failure in run.failures:
        say(failure.message)
    totals = Totals(failures=len(run.failures), skipped=len(run.skipped))
    under: dict[Path | None, _UnderOneConfig] = {}
    with _writer(target, out.colour and target.path is None) as write:
        writer = _Writer(target.output_format, write, out.quiet)
        writer.begin()
        for checked in run.results:
            if out.verbose:
                under_what = checked.config if checked.config else "no configuration file (defaults and options)"
                say(f"{checked.path}: checked under {under_what}")
            seen = under.setdefault(checked.config, _UnderOneConfig())
            seen.failing = seen.failing or checked.failing
            seen.used.update(checked.used)
            seen.covering.update(checked.covering)
            totals.add(checked.counts)
            writer.result(checked.piece, first=totals.models == 1)
        writer.end(run, totals)
    for config, seen in under.items():
        exceptions = policies.for_config(config).exceptions
        for i, exception in enumerate(exceptions):
            if i in seen.covering and str(exception.location) not in seen.used:
                say(
                    f"the exception at {exception.location} ({exception.code}) matched no finding; "
                    "remove it if the finding is fixed, or correct its path, model or license"
                )
    if not out.quiet and not (target.output_format == "text" and target.path is None):
        say(summary_of(totals) + (f"; written to {target.path}" if target.path else ""))
    if run.failures and not totals.models:
        sys.exit(EXIT_CANNOT_CHECK)
    sys.exit(EXIT_FINDINGS if any(seen.failing for seen in under.values()) else EXIT_OK)


class _Writer:
    def __init__(self, output_format: str, write: Callable[[str], None], findings_only: bool):
        self.output_format = output_format
        self.write = write
        self.findings_only = findings_only
        self.blocks = 0

    def begin(self) -> None:
        if self.output_format == "json":
            self.write(json_format.head())

    def result(self, piece: str | None, first: bool) -> None:
        if self.output_format == "json":
            self.write(json_format.before_result(first) + (piece or ""))
        elif self.output_format == "jsonl":
            self.write(piece or "")
        elif piece is not None:
            # As text.render: blocks separated by an empty line, the summary after the last.
            self.write(("\n" if self.blocks else "") + piece if self.findings_only else piece + "\n")
            self.blocks += 1

    def end(self, run: ScanRun[Checked], totals: Totals) -> None:
        if self.output_format == "json":
            self.write(json_format.tail(run.failures, run.skipped, bool(totals.models)))
        elif self.output_format == "jsonl":
            self.write(jsonl.tail(run.failures, run.skipped))
        elif not self.findings_only:
            self.write(summary_of(totals) + "\n")


@contextlib.contextmanager
def _writer(target: ReportTarget, colour: bool) -> Iterator[Callable[[str], None]]:
    if target.path is None:

        def echo(piece: str) -> None:
            try:
                click.echo(encodable(piece), nl=False, color=colour)
            except BrokenPipeError:  # the reader stopped (`| head`): the run still ends with its exit code
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

        yield echo
        return
    try:
        with replaced_atomically(target.path) as handle:

            def write(piece: str) -> None:
                handle.write(encodable(piece).encode("utf-8"))

            yield write
    except OutputRefused as exc:
        fail([f"not written: {exc}"])
    except OSError as exc:
        fail([f"cannot write {target.path}: {exc.strerror or exc}"])
