from ansible_collections.flotilla.swarm.plugins.filter.swarm import swarm_hosts

GROUPS = {'swarm_managers': ['m1', 'm2', 'm3'], 'swarm_workers': ['w1', 'm3', 'w2']}
HOSTVARS = {
    'm1': {}, 'm2': {'swarm_node_state': 'absent'}, 'm3': {'flotilla_consul': 'false'},
    'w1': {'swarm_node_state': 'present', 'flotilla_consul': True}, 'w2': {'swarm_node_state': 'absent'},
}


def test_the_hosts_that_stay_managers_first_each_once():
    assert swarm_hosts(GROUPS, HOSTVARS) == ['m1', 'm3', 'w1']


def test_the_hosts_that_leave():
    assert swarm_hosts(GROUPS, HOSTVARS, state='absent') == ['m2', 'w2']


def test_a_switch_leaves_out_the_hosts_where_it_is_false_and_keeps_those_without_it():
    assert swarm_hosts(GROUPS, HOSTVARS, switch='flotilla_consul') == ['m1', 'w1']


def test_other_group_names_and_an_empty_workers_group():
    groups = {'mgr': ['a'], 'wrk': ['b']}
    assert swarm_hosts(groups, {'a': {}, 'b': {}}, 'mgr', 'wrk') == ['a', 'b']
    assert swarm_hosts(groups, {'a': {}, 'b': {}}, 'mgr', '') == ['a']
    assert swarm_hosts({}, {}) == []


def test_without_hostvars_every_host_of_the_groups_stays():
    assert swarm_hosts(GROUPS, {}) == ['m1', 'm2', 'm3', 'w1', 'w2']
