"""Near-duplicate bodies without comparing every pair.

Each body is reduced to a sample of its character 8-grams (those whose first character's
code point falls in one bucket of four: content-defined, so a shifted copy keeps the same
sample, and the same on every run, unlike Python's salted string hash), an inverted index maps sampled grams to bodies, and only bodies sharing
many grams are compared exactly. Cost grows with the archive, not with its square.
"""
from __future__ import annotations

import re
from collections import defaultdict

GRAM = 8
SAMPLE = 4
MIN_TEXT = 30
COMMON_GRAM = 64  # a gram in more bodies than this is boilerplate, not evidence
_NOISE = re.compile(r"[\W_]+", re.UNICODE)


def fingerprint(body: str) -> frozenset[str]:
    text = _NOISE.sub("", body)
    if len(text) < MIN_TEXT:
        return frozenset()
    return frozenset(text[i:i + GRAM] for i in range(len(text) - GRAM + 1) if ord(text[i]) % SAMPLE == 0)


def near_duplicates(bodies: list[tuple[str, str]], threshold: float) -> list[tuple[str, str, float]]:
    """(later id, earlier id, similarity) for bodies, given oldest first as (id, text)."""
    index: dict[str, list[int]] = defaultdict(list)
    prints: list[frozenset[str]] = []
    found = []
    for pos, (item_id, body) in enumerate(bodies):
        fp = fingerprint(body)
        prints.append(fp)
        if not fp:
            continue
        shared: dict[int, int] = defaultdict(int)
        informative = 0
        for gram in fp:
            posting = index[gram]
            if len(posting) <= COMMON_GRAM:
                informative += 1
                for other in posting:
                    shared[other] += 1
            posting.append(pos)
        need = threshold * informative * 0.9
        best = None
        for other, count in shared.items():
            if count < need:
                continue
            union = len(fp | prints[other])
            similarity = len(fp & prints[other]) / union if union else 0.0
            if similarity >= threshold and (best is None or similarity > best[1]):
                best = (other, similarity)
        if best:
            found.append((item_id, bodies[best[0]][0], best[1]))
    return found
