"""daemon_state reads of this machine, and later reads answered from them (the action plugin's narrow_read)."""
import os
from unittest import mock

import pytest

from ansible_collections.flotilla.swarm.plugins.action.daemon_state import ActionModule
from ansible_collections.flotilla.swarm.plugins.module_utils.host_read import narrow_read
from ansible_collections.flotilla.swarm.plugins.modules import daemon_state
from ansible_collections.flotilla.swarm.tests.unit.plugins.modules.engine_double import run_module
# A pytest fixture: used by name in the test arguments.
from ansible_collections.flotilla.swarm.tests.unit.plugins.modules.test_daemon_state import INFO
from ansible_collections.flotilla.swarm.tests.unit.plugins.modules.test_daemon_state import engine_socket  # noqa: F401 pylint: disable=unused-import


# One read, then reads answered from it (the daemon_state action plugin's narrow_read).

def full_read(tmp_path, engine_socket, **extra):
    (tmp_path / 'ca.pem').write_text('CA')
    os.chmod(str(tmp_path / 'ca.pem'), 0o640)
    (tmp_path / 'daemon.json').write_text('{}')
    args = {'socket': engine_socket, 'service': '', 'checksums': [str(tmp_path / 'daemon.json')],
            'files': [str(tmp_path / 'ca.pem'), str(tmp_path / 'key.pem')], 'exists': [str(tmp_path)]}
    args.update(extra)
    return run_module(daemon_state, None, args).result


def wanted(**params):
    full = dict(packages=[], dockerd=['/usr/bin/dockerd', '/usr/sbin/dockerd'], checksums=[], files=[], exists=[],
                service='', socket='', engine=True, require_engine=False, gather_subset=[], nodes=False)
    full.update(params)
    return full


def test_the_read_reports_files_like_find(tmp_path, engine_socket):
    result = full_read(tmp_path, engine_socket)
    ca = result['files'][str(tmp_path / 'ca.pem')]
    assert ca['mode'] == '0640' and ca['checksum'] and ca['pw_name']
    assert result['files'][str(tmp_path / 'key.pem')] is None
    assert result['engine']['Swarm']['NodeID'] == 'n1'
    assert result['reused'] is False and result['read']['files'] == sorted(result['files'])


def test_facts_come_in_the_same_read(tmp_path, engine_socket):
    result = full_read(tmp_path, engine_socket, gather_subset=['!all', 'min'])
    facts = result['ansible_facts']
    assert facts['ansible_system'] == 'Linux' and 'ansible_distribution' in facts


def test_a_later_read_is_answered_narrowed_to_what_it_asks(tmp_path, engine_socket):
    previous = full_read(tmp_path, engine_socket, gather_subset=['!all', 'min'])
    answer = narrow_read(previous, wanted(socket=engine_socket, files=[str(tmp_path / 'ca.pem')], require_engine=True))
    assert answer['reused'] is True
    assert list(answer['files']) == [str(tmp_path / 'ca.pem')] and answer['checksums'] == {}
    assert answer['files'][str(tmp_path / 'ca.pem')] == previous['files'][str(tmp_path / 'ca.pem')]
    assert answer['engine'] == previous['engine']
    assert 'ansible_facts' not in answer


def test_a_manager_lists_the_nodes_and_a_later_read_takes_them(tmp_path, engine_socket):
    previous = full_read(tmp_path, engine_socket, nodes=True)
    assert [node['ID'] for node in previous['nodes']] == ['n1'] and previous['read']['nodes'] is True
    answer = narrow_read(previous, wanted(socket=engine_socket, nodes=True))
    assert answer['nodes'] == previous['nodes'] and answer['engine'] == previous['engine']
    assert 'nodes' not in narrow_read(previous, wanted(socket=engine_socket))


def test_no_node_list_where_the_engine_is_no_manager(tmp_path, engine_socket, monkeypatch):
    monkeypatch.setitem(INFO['Swarm'], 'ControlAvailable', False)
    previous = full_read(tmp_path, engine_socket, nodes=True)
    assert previous['nodes'] is None
    assert narrow_read(previous, wanted(socket=engine_socket, nodes=True))['nodes'] is None


def test_a_locked_manager_is_asked_again_for_its_node_list(tmp_path, engine_socket, monkeypatch):
    monkeypatch.setitem(INFO['Swarm'], 'ControlAvailable', False)
    monkeypatch.setitem(INFO['Swarm'], 'LocalNodeState', 'locked')
    previous = full_read(tmp_path, engine_socket, nodes=True)
    assert previous['nodes'] is None
    # Unlocked later in the run, it lists the nodes: the earlier read cannot answer.
    assert narrow_read(previous, wanted(socket=engine_socket, nodes=True)) is None


@pytest.mark.parametrize('ask', [
    {'nodes': True},                                    # a node list it did not ask for
    {'files': ['/etc/other.pem']},                      # a file the earlier read did not look at
    {'packages': ['docker.io']},                        # packages it did not ask dpkg about
    {'service': 'docker'},                              # another service
    {'gather_subset': ['min']},                         # facts are never reused
])
def test_what_the_earlier_read_does_not_hold_is_read_again(tmp_path, engine_socket, ask):
    previous = full_read(tmp_path, engine_socket)
    assert narrow_read(previous, wanted(socket=engine_socket, **ask)) is None


def test_an_engine_that_did_not_answer_is_asked_again_when_required(tmp_path):
    previous = full_read(tmp_path, str(tmp_path / 'no.sock'))
    assert narrow_read(previous, wanted(socket=str(tmp_path / 'no.sock'))) is not None
    assert narrow_read(previous, wanted(socket=str(tmp_path / 'no.sock'), require_engine=True)) is None


def test_missing_packages_are_those_of_the_later_read():
    previous = {'read': {'packages': ['docker-cli', 'docker.io'], 'dockerd': ['/usr/bin/dockerd', '/usr/sbin/dockerd'],
                         'service': '', 'socket': '', 'engine': True},
                'packages': {'docker.io': True, 'docker-cli': False}, 'checksums': {}, 'exists': {}, 'files': {},
                'engine': {}}
    assert narrow_read(previous, wanted(packages=['docker.io']))['missing_packages'] == []
    assert narrow_read(previous, wanted(packages=['docker.io', 'docker-cli']))['missing_packages'] == ['docker-cli']


@pytest.mark.parametrize('previous', [{}, {'skipped': True}, {'failed': True, 'read': {}}, 'text'])
def test_no_earlier_read_answers_nothing(previous):
    assert narrow_read(previous, wanted()) is None


def run_action(args, module_result):
    task = mock.MagicMock(args=args, async_val=0, check_mode=False, diff=False)
    plugin = ActionModule(task, mock.MagicMock(), mock.MagicMock(check_mode=False), mock.MagicMock(),
                          mock.MagicMock(), mock.MagicMock())
    with mock.patch.object(ActionModule, '_execute_module', return_value=dict(module_result)) as execute:
        return plugin.run(task_vars={}), execute


def test_the_action_answers_from_reuse_without_the_host(tmp_path, engine_socket):
    previous = full_read(tmp_path, engine_socket)
    result, execute = run_action({'socket': engine_socket, 'service': '', 'exists': [str(tmp_path)], 'reuse': previous},
                                 {})
    execute.assert_not_called()
    assert result['reused'] is True and result['exists'] == {str(tmp_path): True}


def test_the_action_reads_the_host_when_reuse_cannot_answer(tmp_path, engine_socket):
    previous = full_read(tmp_path, engine_socket)
    result, execute = run_action({'files': ['/etc/other.pem'], 'reuse': previous}, {'reused': False})
    execute.assert_called_once()
    assert 'reuse' not in execute.call_args.kwargs['module_args']
    assert result['reused'] is False


def test_a_read_of_files_alone_is_answered_whatever_the_service_and_socket(tmp_path, engine_socket):
    previous = full_read(tmp_path, engine_socket, service='docker')
    answer = narrow_read(previous, wanted(files=[str(tmp_path / 'ca.pem')], engine=False, service='', socket='/x'))
    assert answer is not None and answer['engine'] is None
    assert answer['service'] == {'enabled': None, 'active': None}
    assert narrow_read(previous, wanted(socket='/other.sock')) is None  # the engine behind another socket
