"""mergekit_config.yml: the models a merge was made from, each with its line, and the merge method.

mergekit names models in `models[].model`, in `slices[].sources[].model` and as `base_model`; a
value may apply a LoRA to a model (`org/model+org/lora`), and then both are ancestors. The YAML is
composed into nodes, so lines are kept and aliases are never expanded.
"""

from __future__ import annotations

import yaml

from licheck.metadata import BaseReference, InputProblem, Location
from licheck.untrusted_yaml import compose
from licheck.vocabulary import Relation


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                found: yaml.Node = v
                return found
    return None


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def read_mergekit(text: str, path: str) -> tuple[list[BaseReference], list[InputProblem]]:
    try:
        root = compose(text.replace("\r\n", "\n"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [
            InputProblem(
                f"mergekit_config.yml is not valid YAML ({getattr(exc, 'problem', None) or exc})",
                Location(path, mark.line + 1 if mark else None),
                "Fix the YAML; mergekit itself cannot read this config either.",
            )
        ]
    if not isinstance(root, yaml.MappingNode):
        return [], [
            InputProblem(
                "mergekit_config.yml is not a mapping of keys to values",
                Location(path, 1),
                "Write the config as mergekit documents it (models, merge_method, base_model).",
            )
        ]
    method_node = _get(root, "merge_method")
    method = method_node.value if isinstance(method_node, yaml.ScalarNode) else None
    detail = f"mergekit merge_method: {method}" if method else "mergekit merge"
    named: list[yaml.Node | None] = [_get(entry, "model") for entry in _items(_get(root, "models"))]
    for piece in _items(_get(root, "slices")):
        named += [_get(source, "model") for source in _items(_get(piece, "sources"))]
    named.append(_get(root, "base_model"))
    bases: dict[str, BaseReference] = {}
    for node in named:
        if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
            continue  # absent, or a structured reference mergekit resolves itself
        for part in node.value.split("+"):  # model+lora: the model and the adapter applied to it
            model_id = part.strip()
            if model_id and model_id.casefold() not in bases:
                bases[model_id.casefold()] = BaseReference(
                    model_id, Relation.MERGE, "mergekit", Location(path, node.start_mark.line + 1), detail
                )
    return list(bases.values()), []
