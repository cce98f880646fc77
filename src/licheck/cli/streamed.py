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


@dataclass
class _UnderOneConfig:
    """What the end of the run needs of the models checked under one configuration file."""

    failing: bool = False
    used: set[str] = field(default_factory=set)  # the accepted exceptions that covered a finding
    covering: set[int] = field(default_factory=set)  # the exceptions (by index) that cover a checked model


def finish_streamed(
    run: ScanRun, policies: Policies, config_of: Callable[[ModelResult], Path | None], out: OutputChoice
) -> NoReturn:
    """Write the report as the results come, then say which exceptions are stale, summarise, and exit with
    the run's code (2 when targets were given and none could be checked)."""
    (target,) = out.reports
    for failure in run.failures:
        say(failure.message)
    totals = Totals(failures=len(run.failures), skipped=len(run.skipped))
    under: dict[Path | None, _UnderOneConfig] = {}
    colour = out.colour and target.path is None  # never into a file
    with _writer(target, colour) as write:
        writer = _Writer(target.output_format, write, colour, out.quiet)
        writer.begin()
        for result in run.results:
            config = config_of(result)
            if out.verbose:
                under_what = config if config else "no configuration file (defaults and options)"
                say(f"{result.path}: checked under {under_what}")
            _count(result, policies, config, under.setdefault(config, _UnderOneConfig()))
            totals.add(result)
            writer.result(result, first=totals.models == 1)
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


def _count(result: ModelResult, policies: Policies, config: Path | None, seen: _UnderOneConfig) -> None:
    policy = policies.for_config(config)
    seen.failing = seen.failing or any(policy.fails(f.severity) for f in result.open_findings)
    seen.used.update(f.acceptance.source for f in result.findings if f.acceptance)
    seen.covering.update(i for i, e in enumerate(policy.exceptions) if e.covers_model(result))


class _Writer:
    def __init__(self, output_format: str, write: Callable[[str], None], colour: bool, findings_only: bool):
        self.output_format = output_format
        self.write = write
        self.colour = colour
        self.findings_only = findings_only
        self.blocks = 0

    def begin(self) -> None:
        if self.output_format == "json":
            self.write(json_format.head())

    def result(self, result: ModelResult, first: bool) -> None:
        if self.output_format == "json":
            self.write(json_format.result(result, first))
        elif self.output_format == "jsonl":
            self.write(jsonl.result(result))
        elif (block := text.block(result, self.colour, self.findings_only)) is not None:
            # As text.render: blocks separated by an empty line, the summary after the last.
            self.write(("\n" if self.blocks else "") + block if self.findings_only else block + "\n")
            self.blocks += 1

    def end(self, run: ScanRun, totals: Totals) -> None:
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
