# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What daemon.json would hold, whether it can work on a host, and the order the hosts get it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.flotilla.swarm.plugins.module_utils.daemon_config import (
    build_daemon_config, daemon_json_text, role_daemon_config)
from ansible_collections.flotilla.swarm.plugins.module_utils.daemon_host import host_problems
from ansible_collections.flotilla.swarm.plugins.module_utils.daemon_plan import host_plan
from ansible_collections.flotilla.swarm.plugins.module_utils.host_read import narrow_read, read_params
from ansible_collections.flotilla.swarm.plugins.module_utils.rollout import engine_rollout as _engine_rollout
from ansible_collections.flotilla.swarm.plugins.plugin_utils.plain_values import plain as _plain


def docker_daemon_json(base, api_host='', api_port=2376, tls=True, tls_dir='/etc/docker/tls', insecure_api=False,
                       storage_driver='auto', overlay=False):
    """{{ docker_daemon_config | flotilla.swarm.docker_daemon_json(api_host, port, tls, tls_dir, insecure, driver,
    overlay) }}: daemon.json (without labels) as the docker_daemon role writes it."""
    return role_daemon_config(_plain(dict(base or {})), str(api_host), _plain(api_port), boolean(tls, strict=False),
                              str(tls_dir), boolean(insecure_api, strict=False), str(storage_driver),
                              boolean(overlay, strict=False))


def daemon_json_checksum(config, labels=None):
    """{{ wanted | flotilla.swarm.daemon_json_checksum(labels) }}: SHA-1 of the file daemon_config would write,
    '' when the configuration is not valid (then the module runs and says why)."""
    try:
        text = daemon_json_text(build_daemon_config(dict(config or {}), labels=dict(labels or {})))
    except (TypeError, ValueError):
        return ''
    return hashlib.sha1(text.encode('utf-8')).hexdigest()


def daemon_state_reused(previous, **options):
    """{{ earlier_read | flotilla.swarm.daemon_state_reused(files=[...], engine=false, service='') }}: what a
    daemon_state read with these options would return, taken from an earlier read; {} when that cannot answer
    (not None: before ansible-core 2.19 a variable that templates to None is a string).
    A role decides from it without a task, and reads the host only when it is {}."""
    return narrow_read(_plain(previous), read_params(_plain(options))) or {}


def daemon_host_problems(config, read, addresses=None, variables=None):
    """{{ wanted | flotilla.swarm.daemon_host_problems(host_read, addresses, {'storage-driver': 'var'}) }}:
    what in daemon.json cannot work on the host the read describes, as messages ([] when nothing).
    addresses that are not a list (such as '') leave the addresses unchecked."""
    addresses = _plain(addresses)
    return host_problems(_plain(config) or {}, _plain(read) or {},
                         addresses if isinstance(addresses, list) else None, _plain(variables) or {})


def docker_daemon_plan(read, wanted):
    """{{ docker_daemon_host | flotilla.swarm.docker_daemon_plan({'install_method': ..., 'files': {...}, ...}) }}:
    why the host needs an install, a new configuration or a restart (module_utils/daemon_plan.host_plan)."""
    wanted = _plain(wanted) or {}
    for flag in ('insecure_api', 'new_certificates'):
        wanted[flag] = boolean(wanted.get(flag, False), strict=False)
    return host_plan(_plain(read) or {}, wanted)


def engine_rollout(hosts, hostvars, plan='docker_daemon_change'):
    """{{ ansible_play_hosts | flotilla.swarm.engine_rollout(hostvars) }}: {'canary': host, 'rest': [hosts]},
    from each host's plan fact (hosts without one are left out)."""
    plans = []
    for host in hosts:
        host_plan = _plain((hostvars.get(host) or {}).get(plan))
        if isinstance(host_plan, dict):
            plans.append(dict(host_plan, host=host))
    return _engine_rollout(plans)


class FilterModule(object):

    def filters(self):
        return {'daemon_json_checksum': daemon_json_checksum, 'daemon_state_reused': daemon_state_reused,
                'daemon_host_problems': daemon_host_problems, 'engine_rollout': engine_rollout,
                'docker_daemon_json': docker_daemon_json, 'docker_daemon_plan': docker_daemon_plan}
