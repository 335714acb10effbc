from ansible_collections.flotilla.swarm.plugins.modules import swarm_node
from ansible_collections.flotilla.swarm.tests.unit.plugins.modules.engine_double import Engine, node, run_module


def three_managers(m3_state='ready', m3_reachability='reachable'):
    return Engine(nodes=[
        node('aaaaaaaaaaaa1', 'm1', role='manager', leader=True),
        node('aaaaaaaaaaaa2', 'm2', role='manager'),
        node('aaaaaaaaaaaa3', 'm3', role='manager', state=m3_state, reachability=m3_reachability),
        node('bbbbbbbbbbbb1', 'w1', labels={'keep': 'me'}),
    ])


def test_check_mode_reports_the_change_and_writes_nothing():
    engine = three_managers()
    result = run_module(swarm_node, engine, {'node': 'w1', 'labels': {'zone': 'a'}}, check_mode=True, diff=True)
    assert not result.failed and result.result['changed']
    assert result.result['diff'] == {'before': {'Labels': {'keep': 'me'}},
                                     'after': {'Labels': {'keep': 'me', 'zone': 'a'}}}
    assert engine.writes() == []


def test_labels_merge_into_the_full_spec():
    engine = three_managers()
    result = run_module(swarm_node, engine, {'node': 'w1', 'labels': {'zone': 'a'}, 'availability': 'pause'})
    assert result.result['changed'] and result.result['node']['labels'] == {'keep': 'me', 'zone': 'a'}
    (call,) = engine.writes()
    assert call[3] == {'Name': '', 'Role': 'worker', 'Availability': 'pause', 'Labels': {'keep': 'me', 'zone': 'a'}}
    again = run_module(swarm_node, engine, {'node': 'w1', 'labels': {'zone': 'a'}, 'availability': 'pause'})
    assert not again.result['changed'] and len(engine.writes()) == 1


def test_a_boolean_label_is_refused_before_any_write():
    engine = three_managers()
    result = run_module(swarm_node, engine, {'node': 'w1', 'labels': {'ssd': True}})
    assert result.failed and 'must be a string or a number' in result.result['msg']
    assert engine.writes() == []


def test_a_stale_version_is_read_again_and_retried():
    engine = three_managers()
    engine.conflicts = 2
    result = run_module(swarm_node, engine, {'node': 'w1', 'labels': {'zone': 'a'}})
    assert not result.failed and result.result['changed']
    versions = [call[2] for call in engine.writes()]
    assert versions == [10, 11, 12]  # each attempt with the version it read afresh
    assert engine.inspect_node('bbbbbbbbbbbb1')['Spec']['Labels'] == {'keep': 'me', 'zone': 'a'}


def test_demotion_that_loses_quorum_is_refused():
    # 3 managers, m3 unreachable: demoting m2 leaves m1 alone of the 2 that remain.
    engine = three_managers(m3_state='down', m3_reachability='unreachable')
    result = run_module(swarm_node, engine, {'node': 'm2', 'role': 'worker'})
    assert result.failed and 'would lose the raft quorum (3 managers, 2 reachable)' in result.result['msg']
    assert engine.writes() == []


def test_demotion_that_keeps_quorum_warns_about_the_even_count():
    engine = three_managers()
    result = run_module(swarm_node, engine, {'node': 'm3', 'role': 'worker'})
    assert not result.failed and result.result['actions'] == ['update']
    assert 'ManagerStatus' not in engine.inspect_node('aaaaaaaaaaaa3')


def test_the_last_manager_is_never_demoted():
    engine = Engine(nodes=[node('aaaaaaaaaaaa1', 'm1', role='manager', leader=True), node('bbbbbbbbbbbb1', 'w1')])
    result = run_module(swarm_node, engine, {'node': 'm1', 'role': 'worker', 'force': True})
    assert result.failed and 'last manager' in result.result['msg']
    assert engine.writes() == []


def test_removing_a_node_that_is_gone_is_ok():
    engine = three_managers()
    result = run_module(swarm_node, engine, {'node': 'w9', 'state': 'absent'})
    assert not result.failed and not result.result['changed'] and engine.writes() == []


def test_removing_a_down_worker_removes_it():
    engine = three_managers()
    engine.node_list[3]['Status']['State'] = 'down'
    result = run_module(swarm_node, engine, {'node': 'w1', 'state': 'absent'})
    assert result.result['actions'] == ['remove']
    assert engine.writes() == [('remove_node', 'bbbbbbbbbbbb1', False)]


def task(service, state, node_id='bbbbbbbbbbbb2', desired='running'):
    return {'ServiceID': service, 'NodeID': node_id, 'DesiredState': desired, 'Status': {'State': state}}


class DrainingEngine(Engine):
    """w1 runs a task of s1; once drained, s1's new task elsewhere is starting for two reads, then running."""

    def __init__(self):
        Engine.__init__(self, nodes=[node('aaaaaaaaaaaa1', 'm1', role='manager', leader=True),
                                     node('bbbbbbbbbbbb1', 'w1'), node('bbbbbbbbbbbb2', 'w2')])
        self.reads_while_starting = 2

    def tasks(self, filters=None):
        filters = filters or {}
        drained = self._find('bbbbbbbbbbbb1')['Spec']['Availability'] == 'drain'
        if filters.get('node') == 'bbbbbbbbbbbb1':
            return [] if drained else [task('s1', 'running', 'bbbbbbbbbbbb1')]
        if not drained:
            return [task('s1', 'running', 'bbbbbbbbbbbb1'), task('s2', 'starting')]
        self.reads_while_starting -= 1
        moved = task('s1', 'starting' if self.reads_while_starting >= 0 else 'running')
        # s2 had no task on w1: its starting task is not waited for; s1's pending one would not be either.
        return [moved, task('s2', 'starting'), task('s1', 'pending', node_id='')]


def test_a_drain_waits_until_the_moved_tasks_run_elsewhere(monkeypatch):
    monkeypatch.setattr(swarm_node.time, 'sleep', lambda seconds: None)
    engine = DrainingEngine()
    result = run_module(swarm_node, engine, {'node': 'w1', 'availability': 'drain', 'wait': 'drained'})
    assert not result.failed and result.result['changed']
    assert engine.reads_while_starting < 0
    assert not result.result.get('warnings')


def test_tasks_starting_leaves_out_pending_and_other_services():
    tasks = [task('s1', 'starting'), task('s1', 'pending'), task('s1', 'running'), task('s2', 'preparing'),
             task('s1', 'assigned', desired='shutdown')]
    assert swarm_node.tasks_starting(tasks, {'s1'}) == [task('s1', 'starting')]
