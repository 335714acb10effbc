"""Classic Swarm's decisions: module_utils/classic_swarm."""

import json
import os

from ansible_collections.flotilla.swarm.plugins.module_utils.classic_swarm import (
    api_floor_problems, cluster_status, discovery_url, engines_from_info, join_argv, manage_argv, missing_engines,
    plan, problems, seconds, status_lines, stray_engines)

FIXTURES = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures')

SETTINGS = {'discovery': 'consul', 'path': 'flotilla/classic-swarm/lab', 'managers': ['m1'], 'engines': ['e1', 'e2'],
            'heartbeat': '10s', 'ttl': '30s', 'strategy': 'spread', 'port': 3376, 'engine_port': 2376,
            'replication': False, 'consul': True, 'consul_address': '127.0.0.1:8500', 'etcd_endpoint': '',
            'binary': '/usr/local/bin/swarm', 'tls_dir': '/etc/flotilla/classic-swarm', 'extra': [],
            'managers_group': 'swarm_managers', 'engines_group': 'swarm_workers'}
HOSTS = {'m1': '10.0.0.1', 'e1': '10.0.0.2', 'e2': '10.0.0.3'}


def test_the_plan_of_a_consul_cluster():
    result = plan(SETTINGS, HOSTS)
    assert result['problems'] == []
    assert result['url'] == 'consul://127.0.0.1:8500/flotilla/classic-swarm/lab'
    assert result['engine_addresses'] == {'e1': '10.0.0.2:2376', 'e2': '10.0.0.3:2376'}
    assert result['join']['e1'] == ['/usr/local/bin/swarm', 'join', '--advertise=10.0.0.2:2376', '--heartbeat=10s',
                                    '--ttl=30s', 'consul://127.0.0.1:8500/flotilla/classic-swarm/lab']
    assert result['manage']['m1'] == [
        '/usr/local/bin/swarm', 'manage', '--host=tcp://0.0.0.0:3376', '--tlsverify',
        '--tlscacert=/etc/flotilla/classic-swarm/ca.pem', '--tlscert=/etc/flotilla/classic-swarm/swarm.pem',
        '--tlskey=/etc/flotilla/classic-swarm/swarm-key.pem', '--strategy=spread',
        'consul://127.0.0.1:8500/flotilla/classic-swarm/lab']
    assert result['addresses']['m1'] == '10.0.0.1'


def test_replicated_managers_advertise_their_own_address():
    result = plan(dict(SETTINGS, managers=['m1', 'e1'], replication=True, strategy='binpack'), HOSTS)
    assert '--replication' in result['manage']['m1'] and '--advertise=10.0.0.1:3376' in result['manage']['m1']
    assert '--advertise=10.0.0.2:3376' in result['manage']['e1'] and '--strategy=binpack' in result['manage']['e1']


def test_static_nodes_need_no_agents_and_etcd_takes_its_endpoint():
    nodes = plan(dict(SETTINGS, discovery='nodes'), HOSTS)
    assert nodes['url'] == 'nodes://10.0.0.2:2376,10.0.0.3:2376' and nodes['join'] == {}
    etcd = plan(dict(SETTINGS, discovery='etcd', etcd_endpoint='10.0.0.1:2379'), HOSTS)
    assert etcd['problems'] == [] and etcd['url'] == 'etcd://10.0.0.1:2379/flotilla/classic-swarm/lab'
    assert etcd['etcd_host'] == ''
    # The role installs etcd on the first manager when asked, and the others use it there.
    installed = plan(dict(SETTINGS, discovery='etcd', etcd_install=True), HOSTS)
    assert installed['problems'] == [] and installed['etcd_host'] == 'm1'
    assert installed['url'] == 'etcd://10.0.0.1:2379/flotilla/classic-swarm/lab'
    assert 'no host serves etcd' in plan(dict(SETTINGS, discovery='etcd'), HOSTS)['problems'][0]


def test_unworkable_settings_are_refused_with_what_to_do():
    assert 'choose consul, etcd or nodes' in problems(dict(SETTINGS, discovery='zk'))[0]
    assert 'at least 20s' in ' '.join(problems(dict(SETTINGS, ttl='15s', heartbeat='5s')))
    assert 'runs no Consul' in ' '.join(problems(dict(SETTINGS, consul=False)))
    assert 'no host serves etcd' in ' '.join(problems(dict(SETTINGS, discovery='etcd', etcd_hosts=[])))
    assert 'names no host' in problems(dict(SETTINGS, managers=[]))[0]
    assert 'no engine joins' in problems(dict(SETTINGS, engines=[]))[0]
    assert 'longer than classic_swarm_heartbeat' in ' '.join(problems(dict(SETTINGS, heartbeat='40s')))
    assert 'such as 30s' in ' '.join(problems(dict(SETTINGS, ttl='30')))
    assert 'choose spread' in ' '.join(problems(dict(SETTINGS, strategy='fast')))
    assert 'give a TCP port' in ' '.join(problems(dict(SETTINGS, port=70000)))
    # Static lists and etcd take shorter TTLs.
    assert problems(dict(SETTINGS, discovery='nodes', ttl='15s', heartbeat='5s', consul=False)) == []
    missing = plan(SETTINGS, {'m1': '10.0.0.1', 'e1': '', 'e2': '10.0.0.3'})['problems']
    assert missing == ['e1 has no address to advertise: set classic_swarm_advertise_addr (or docker_daemon_api_addr) '
                       'for it, or gather its facts']


def test_engines_that_refuse_api_1_31_are_named_with_the_fix():
    assert api_floor_problems({'e1': '1.24', 'e2': '1.12', 'e3': '1.31'}) == []
    found = api_floor_problems({'e1': '1.24', 'e2': '1.44'})
    assert len(found) == 1 and found[0].startswith("e2's engine refuses clients below API 1.44")
    assert 'DOCKER_MIN_API_VERSION=1.31' in found[0]


def test_durations():
    assert seconds('30s') == 30 and seconds('2m') == 120 and seconds('1h') == 3600
    assert seconds('30') is None and seconds('') is None


def test_helpers_build_the_command_lines():
    assert discovery_url('consul', '/a/b/', '127.0.0.1:8500') == 'consul://127.0.0.1:8500/a/b'
    assert join_argv('swarm', '1.2.3.4:2376', 'etcd://x/y', '5s', '20s')[2:] == [
        '--advertise=1.2.3.4:2376', '--heartbeat=5s', '--ttl=20s', 'etcd://x/y']
    assert manage_argv('swarm', 3376, '/t', 'nodes://a', extra=['--debug'])[-2:] == ['--debug', 'nodes://a']


def test_engines_from_a_real_manager_s_info():
    with open(os.path.join(FIXTURES, 'classic_swarm_info.json')) as handle:
        info = json.load(handle)
    listed = engines_from_info(info)
    assert listed['role'] == 'primary'
    assert [(engine['name'], engine['address'], engine['status']) for engine in listed['engines']] == [
        ('6916d97919ee', '127.0.0.1:2375', 'Healthy')]
    assert listed['engines'][0]['labels']['storage'] == 'ssd'
    assert listed['engines'][0]['own_labels'] == 'storage=ssd,zone=a'
    assert listed['engines'][0]['containers'] == '0 (0 Running, 0 Paused, 0 Stopped)'
    assert listed['engines'][0]['version'] == '26.1.5+dfsg1'
    assert engines_from_info({}) == {'role': '', 'engines': []}


def test_an_engine_in_error_and_a_replica():
    info = {'SystemStatus': [['Role', 'replica'], ['Primary', '10.0.0.1:3376'], ['Nodes', '1'],
                             [' e9', '10.0.0.9:2376'], ['  \u2514 Status', 'Unhealthy'],
                             ['  \u2514 Error', 'API version 1.31 is too old']]}
    listed = engines_from_info(info)
    assert listed['role'] == 'replica'
    assert listed['engines'] == [{'name': 'e9', 'address': '10.0.0.9:2376', 'status': 'Unhealthy', 'labels': {},
                                  'error': 'API version 1.31 is too old', 'own_labels': '', 'containers': '', 'version': ''}]


def test_missing_engines_name_the_unhealthy_and_the_unlisted():
    info = {'SystemStatus': [['Role', 'primary'], [' e1', '10.0.0.2:2376'], ['  \u2514 Status', 'Healthy'],
                             [' e2', '10.0.0.3:2376'], ['  \u2514 Status', 'Unhealthy'],
                             ['  \u2514 Error', 'client version 1.31 is too old']]}
    addresses = {'e1': '10.0.0.2:2376', 'e2': '10.0.0.3:2376', 'e3': '10.0.0.4:2376'}
    assert missing_engines(info, addresses) == ['e2 (10.0.0.3:2376): Unhealthy, client version 1.31 is too old',
                                                'e3 (10.0.0.4:2376): not listed']
    assert missing_engines(info, {'e1': '10.0.0.2:2376'}) == []
    assert missing_engines({'SystemStatus': [['Role', 'replica']]}, addresses) == []
    assert missing_engines({}, {'e1': '10.0.0.2:2376'}) == ['e1 (10.0.0.2:2376): not listed']


def test_replication_needs_a_store():
    assert plan(dict(SETTINGS, replication=True, discovery='etcd', etcd_endpoint='10.0.0.1:2379'), HOSTS)['problems'] == []
    (problem,) = plan(dict(SETTINGS, replication=True, discovery='nodes'), HOSTS)['problems']
    assert problem.startswith('classic_swarm_replication needs a discovery store')


def test_settings_problems_need_no_addresses():
    result = plan(dict(SETTINGS, strategy='fastest'), {'m1': '', 'e1': '10.0.0.2', 'e2': '10.0.0.3'})
    assert len(result['settings_problems']) == 1 and 'classic_swarm_strategy' in result['settings_problems'][0]
    assert len(result['problems']) == 2 and 'm1 has no address to advertise' in result['problems'][1]


def test_an_entry_outlives_its_agent_by_the_ttl_and_a_heartbeat():
    assert plan(SETTINGS, HOSTS)['entry_seconds'] == 40


def test_stray_engines_are_those_no_inventory_engine_stands_for():
    info = {'SystemStatus': [['Role', 'primary'], [' e1', '10.0.0.2:2376'], ['  \u2514 Status', 'Healthy'],
                             [' gone', '10.0.0.9:2376'], ['  \u2514 Status', 'Unhealthy']]}
    assert stray_engines(info, {'e1': '10.0.0.2:2376', 'e2': '10.0.0.3:2376'}) == ['gone (10.0.0.9:2376)']
    assert stray_engines(info, {'e1': '10.0.0.2:2376', 'x': '10.0.0.9:2376'}) == []
    # A replica forwards to the primary; its own list is not the cluster's.
    info['SystemStatus'][0] = ['Role', 'replica']
    assert stray_engines(info, {'e1': '10.0.0.2:2376'}) == []


def test_the_status_of_a_classic_cluster():
    info = {'SystemStatus': [
        ['Role', 'primary'], ['Nodes', '2'],
        [' e2', '10.0.0.3:2376'], ['  \u2514 Status', 'Unhealthy'], ['  \u2514 Containers', '0 (0 Running, 0 Paused, 0 Stopped)'],
        ['  \u2514 Labels', 'ostype=linux, storage=disk'], ['  \u2514 Error', 'connection refused'],
        ['  \u2514 ServerVersion', ''],
        [' e1', '10.0.0.2:2376'], ['  \u2514 Status', 'Healthy'], ['  \u2514 Containers', '2 (1 Running, 0 Paused, 1 Stopped)'],
        ['  \u2514 Labels', 'kernelversion=6, storage=ssd, zone=a'], ['  \u2514 Error', '(none)'],
        ['  \u2514 ServerVersion', '28.5.1']]}
    containers = [{'Id': 'b' * 64, 'Names': ['/e1/web'], 'State': 'running'},
                  {'Id': 'a' * 64, 'Names': ['/e1/batch'], 'State': 'exited'}]
    status = cluster_status(info, containers)
    assert status['classic'] and status['role'] == 'primary' and status['services'] == []
    assert [(node['hostname'], node['state'], node['engine_version']) for node in status['nodes']] == [
        ('e1', 'ready', '28.5.1'), ('e2', 'down', '')]
    assert status['nodes'][0]['labels'] == {'storage': 'ssd', 'zone': 'a'}
    assert status['nodes'][0]['tasks'] == [{'service': 'batch', 'slot': 0, 'state': 'exited'},
                                           {'service': 'web', 'slot': 0, 'state': 'running'}]
    assert status['nodes'][1]['tasks'] == []
    lines = status_lines(status)
    assert lines[1].split()[:3] == ['e1', '10.0.0.2:2376', 'Healthy'] and lines[1].endswith('storage=ssd,zone=a')
    assert 'Unhealthy (connection refused)' in lines[2]
    assert [line.split() for line in lines[-2:]] == [['e1', 'batch', 'exited'], ['e1', 'web', 'running']]
    assert status_lines(cluster_status({}, []))[-1] == '(no containers)'
