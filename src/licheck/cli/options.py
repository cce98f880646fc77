"""The click options the checking commands share: the intended use and license policy, the output,
and how to reach the Hub. Values are turned into a run by licheck.cli.run."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from licheck.config.settings import load_presets
from licheck.formats import FORMATS
from licheck.policy.territory import TerritoryError, normalise_territory

F = TypeVar("F", bound=Callable[..., Any])


def _territory(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        return normalise_territory(value) if value else None
    except TerritoryError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


@dataclass(frozen=True)
class ReportTarget:
    """One report of the run: a format, and the file it goes to (None: standard output)."""

    output_format: str
    path: Path | None


@dataclass(frozen=True)
class OutputChoice:
    """--format/--output pairs, --output-dir, --color, --quiet and --verbose, handed to a command as one value."""

    reports: tuple[ReportTarget, ...]
    colour: bool  # colour the report written to standard output
    quiet: bool  # findings only: no summary, no progress bar, the text report without obligations or lineage
    verbose: bool  # also say which configuration file each model was checked under

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(r.path for r in self.reports if r.path is not None)


@dataclass(frozen=True)
class HubAccess:
    """--endpoint, --token-file and --timeout, handed to a command as one value."""

    endpoint: str | None
    token_file: Path | None
    timeout: float


def _option_group(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """One decorator applying several click options, in the order they are listed in --help."""

    def apply(command: F) -> F:
        return functools.reduce(lambda cmd, decorate: decorate(cmd), reversed(decorators), command)

    return apply


def _packed(into: Callable[..., Any], keyword: str, *decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Options applied as a group and handed to the command as one value, `into(**their values)`, as `keyword`."""
    names = list(inspect.signature(into).parameters)

    def apply(command: F) -> F:
        @functools.wraps(command)
        def unpacked(*args: Any, **kwargs: Any) -> Any:
            kwargs[keyword] = into(**{name: kwargs.pop(name) for name in names})
            return command(*args, **kwargs)

        return _option_group(*decorators)(unpacked)  # type: ignore[arg-type]  # click reads the wrapper's params

    return apply


policy_options = _option_group(  # --config and every policy option; each given option overrides the file
    click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Configuration file (default: .licheck.yaml or [tool.licheck] in pyproject.toml, "
        "looked for from the working directory up to the repository root).",
    ),
    click.option("--no-config", is_flag=True, help="Ignore configuration files."),
    click.option(
        "--commercial/--non-commercial", default=None, help="Intended use of the model [default: commercial]."
    ),
    click.option("--mau", type=click.IntRange(min=0), help="Monthly active users of the products using the model."),
    click.option("--revenue", type=click.FloatRange(min=0), help="Annual revenue in US$ (with affiliates)."),
    click.option(
        "--territory",
        callback=_territory,
        metavar="CODE",
        help="Where the licensee (you: the person or company using or distributing the model) is domiciled or "
        "has its principal place of business: an ISO 3166-1 alpha-2 code, or EU. Not where end users are: "
        "Llama 3.2+'s EU clause for multimodal models binds licensees there, not users of their products. "
        "Licenses that limit where the model is used or distributed (Tencent Hunyuan's Territory) need a run "
        "per country you distribute to.",
    ),
    click.option(
        "--model-name",
        help="The name the model is published under (default: the card's model-index name, else the folder name).",
    ),
    click.option(
        "--preset",
        "presets",
        multiple=True,
        metavar="NAME",
        help=f"Named license policy, repeatable ({', '.join(load_presets())}); replaces the file's.",
    ),
    click.option(
        "--allow",
        multiple=True,
        metavar="SELECTOR",
        help="Allowed license (id, family:, category:, has:), repeatable; replaces the file's list.",
    ),
    click.option(
        "--deny",
        multiple=True,
        metavar="SELECTOR",
        help="Denied license (id, family:, category:, has:), repeatable; replaces the file's list.",
    ),
    click.option(
        "--fail-on",
        type=click.Choice(["error", "warning", "never"]),
        help="Lowest severity that makes the exit code 1 [default: error].",
    ),
)

# Where --output-dir puts each format's report.
REPORT_FILE_NAMES = {
    "text": "licheck.txt",
    "concise": "licheck-concise.txt",
    "json": "licheck.json",
    "jsonl": "licheck.jsonl",
    "sarif": "licheck.sarif",
    "markdown": "licheck.md",
    "github": "licheck-annotations.txt",
    "cyclonedx": "licheck.cdx.json",
    "spdx3": "licheck.spdx3.jsonld",
    "notice": "NOTICE",
}


def wants_colour(choice: str, stream_is_terminal: bool) -> bool:
    """--color always/never win; auto colours a terminal unless NO_COLOR is set to anything (no-color.org)."""
    if choice != "auto":
        return choice == "always"
    return stream_is_terminal and not os.environ.get("NO_COLOR")


def output_choice(
    output_format: tuple[str, ...],
    output: tuple[Path, ...],
    output_dir: Path | None,
    color: str,
    quiet: bool,
    verbose: bool,
) -> OutputChoice:
    """Pair the n-th --format with the n-th --output; a format without one goes to --output-dir, else to
    standard output, which takes one report."""
    formats = output_format or ("text",)
    if len(output) > len(formats) or (len(output) < len(formats) - 1 and output_dir is None):
        raise click.UsageError(
            f"{len(formats)} --format and {len(output)} --output: give each --format its --output "
            "(one may go to standard output), or --output-dir DIR for the rest"
        )
    paths: list[Path | None] = [*output]
    for output_format_left in formats[len(output) :]:
        paths.append(output_dir / REPORT_FILE_NAMES[output_format_left] if output_dir is not None else None)
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose contradict each other; give one")
    reports = tuple(ReportTarget(f, p) for f, p in zip(formats, paths, strict=True))
    if len({r.path for r in reports}) < len(reports):
        raise click.UsageError("two reports would be written to the same place; give each format its own --output")
    return OutputChoice(reports, wants_colour(color, sys.stdout.isatty()), quiet, verbose)


output_options = _packed(
    output_choice,
    "out",
    click.option(
        "--format",
        "output_format",
        type=click.Choice(list(FORMATS)),
        multiple=True,
        help="Report format [default: text]; repeatable, each with its own --output, to write several from one run.",
    ),
    click.option(
        "--output",
        "-o",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the report to this file instead of standard output; the n-th --output takes the n-th --format.",
    ),
    click.option(
        "--output-dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Write each --format that has no --output into this folder (licheck.sarif, licheck.json, licheck.md…).",
    ),
    click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour the report on standard output; auto: on a terminal, unless NO_COLOR is set.",
    ),
    click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no summary, obligations or lineage."),
    click.option(
        "--verbose", "-v", is_flag=True, help="Also say which configuration file each model was checked under."
    ),
)


hub_options = _packed(  # where the Hub is and how to reach it; read at call time, so mirrors and tests work
    HubAccess,
    "access",
    click.option("--endpoint", help="Hub endpoint (default: $HF_ENDPOINT, else https://huggingface.co)."),
    click.option(
        "--token-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="File holding a Hub token (default: $HF_TOKEN, else the token huggingface_hub has stored).",
    ),
    click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=10.0,
        show_default=True,
        help="Seconds to wait for each Hub request.",
    ),
)
