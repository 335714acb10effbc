from ansible_collections.flotilla.swarm.plugins.module_utils.rollout import engine_rollout


def plan(host, write=False, restart=False, manager=False, rolling=True):
    return {'host': host, 'write': write, 'restart': restart or write, 'manager': manager, 'rolling': rolling}


def test_a_worker_is_the_canary_before_a_manager():
    plans = [plan('m1', write=True, manager=True), plan('w1', write=True), plan('w2', write=True)]
    assert engine_rollout(plans) == {'canary': 'w1', 'parallel': [], 'rolling': ['m1', 'w2']}


def test_only_managers_change_then_the_first_is_the_canary():
    plans = [plan('m1', write=True, manager=True), plan('m2', write=True, manager=True), plan('w1')]
    assert engine_rollout(plans) == {'canary': 'm1', 'parallel': [], 'rolling': ['m2']}


def test_hosts_outside_a_swarm_count_as_workers_and_follow_the_canary_all_at_once():
    plans = [plan('a', write=True, rolling=False), plan('b', write=True, rolling=False),
             plan('c', write=True, rolling=False)]
    assert engine_rollout(plans) == {'canary': 'a', 'parallel': ['b', 'c'], 'rolling': []}


def test_restarts_without_a_new_configuration_need_no_canary():
    # New certificates, or a restart left pending: nothing new to try first.
    plans = [plan('m1', restart=True, manager=True), plan('w1', restart=True), plan('w2')]
    assert engine_rollout(plans) == {'canary': '', 'parallel': [], 'rolling': ['m1', 'w1']}


def test_a_single_host_with_a_new_configuration_is_its_own_canary():
    plans = [plan('m1', manager=True), plan('w1', restart=True, rolling=False), plan('w2', write=True)]
    assert engine_rollout(plans) == {'canary': 'w2', 'parallel': ['w1'], 'rolling': []}


def test_nothing_to_do():
    assert engine_rollout([plan('m1'), plan('w1')]) == {'canary': '', 'parallel': [], 'rolling': []}
    assert engine_rollout([]) == {'canary': '', 'parallel': [], 'rolling': []}
