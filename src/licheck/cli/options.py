"""The click options the checking commands share: the intended use and license policy, the output,
and how to reach the Hub. Values are turned into a run by licheck.cli.run."""

from __future__ import annotations

import dataclasses
import functools
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
class OutputChoice:
    """--format, --output and --color, handed to a command as one value."""

    output_format: str
    output: Path | None
    color: bool | None


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


def _packed(into: type[Any], keyword: str, *decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Options applied as a group and handed to the command as one `into` value, as `keyword`."""
    names = [f.name for f in dataclasses.fields(into)]

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

output_options = _packed(
    OutputChoice,
    "out",
    click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text", show_default=True),
    click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the report to this file instead of standard output.",
    ),
    click.option(
        "--color/--no-color", default=None, help="Colour the text report (default: when writing to a terminal)."
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
