import pytest

from ansible_collections.flotilla.swarm.plugins.module_utils.inventory_rules import (
    label_problems, lab_problems, manager_count_problems, membership_problems)


def test_good_labels_have_no_problems():
    assert label_problems('w1', {'zone': 'a', 'rack': 3, 'empty': ''}, {'storage': 'ssd'}) == []
    assert label_problems('w1', None, None) == []


@pytest.mark.parametrize('node_labels,daemon_labels,message', [
    ({'ssd': True}, None, 'swarm_node_labels of w1: label ssd: the value must be a string or a number, got True'),
    ({'a b': 'x'}, None, "swarm_node_labels of w1: label key 'a b' must be non-empty"),
    ({'k': None}, None, 'got None'),
    ('zone=a', None, 'swarm_node_labels of w1 must map label keys to values'),
    (None, {'storage': 'fast disk'}, "docker_daemon_labels of w1: engine label storage: the value 'fast disk' must not"),
    (None, {'-x': 'y'}, 'must start with a letter or digit'),
    (None, ['storage=ssd'], 'docker_daemon_labels of w1 must map label keys to values'),
])
def test_labels_the_modules_refuse_are_problems(node_labels, daemon_labels, message):
    problems = label_problems('w1', node_labels, daemon_labels)
    assert len(problems) == 1 and message in problems[0], problems


def test_membership():
    assert membership_problems('m1', ['m1'], ['w1'], 'mgr', 'wrk') == []
    assert membership_problems('w1', ['m1'], ['w1'], 'mgr', 'wrk') == []
    assert membership_problems('x', [], [], 'mgr', 'wrk') == [
        "the group 'mgr' has no host: a swarm needs at least one manager", "x is in neither 'mgr' nor 'wrk'"]
    assert membership_problems('m1', ['m1'], ['m1'], 'mgr', 'wrk') == ["m1 is in both 'mgr' and 'wrk': put it in one of them"]
    # The first manager may leave while another stays; all of them may not.
    assert membership_problems('w1', ['m1', 'm2', 'm3'], ['w1'], 'mgr', 'wrk', ['m1']) == []
    (problem,) = membership_problems('w1', ['m1', 'm2'], ['w1'], 'mgr', 'wrk', ['m2', 'm1'])
    assert "every host of 'mgr' is marked swarm_node_state=absent" in problem


def test_manager_counts():
    assert manager_count_problems(3) == []
    (problem,) = manager_count_problems(4, group='mgr')
    assert 'use an odd number of managers' in problem and "'mgr'" in problem
    assert manager_count_problems(4, even_managers='warn') == []
    assert manager_count_problems(0, even_managers='warn') == ['a swarm needs at least one manager']


@pytest.mark.parametrize('managers,workers,message', [
    (1, -1, 'flotilla_lab_workers must be at least 0, got -1'),
    ('1', '-1', 'flotilla_lab_workers must be at least 0, got -1'),
    (1, 'ten', "flotilla_lab_workers must be a whole number, got 'ten'"),
    (0, 2, 'flotilla_lab_managers must be at least 1, got 0'),
    (2, 2, 'use an odd number of managers'),
    (True, 2, 'flotilla_lab_managers must be a whole number'),
])
def test_lab_sizes_that_would_remove_or_add_the_wrong_nodes(managers, workers, message):
    problems = lab_problems(managers, workers)
    assert any(message in problem for problem in problems), problems


def test_lab_sizes_that_are_fine():
    assert lab_problems(1, 0) == [] and lab_problems('3', '10') == []
    assert lab_problems(2, 1, even_managers='warn') == []
