from ansible_collections.flotilla.swarm.plugins.filter.swarm import (
    swarm_active_managers, swarm_change_reasons, swarm_hosts, swarm_manager_plan, swarm_node_changes, swarm_plan)

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


def _read(node_id, manager=False, nodes=None, ipvs=True, reused=False):
    swarm = {'NodeID': node_id, 'LocalNodeState': 'active', 'ControlAvailable': manager}
    return {'engine': {'Swarm': swarm}, 'exists': {'/sys/module/ip_vs': ipvs}, 'nodes': nodes, 'reused': reused}


def _node(node_id, hostname, role='worker'):
    return {'ID': node_id, 'Description': {'Hostname': hostname}, 'Status': {'State': 'ready'},
            'Spec': {'Role': role, 'Availability': 'active', 'Labels': {}}}


def test_swarm_plan_reads_the_role_s_registered_reads_from_hostvars():
    nodes = [_node('id-m1', 'm1', 'manager'), _node('id-w1', 'w1')]
    hostvars = {
        'm1': {'swarm_host': _read('id-m1', True, nodes)},
        'w1': {'swarm_host': _read('id-w1', ipvs=False)},
        'w2': {'swarm_node_state': 'absent'},
    }
    plan = swarm_plan(hostvars, ['m1'], ['w1', 'w2'], ['m1', 'w1'], None, 'false', False, 'yes')
    assert plan['first_manager'] == 'm1' and plan['nodes_known'] and plan['node_ids'] == ['id-m1', 'id-w1']
    assert plan['hosts_without_ipvs'] == ['w1'] and plan['first_manager_work'] == ['hosts without IPVS to warn about']
    assert swarm_node_changes(hostvars['w1']['swarm_host']['engine']['Swarm'], plan) == []
    assert swarm_node_changes({}, plan) == ['its engine is inactive, not an active swarm node']
    # swarm_change_due: w1 as it should be; the warning is the first manager's work.
    assert swarm_change_reasons(plan, 'w1', hostvars['w1']['swarm_host']['engine']['Swarm']) == []
    assert swarm_change_reasons(plan, 'm1', hostvars['m1']['swarm_host']['engine']['Swarm'], 'present', 'manager') == \
        ['hosts without IPVS to warn about']


class _CountingHostvars(dict):
    """hostvars that remember whose variables were read (each read is a full variable computation)."""

    def __init__(self, *args):
        super(_CountingHostvars, self).__init__(*args)
        self.read = []

    def get(self, name, default=None):
        self.read.append(name)
        return super(_CountingHostvars, self).get(name, default)


def test_the_managers_part_of_the_plan_reads_the_managers_only_and_agrees_with_the_plan():
    nodes = [_node('id-m2', 'm2', 'manager')]
    hostvars = _CountingHostvars({
        'm1': {'swarm_host': _read('', False)},
        'm2': {'swarm_host': _read('id-m2', True, nodes)},
        'm3': {'swarm_node_state': 'absent', 'swarm_host': _read('id-m3', True, nodes)},
        'w1': {'swarm_host': _read('id-w1')},
    })
    managed = swarm_manager_plan(hostvars, ['m1', 'm2', 'm3'])
    assert hostvars.read == ['m1', 'm2', 'm3']
    assert managed == {'first_manager': 'm2', 'managers_absent': ['m3'], 'manager_count': 2}
    plan = swarm_plan(hostvars, ['m1', 'm2', 'm3'], ['w1'], ['m1', 'm2', 'm3', 'w1'])
    assert dict((key, plan[key]) for key in managed) == managed
    assert swarm_manager_plan({}, None) == {'first_manager': '', 'managers_absent': [], 'manager_count': 0}


def test_cluster_yml_s_read_does_not_answer_once_an_engine_changed():
    nodes = [_node('id-m1', 'm1', 'manager')]
    hostvars = {'m1': {'swarm_host': _read('id-m1', True, nodes, reused=True), 'docker_daemon_play_applied': True}}
    assert not swarm_plan(hostvars, ['m1'], [], ['m1'])['nodes_known']
    hostvars['m1']['docker_daemon_play_applied'] = False
    assert swarm_plan(hostvars, ['m1'], [], ['m1'])['nodes_known']


def test_an_unlock_s_answer_names_the_node_of_a_locked_manager():
    nodes = [_node('id-m1', 'm1', 'manager'), dict(_node('id-m2', 'm2', 'manager'), Status={'State': 'unknown'})]
    locked = {'engine': {'Swarm': {'LocalNodeState': 'locked', 'NodeID': ''}}, 'exists': {}, 'nodes': None}
    hostvars = {'m1': {'swarm_host': _read('id-m1', True, nodes)},
                'm2': {'swarm_host': locked, 'swarm_unlocked': {'swarm': {'NodeID': 'id-m2'}}},
                'm3': {'swarm_host': _read('id-m3', True, nodes)}}
    assert swarm_plan(hostvars, ['m1', 'm2', 'm3'], [], ['m1', 'm2', 'm3'])['stale_nodes'] == []


def test_active_managers_by_any_read_name_followers_first():
    def read(name, manager):
        return {'flotilla_host': {'engine': {'Name': name + '.lab', 'Swarm': {'ControlAvailable': manager}}}}
    hostvars = {'m1': read('m1', True), 'm2': read('m2', True), 'w1': read('w1', False), 'gone': {}}
    names = ['gone', 'm1', 'w1', 'm2']
    assert swarm_active_managers(names, hostvars, 'flotilla_host') == ['m1', 'm2']
    assert swarm_active_managers(names, hostvars, 'flotilla_host', 'm1.lab') == ['m2', 'm1']
    assert swarm_active_managers(names, hostvars) == []
