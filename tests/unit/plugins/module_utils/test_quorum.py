import pytest

from ansible_collections.flotilla.swarm.plugins.module_utils import quorum


@pytest.mark.parametrize('managers,expected', [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (7, 4)])
def test_quorum(managers, expected):
    assert quorum.quorum(managers) == expected


@pytest.mark.parametrize('managers,expected', [(1, 0), (2, 0), (3, 1), (4, 1), (5, 2), (7, 3)])
def test_fault_tolerance(managers, expected):
    assert quorum.fault_tolerance(managers) == expected


def test_quorum_needs_a_manager():
    with pytest.raises(ValueError):
        quorum.quorum(0)


@pytest.mark.parametrize('managers,reachable,expected', [
    (1, 1, False),  # the last manager
    (2, 2, True),   # 2 -> 1, the survivor is its own quorum
    (3, 3, True),
    (3, 2, False),  # one already down: removing another leaves 1 of 2
    (5, 4, True),
    (5, 3, False),
])
def test_removal_keeps_quorum(managers, reachable, expected):
    assert quorum.removal_keeps_quorum(managers, reachable) is expected


@pytest.mark.parametrize('managers,reachable,expected', [
    (3, 2, True),   # removing the dead one of 3 leaves 2 of 2
    (5, 3, True),   # 3 up of the remaining 4
    (5, 2, False),  # 2 up of the remaining 4
])
def test_removal_of_an_unreachable_manager(managers, reachable, expected):
    assert quorum.removal_keeps_quorum(managers, reachable, target_reachable=False) is expected


def test_removal_rejects_impossible_counts():
    with pytest.raises(ValueError):
        quorum.removal_keeps_quorum(3, 4)


def test_manager_count_problem():
    assert quorum.manager_count_problem(3) is None
    assert quorum.manager_count_problem(1) is None
    assert 'odd number' in quorum.manager_count_problem(4)
    assert 'at least one' in quorum.manager_count_problem(0)
