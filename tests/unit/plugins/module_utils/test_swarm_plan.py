"""The swarm role's decisions, case by case: module_utils/swarm_plan."""

from ansible_collections.flotilla.swarm.plugins.module_utils.swarm_plan import (
    active_manager, change_reasons, first_manager, manager_plan, node_changes, plan, stale_nodes)

MANAGERS = ['m1', 'm2', 'm3']
WORKERS = ['w1', 'w2']
ALL = MANAGERS + WORKERS


def node(node_id, hostname, role='worker', state='ready', labels=None, availability='active'):
    return {
        'ID': node_id,
        'Description': {'Hostname': hostname},
        'Spec': {'Role': role, 'Availability': availability, 'Labels': labels or {}},
        'Status': {'State': state},
    }


def engine(node_id, local_state='active', manager=False, autolock=False):
    swarm = {'NodeID': node_id, 'LocalNodeState': local_state, 'ControlAvailable': manager}
    if manager:
        swarm['Cluster'] = {'Spec': {'EncryptionConfig': {'AutoLockManagers': autolock}}}
    return swarm


def healthy_nodes():
    return [node('id-' + name, name, 'manager' if name in MANAGERS else 'worker') for name in ALL]


def healthy_hosts(**changes):
    hosts = {}
    for name in ALL:
        manager = name in MANAGERS
        hosts[name] = {'state': 'present', 'swarm': engine('id-' + name, manager=manager), 'ipvs': True,
                       'nodes': healthy_nodes() if manager else None, 'current': True}
    for name, change in changes.items():
        hosts[name].update(change)
    return hosts


def test_a_healthy_swarm_has_nothing_to_do():
    result = plan(MANAGERS, WORKERS, ALL, healthy_hosts())
    assert result['first_manager'] == 'm1'
    assert result['nodes_known'] and result['finish'] == [] and result['first_manager_work'] == []
    assert result['manager_count'] == 3 and result['managers_absent'] == []
    for name in ALL:
        role = 'manager' if name in MANAGERS else 'worker'
        assert node_changes(result, engine('id-' + name, manager=role == 'manager'), role=role) == []


# Which manager drives the run

def test_first_manager_is_the_first_active_one_so_a_replacement_listed_first_joins():
    # m1 was replaced by a fresh host: its engine is in no swarm, m2 still runs the swarm.
    hosts = healthy_hosts(m1={'swarm': engine('', 'inactive'), 'nodes': None})
    result = plan(MANAGERS, WORKERS, ALL, hosts)
    assert result['first_manager'] == 'm2'
    assert node_changes(result, hosts['m1']['swarm'], role='manager') == ['its engine is inactive, not an active swarm node']


def test_before_any_swarm_the_first_of_the_group_initialises_it():
    hosts = dict((name, {'swarm': engine('', 'inactive'), 'nodes': None}) for name in ALL)
    result = plan(MANAGERS, WORKERS, ALL, hosts)
    assert result['first_manager'] == 'm1' and not result['nodes_known']


def test_a_manager_marked_absent_never_drives_the_run_while_another_stays():
    hosts = healthy_hosts(m1={'state': 'absent'})
    result = plan(MANAGERS, WORKERS, ALL, hosts)
    assert result['first_manager'] == 'm2'
    assert result['managers_absent'] == ['m1'] and result['managers_absent_node_ids'] == ['id-m1']
    assert result['manager_count'] == 2
    assert node_changes(result, hosts['m1']['swarm'], state='absent', role='manager') == ['it is marked absent']


def test_the_managers_part_needs_the_managers_only():
    # Workers' reads play no part: the same answer with or without them, and the full plan agrees.
    hosts = healthy_hosts(m1={'state': 'absent'}, m2={'swarm': engine('', 'inactive'), 'nodes': None})
    managers_only = dict((name, hosts[name]) for name in MANAGERS)
    assert manager_plan(MANAGERS, managers_only) == manager_plan(MANAGERS, hosts) == \
        {'first_manager': 'm3', 'managers_absent': ['m1'], 'manager_count': 2}
    full = plan(MANAGERS, WORKERS, ALL, hosts)
    assert (full['first_manager'], full['managers_absent'], full['manager_count']) == ('m3', ['m1'], 2)
    # Every manager marked absent (the swarm is taken down): the first of them still drives the run.
    everyone_leaves = dict((name, {'state': 'absent'}) for name in MANAGERS)
    assert manager_plan(MANAGERS, everyone_leaves) == \
        {'first_manager': 'm1', 'managers_absent': MANAGERS, 'manager_count': 0}
    assert manager_plan([], {}) == {'first_manager': '', 'managers_absent': [], 'manager_count': 0}


def test_first_manager_helpers():
    swarms = {'a': {'ControlAvailable': False}, 'b': {'ControlAvailable': True}}
    assert active_manager(['a', 'b'], swarms) == 'b'
    assert active_manager(['a', 'c'], swarms) == ''
    assert first_manager(['a', 'b'], swarms, ['b']) == 'a'
    assert first_manager([], swarms, []) == ''


# Whether the node list answers

def test_a_locked_first_manager_leaves_the_node_list_unknown_so_every_node_is_looked_at():
    # Autolock: an engine restart locked m1; its read holds no node list.
    hosts = healthy_hosts(m1={'swarm': engine('id-m1', 'locked'), 'nodes': None})
    result = plan(MANAGERS, WORKERS, ALL, hosts)
    # m1 is not active, so m2 drives the run and its list answers for the others ...
    assert result['first_manager'] == 'm2' and result['nodes_known']
    # ... and m1 is looked at (unlocked in change.yml).
    assert node_changes(result, hosts['m1']['swarm'], role='manager') == ['its engine is locked, not an active swarm node']
    # Every manager locked: nothing answers, every node is looked at.
    locked = healthy_hosts(**dict((m, {'swarm': engine('id-' + m, 'locked'), 'nodes': None}) for m in MANAGERS))
    result = plan(MANAGERS, WORKERS, ALL, locked)
    assert not result['nodes_known']
    assert node_changes(result, engine('id-w1'), role='worker') == ['the node list is not known']


def test_a_read_out_of_date_after_an_engine_change_does_not_answer():
    hosts = healthy_hosts(m1={'current': False})
    assert not plan(MANAGERS, WORKERS, ALL, hosts)['nodes_known']


def test_the_list_given_later_in_the_run_answers_instead_of_the_read():
    listed = healthy_nodes()
    listed[3]['Spec']['Labels'] = {'team': 'web'}
    result = plan(MANAGERS, WORKERS, ALL, healthy_hosts(), nodes=listed)
    assert node_changes(result, engine('id-w1'), role='worker', labels={'team': 'web'}) == []
    unknown = plan(MANAGERS, WORKERS, ALL, healthy_hosts(m1={'current': False}), nodes=[])
    assert unknown['nodes_known'] and unknown['node_ids'] == []


# What one node needs

def test_node_changes_role_labels_availability():
    result = plan(MANAGERS, WORKERS, ALL, healthy_hosts())
    differ = ['its role, labels or availability differ']
    assert node_changes(result, engine('id-w1'), role='manager') == differ
    assert node_changes(result, engine('id-w1'), labels={'zone': 'a'}) == differ
    assert node_changes(result, engine('id-w1'), availability='drain') == differ
    # Labels the inventory does not manage are left alone when merging.
    result['nodes'][3]['Spec']['Labels'] = {'team': 'web'}
    assert node_changes(result, engine('id-w1'), labels={}) == []
    assert node_changes(result, engine('id-w1'), labels={}, labels_state='replace') == differ


def test_a_node_the_swarm_lists_as_down_or_not_at_all_joins_again():
    # Its managers were replaced or restored elsewhere: its engine says active, the swarm lists it down.
    nodes = healthy_nodes()
    nodes[4]['Status']['State'] = 'down'
    hosts = healthy_hosts(m1={'nodes': nodes})
    result = plan(MANAGERS, WORKERS, ALL, hosts)
    assert node_changes(result, engine('id-w2')) == ['the swarm lists it as down or not at all']
    assert node_changes(result, engine('id-other')) == ['the swarm lists it as down or not at all']
    assert 'id-w2' not in result['up_node_ids'] and 'id-w2' in result['node_ids']


# Stale entries and the first manager's work

def test_after_a_restore_the_old_entries_of_the_play_hosts_are_stale():
    # A restored manager lists the nodes as they were (unknown until their heartbeats expire);
    # the hosts joined again under new IDs.
    nodes = [node('id-m1', 'm1', 'manager'), node('old-w1', 'w1', state='unknown'), node('new-w1', 'w1')]
    hosts = healthy_hosts(m1={'nodes': nodes}, w1={'swarm': engine('new-w1')})
    result = plan(MANAGERS, WORKERS, ALL, hosts)
    assert [n['ID'] for n in result['stale_nodes']] == ['old-w1']
    assert result['finish'] == ['1 node entries no host stands for']
    assert result['first_manager_work'] == ['1 nodes are not ready']
    # Not removed when the inventory says so, but still looked at.
    kept = plan(MANAGERS, WORKERS, ALL, hosts, remove_stale=False)
    assert kept['finish'] == [] and kept['stale_nodes']


def test_down_entries_of_hosts_this_play_could_not_read_are_kept():
    # --limit left w2 out (or it is unreachable): its down entry is not stale; a down entry no
    # inventory host is named after is.
    nodes = healthy_nodes()[:4] + [node('id-w2', 'w2', state='down'), node('id-gone', 'gone', state='down')]
    hosts = healthy_hosts(m1={'nodes': nodes})
    play = ['m1', 'm2', 'm3', 'w1']
    assert [n['ID'] for n in plan(MANAGERS, WORKERS, play, hosts)['stale_nodes']] == ['id-gone']
    # In the play, w2's engine is in the swarm under its current ID: its old down entry is stale.
    hosts['w2']['swarm'] = engine('new-w2')
    assert [n['ID'] for n in plan(MANAGERS, WORKERS, ALL, hosts)['stale_nodes']] == ['id-w2', 'id-gone']


def test_a_play_hosts_current_node_is_never_stale_even_after_an_unlock():
    # A locked manager read no swarm state; the unlock's answer has its node ID.
    nodes = healthy_nodes()
    nodes[2]['Status']['State'] = 'unknown'
    hosts = healthy_hosts(m1={'nodes': nodes}, m3={'swarm': engine('', 'locked'), 'unlocked': engine('id-m3', manager=True)})
    assert plan(MANAGERS, WORKERS, ALL, hosts)['stale_nodes'] == []
    assert stale_nodes(nodes, set(), ALL, []) == [nodes[2]]


def test_autolock_and_the_unlock_key():
    hosts = healthy_hosts()
    on = plan(MANAGERS, WORKERS, ALL, hosts, autolock=True, unlock_key_stored=False)
    assert on['autolock_change'] and on['unlock_key_missing']
    assert on['finish'] == ['autolock is to be turned on', 'the unlock key is not kept on the controller']
    hosts['m1']['swarm'] = engine('id-m1', manager=True, autolock=True)
    kept = plan(MANAGERS, WORKERS, ALL, hosts, autolock=True, unlock_key_stored=True)
    assert not kept['autolock_change'] and not kept['unlock_key_missing'] and kept['finish'] == []
    off = plan(MANAGERS, WORKERS, ALL, hosts, autolock=False)
    assert off['finish'] == ['autolock is to be turned off']


def test_hosts_without_ipvs_are_the_first_managers_to_warn_about():
    hosts = healthy_hosts(w2={'ipvs': False}, w1={'ipvs': None})
    result = plan(MANAGERS, WORKERS, ALL, hosts)
    assert result['hosts_without_ipvs'] == ['w2']
    assert result['first_manager_work'] == ['hosts without IPVS to warn about'] and result['finish'] == []
    assert plan(MANAGERS, WORKERS, ALL, hosts, warn_missing_ipvs=False)['first_manager_work'] == []


def test_the_swarm_s_own_work_is_due_on_the_first_manager_only():
    # w2's kernel has no IPVS: a warning for the first manager to give, no change on w2 or the other hosts.
    result = plan(MANAGERS, WORKERS, ALL, healthy_hosts(w2={'ipvs': False}))
    assert result['first_manager_work'] == ['hosts without IPVS to warn about']
    assert change_reasons(result, 'm1', engine('id-m1', manager=True), role='manager') == ['hosts without IPVS to warn about']
    assert change_reasons(result, 'w2', engine('id-w2')) == []
    assert change_reasons(result, 'm2', engine('id-m2', manager=True), role='manager') == []


def test_a_node_s_own_changes_come_first_and_nothing_is_due_on_a_healthy_swarm():
    result = plan(MANAGERS, WORKERS, ALL, healthy_hosts())
    assert all(change_reasons(result, name, engine('id-' + name, manager=name in MANAGERS),
                              role='manager' if name in MANAGERS else 'worker') == [] for name in ALL)
    assert change_reasons(result, 'w1', engine('id-w1'), state='absent') == ['it is marked absent']
