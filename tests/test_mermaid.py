"""--format markdown draws each model's lineage as a Mermaid graph; the graph is parsed back here."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import ROOT
from licheck.cli import cli
from licheck.formats.mermaid import CONFLICT_STYLE

NODE = re.compile(r'^    (\w+)(?:\["(.*)"\]|\[\("(.*)"\)\])$')
EDGE = re.compile(r'^    (\w+) -->\|"(.*)"\| (\w+)$')
STYLE = re.compile(r"^    linkStyle (\d+) (.+)$")
# What a label may hold: plain characters, Mermaid entity codes and the line break licheck puts in.
SAFE_LABEL = re.compile(r"^(?:[A-Za-z0-9 ._/:@+,()-]|#\d+;|<br/>)*$")


@pytest.fixture(autouse=True)
def in_project_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def markdown(*args) -> str:
    result = CliRunner().invoke(cli, ["scan", "--no-config", "--format", "markdown", *map(str, args)])
    return result.stdout


def graphs(text: str) -> dict[str, dict]:
    """Each model section's graph, by the section's heading: nodes (id -> label), edges, styled edges."""
    found = {}
    for section in text.split("\n### ")[1:]:
        heading = section.splitlines()[0]
        if "```mermaid" not in section:
            continue
        block = section.split("```mermaid\n", 1)[1].split("\n```\n", 1)[0].splitlines()
        assert block[0] == "graph BT"
        nodes, edges, styles = {}, [], {}
        for line in block[1:]:
            if node := NODE.match(line):
                assert node[1] not in nodes, f"node id {node[1]} declared twice"
                nodes[node[1]] = node[2] if node[2] is not None else node[3]
            elif edge := EDGE.match(line):
                edges.append((edge[1], edge[2], edge[3]))
            elif style := STYLE.match(line):
                styles[int(style[1])] = style[2]
            else:
                pytest.fail(f"not a node, edge or style: {line!r}")
        assert all(SAFE_LABEL.match(label) for label in [*nodes.values(), *(e[1] for e in edges)])
        assert all(source in nodes and target in nodes for source, _, target in edges)
        assert all(index < len(edges) for index in styles)
        found[heading] = {"nodes": nodes, "edges": edges, "styles": styles}
    return found


def test_every_example_with_a_lineage_has_a_well_formed_graph_and_the_conflicting_edge_is_marked():
    drawn = graphs(markdown("examples"))
    assert len(drawn) == 4  # no-license and cc-by-nc-model name no base
    relabelled = next(g for heading, g in drawn.items() if "llama-relabelled-apache" in heading)
    assert relabelled["nodes"]["m"] == "MedChat-8B<br/>declares apache-2.0"
    base = next(i for i, label in relabelled["nodes"].items() if label.startswith("meta-llama/Llama-3.1-8B-Instruct"))
    assert relabelled["nodes"][base].endswith("<br/>llama3.1")
    (index,) = [i for i, (source, _, target) in enumerate(relabelled["edges"]) if (source, target) == (base, "m")]
    assert relabelled["styles"] == {index: CONFLICT_STYLE} and "LC004" in relabelled["edges"][index][1]
    clean = next(g for heading, g in drawn.items() if "apache-clean" in heading)
    assert not clean["styles"]  # an Apache-2.0 fine-tune of an Apache-2.0 base conflicts with nothing


def test_a_base_reached_twice_is_one_node_and_datasets_are_nodes_too(model):
    folder = model(
        "license: mit\nbase_model: deepseek-ai/DeepSeek-R1-Distill-Llama-8B\ndatasets: [tatsu-lab/alpaca, gsm8k]"
    )
    (graph,) = graphs(markdown(folder)).values()
    labels = [label.split("<br/>")[0] for label in graph["nodes"].values()]
    assert len(labels) == len(set(labels))
    assert {"tatsu-lab/alpaca", "openai/gsm8k", "meta-llama/Llama-3.1-8B"} <= set(labels)
    assert graph["styles"]  # mit on a Llama 3.1 derivative


HOSTILE = 'x"] --> evil["<script>alert(1)</script> ```\n### heading `code` [link](javascript:alert(1)) & |'


def test_values_from_a_card_cannot_break_out_of_labels_the_block_or_the_page(model):
    folder = model(
        "license: mit\nbase_model: 'org/base\"]<script>'\nmodel-index:\n  - name: placeholder",
        name="hostile",
    )
    text = markdown("--model-name", HOSTILE, folder)
    (graph,) = graphs(text).values()  # parsed: every line is a node, an edge or a style, labels are safe
    assert len(graph["nodes"]) == 2 and len(graph["edges"]) == 1
    assert "<script" not in text
    assert [line for line in text.splitlines() if line.lstrip().startswith("```")] == ["```mermaid", "```"]
    assert "\n### heading" not in text  # the newline in the name does not start a heading


def test_the_readme_shows_the_graph_licheck_draws():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```mermaid\n", 1)[1].split("\n```\n", 1)[0]
    drawn = markdown("examples/llama-relabelled-apache").split("```mermaid\n", 1)[1].split("\n```\n", 1)[0]
    assert shown == drawn
