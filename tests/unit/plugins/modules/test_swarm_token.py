from ansible_collections.flotilla.swarm.plugins.modules import swarm_token
from ansible_collections.flotilla.swarm.tests.unit.plugins.modules.engine_double import Engine, run_module

DIGEST = '0' * 10 + 'a' * 40
OTHER_DIGEST = '1' * 50
WORKER = 'SWMTKN-1-%s-%s' % (DIGEST, 'w' * 25)
MANAGER = 'SWMTKN-1-%s-%s' % (DIGEST, 'm' * 25)


def manager_engine():
    return Engine(
        swarm={'ID': 'cluster1', 'Version': {'Index': 5}, 'Spec': {'Name': 'default'},
               'JoinTokens': {'Worker': WORKER, 'Manager': MANAGER}},
        info={'Swarm': {'LocalNodeState': 'active', 'ControlAvailable': True,
                        'RemoteManagers': [{'Addr': '10.0.0.1:2377'}]}})


def test_reads_the_tokens():
    result = run_module(swarm_token, manager_engine(), {})
    assert not result.failed and not result.result['changed']
    assert (result.result['join_token_worker'], result.result['join_token_manager']) == (WORKER, MANAGER)
    assert result.result['ca_digest'] == DIGEST and result.result['remote_addrs'] == ['10.0.0.1:2377']


def test_rotation_changes_the_token_and_check_mode_does_not():
    engine = manager_engine()
    checked = run_module(swarm_token, engine, {'rotate': 'worker'}, check_mode=True)
    assert checked.result['changed'] and engine.writes() == []
    rotated = run_module(swarm_token, engine, {'rotate': 'worker'})
    assert rotated.result['rotated'] == ['worker'] and rotated.result['join_token_worker'] != WORKER
    assert rotated.result['join_token_manager'] == MANAGER


def test_a_token_of_another_swarm_fails_without_echoing_it():
    foreign = 'SWMTKN-1-%s-%s' % (OTHER_DIGEST, 'x' * 25)
    result = run_module(swarm_token, manager_engine(), {'validate_token': foreign, 'role': 'none'})
    assert result.failed and 'another swarm' in result.result['msg']
    assert 'x' * 25 not in str(result.result) and WORKER not in str(result.result)


def test_a_worker_engine_is_refused():
    engine = Engine(info={'Swarm': {'LocalNodeState': 'active', 'ControlAvailable': False}})
    result = run_module(swarm_token, engine, {})
    assert result.failed and 'not an active swarm manager' in result.result['msg']
