"""Near-duplicate bodies without comparing every pair.

Each body is reduced to a sample of its character 8-grams (those whose first character's
code point falls in one bucket of four: content-defined, so a shifted copy keeps the same
sample, and the same on every run, unlike Python's salted string hash), an inverted index maps sampled grams to bodies, and only bodies sharing
many grams are compared exactly. Cost grows with the archive, not with its square.
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import chain
from zlib import crc32

GRAM = 8
SAMPLE = 4
MIN_TEXT = 30
COMMON_GRAM = 64  # a gram in more bodies than this is boilerplate, not evidence
_NOISE = re.compile(r"[\W_]+", re.UNICODE)
_SALT = 0x9E3779B9  # a second, independent CRC for the high 32 bits


_ANCHOR = bytes(1 if b % SAMPLE == 0 else 0 for b in range(256))


def fingerprint(body: str) -> frozenset[int]:
    """The 8-grams starting at a character whose code point is a multiple of SAMPLE, each as a
    64-bit number (two CRC-32s: the same on every machine and run, unlike Python's hash()).

    Found in C, not a Python loop over characters: the lowest byte of each code point (every
    fourth byte of UTF-32-LE) is mapped to 1 for an anchor, and the anchors are searched for.
    Numbers rather than strings: a quarter of the size to send back from a worker process."""
    text = _NOISE.sub("", body)
    if len(text) < MIN_TEXT:
        return frozenset()
    wide = text.encode("utf-32-le")
    anchors = wide[::4].translate(_ANCHOR)
    last = len(text) - GRAM + 1
    grams = []
    at = anchors.find(1, 0, last)
    while at >= 0:
        gram = wide[4 * at:4 * at + 4 * GRAM]
        grams.append(crc32(gram, _SALT) << 32 | crc32(gram))
        at = anchors.find(1, at + 1, last)
    return frozenset(grams)


def near_duplicates(prints: list[tuple[str, frozenset[int]]], threshold: float) -> list[tuple[str, str, float]]:
    """(later id, earlier id, similarity) for bodies given oldest first as (id, fingerprint)."""
    index: dict[int, list[int]] = {}
    found = []
    for pos, (item_id, fp) in enumerate(prints):
        if not fp:
            continue
        informative = 0
        evidence = []  # posting lists of the grams rare enough to say something (they end with pos)
        for gram in fp:
            posting = index.get(gram)
            if posting is None:
                index[gram] = [pos]
                informative += 1
                continue
            if len(posting) <= COMMON_GRAM:
                informative += 1
                evidence.append(posting)
            posting.append(pos)
        need = threshold * informative * 0.9
        best = None
        for other, count in Counter(chain.from_iterable(evidence)).items():
            if count < need or other == pos:
                continue
            theirs = prints[other][1]
            union = len(fp | theirs)
            similarity = len(fp & theirs) / union if union else 0.0
            if similarity >= threshold and (best is None or similarity > best[1]):
                best = (other, similarity)
        if best:
            found.append((item_id, prints[best[0]][0], best[1]))
    return found
