"""A model's lineage as a Mermaid flowchart, which GitHub and GitLab draw from a ```mermaid block.

Bases point at what derives from them, down to the checked model; each node shows its id and
license(s) (the checked model: those it declares), and the edge from an ancestor whose license
conflicts with what the model declares is drawn thick and red, labelled with the finding's code.
"""

from __future__ import annotations

import re

from licheck.lineage import tree_order
from licheck.report import ModelResult
from licheck.vocabulary import Relation

# Findings whose lineage path names the ancestor whose license the model's own license conflicts with.
CONFLICT_CODES = frozenset({"LC004", "LC011", "LC017"})
CONFLICT_STYLE = "stroke:#d1242f,stroke-width:3px,color:#d1242f"
# Everything else in a label becomes a Mermaid entity code: no quote, bracket, backtick, angle
# bracket or line break from a scanned card can end the label, the block or the fence around it.
_PLAIN = re.compile(r"[A-Za-z0-9 ._/:@+,()-]")


def _label(text: str) -> str:
    """`text` as the inside of a quoted Mermaid label."""
    return "".join(c if _PLAIN.fullmatch(c) else f"#{ord(c)};" for c in " ".join(text.split()))


def _node(node_id: str, name: str, licenses: str, dataset: bool = False) -> str:
    opening, closing = ("[(", ")]") if dataset else ("[", "]")  # a dataset is drawn as a cylinder
    return f'    {node_id}{opening}"{_label(name)}<br/>{_label(licenses)}"{closing}'


def lineage_graph(result: ModelResult) -> list[str]:
    """The lines of a ```mermaid block, fence included; nothing when the model has no lineage."""
    if not result.lineage:
        return []
    declared = ", ".join(dict.fromkeys(e.license for e in result.declared)) or "none"
    lines = ["```mermaid", "graph BT", _node("m", result.name, f"declares {declared}")]
    conflicts = {f.path: f.code for f in result.findings if f.code in CONFLICT_CODES and f.path}
    nodes: dict[tuple[bool, str], str] = {}  # one node per model or dataset, however many paths reach it
    by_path: dict[tuple[str, ...], str] = {(): "m"}
    edges: dict[tuple[str, str, str], str | None] = {}  # (ancestor, what names it, relation) -> conflict code
    for ancestor in tree_order(result.lineage):
        dataset = ancestor.relation is Relation.DATASET
        key = (dataset, ancestor.model_id)
        if key not in nodes:
            nodes[key] = f"n{len(nodes) + 1}"
            licenses = ", ".join(ancestor.licenses) or str(ancestor.status)
            lines.append(_node(nodes[key], ancestor.model_id, licenses, dataset))
        by_path[ancestor.path] = nodes[key]
        child = by_path.get(ancestor.path[:-1])
        if child is not None:  # tree order places what names an ancestor first, unless it is not listed
            edge = (nodes[key], child, str(ancestor.relation or ("inferred base" if ancestor.inferred else "base")))
            edges[edge] = edges.get(edge) or conflicts.get(ancestor.path)
    for (source, target, relation), code in edges.items():
        lines.append(f'    {source} -->|"{_label(f"{relation} ✗ {code}" if code else relation)}"| {target}')
    lines += [f"    linkStyle {i} {CONFLICT_STYLE}" for i, code in enumerate(edges.values()) if code]
    return [*lines, "```"]
