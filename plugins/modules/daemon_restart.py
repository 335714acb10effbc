#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: daemon_restart
short_description: Restart the Docker engine, wait until its API answers, and put the previous configuration back when it does not
version_added: 0.1.0
description:
  - Reloads systemd's units (a changed drop-in), enables and restarts the engine service, waits until the engine
    answers C(docker info) on its unix socket, and only then removes O(restart_marker) - in one round trip.
  - When the engine does not answer within O(timeout), puts back the files of O(rollback) (the previous daemon.json
    and drop-in, as M(flotilla.swarm.daemon_config) returns them), clears systemd's failed state and start limit
    (a unit that failed to start a few times in a row refuses the next start), starts the engine again and waits for
    it and the services that need it and ran before (a failed start stops them), then fails with dockerd's own
    reason and whether the engine runs again on the previous configuration. The
    marker is removed after a rollback that brought the engine back (what is on disk then runs); it stays when
    nothing was rolled back, so the next run restarts again.
  - Always restarts, so it always reports a change; the caller decides when a restart is due. The docker_daemon
    role restarts after a changed configuration, new certificates, or a run interrupted before its restart.
extends_documentation_fragment:
  - flotilla.swarm.attributes
options:
  service:
    description: The engine's systemd service.
    type: str
    default: docker
  socket:
    description: The engine's unix socket.
    type: path
    default: /var/run/docker.sock
  restart_marker:
    description: File removed once the engine answers after the restart.
    type: path
  timeout:
    description: Seconds to wait for the engine to answer after the restart, and again after a rollback.
    type: int
    default: 60
  rollback:
    description:
      - Files to put back when the engine does not come back, each C(path) with its C(backup) (a copy of the previous
        file; V(null) when there was none, which removes C(path)).
    type: list
    elements: dict
    default: []
attributes:
  check_mode:
    support: full
    details: Reports the restart it would make, and makes none.
  diff_mode:
    support: none
  idempotent:
    support: none
    details: Every run restarts the engine.
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Write daemon.json
  flotilla.swarm.daemon_config:
    labels: {storage: ssd}
    restart_marker: /run/flotilla-docker-restart-pending
  register: config

- name: Restart the engine, back to the previous daemon.json if it does not start
  flotilla.swarm.daemon_restart:
    restart_marker: /run/flotilla-docker-restart-pending
    rollback: "{{ config.rollback }}"
  when: config is changed
'''

RETURN = r'''
engine:
  description: C(docker info) as the engine API returns it (C(GET /info)) after the restart.
  returned: success, not in check mode
  type: dict
seconds:
  description: Seconds from the restart until the engine answered.
  returned: success, not in check mode
  type: float
rolled_back:
  description: Whether the previous files were put back (the engine did not come back with the new ones).
  returned: failure
  type: bool
running:
  description: Whether the engine answers after the rollback.
  returned: failure
  type: bool
'''

import os
import shutil
import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flotilla.swarm.plugins.module_utils.daemon_config import start_error
from ansible_collections.flotilla.swarm.plugins.module_utils.unix_engine import DEFAULT_SOCKET, engine_info


def wait_for_engine(socket, timeout):
    """(info, None) once the engine answers, (None, its last error) after timeout seconds."""
    started = time.time()
    while True:
        info, error = engine_info(socket, timeout=10)
        if info is not None or time.time() - started >= timeout:
            return info, error
        time.sleep(1)


def sentence(text):
    """An error text on one line, without its final full stop (the message adds its own)."""
    return ' '.join(str(text or 'no answer').split()).rstrip('.')


def put_back(rollback):
    """Put each file back as it was before the change."""
    for item in rollback:
        if item.get('backup'):
            shutil.copy2(item['backup'], item['path'])
        elif os.path.exists(item['path']):
            os.unlink(item['path'])


def main():
    module = AnsibleModule(
        argument_spec=dict(
            service=dict(type='str', default='docker'),
            socket=dict(type='path', default=DEFAULT_SOCKET),
            restart_marker=dict(type='path'),
            timeout=dict(type='int', default=60),
            rollback=dict(type='list', elements='dict', default=[]),
        ),
        supports_check_mode=True,
    )
    params = module.params
    if module.check_mode:
        module.exit_json(changed=True)
    systemctl = module.get_bin_path('systemctl', required=True)
    service = params['service']

    def run(*args):
        return module.run_command([systemctl] + list(args))

    def state():
        return run('is-active', service)[1].strip() or 'unknown'

    def restart():
        """(docker info, None) once the engine answers after a restart, else (None, why not)."""
        rc, out, err = run('restart', service)
        if rc != 0:
            return None, (err or out).strip()
        return wait_for_engine(params['socket'], params['timeout'])

    def running_dependents():
        """The services that need the engine (Requires=, BindsTo=) and run now: a failed start stops them."""
        out = run('list-dependencies', '--reverse', '--plain', '--no-legend', service)[1]
        units = [line.strip() for line in out.splitlines()[1:] if line.strip().endswith('.service')]
        if not units:
            return []
        states = run('is-active', *units)[1].split()
        return [unit for unit, active in zip(units, states) if active == 'active']

    def clear_marker():
        if params['restart_marker'] and os.path.exists(params['restart_marker']):
            os.unlink(params['restart_marker'])

    for args in (('daemon-reload',), ('enable', '--quiet', service)):
        rc, out, err = run(*args)
        if rc != 0:
            module.fail_json(msg='"systemctl %s" failed: %s. See "journalctl -u %s" on the host.'
                                 % (' '.join(args), (err or out).strip(), service))

    def why(error, since):
        """dockerd's own reason from the journal since the restart, else the error seen."""
        journalctl = module.get_bin_path('journalctl')
        journal = module.run_command([journalctl, '-u', service, '-o', 'cat', '--no-pager', '--since',
                                      '@%d' % int(since)])[1] if journalctl else ''
        return sentence(start_error(journal) or error)

    dependents = running_dependents()
    started = time.time()
    info, error = restart()
    if info is not None:
        clear_marker()
        module.exit_json(changed=True, engine=info, seconds=round(time.time() - started, 1))

    failure = 'The engine did not come back after its restart (service %s): %s.' % (state(), why(error, started))
    if not params['rollback']:
        module.fail_json(msg='%s Nothing to roll back. See "journalctl -u %s" on the host.' % (failure, service),
                         rolled_back=False, running=False)
    put_back(params['rollback'])
    # A unit that failed to start a few times in a row hits its start limit and refuses the next start.
    run('daemon-reload')
    run('reset-failed', service, service + '.socket')
    restarted = time.time()
    info, again = restart()
    if info is None:
        module.fail_json(msg='%s The previous configuration was put back, but the engine did not start with it either '
                             '(service %s): %s. The engine of this host is DOWN: see "journalctl -u %s".'
                             % (failure, state(), why(again, restarted), service), rolled_back=True, running=False)
    clear_marker()
    # Those that ran before (such as Registrator) failed with the engine's start; the engine's restart alone does
    # not start them again.
    if dependents:
        run('start', *dependents)
    module.fail_json(msg='%s The previous configuration was put back and the engine runs with it again%s.'
                         % (failure, '; started again what needs it: %s' % ', '.join(dependents) if dependents else ''),
                     rolled_back=True, running=True)


if __name__ == '__main__':
    main()
