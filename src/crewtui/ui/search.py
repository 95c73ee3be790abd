"""Substring search over many short texts without a Python loop per text.

Every text is lower-cased and joined into one string, one text a line; a word is found with
``str.find`` (C speed) and each hit is mapped back to its text with ``bisect``. Only texts
that contain the word cost Python work, and a search that extends the previous one filters
the previous result instead of the whole list.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import compress, islice, repeat
from operator import contains

_SEP = "\n"


def words_of(query: str) -> list[str]:
    """The words a query asks for: case-insensitive, separated by whitespace."""
    return query.lower().split()


def narrows(previous: Sequence[str], words: Sequence[str]) -> bool:
    """Whether every text matching ``words`` also matches ``previous`` (so the new result is a
    subset of the old one): each earlier word is inside some new word."""
    return all(any(old in new for new in words) for old in previous)


class SearchIndex:
    """The texts of a list, in display order; a search returns the matching positions in order.

    A text matches when it contains every word (case-insensitive substring).
    """

    def __init__(self, texts: Sequence[str]) -> None:
        # words never hold whitespace, so whitespace inside a text may become a space: a line
        # break cannot then be mistaken for the separator
        self.texts = [" ".join(t.lower().split(_SEP)) if _SEP in t else t.lower() for t in texts]
        starts: list[int] = []
        at = 0
        for text in self.texts:
            starts.append(at)
            at += len(text) + 1
        self._starts = starts
        self._joined = _SEP.join(self.texts)

    def __len__(self) -> int:
        return len(self.texts)

    def search(self, words: Sequence[str], within: Sequence[int] | None = None) -> list[int]:
        """Positions (ascending) of the texts containing every word; ``within`` limits the search
        to those positions (ascending), e.g. the result for a shorter query."""
        if not words:
            return list(range(len(self.texts))) if within is None else list(within)
        # the longest word is usually the rarest: find it first, check the others per hit
        ordered = sorted(words, key=len, reverse=True)
        hits: Sequence[int]
        if within is None:
            hits, rest = self._find(ordered[0]), ordered[1:]
        else:
            # a check per candidate (in C) costs at most one pass, and the candidates shrink
            hits, rest = within, ordered
        get = self.texts.__getitem__
        for word in rest:
            # map/compress run the loop in C: no Python frame per text
            hits = list(compress(hits, map(contains, map(get, hits), repeat(word))))
        return list(hits)

    def _find(self, word: str) -> list[int]:
        starts, find, texts = self._starts, self._joined.find, self.texts
        count = len(starts)
        # past this many hits, a check per remaining text (in C) is cheaper than a find per hit
        dense = max(count >> 6, 256)
        out: list[int] = []
        append = out.append
        pos = find(word)
        while pos >= 0:
            index = bisect_right(starts, pos) - 1
            append(index)
            if index + 1 >= count:
                break
            if len(out) >= dense:
                rest = islice(texts, index + 1, None)
                out.extend(compress(range(index + 1, count), map(contains, rest, repeat(word))))
                break
            # the next hit worth finding is in the next text
            pos = find(word, starts[index + 1])
        return out

