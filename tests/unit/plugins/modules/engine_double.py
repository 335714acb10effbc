"""Run a module's main() in-process against an in-memory engine.

The engine double keeps the state a real engine keeps (nodes with version indexes,
tasks, join tokens) and the calls made, so tests check what a module did, not what it
printed.
"""
import copy
import json
from unittest import mock

import pytest
from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes
from docker.errors import APIError


class ModuleExit(Exception):
    def __init__(self, result, failed):
        super(ModuleExit, self).__init__(result.get('msg', ''))
        self.result = result
        self.failed = failed


def _exit_json(self, **result):
    raise ModuleExit(result, failed=False)


def _fail_json(self, msg, **result):
    result['msg'] = msg
    raise ModuleExit(result, failed=True)


def _module_args(args):
    try:
        from ansible.module_utils.testing import patch_module_args  # ansible-core >= 2.19
    except ImportError:
        return mock.patch.object(basic, '_ANSIBLE_ARGS', to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args})))
    return patch_module_args(args)


def run_module(module, engine, args, check_mode=False, diff=False):
    """main() of module with args, its engine client replaced by engine. Returns ModuleExit."""
    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
    engine_patch = (mock.patch.object(module, 'connect', lambda ansible_module: engine)
                    if hasattr(module, 'connect') else mock.MagicMock())  # modules without an engine
    with _module_args(args), engine_patch, \
            mock.patch.object(basic.AnsibleModule, 'exit_json', _exit_json), \
            mock.patch.object(basic.AnsibleModule, 'fail_json', _fail_json):
        with pytest.raises(ModuleExit) as info:
            module.main()
    return info.value


def api_error(explanation, status=500):
    response = mock.Mock(status_code=status)
    return APIError(explanation, response=response, explanation=explanation)


def node(node_id, hostname, role='worker', state='ready', reachability='reachable', leader=False, labels=None):
    result = {
        'ID': node_id,
        'Version': {'Index': 10},
        'Spec': {'Name': '', 'Role': role, 'Availability': 'active', 'Labels': dict(labels or {})},
        'Description': {'Hostname': hostname, 'Engine': {'Labels': {}}},
        'Status': {'State': state, 'Addr': '10.0.0.%d' % (len(hostname) % 200)},
    }
    if role == 'manager':
        result['ManagerStatus'] = {'Reachability': reachability, 'Leader': leader}
    return result


class Engine(object):
    """The engine API calls the modules make, on in-memory swarm state."""

    def __init__(self, nodes=(), swarm=None, info=None):
        self.node_list = [copy.deepcopy(n) for n in nodes]
        self.swarm = swarm
        self._info = info or {}
        self.calls = []
        self.conflicts = 0  # update_node calls to refuse with a stale version error first

    def _find(self, node_id):
        for item in self.node_list:
            if item['ID'] == node_id:
                return item
        raise api_error('node %s not found' % node_id, status=404)

    # nodes
    def nodes(self):
        return copy.deepcopy(self.node_list)

    def inspect_node(self, node_id):
        return copy.deepcopy(self._find(node_id))

    def update_node(self, node_id, version, node_spec):
        self.calls.append(('update_node', node_id, version, copy.deepcopy(node_spec)))
        current = self._find(node_id)
        if self.conflicts:
            self.conflicts -= 1
            current['Version']['Index'] += 1  # someone else wrote in between
            raise api_error('rpc error: code = Unknown desc = update out of sequence')
        if version != current['Version']['Index']:
            raise api_error('rpc error: code = Unknown desc = update out of sequence')
        current['Spec'] = copy.deepcopy(node_spec)
        current['Version']['Index'] += 1
        if node_spec['Role'] == 'worker':
            current.pop('ManagerStatus', None)

    def remove_node(self, node_id, force=False):
        self.calls.append(('remove_node', node_id, force))
        self.node_list.remove(self._find(node_id))

    def tasks(self, filters=None):
        return []

    # swarm
    def info(self):
        return copy.deepcopy(self._info)

    def inspect_swarm(self):
        if self.swarm is None:
            raise api_error('This node is not a swarm manager.', status=503)
        return copy.deepcopy(self.swarm)

    def update_swarm(self, version, swarm_spec, rotate_worker_token=False, rotate_manager_token=False,
                     rotate_manager_unlock_key=False):
        self.calls.append(('update_swarm', version, rotate_worker_token, rotate_manager_token,
                           rotate_manager_unlock_key))
        tokens = self.swarm['JoinTokens']
        if rotate_worker_token:
            tokens['Worker'] = tokens['Worker'][:-25] + 'r' * 25
        if rotate_manager_token:
            tokens['Manager'] = tokens['Manager'][:-25] + 's' * 25
        self.swarm['Version']['Index'] += 1

    def get_unlock_key(self):
        return {'UnlockKey': 'SWMKEY-1-' + 'k' * 43}

    def leave_swarm(self, force=False):
        self.calls.append(('leave_swarm', force))
        self._info['Swarm'] = {'LocalNodeState': 'inactive'}

    def writes(self):
        return [call for call in self.calls if call[0] in ('update_node', 'remove_node', 'update_swarm',
                                                           'leave_swarm')]
