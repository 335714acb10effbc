import os
import shutil

import pytest

from ansible_collections.flotilla.swarm.plugins.modules import swarm_membership
from ansible_collections.flotilla.swarm.tests.unit.plugins.modules.engine_double import Engine, run_module

FIXTURES = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures')
# The fixture CA's digest, as the tokens of its swarm carry it.
TARGET_TOKEN = 'SWMTKN-1-0vdgtb9173jj7frfouvyj0oj0i086rxjevsqvjqrzh80ykrp72-' + 'w' * 25
FOREIGN_TOKEN = 'SWMTKN-1-' + '1' * 50 + '-' + 'w' * 25


def ca_pem():
    with open(os.path.join(FIXTURES, 'swarm-root-ca.crt')) as handle:
        return handle.read()


@pytest.fixture
def data_root(tmp_path):
    """A Docker data root holding the fixture swarm CA, on this machine's disk."""
    certs = tmp_path / 'swarm' / 'certificates'
    certs.mkdir(parents=True)
    shutil.copy(os.path.join(FIXTURES, 'swarm-root-ca.crt'), str(certs / 'swarm-root-ca.crt'))
    return str(tmp_path)


def worker(data_root, swarm=None):
    return Engine(swarm=swarm, info={'DockerRootDir': data_root, 'Swarm': {
        'LocalNodeState': 'active', 'NodeID': 'node1', 'ControlAvailable': False}})


def join(engine, token, docker_host='unix:///var/run/docker.sock', **extra):
    args = dict(state='join', role='worker', join_token=token, remote_addrs=['10.0.0.1:2377'], docker_host=docker_host)
    args.update(extra)
    return run_module(swarm_membership, engine, args)


def test_a_local_worker_of_the_target_swarm_is_left_alone(data_root):
    result = join(worker(data_root), TARGET_TOKEN)
    assert not result.failed and result.result['action'] == 'none'


def test_a_local_worker_of_another_swarm_is_refused(data_root):
    result = join(worker(data_root), FOREIGN_TOKEN)
    assert result.failed and 'another swarm' in result.result['msg']


def test_a_remote_worker_is_not_judged_by_the_local_disk(data_root):
    # The CA file here belongs to the target swarm, the remote engine is somewhere else:
    # what this disk holds says nothing about it.
    engine = worker(data_root)
    result = join(engine, TARGET_TOKEN, docker_host='tcp://10.0.0.9:2376')
    assert result.failed and 'swarm_node_ids' in result.result['msg']
    assert engine.writes() == []


def test_a_remote_worker_listed_by_the_target_swarm_is_a_member(data_root):
    result = join(worker(data_root), TARGET_TOKEN, docker_host='tcp://10.0.0.9:2376', swarm_node_ids=['node1'])
    assert not result.failed and result.result['action'] == 'none'


def test_a_remote_manager_is_judged_by_the_ca_its_engine_reports(tmp_path):
    engine = Engine(swarm={'TLSInfo': {'TrustRoot': ca_pem()}}, info={'DockerRootDir': str(tmp_path), 'Swarm': {
        'LocalNodeState': 'active', 'NodeID': 'node1', 'ControlAvailable': True, 'Cluster': {'ID': 'c1'}}})
    same = join(engine, TARGET_TOKEN, docker_host='tcp://10.0.0.9:2376', role='manager')
    assert not same.failed and same.result['action'] == 'none'
    other = join(engine, FOREIGN_TOKEN, docker_host='tcp://10.0.0.9:2376', role='manager')
    assert other.failed and 'another swarm' in other.result['msg']


def test_the_port_check_finds_an_open_port_and_a_closed_one():
    import socket
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(4)
    open_port = listener.getsockname()[1]
    closed = socket.socket()
    closed.bind(('127.0.0.1', 0))
    closed_port = closed.getsockname()[1]  # bound, not listening: connections are refused
    try:
        assert swarm_membership.unreachable_port('127.0.0.1:2377', [open_port], wait=0) is None
        assert swarm_membership.unreachable_port('127.0.0.1:2377', [open_port, closed_port], wait=0) == \
            '127.0.0.1:%d' % closed_port
    finally:
        listener.close()
        closed.close()


def test_a_node_that_cannot_reach_the_manager_is_refused_before_it_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(swarm_membership, 'unreachable_port', lambda addr, ports: '10.0.0.1:7946')
    engine = Engine(info={'DockerRootDir': str(tmp_path), 'Swarm': {'LocalNodeState': 'inactive'}})
    refused = join(engine, TARGET_TOKEN, reach_ports=[2377, 7946])
    assert refused.failed and '10.0.0.1:7946' in refused.result['msg'] and 'nothing was changed' in refused.result['msg']
    assert engine.calls == []


def test_a_member_is_not_port_checked(data_root, monkeypatch):
    monkeypatch.setattr(swarm_membership, 'unreachable_port', lambda addr, ports: pytest.fail('checked a member'))
    assert join(worker(data_root), TARGET_TOKEN, reach_ports=[2377]).result['action'] == 'none'
