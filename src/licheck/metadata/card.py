"""Model card (README.md) front matter, every value with its line.

The YAML is composed into nodes (which keep their line numbers and never expand aliases), and only
the scalar values of the keys licheck reads are converted, so an alias bomb costs nothing.
When the YAML is broken, the simple top-level keys are recovered line by line and the breakage is
reported: a card the Hub cannot parse shows no license there either.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from licheck.metadata import BaseReference, Declaration, DeclarationForm, InputProblem, Located, Location
from licheck.untrusted_yaml import UntrustedYamlError, compose, scalar
from licheck.vocabulary import CARD_RELATIONS, Relation, Severity

FRONT_MATTER_LIMIT = 512 * 1024
# Values read per key: a real card lists a few licenses and bases and at most some dozens of datasets
# or tags; 47k unknown license ids would cost minutes of did-you-mean work.
MAX_VALUES_PER_KEY = 256
_FORMS: dict[str, DeclarationForm] = {"license": "id", "license_name": "name", "license_link": "link"}

_SIMPLE_KEY = re.compile(
    r"^(license|license_name|license_link|base_model|base_model_relation|pipeline_tag)\s*:\s*(.*?)\s*$"
)
_LIST_ITEM = re.compile(r"^\s+-\s+['\"]?([^'\"#]+?)['\"]?\s*$")


@dataclass
class CardData:
    """What a model card says: its front matter's declarations, bases, datasets and tags (each located),
    the problems met reading it, and its prose."""

    has_front_matter: bool = False
    front_matter_line: int | None = None  # the line of the opening '---'
    declarations: list[Declaration] = field(default_factory=list)
    bases: list[BaseReference] = field(default_factory=list)
    datasets: list[Located] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    pipeline_tag: str | None = None
    model_name: Located | None = None
    relation: Relation | None = None
    problems: list[InputProblem] = field(default_factory=list)
    body: str = ""  # the prose after the front matter (the whole text without one), bounded; "\r\n" may end lines
    body_line: int = 1  # the file line the body starts at


FRONT_MATTER_UNPARSED = "the YAML front matter does not parse"  # the check of a missing license names it


@dataclass(frozen=True)
class FrontMatter:
    """The YAML block at the top of a card, and where it starts in the file."""

    source: str  # the YAML between the opening and the closing line
    first_line: int  # the 1-based file line of its first line
    body_line: int  # the 1-based file line after the closing one
    body_start: int  # where that line starts in the text


def split_front_matter(text: str, path: str) -> tuple[FrontMatter | None, InputProblem | None]:
    """The front matter, or why there is none. Its closing line is searched for, so a card (mostly
    prose) is never split into lines."""
    start, end = 0, text.find("\n")  # the opening line's bounds
    while end >= 0 and not text[start:end].strip():
        start, end = end + 1, text.find("\n", end + 1)  # huggingface_hub accepts blank lines before the ---
    if text[start : len(text) if end < 0 else end].rstrip() != "---":
        return None, None
    opening = text.count("\n", 0, start)  # the opening line's 0-based number
    closing = _closing_line(text, end) if end >= 0 else -1
    if closing < 0:
        return None, InputProblem(
            f"the front matter opened at line {opening + 1} is never closed by '---'; "
            "the Hub reads no metadata from this card",
            Location(path, opening + 1),
            "Add a line '---' after the last metadata line.",
        )
    closing_end = text.find("\n", closing)
    body_start = len(text) if closing_end < 0 else closing_end + 1
    closing_number = opening + 1 + text.count("\n", end + 1, closing)
    return FrontMatter(text[end + 1 : closing - 1], opening + 2, closing_number + 2, body_start), None


def _closing_line(text: str, newline: int) -> int:
    """Where the first line after the newline at `newline` that is '---' or '...' (trailing blanks
    allowed) starts, or -1. Each stretch of the text is searched once, whatever it holds."""
    start = newline
    while True:
        dashes = text.find("\n---", start)
        end = len(text) if dashes < 0 else dashes
        dots = text.find("\n...", start, end)  # a '...' line before the next '---' one closes first
        while dots >= 0:
            if _closes(text, dots):
                return dots + 1
            dots = text.find("\n...", dots + 1, end)
        if dashes < 0:
            return -1
        if _closes(text, dashes):
            return dashes + 1
        start = dashes + 1


def _closes(text: str, newline: int) -> bool:
    """Whether the line after the newline at `newline`, which begins with '---' or '...', has nothing else."""
    line_end = text.find("\n", newline + 1)
    return not text[newline + 4 : len(text) if line_end < 0 else line_end].strip()


BODY_LIMIT = 64 * 1024  # prose read for lineage evidence: where a card says what the model derives from
_LONE_CR = re.compile("\r(?!\n)")


def parse_card(text: str, path: str) -> CardData:
    data = CardData()
    # Windows line ends are kept (each line still ends with "\n"): rewriting a whole card cost more than
    # reading its front matter. A line ended by "\r" alone (old Macs) is normalised.
    if "\r" in text and _LONE_CR.search(text):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    front_matter, problem = split_front_matter(text, path)
    if problem:
        data.problems.append(problem)
        return data
    if front_matter is None:
        data.body = _prose(text, 0)
        return data
    data.body_line = front_matter.body_line
    data.body = _prose(text, front_matter.body_start)
    data.has_front_matter = True
    first_line = front_matter.first_line
    data.front_matter_line = first_line - 1
    source = front_matter.source
    if "\r" in source:  # the YAML as the Hub reads it, its lines ended by "\n"
        source = source.replace("\r\n", "\n").removesuffix("\r")
    if len(source) > FRONT_MATTER_LIMIT:
        data.problems.append(
            InputProblem(
                f"the front matter is larger than {FRONT_MATTER_LIMIT // 1024} KiB; it was not read",
                Location(path, first_line - 1),
                "Move long content (evaluation tables) out of the YAML front matter.",
            )
        )
        return data
    try:
        root = compose(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        data.problems.append(
            InputProblem(
                f"{FRONT_MATTER_UNPARSED} ({reason}); the Hub shows no metadata for this card"
                " — licheck recovered simple top-level keys line by line",
                Location(path, line),
                "Fix the YAML at this line (tabs and unbalanced brackets are the usual causes).",
            )
        )
        _recover(source.split("\n"), first_line, path, data)
        return data
    if root is None:
        return data
    if not isinstance(root, yaml.MappingNode):
        data.problems.append(
            InputProblem(
                "the front matter is not a mapping of keys to values; no metadata was read",
                Location(path, first_line),
                "Write the metadata as 'key: value' lines.",
            )
        )
        return data
    _read_mapping(root, first_line, path, data)
    if data.relation:  # the key may come before or after base_model
        data.bases = [dataclasses.replace(b, relation=data.relation) for b in data.bases]
    return data


def _prose(text: str, start: int) -> str:
    """The text from `start`, at most BODY_LIMIT characters once Windows line ends count as one."""
    prose = text[start : start + 2 * BODY_LIMIT]  # a line end of two characters counts as one
    if len(prose) > BODY_LIMIT and "\r" in prose:
        prose = prose.replace("\r\n", "\n")
    return prose[:BODY_LIMIT]


def card_from_data(card_data: Mapping[str, Any], path: str) -> CardData:
    """A host's parsed front matter (the Hub's `cardData`), read as a card whose lines are unknown."""
    text = "---\n" + yaml.safe_dump(dict(card_data), sort_keys=False, allow_unicode=True) + "---\n"
    card = parse_card(text, path)
    unlined = Location(path)
    card.declarations = [dataclasses.replace(d, location=unlined) for d in card.declarations]
    card.bases = [dataclasses.replace(b, location=unlined) for b in card.bases]
    card.datasets = [Located(d.value, unlined) for d in card.datasets]
    if card.model_name:
        card.model_name = Located(card.model_name.value, unlined)
    return card


def _line(node: yaml.Node, first_line: int) -> int:
    return first_line + node.start_mark.line


# An example value per key, for the fix of a value of the wrong type.
_EXAMPLES = {
    "license": "apache-2.0",
    "license_name": "llama3.1",
    "license_link": "LICENSE",
    "base_model": "meta-llama/Llama-3.1-8B",
    "datasets": "OpenAssistant/oasst1",
    "tags": "lora",
    "base_model_relation": "finetune",
    "pipeline_tag": "text-generation",
}


def _strings(node: yaml.Node, key: str, first_line: int, path: str, data: CardData) -> list[tuple[str, int]]:
    """A value that must be a string or a list of strings, each with its line; one problem per key at most."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if len(items) > MAX_VALUES_PER_KEY:
        data.problems.append(
            InputProblem(
                f"'{key}' lists {len(items):,} values; licheck reads the first {MAX_VALUES_PER_KEY} "
                "(the rest were not checked)",
                Location(path, _line(items[MAX_VALUES_PER_KEY], first_line)),
                f"List only the values that apply to this model under '{key}'.",
                Severity.WARNING,
            )
        )
        items = items[:MAX_VALUES_PER_KEY]
    found: list[tuple[str, int]] = []
    reported = False
    for item in items:
        try:
            value = scalar(item) if isinstance(item, yaml.ScalarNode) else item
        except UntrustedYamlError as exc:
            value = exc  # reported below as a value of the wrong kind
        if value is None:
            continue  # `key:` with nothing after it: the same as absent
        if not isinstance(value, str):
            if not reported:
                reported = True
                shown = (
                    "a list"
                    if isinstance(item, yaml.SequenceNode)
                    else "a mapping"
                    if isinstance(item, yaml.MappingNode)
                    else value.reason
                    if isinstance(value, UntrustedYamlError)
                    else repr(value)
                )
                data.problems.append(
                    InputProblem(
                        f"'{key}' must be a string or a list of strings, not {shown}; such values were ignored",
                        Location(path, _line(item, first_line)),
                        f"Write '{key}:' as text, e.g. '{key}: {_EXAMPLES.get(key, 'value')}'.",
                    )
                )
            continue
        if value.strip():
            found.append((value.strip(), _line(item, first_line)))
    return found


def _read_mapping(root: yaml.MappingNode, first_line: int, path: str, data: CardData) -> None:
    for key_node, value_node in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        _read_key(key, key_node, value_node, first_line, path, data)


def _read_key(
    key: str | None, key_node: yaml.Node, value_node: yaml.Node, first_line: int, path: str, data: CardData
) -> None:
    if key is None:
        return
    if key in _FORMS:
        for value, line in _strings(value_node, key, first_line, path, data):
            data.declarations.append(Declaration(_FORMS[key], value, "card", Location(path, line)))
    elif key == "licence":
        data.problems.append(
            InputProblem(
                "the key 'licence' is not read by the Hub (it expects 'license'); its value was ignored",
                Location(path, _line(key_node, first_line)),
                "Rename the key to 'license' and give a real license id (templates leave the placeholder 'license').",
                Severity.WARNING,
            )
        )
    elif key == "base_model":
        seen = set()
        for value, line in _strings(value_node, key, first_line, path, data):
            if value not in seen:  # cards repeat the same base for every merge slice
                seen.add(value)
                data.bases.append(BaseReference(value, None, "card", Location(path, line)))
    elif key == "base_model_relation":
        values = _strings(value_node, key, first_line, path, data)
        if values:
            relation, line = values[0]
            if relation in CARD_RELATIONS:
                data.relation = Relation(relation)
            else:
                known = ", ".join(sorted(CARD_RELATIONS))
                data.problems.append(
                    InputProblem(
                        f"base_model_relation '{relation}' is not one the Hub knows ({known}); it was ignored",
                        Location(path, line),
                        "Use adapter, merge, quantized or finetune.",
                        Severity.WARNING,
                    )
                )
    elif key == "datasets":
        data.datasets.extend(
            Located(v, Location(path, line)) for v, line in _strings(value_node, key, first_line, path, data)
        )
    elif key == "tags":
        data.tags.extend(v for v, _ in _strings(value_node, key, first_line, path, data))
    elif key == "pipeline_tag":
        values = _strings(value_node, key, first_line, path, data)
        data.pipeline_tag = values[0][0] if values else None
    elif key == "model-index" and isinstance(value_node, yaml.SequenceNode) and value_node.value:
        entry = value_node.value[0]
        if isinstance(entry, yaml.MappingNode):
            for k, v in entry.value:
                if (
                    isinstance(k, yaml.ScalarNode)
                    and k.value == "name"
                    and isinstance(v, yaml.ScalarNode)
                    and v.value.strip()
                ):
                    data.model_name = Located(v.value.strip(), Location(path, _line(v, first_line)))


def _recover(lines: list[str], first_line: int, path: str, data: CardData) -> None:
    """Line-by-line reading of simple top-level keys from YAML that does not parse."""
    current = None
    for index, line in enumerate(lines):
        location = Location(path, first_line + index)
        match = _SIMPLE_KEY.match(line)
        if match:
            current, value = match.group(1), match.group(2).strip().strip("'\"")
            if value.startswith(("[", "{")):
                value = ""  # a flow collection is exactly what failed to parse; do not guess inside it
            if value:
                _add_recovered(current, value, location, data)
            continue
        item = _LIST_ITEM.match(line)
        if item and current:
            _add_recovered(current, item.group(1).strip(), location, data)
        elif line and not line[0].isspace():
            current = None


def _add_recovered(key: str, value: str, location: Location, data: CardData) -> None:
    if key in _FORMS:
        data.declarations.append(Declaration(_FORMS[key], value, "card", location))
    elif key == "base_model":
        data.bases.append(BaseReference(value, None, "card", location))
    elif key == "pipeline_tag":
        data.pipeline_tag = value
