"""Index names per generation, reading the live generation off the alias, and the alias swap."""

from __future__ import annotations

from fnmatch import fnmatchcase

import pytest

from consumers.generations import generation_of, index_name, index_pattern, live_generation, swap_actions
from consumers.mappings import INDEX_VERSION
from consumers.mappings import index_name as settings_index_name
from deploy.settings import ElasticSettings, Settings, StreamSettings

ALIAS = "abc-entities"


@pytest.mark.parametrize(("generation", "version", "name"), [
    (1, 1, "abc-entities-v1"),          # the name from before generations: existing stacks keep their index
    (2, 1, "abc-entities-v1-g2"),
    (13, 1, "abc-entities-v1-g13"),
    (3, 2, "abc-entities-v2-g3"),
])
def test_index_name_round_trips_its_generation(generation: int, version: int, name: str) -> None:
    assert index_name(ALIAS, generation, version) == name
    assert generation_of(ALIAS, name) == generation
    assert fnmatchcase(name, index_pattern(ALIAS))  # the index template covers every generation


@pytest.mark.parametrize("bad", [(0, 1), (1, 0), (-2, 1)])
def test_generations_and_versions_start_at_one(bad: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        index_name(ALIAS, *bad)


@pytest.mark.parametrize("name", ["abc-entities", "abc-entities-v", "abc-entities-v1-g", "abc-entities-v1-gx",
                                  "xabc-entities-v1", "abc-entities-v1-g2-old", "other-entities-v1-g2"])
def test_names_that_are_not_a_generation(name: str) -> None:
    assert generation_of(ALIAS, name) is None


def test_the_alias_prefix_is_taken_literally() -> None:
    assert generation_of("a.b-entities", "a.b-entities-v1-g4") == 4
    assert generation_of("a.b-entities", "axb-entities-v1-g4") is None


@pytest.mark.parametrize(("aliased", "generation"), [
    ([], 1),                                            # no alias yet: generation 1
    (["abc-entities-v1"], 1),
    (["abc-entities-v1-g2"], 2),
    (["abc-entities-v1-g2", "abc-entities-v1-g10"], 10),  # never expected, but the newest wins
    (["hand-made-index"], 1),
])
def test_live_generation_is_read_off_the_alias(aliased: list[str], generation: int) -> None:
    assert live_generation(ALIAS, aliased) == generation


def test_settings_name_their_generations_index() -> None:
    base = Settings(elastic=ElasticSettings(index_prefix="abc"))
    assert settings_index_name(base) == f"abc-entities-v{INDEX_VERSION}"
    g2 = base.model_copy(update={"stream": StreamSettings(generation=2)})
    assert settings_index_name(g2) == f"abc-entities-v{INDEX_VERSION}-g2"


def test_swap_moves_the_alias_in_one_request() -> None:
    assert swap_actions(ALIAS, ["abc-entities-v1"], "abc-entities-v1-g2") == [
        {"remove": {"index": "abc-entities-v*", "alias": ALIAS}},
        {"add": {"index": "abc-entities-v1-g2", "alias": ALIAS}},
    ]


def test_swap_also_removes_indices_outside_the_pattern_and_adds_last() -> None:
    actions = swap_actions(ALIAS, ["hand-made", "abc-entities-v1-g2", "hand-made"], "abc-entities-v1-g3")
    assert actions == [
        {"remove": {"index": "abc-entities-v*", "alias": ALIAS}},
        {"remove": {"index": "hand-made", "alias": ALIAS}},
        {"add": {"index": "abc-entities-v1-g3", "alias": ALIAS}},
    ]


def test_swap_onto_a_fresh_stack_only_adds() -> None:
    assert swap_actions(ALIAS, [], "abc-entities-v1-g2")[-1] == {"add": {"index": "abc-entities-v1-g2", "alias": ALIAS}}
