"""The agent list's search: the same matches as checking every text, by any route."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from crewtui.ui.search import RecentResults, SearchIndex, narrows, words_of
from crewtui.ui.widgets.record_table import Row, RowView

# a small alphabet makes matches (and dense results) likely; the separator and other
# whitespace must not be mistaken for a word boundary inside the joined text
ALPHABET = "abcAB-é İ\n\t"
texts_st = st.lists(st.text(alphabet=ALPHABET, max_size=12), max_size=60)
query_st = st.text(alphabet="abcAB-é İ", max_size=6)


def naive(texts: list[str], query: str) -> list[int]:
    words = query.lower().split()
    return [i for i, t in enumerate(texts) if all(w in t.lower() for w in words)]


@given(texts_st, query_st)
def test_search_equals_a_check_of_every_text(texts: list[str], query: str) -> None:
    assert SearchIndex(texts).search(words_of(query)) == naive(texts, query)


@given(texts_st, query_st, query_st)
def test_narrowing_the_previous_result_equals_a_full_search(
    texts: list[str], first: str, more: str
) -> None:
    index = SearchIndex(texts)
    for extended in (first + more, first + " " + more, more + first):
        old, new = words_of(first), words_of(extended)
        if not narrows(old, new):
            continue
        previous = index.search(old)
        assert index.search(new, within=previous) == naive(texts, extended)


@given(texts_st, query_st, query_st)
def test_narrows_only_when_the_new_matches_are_a_subset(
    texts: list[str], old: str, new: str
) -> None:
    if narrows(words_of(old), words_of(new)):
        assert set(naive(texts, new)) <= set(naive(texts, old))


def test_typing_forward_is_recognised_as_narrowing() -> None:
    assert narrows(["ab"], ["abc"])
    assert narrows(["ab"], ["ab", "x"])
    assert narrows([], ["a"])
    assert not narrows(["abc"], ["ab"])
    assert not narrows(["ab", "x"], ["ab"])


@settings(max_examples=20)
@given(
    st.lists(
        st.sampled_from(["research analyst", "engineer", "writer", "agent-001", "ops lead"]),
        min_size=1,
        max_size=3000,
    )
)
def test_a_word_in_most_texts_gives_every_match(texts: list[str]) -> None:
    # past a few hundred hits the search checks the remaining texts one by one
    index = SearchIndex(texts)
    for query in ("e", "r", "a", "research", "agent-001", "ops l", "zz", "t e"):
        assert index.search(words_of(query)) == naive(texts, query)


def test_no_words_match_everything_or_the_candidates() -> None:
    index = SearchIndex(["a", "b", "c"])
    assert index.search([]) == [0, 1, 2]
    assert index.search([], within=[2]) == [2]
    assert len(index) == 3


def test_row_view_builds_rows_on_demand_and_finds_keys() -> None:
    keys = [f"agent-{i}" for i in range(10)]
    built: list[int] = []

    def make(position: int) -> Row:
        built.append(position)
        return Row(keys[position], (keys[position],))

    position = {k: i for i, k in enumerate(keys)}
    view = RowView([1, 4, 7], make, position.get)
    assert len(view) == 3
    assert built == []
    assert view[1].key == "agent-4"
    assert built == [4]
    assert [r.key for r in view] == ["agent-1", "agent-4", "agent-7"]
    assert [r.key for r in view[1:]] == ["agent-4", "agent-7"]
    assert view.index_of("agent-7") == 2
    assert view.index_of("agent-5") is None
    assert view.index_of("missing") is None


def test_a_dense_word_switches_to_checking_each_text_and_misses_nothing() -> None:
    texts = [
        f"agent-{i:05d} {'research' if i % 3 else 'sales'} {'x' if i % 997 == 0 else ''}"
        for i in range(20000)
    ]
    index = SearchIndex(texts)
    for query in ("e", "research", "sales", "x", "agent-0001", "agent- res 9"):
        assert index.search(words_of(query)) == naive(texts, query)
    previous = index.search(["a"])
    assert index.search(["agent-1999"], within=previous) == naive(texts, "agent-1999")


class CountingIndex(SearchIndex):
    def __init__(self, texts: list[str]) -> None:
        super().__init__(texts)
        self.searches: list[tuple[list[str], int | None]] = []

    def search(self, words: Sequence[str], within: Sequence[int] | None = None) -> list[int]:
        self.searches.append((list(words), None if within is None else len(within)))
        return super().search(words, within)


def typed(query: str) -> list[str]:
    """What the filter holds while ``query`` is typed key by key and then erased."""
    forward = [query[:i] for i in range(1, len(query) + 1)]
    return forward + forward[-2::-1]


@given(texts_st, st.lists(query_st, max_size=4), st.integers(min_value=0, max_value=200))
def test_recent_results_give_the_matches_of_a_full_search(
    texts: list[str], queries: list[str], budget: int
) -> None:
    index = SearchIndex(texts)
    recent = RecentResults(budget)
    for query in queries:
        for text in typed(query):
            words = words_of(text)
            if words:
                assert recent.find(index, words) == naive(texts, text)


def test_erasing_a_key_shows_the_earlier_result_without_a_search() -> None:
    index = CountingIndex([f"agent-{i:03d} research" for i in range(500)])
    recent = RecentResults(5000)
    results = [recent.find(index, [text]) for text in typed("agent-01")]
    # typing forward: the first word searches all, each next one within the result before it
    assert index.searches[0] == (["a"], None)
    assert [within for _, within in index.searches[1:]] == [
        len(r) for r in results[: len("agent-01") - 1]
    ]
    # erasing: no search at all
    assert len(index.searches) == len("agent-01")
    assert results[len("agent-01") - 2] is results[len("agent-01")]


def test_recent_results_hold_no_more_positions_than_their_budget() -> None:
    index = SearchIndex([f"agent-{i:03d}" for i in range(100)])
    recent = RecentResults(150)
    recent.find(index, ["agent"])  # 100 positions
    recent.find(index, ["agent-0"])  # 100 more: the oldest goes
    assert recent.get(["agent"]) is None
    assert recent.get(["agent-0"]) is not None
    recent.find(index, ["agent-00"])
    assert len(recent) == 2
    small = RecentResults(10)
    small.find(index, ["agent"])  # larger than the whole budget: not held
    assert len(small) == 0


def test_a_new_query_narrows_the_smallest_result_it_extends() -> None:
    index = CountingIndex([f"agent-{i:03d} {'x' if i % 10 == 0 else 'y'}" for i in range(100)])
    recent = RecentResults(1000)
    recent.find(index, ["agent"])
    recent.find(index, ["x"])
    recent.find(index, ["agent", "x", "0"])
    assert index.searches[-1] == (["agent", "x", "0"], 10)
    assert recent.within(["zzz"]) is None
