from ansible_collections.flotilla.swarm.plugins.module_utils.lab_plan import dind_nodes

MANAGER = {'name': 'lab-manager-1', 'groups': ['swarm_managers']}
WORKER = {'name': 'lab-worker-1', 'groups': ['swarm_workers']}
PRINTS = {'lab-manager-1': 'print-m', 'lab-worker-1': 'print-w'}


def container(node, state='running', image='sha256:node', groups=None, fingerprint=None):
    """A lab container as the engine lists it (engine_objects, docker_host_info)."""
    return {'Names': ['/' + node['name']], 'State': state, 'ImageID': image,
            'Labels': {'flotilla.lab': 'lab', 'flotilla.lab.node': node['name'],
                       'flotilla.lab.groups': ','.join(node['groups'] if groups is None else groups),
                       'flotilla.lab.config': fingerprint or PRINTS[node['name']]}}


def plan(containers, nodes=(MANAGER, WORKER), **options):
    return dind_nodes(list(nodes), containers, 'sha256:node', PRINTS, **options)


def test_nodes_as_they_should_be_need_nothing():
    assert plan([container(MANAGER), container(WORKER)]) == {'todo': [], 'recreate': [], 'problems': []}


def test_missing_nodes_are_created_and_stopped_ones_started():
    result = plan([container(MANAGER, state='exited')])
    assert result['todo'] == [MANAGER, WORKER]
    assert result['problems'] == []


def test_a_mistyped_group_does_not_recreate_a_manager():
    typo = {'name': 'lab-manager-1', 'groups': ['no_such_group']}
    result = plan([container(MANAGER), container(WORKER)], nodes=(typo, WORKER))
    assert result['todo'] == []
    assert result['recreate'] == [{'name': 'lab-manager-1',
                                   'reasons': ['its groups change from swarm_managers to no_such_group']}]
    assert len(result['problems']) == 1
    assert 'lab-manager-1 (its groups change from swarm_managers to no_such_group)' in result['problems'][0]
    assert 'set lab_dind_recreate=true (cluster.yml: flotilla_lab_recreate=true)' in result['problems'][0]


def test_recreating_is_done_when_asked():
    typo = {'name': 'lab-manager-1', 'groups': ['no_such_group']}
    result = plan([container(MANAGER), container(WORKER)], nodes=(typo, WORKER), recreate=True)
    assert result['todo'] == [typo]
    assert result['problems'] == []


def test_another_image_or_other_options_need_recreate_too():
    result = plan([container(MANAGER, image='sha256:old'), container(WORKER, fingerprint='other')])
    assert result['recreate'] == [{'name': 'lab-manager-1', 'reasons': ['it runs another node image']},
                                  {'name': 'lab-worker-1', 'reasons': ['its container options changed']}]
    assert result['todo'] == []
    # A stopped node is not started with options it does not have: that too would create it again.
    assert plan([container(WORKER, state='exited', fingerprint='other')], nodes=(WORKER,))['todo'] == []


def test_a_rebuilt_image_recreates_every_existing_node_when_asked():
    result = plan([container(MANAGER)], image_rebuilt=True, recreate=True)
    assert result['todo'] == [MANAGER, WORKER]
    assert result['recreate'] == [{'name': 'lab-manager-1', 'reasons': ['the node image is built anew']}]
    assert plan([container(MANAGER)], image_rebuilt=True)['problems'] != []


def test_a_first_build_creates_every_node():
    assert plan([], image_rebuilt=True) == {'todo': [MANAGER, WORKER], 'recreate': [], 'problems': []}


def test_any_of_the_accepted_fingerprints_will_do():
    # A container labelled with the fingerprint of the entry's keys in another order is as it should be.
    prints = {'lab-worker-1': ['sorted-keys', 'print-w']}
    assert dind_nodes([WORKER], [container(WORKER)], 'sha256:node', prints)['todo'] == []
    assert dind_nodes([WORKER], [container(WORKER, fingerprint='sorted-keys')], 'sha256:node', prints)['recreate'] == []
    assert dind_nodes([WORKER], [container(WORKER, fingerprint='x')], 'sha256:node', prints)['recreate'] != []
