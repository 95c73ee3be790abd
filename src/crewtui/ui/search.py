"""Substring search over many short texts without a Python loop per text.

Every text is lower-cased and joined into one string, one text a line; a word is found with
``str.find`` (C speed) and each hit is mapped back to its text with ``bisect``. Only texts
that contain the word cost Python work, and a search that extends an earlier one filters
that earlier result instead of the whole list; erasing a key finds the earlier result held.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import compress, islice, repeat
from operator import contains

_SEP = "\n"
#: results held by :class:`RecentResults` at most (each new query checks them all)
_MAX_HELD = 64


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


class RecentResults:
    """The results of recent searches by their words, within a budget of positions held.

    Erasing a key asks again for a result seen while typing forward: it is returned without a
    search. A new query is searched within the smallest held result it narrows.
    """

    def __init__(self, budget: int) -> None:
        #: at most this many positions in all held results together
        self.budget = budget
        self._held: dict[tuple[str, ...], list[int]] = {}
        self._size = 0

    def __len__(self) -> int:
        return len(self._held)

    def find(self, index: SearchIndex, words: Sequence[str]) -> list[int]:
        """The positions in ``index`` matching ``words`` (at least one word): a held result,
        or a search within the smallest held result the words narrow; the answer is held."""
        hits = self.get(words)
        if hits is None:
            hits = index.search(words, self.within(words))
            self.put(words, hits)
        return hits

    def get(self, words: Sequence[str]) -> list[int] | None:
        key = tuple(words)
        hits = self._held.pop(key, None)
        if hits is not None:
            self._held[key] = hits  # now the most recent
        return hits

    def within(self, words: Sequence[str]) -> list[int] | None:
        """The smallest held result that contains every match of ``words`` (None: search all)."""
        best: list[int] | None = None
        for old, hits in self._held.items():
            if (best is None or len(hits) < len(best)) and narrows(old, words):
                best = hits
        return best

    def put(self, words: Sequence[str], hits: list[int]) -> None:
        key = tuple(words)
        if len(hits) > self.budget:
            return
        old = self._held.pop(key, None)
        if old is not None:
            self._size -= len(old)
        self._held[key] = hits
        self._size += len(hits)
        while self._size > self.budget or len(self._held) > _MAX_HELD:
            oldest = next(iter(self._held))
            self._size -= len(self._held.pop(oldest))
