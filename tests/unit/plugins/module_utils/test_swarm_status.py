from ansible_collections.flotilla.swarm.plugins.module_utils.swarm_status import cluster_status, status_lines


def node(node_id, hostname, role='worker', state='ready', leader=False, labels=None):
    result = {'ID': node_id, 'Description': {'Hostname': hostname, 'Engine': {'EngineVersion': '26.1.5'}},
              'Spec': {'Role': role, 'Availability': 'active', 'Labels': labels or {}},
              'Status': {'State': state, 'Addr': '10.0.0.%s' % node_id}}
    if role == 'manager':
        result['ManagerStatus'] = {'Leader': leader, 'Reachability': 'reachable'}
    return result


def task(service_id, node_id, state='running', desired='running', slot=1):
    return {'ServiceID': service_id, 'NodeID': node_id, 'Slot': slot, 'DesiredState': desired, 'Status': {'State': state}}


SERVICES = [
    {'ID': 's1', 'Spec': {'Name': 'web', 'Mode': {'Replicated': {'Replicas': 3}},
                          'TaskTemplate': {'ContainerSpec': {'Image': 'nginx:1@sha256:abc'}}},
     'Endpoint': {'Ports': [{'PublishedPort': 8080, 'TargetPort': 80, 'Protocol': 'tcp'}]}},
    {'ID': 's2', 'Spec': {'Name': 'agent', 'Mode': {'Global': {}}, 'TaskTemplate': {'ContainerSpec': {'Image': 'agent'}}}},
]


def test_cluster_status_places_tasks_on_nodes_and_counts_replicas():
    nodes = [node('2', 'w1'), node('1', 'm1', role='manager', leader=True, labels={'zone': 'a'})]
    tasks = [task('s1', '1', slot=1), task('s1', '2', slot=2), task('s1', '2', state='preparing', slot=3),
             task('s1', '2', state='shutdown', desired='shutdown', slot=2),
             task('s2', '1', slot=0), task('s2', '2', slot=0)]
    status = cluster_status(nodes, SERVICES, tasks)
    assert status['leader'] == 'm1'
    assert [n['hostname'] for n in status['nodes']] == ['m1', 'w1']
    assert status['nodes'][0]['labels'] == {'zone': 'a'}
    assert status['nodes'][1]['tasks'] == [
        {'service': 'agent', 'slot': 0, 'state': 'running'},
        {'service': 'web', 'slot': 2, 'state': 'running'},
        {'service': 'web', 'slot': 3, 'state': 'preparing'}]
    web = [s for s in status['services'] if s['name'] == 'web'][0]
    assert web == {'name': 'web', 'mode': 'replicated', 'desired': 3, 'running': 2, 'image': 'nginx:1',
                   'ports': ['8080:80/tcp'], 'nodes': ['m1', 'w1']}
    agent = [s for s in status['services'] if s['name'] == 'agent'][0]
    assert (agent['mode'], agent['desired'], agent['running']) == ('global', 2, 2)


def test_status_lines_show_nodes_and_services():
    status = cluster_status([node('1', 'm1', role='manager', leader=True)], SERVICES[:1], [task('s1', '1')])
    lines = status_lines(status)
    assert lines[1].split()[:5] == ['m1', 'manager', 'ready', 'active', 'leader']
    assert lines[-1].split()[:3] == ['web', 'replicated', '1/3']


def test_status_lines_say_when_there_are_no_services():
    assert status_lines(cluster_status([], [], []))[-1] == '(no services)'
