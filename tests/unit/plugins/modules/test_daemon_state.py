"""daemon_state's engine read, against a real HTTP server on a unix socket."""
import os

import pytest

from ansible_collections.flotilla.swarm.plugins.modules.daemon_state import engine_info

INFO = {'ServerVersion': '26.1.5', 'Swarm': {'LocalNodeState': 'active', 'NodeID': 'n1', 'ControlAvailable': True}}
NODES = [{'ID': 'n1', 'Description': {'Hostname': 'm1'}, 'Status': {'State': 'ready'}}]


@pytest.fixture
def engine_socket(unix_engine):
    """The socket of an engine that answers docker info and the node list (the action's tests use it too)."""
    unix_engine.answers.update({'/info': INFO, '/nodes': NODES})
    return unix_engine.path


def test_engine_info_over_the_socket(engine_socket):
    info, error = engine_info(engine_socket)
    assert error is None
    assert info['Swarm']['NodeID'] == 'n1'


def test_an_engine_that_answers_with_an_error(engine_socket, unix_engine):
    unix_engine.status = 500
    info, error = engine_info(engine_socket)
    assert info is None and 'answered 500' in error


def test_no_engine(tmp_path):
    info, error = engine_info(str(tmp_path / 'missing.sock'))
    assert info is None and 'does not exist' in error
    path = str(tmp_path / 'stale.sock')
    open(path, 'w').close()
    info, error = engine_info(path)
    assert info is None and error
    os.unlink(path)
