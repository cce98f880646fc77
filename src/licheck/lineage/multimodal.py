"""Whether a model takes non-text input, from its task and tags: some licenses' territorial limits
apply to multimodal models only (the Llama 3.2+ acceptable-use policies)."""

from __future__ import annotations

from collections.abc import Iterable

MULTIMODAL_TASKS = frozenset(
    {
        "image-text-to-text",
        "visual-question-answering",
        "image-to-text",
        "video-text-to-text",
        "any-to-any",
        "audio-text-to-text",
        "document-question-answering",
        "visual-document-retrieval",
    }
)
MULTIMODAL_TAGS = frozenset({"multimodal", "vision", "vision-language", "image-text-to-text"})


def is_multimodal(pipeline_tag: str | None, tags: Iterable[str]) -> bool:
    return pipeline_tag in MULTIMODAL_TASKS or bool({t.lower() for t in tags} & MULTIMODAL_TAGS)
