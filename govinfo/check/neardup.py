"""Near-duplicate bodies without comparing every pair.

Each body is reduced to a sample of its character 8-grams: those starting at a character whose
code point falls in one bucket of four. The sample is content-defined, so a shifted copy keeps
it, and each gram is a 64-bit number that is the same on every run. An inverted index maps rare
grams to earlier bodies; the earlier body sharing the most rare grams is compared exactly, and
reported when the sampled Jaccard similarity reaches the rules' threshold. Grams found in more
than COMMON_GRAM bodies are boilerplate and stop being indexed. Cost grows with the archive, not
with its square.
"""
from __future__ import annotations

import re
from array import array
from collections import Counter
from itertools import chain
from zlib import crc32

GRAM = 8
SAMPLE = 4
MIN_TEXT = 30
COMMON_GRAM = 64  # a gram in more bodies than this is boilerplate, not evidence
CANDIDATES = 1  # more finds a few more copies of boilerplate-heavy text at a high cost in time
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


class NearDuplicates:
    """Bodies are added oldest first; `add` says which earlier body the new one nearly repeats."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.index: dict[int, list[int]] = {}
        self.ids: list[str] = []
        self.prints: list[array] = []  # 8 bytes a gram: a whole archive's samples stay small

    def add(self, item_id: str, fp: frozenset[int]) -> tuple[str, float] | None:
        pos = len(self.ids)
        self.ids.append(item_id)
        self.prints.append(array("Q", fp))
        if not fp:
            return None
        informative = 0
        evidence = []  # posting lists of the grams rare enough to say something
        for gram in fp:
            posting = self.index.get(gram)
            if posting is None:
                self.index[gram] = [pos]
                informative += 1
            elif len(posting) <= COMMON_GRAM:
                informative += 1
                evidence.append(posting)
        # Jaccard >= t means sharing at least t*|fp| grams; at most |fp| - informative of them are
        # too common to be counted, so a match must share this many counted ones.
        need = max(1.0, informative - (1 - self.threshold) * len(fp))
        best = None
        # Compare exactly only the bodies sharing the most rare grams: a copy is among them.
        for other, count in Counter(chain.from_iterable(evidence)).most_common(CANDIDATES):
            if count < need:
                break
            theirs = self.prints[other]
            shared = len(fp.intersection(theirs))
            similarity = shared / (len(fp) + len(theirs) - shared)
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (self.ids[other], similarity)
        for posting in evidence:  # a posting past COMMON_GRAM is never read again: it stops growing
            posting.append(pos)
        return best
