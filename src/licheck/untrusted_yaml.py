"""YAML from untrusted files (model cards, mergekit configs, the configuration a checkout carries),
composed into nodes and converted with bounds.

Composing keeps line numbers and never expands aliases, but converting a node graph does: a
359-byte alias bomb stands for a billion values, and `allow: &r [*r]` contains itself. Conversion
therefore counts every node it visits (aliases included) against a budget, refuses a node inside
itself, stops at a depth, and converts scalars one at a time, so that an impossible date
(`2027-02-30`) is a located problem rather than a ValueError.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_NODES = 100_000  # a configuration holds hundreds; an alias bomb billions
MAX_DEPTH = 32
_SCALARS = yaml.constructor.SafeConstructor()
_TYPES = yaml.resolver.Resolver()
# The tag of a plain scalar until it is converted: composing a card otherwise matches every value of its
# evaluation tables against YAML 1.1's type patterns, a third of the time, for values nobody reads.
UNRESOLVED = "tag:licheck,2026:unresolved-plain-scalar"


_DEFAULT_TAGS = {
    yaml.ScalarNode: _TYPES.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: _TYPES.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: _TYPES.DEFAULT_MAPPING_TAG,
}


# libyaml's parser and composer alone: a loader would also set up a constructor and a resolver per text.
_PARSER = yaml._yaml.CParser if yaml.__with_libyaml__ else yaml.SafeLoader


class _Composer(_PARSER):  # type: ignore[misc,valid-type]
    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        # The safe loader has no path resolvers: an untagged node takes its kind's default tag, unless it
        # is a plain scalar, whose value may make it a number, a boolean or a date.
        return UNRESOLVED if kind is yaml.ScalarNode and implicit[0] else _DEFAULT_TAGS[kind]

    # Called around every node to follow path resolvers, which the safe loader has none of.
    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class UntrustedYamlError(ValueError):
    """A value that cannot be converted; `line` is its 0-based line in the composed text."""

    def __init__(self, reason: str, line: int):
        self.reason = reason
        self.line = line
        super().__init__(reason)


def compose(text: str) -> yaml.Node | None:
    """The document's node graph (raises yaml.YAMLError when it does not parse); a plain scalar's type is
    resolved when `scalar` converts it."""
    try:
        return yaml.compose(text, Loader=_Composer)
    except RecursionError:
        raise yaml.YAMLError("nested too deep") from None


def scalar(node: yaml.ScalarNode) -> Any:
    """One scalar's value, as YAML 1.1 reads it (numbers, booleans, dates); an impossible value raises."""
    if node.tag == UNRESOLVED:
        node.tag = _TYPES.resolve(yaml.ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
    if node.tag == _TYPES.DEFAULT_SCALAR_TAG:
        return node.value  # a string, as the constructor would return it, without its bookkeeping
    try:
        return _SCALARS.construct_object(node)
    except (ValueError, OverflowError, yaml.YAMLError) as exc:
        reason = getattr(exc, "problem", None) or str(exc)
        raise UntrustedYamlError(
            f"'{node.value}' is not a valid {node.tag.rsplit(':', 1)[-1]} ({reason})", node.start_mark.line
        ) from None
    finally:
        _SCALARS.constructed_objects.clear()  # the shared constructor would otherwise keep every node of the run


KeyPath = tuple[str | int, ...]  # where a value sits: keys and list indices from the top


class Converter:
    """Turns nodes into Python values within one budget of nodes, shared by every call, and keeps the
    1-based line of every value (a mapping's values by their key's line) for located messages."""

    def __init__(self, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH):
        self.nodes_left = max_nodes
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.lines: dict[KeyPath, int] = {}
        self._open: set[int] = set()  # the nodes being converted: meeting one again is a cycle

    def value(self, node: yaml.Node, keys: KeyPath = ()) -> Any:
        self.nodes_left -= 1
        line = node.start_mark.line
        if self.nodes_left < 0:
            raise UntrustedYamlError(
                f"more than {self.max_nodes:,} values once aliases are expanded (an alias bomb?)", line
            )
        if len(keys) > self.max_depth:
            raise UntrustedYamlError(f"nested more than {self.max_depth} levels deep", line)
        self.lines.setdefault(keys, line + 1)
        if isinstance(node, yaml.ScalarNode):
            return scalar(node)
        if id(node) in self._open:
            raise UntrustedYamlError("an alias refers to a value that contains it (a cycle)", line)
        self._open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.value(item, (*keys, index)) for index, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                result: dict[str, Any] = {}
                for key_node, value_node in node.value:
                    key = self.key(key_node)
                    path = (*keys, key)
                    self.lines[path] = key_node.start_mark.line + 1
                    result[key] = self.value(value_node, path)
                return result
            raise UntrustedYamlError(f"unsupported YAML node {type(node).__name__}", line)
        finally:
            self._open.discard(id(node))

    def key(self, node: yaml.Node) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise UntrustedYamlError("a key must be plain text, not a list or mapping", node.start_mark.line)
        return str(scalar(node))
