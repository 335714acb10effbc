# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Answering a daemon_state read from one made earlier in the run.

cluster.yml reads each host once (facts, engine, files) and the roles ask again with
their own options; what an earlier read already holds is not fetched a second time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.flotilla.swarm.plugins.module_utils.unix_engine import DEFAULT_SOCKET


# daemon_state's options (all but reuse): the module's argument spec, and the defaults the action plugin fills
# in before it compares a task's options with an earlier read's.
READ_OPTIONS = dict(
    packages=dict(type='list', elements='str', default=[]),
    dockerd=dict(type='list', elements='path', default=['/usr/bin/dockerd', '/usr/sbin/dockerd']),
    checksums=dict(type='list', elements='path', default=[]),
    files=dict(type='list', elements='path', default=[]),
    service=dict(type='str', default='docker'),
    socket=dict(type='path', default=DEFAULT_SOCKET),
    engine=dict(type='bool', default=True),
    nodes=dict(type='bool', default=False),
    exists=dict(type='list', elements='path', default=[]),
    require_engine=dict(type='bool', default=False),
    timeout=dict(type='int', default=60),
    gather_subset=dict(type='list', elements='str', default=[]),
    services=dict(type='list', elements='str', default=[]),
    versions=dict(type='dict', default={}),
    containers=dict(type='list', elements='str', default=[]),
)


def read_params(options):
    """A read's options with the module's defaults filled in and its booleans as bools (for narrow_read)."""
    params = dict((name, option.get('default')) for name, option in READ_OPTIONS.items())
    params.update((key, value) for key, value in options.items() if value is not None)
    for name, option in READ_OPTIONS.items():
        if option['type'] == 'bool':
            params[name] = boolean(params[name], strict=False)
    return params


def read_record(params):
    """What a read with these options covers; daemon_state returns it as `read`."""
    return {
        'packages': sorted(params.get('packages') or []),
        'dockerd': list(params.get('dockerd') or []),
        'checksums': sorted(params.get('checksums') or []),
        'exists': sorted(params.get('exists') or []),
        'files': sorted(params.get('files') or []),
        'service': params.get('service') or '',
        'socket': params.get('socket') or '',
        'engine': bool(params.get('engine', True) or params.get('require_engine') or params.get('nodes')
                       or params.get('containers')),
        'nodes': bool(params.get('nodes')),
        'services': sorted(params.get('services') or []),
        'versions': sorted(params.get('versions') or {}),
        'containers': sorted(params.get('containers') or []),
    }


def _holds_node_list(record, previous):
    """Whether the earlier read answers a node list: it asked for one, and got one or read no manager."""
    if not record.get('nodes'):
        return False
    if previous.get('nodes') is not None:
        return True
    swarm = (previous.get('engine') or {}).get('Swarm') or {}
    # A locked manager lists nothing until it is unlocked: ask it again then.
    return previous.get('engine') is not None and swarm.get('LocalNodeState') != 'locked'


def narrow_read(previous, params):
    """The result a read with params would give, taken from previous; None when previous cannot answer.

    previous: a registered daemon_state result (or anything else, which answers nothing).
    params: the options of the read being asked for, module defaults filled in.
    The answer holds only what params ask for, as the module itself would return it.
    """
    if not isinstance(previous, dict) or previous.get('failed') or previous.get('skipped'):
        return None
    record = previous.get('read')
    if not isinstance(record, dict):
        return None
    wanted = read_record(params)
    if params.get('gather_subset'):
        return None  # facts are gathered by a read of their own
    for key in ('packages', 'checksums', 'exists', 'files', 'services', 'versions', 'containers'):
        if not set(wanted[key]) <= set(record.get(key) or []):
            return None
    if wanted['dockerd'] != record.get('dockerd'):
        return None
    if wanted['service'] and wanted['service'] != record.get('service'):
        return None
    if wanted['containers'] and not record.get('engine'):
        return None
    if wanted['engine'] and (not record.get('engine') or wanted['socket'] != record.get('socket')):
        return None
    if wanted['nodes'] and not _holds_node_list(record, previous):
        return None
    if params.get('require_engine') and previous.get('engine') is None:
        return None  # let the module say why, after its own attempt
    installed = previous.get('packages') or {}
    result = {
        'changed': False,
        'reused': True,
        'read': wanted,
        'missing_packages': [name for name in params.get('packages') or [] if not installed.get(name)],
        'packages': dict((name, bool(installed.get(name))) for name in params.get('packages') or []),
        'package_versions': dict((name, (previous.get('package_versions') or {}).get(name))
                                 for name in params.get('packages') or []),
        'dockerd': previous.get('dockerd', ''),
        'overlay': previous.get('overlay', False),
        'filesystems': previous.get('filesystems'),
        'mounts': previous.get('mounts'),
        'listening': previous.get('listening'),
        'checksums': dict((path, previous['checksums'].get(path)) for path in params.get('checksums') or []),
        'exists': dict((path, previous['exists'].get(path)) for path in params.get('exists') or []),
        'files': dict((path, previous['files'].get(path)) for path in params.get('files') or []),
        'service': previous.get('service') if wanted['service'] else {'enabled': None, 'active': None},
        'engine': previous.get('engine') if wanted['engine'] else None,
    }
    if wanted['nodes']:
        result['nodes'] = previous.get('nodes')
    for key in ('services', 'versions', 'containers'):
        if wanted[key]:
            result[key] = dict((name, (previous.get(key) or {}).get(name)) for name in wanted[key])
    if wanted['engine'] and 'engine_error' in previous:
        result['engine_error'] = previous['engine_error']
    return result
