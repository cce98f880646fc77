"""Whether a README without front matter reads as a model card.

Many real Hub cards have no front matter (microsoft/codebert-base, IkariDev/Athena-v1), so front
matter alone cannot decide which folder of a tree is a model. The test follows what such cards are
made of: a card has sections, and some of them are a model card's (the Hub templates' "Model
Details", "Training Data", "Intended uses & limitations", "Bias, Risks, and Limitations"; the
quantizers' "Provided files", "Prompt template", "Use with llama.cpp"; the mergers' "Merge
Details"); a card of a few lines without sections (Athena-v1's three) names at least two kinds of
model evidence: a weight format, a Hub model link, fine-tune, merge or LoRA wording, weights or
checkpoints. Documentation has sections, and they are not a card's, however much it talks of models.

Measured on the corpus (../shared/corpus, front matter removed): 240 of the 329 real cards read as
cards, and none of licheck's own documentation or the research notes, which are about model cards.
A card it misses is not lost: its folder is listed as skipped, with the reason.
"""

from __future__ import annotations

import re

HEAD_LIMIT = 64 * 1024  # the headings and first paragraphs decide; a long card's tail adds nothing

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$", re.MULTILINE)
_CARD_HEADING = re.compile(
    r"^\W*(?:\d+[.)]?\s*)?(?:"
    r"model[ -]card(?:\s+for\b|\s*:|\s*$)|uploaded\s+model"
    r"|model (?:details|description|summary|overview|architecture|information|sources|type|introduction|structure)"
    r"|how to get started with the model|framework versions|open llm leaderboard"
    r"|intended uses?|direct use|downstream use|out-of-scope use|limitations and bias|bias,? risks"
    r"|training (?:data|details|procedure|hyperparameters|objective|results|dataset)|eval(?:uation)? results"
    r"|environmental impact|provided files|prompt (?:template|format)|about gguf|explanation of quanti[sz]ation"
    r"|how to download gguf|use with llama\.cpp|trigger words?|merge (?:details|method)|models? merged|base models"
    r")",
    re.IGNORECASE,
)
# Each a different kind of evidence; two kinds together make a card of a few lines.
_SIGNS = (
    re.compile(r"\b(?:gguf|ggml|safetensors|gptq|awq|exl2)\b", re.IGNORECASE),
    re.compile(r"huggingface\.co/(?!datasets/|spaces/|docs/|blog/)[\w.-]+/[\w.-]+", re.IGNORECASE),
    re.compile(r"\b(?:fine-?tuned?|merged? (?:of|models?)|merged with|quanti[sz]ed|lora)\b", re.IGNORECASE),
    re.compile(r"\b(?:pre-?trained (?:weights|model)|model weights|checkpoints?|from_pretrained)\b", re.IGNORECASE),
)


def reads_as_model_card(text: str) -> bool:
    """A card has a model card's section headings; a README without headings (a few lines) needs two
    kinds of model evidence. Documentation has headings, and they are not a card's."""
    head = text[:HEAD_LIMIT]
    headings = _HEADING.findall(head)
    if headings:
        return any(_CARD_HEADING.match(heading) for heading in headings)
    return sum(bool(sign.search(head)) for sign in _SIGNS) >= 2
