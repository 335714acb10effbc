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


def test_removal_problem_follows_each_removal():
    from ansible_collections.flotilla.swarm.plugins.module_utils.quorum import removal_problem
    # 3 managers, all up: two may go one after the other (3 -> 2 -> 1).
    assert removal_problem(3, 3, [('m2', True), ('m3', True)]) is None
    # The last one may not.
    assert 'without a manager' in removal_problem(1, 1, [('m1', True)])
    assert 'without a manager' in removal_problem(3, 3, [('m1', True), ('m2', True), ('m3', True)])
    # One down already: taking an up one out loses quorum; taking the down one out does not.
    assert 'lose the raft quorum (3 managers, 2 reachable)' in removal_problem(3, 2, [('m2', True)])
    assert removal_problem(3, 2, [('m3', False)]) is None
