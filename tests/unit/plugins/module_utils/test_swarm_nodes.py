"""The swarm's nodes: module_utils/swarm_nodes."""

import pytest

from ansible_collections.flotilla.swarm.plugins.module_utils.swarm_nodes import (
    SpecError, check_labels, find_node, join_addrs, manager_counts, merge_node_spec, node_needs_update, node_summary,
    removal_problems, spec_diff, wanted_labels)


def node(node_id, hostname, role='worker', state='ready', name='', reachability=None, leader=False, labels=None):
    result = {
        'ID': node_id,
        'Version': {'Index': 10},
        'Description': {'Hostname': hostname, 'Engine': {'Labels': {'storage': 'ssd'}}},
        'Spec': {'Name': name, 'Role': role, 'Availability': 'active', 'Labels': labels or {}},
        'Status': {'State': state, 'Addr': '10.0.0.1'},
    }
    if reachability:
        result['ManagerStatus'] = {'Reachability': reachability, 'Leader': leader}
    return result


# Labels

def test_check_labels_stringifies_numbers_and_rejects_structures():
    assert check_labels({'rack': 3}) == {'rack': '3'}
    for bad in ({'k': None}, {'k': True}, {'k': [1]}, {'': 'v'}):
        with pytest.raises(SpecError):
            check_labels(bad)


def test_wanted_labels_merge_replace_absent():
    current = {'a': '1', 'empty': '', 'b': '2'}
    assert wanted_labels(current, {'c': '3'}) == {'a': '1', 'empty': '', 'b': '2', 'c': '3'}
    assert wanted_labels(current, {'c': '3'}, 'replace') == {'c': '3'}
    # A label whose value is "" is removed like any other (community.docker defect 4).
    assert wanted_labels(current, None, 'merge', ['empty']) == {'a': '1', 'b': '2'}
    assert wanted_labels(current, None, 'merge', ['missing']) == current


# Node spec

def test_merge_node_spec_keeps_name_and_other_fields():
    spec = {'Name': 'db-1', 'Role': 'worker', 'Availability': 'active', 'Labels': {'a': '1'}, 'Extra': 1}
    new = merge_node_spec(spec, labels={'b': '2'}, availability='drain')
    assert new == {'Name': 'db-1', 'Role': 'worker', 'Availability': 'drain', 'Labels': {'a': '1', 'b': '2'}, 'Extra': 1}
    assert spec['Labels'] == {'a': '1'}, 'the input spec is not modified'


def test_merge_node_spec_without_changes_is_identical():
    spec = {'Name': 'x', 'Role': 'manager', 'Availability': 'active', 'Labels': {}}
    assert merge_node_spec(spec) == spec
    assert merge_node_spec(spec, labels={}) == spec


def test_merge_node_spec_replace_with_no_labels_clears_them():
    spec = {'Name': '', 'Role': 'worker', 'Availability': 'active', 'Labels': {'a': '1'}}
    assert merge_node_spec(spec, labels_state='replace')['Labels'] == {}


def test_spec_diff_lists_only_changed_fields():
    assert spec_diff({'Role': 'worker', 'Name': 'n'}, {'Role': 'manager', 'Name': 'n'}) == {
        'before': {'Role': 'worker'}, 'after': {'Role': 'manager'}}


# Node lookup

NODES = [
    node('aaaaaaaaaaaa1', 'mgr-1', 'manager', reachability='reachable', leader=True),
    node('bbbbbbbbbbbb2', 'host-b', name='db-1'),
    node('cccccccccccc3', 'worker-1', state='down'),
    node('dddddddddddd4', 'worker-1'),
]


def test_find_node_by_id_hostname_name_and_prefix():
    assert find_node(NODES, 'aaaaaaaaaaaa1')['Description']['Hostname'] == 'mgr-1'
    assert find_node(NODES, 'mgr-1')['ID'] == 'aaaaaaaaaaaa1'
    assert find_node(NODES, 'db-1')['ID'] == 'bbbbbbbbbbbb2'
    assert find_node(NODES, 'bbbbbb')['ID'] == 'bbbbbbbbbbbb2'
    assert find_node(NODES, 'nope') is None


def test_find_node_prefers_the_live_node_of_a_reused_hostname():
    assert find_node(NODES, 'worker-1')['ID'] == 'dddddddddddd4'


def test_find_node_refuses_ambiguity():
    twins = [node('x1xxxxxxxxxx', 'same'), node('y1yyyyyyyyyy', 'same')]
    with pytest.raises(SpecError):
        find_node(twins, 'same')


def test_manager_counts():
    nodes = NODES + [node('eeeeeeeeeeee5', 'mgr-2', 'manager', reachability='unreachable')]
    assert manager_counts(nodes) == (2, 1)


def test_join_addrs_puts_the_leader_first_and_skips_unreachable_managers():
    nodes = [node('a', 'm1', 'manager', reachability='reachable'),
             node('b', 'm2', 'manager', reachability='reachable', leader=True),
             node('c', 'm3', 'manager', 'down', reachability='unreachable'),
             node('d', 'w1')]
    for n, addr in zip(nodes, ['10.0.0.1:2377', '10.0.0.9:2377', '10.0.0.3:2377']):
        n.get('ManagerStatus', {})['Addr'] = addr
    # After a restore the engine's RemoteManagers still name the copy's old managers.
    stale = [{'NodeID': 'old', 'Addr': '10.0.0.0:2377'}]
    assert join_addrs(nodes, stale) == ['10.0.0.9:2377', '10.0.0.1:2377']


def test_join_addrs_puts_the_answering_manager_first_at_its_current_address():
    nodes = [node('a', 'm1', 'manager', reachability='reachable', leader=True),
             node('b', 'm2', 'manager', 'unknown', reachability='reachable'),
             node('c', 'm3', 'manager', reachability='reachable')]
    # A manager restored onto a host with a new address: the node list still has the old one.
    for n, addr in zip(nodes, ['10.0.0.3:2377', '10.0.0.4:2377', '10.0.0.5:2377']):
        n['ManagerStatus']['Addr'] = addr
    local = {'NodeID': 'c', 'NodeAddr': '10.0.0.9'}
    assert join_addrs(nodes, [], local) == ['10.0.0.9:2377', '10.0.0.3:2377', '10.0.0.4:2377']
    assert join_addrs(nodes, [], {'NodeID': 'c', 'NodeAddr': 'fd00::9'})[0] == '[fd00::9]:2377'
    # A worker's engine (no manager entry of its own) changes nothing.
    assert join_addrs(nodes, [], {'NodeID': 'w', 'NodeAddr': '10.0.0.7'})[0] == '10.0.0.3:2377'


def test_join_addrs_falls_back_to_the_engine_remote_managers():
    assert join_addrs([node('d', 'w1')], [{'Addr': '10.0.0.5:2377'}, {'Addr': '10.0.0.4:2377'}]) == \
        ['10.0.0.4:2377', '10.0.0.5:2377']
    assert join_addrs([], None) == []


def test_node_summary():
    summary = node_summary(NODES[0])
    assert summary['hostname'] == 'mgr-1' and summary['leader'] is True
    assert summary['engine_labels'] == {'storage': 'ssd'} and summary['version'] == 10


NODE = {'ID': 'n1', 'Spec': {'Role': 'worker', 'Availability': 'active', 'Labels': {'zone': 'a', 'rack': '3'}}}


@pytest.mark.parametrize('labels,labels_state,availability,role,expected', [
    ({'zone': 'a'}, 'merge', 'active', 'worker', False),
    ({'rack': 3}, 'merge', None, None, False),          # numbers are labels' strings
    ({}, 'merge', 'active', 'worker', False),
    ({'zone': 'a', 'rack': '3'}, 'replace', 'active', 'worker', False),
    ({'zone': 'a'}, 'replace', 'active', 'worker', True),  # rack would go
    ({'zone': 'b'}, 'merge', 'active', 'worker', True),
    ({'new': ''}, 'merge', 'active', 'worker', True),
    ({}, 'merge', 'drain', 'worker', True),
    ({}, 'merge', 'active', 'manager', True),
    ({'a b': 'x'}, 'merge', 'active', 'worker', True),    # not valid: the module says why
])
def test_node_needs_update(labels, labels_state, availability, role, expected):
    assert node_needs_update(NODE, labels, labels_state, availability, role) is expected


def test_a_missing_node_needs_everything():
    assert node_needs_update(None, {}, 'merge', 'active', 'worker') is True
    assert node_needs_update({}, {}, 'merge', 'active', 'worker') is True


def test_a_node_without_labels_and_none_wanted_is_fine():
    node = {'ID': 'n2', 'Spec': {'Role': 'manager', 'Availability': 'active'}}
    assert node_needs_update(node, {}, 'merge', 'active', 'manager') is False
    assert node_needs_update(node, {}, 'replace', 'active', 'manager') is False


def test_removal_problems_counts_only_managers_among_the_ids():
    nodes = [node('a', 'm1', role='manager', reachability='reachable', leader=True),
             node('b', 'm2', role='manager', reachability='reachable'),
             node('c', 'm3', role='manager', reachability='unreachable', state='down'),
             node('d', 'w1')]
    assert removal_problems(nodes, ['d']) == []
    assert removal_problems(nodes, ['c']) == []
    assert removal_problems(nodes, ['b']) == [
        'removing m2 would lose the raft quorum (3 managers, 2 reachable): bring the unreachable managers back '
        'first, or remove fewer managers at a time']
