"""A model's shape, as its config.json or GGUF header states it: the keys licheck compares with the
architecture fingerprints of well-known base models (rules/architectures.yaml). Fine-tunes, merges and
quantizations keep their base's shape, so the shape is evidence of an undeclared base."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from licheck.metadata import Location

Value = str | int | float | bool | None | tuple[str, ...]

# config.json keys that describe the shape (not the dtype, the library version or special token ids).
SHAPE_KEYS = frozenset({
    "model_type", "architectures", "hidden_size", "num_hidden_layers", "num_attention_heads",
    "num_key_value_heads", "intermediate_size", "vocab_size", "max_position_embeddings", "rope_theta",
    "rope_scaling_type", "rope_scaling_factor", "sliding_window", "tie_word_embeddings", "head_dim",
    "n_embd", "n_layer", "n_head", "n_inner", "n_positions", "rotary_dim",
    "num_local_experts", "num_experts_per_tok", "num_experts", "moe_intermediate_size",
})  # fmt: skip
# llama.cpp's GGUF keys ({architecture}.KEY) and the config.json keys they come from.
GGUF_KEYS = {
    "block_count": "num_hidden_layers",
    "embedding_length": "hidden_size",
    "feed_forward_length": "intermediate_size",
    "attention.head_count": "num_attention_heads",
    "attention.head_count_kv": "num_key_value_heads",
    "context_length": "max_position_embeddings",
    "rope.freq_base": "rope_theta",
    "expert_count": "num_local_experts",
    "expert_used_count": "num_experts_per_tok",
}
GGUF_TOKENIZER_PRE = "tokenizer.ggml.pre"


@dataclass(frozen=True)
class Architecture:
    """The shape keys a model states, where it states them, and (from GGUF) its converter's names."""

    values: tuple[tuple[str, Value], ...]
    location: Location
    gguf_architecture: str | None = None
    tokenizer_pre: str | None = None

    def as_dict(self) -> dict[str, Value]:
        return dict(self.values)


def shape(config: Mapping[str, object]) -> dict[str, Value]:
    """The shape keys of a config, flattened the way the fingerprints store them: a multimodal model's
    text_config supplies what the top level lacks, rope_scaling becomes rope_scaling_type/_factor."""
    merged: dict[str, object] = {}
    text = config.get("text_config")
    if isinstance(text, Mapping):
        merged.update(text)
    merged.update({k: v for k, v in config.items() if k != "text_config"})
    if "model_type" in config:
        merged["model_type"] = config["model_type"]  # the top level names the whole model's type
    scaling = merged.pop("rope_scaling", None)
    if isinstance(scaling, Mapping):
        merged.setdefault("rope_scaling_type", scaling.get("rope_type") or scaling.get("type"))
        merged.setdefault("rope_scaling_factor", scaling.get("factor"))
    elif scaling is None and "rope_scaling_type" not in merged and "rope_theta" in merged:
        merged["rope_scaling_type"] = None
    found: dict[str, Value] = {}
    for key in SHAPE_KEYS:
        if key not in merged:
            continue
        value = merged[key]
        if isinstance(value, list):
            if all(isinstance(v, str) for v in value):
                found[key] = tuple(value)
        elif value is None or isinstance(value, (str, int, float, bool)):
            found[key] = value
    return found


def from_config(config: Mapping[str, object], location: Location) -> Architecture | None:
    values = shape(config)
    return (
        Architecture(tuple(sorted(values.items())), location) if "hidden_size" in values or "n_embd" in values else None
    )


def from_gguf(metadata: Mapping[str, object], location: Location) -> Architecture | None:
    """The shape a GGUF header states, named as config.json names it."""
    arch = metadata.get("general.architecture")
    if not isinstance(arch, str):
        return None
    values: dict[str, Value] = {}
    for suffix, key in GGUF_KEYS.items():
        value = metadata.get(f"{arch}.{suffix}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            values[key] = value
    if "hidden_size" not in values:
        return None
    pre = metadata.get(GGUF_TOKENIZER_PRE)
    return Architecture(tuple(sorted(values.items())), location, arch, pre if isinstance(pre, str) else None)


def gguf_keeps(key: str) -> bool:
    """The GGUF keys the header reader keeps besides general.*: the shape and the pre-tokenizer."""
    return key == GGUF_TOKENIZER_PRE or key.partition(".")[2] in GGUF_KEYS
