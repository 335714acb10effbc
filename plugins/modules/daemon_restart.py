#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: daemon_restart
short_description: Restart the Docker engine, wait until its API answers, and clear the pending-restart marker
version_added: 0.1.0
description:
  - Reloads systemd's units (a changed drop-in), enables and restarts the engine service, waits until the engine
    answers C(docker info) on its unix socket, and only then removes O(restart_marker) - in one round trip.
  - Fails with the service's state and the engine's last error when the engine does not answer within
    O(timeout); the marker then stays, so the next run restarts again.
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
    description: Seconds to wait for the engine to answer after the restart.
    type: int
    default: 60
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
- name: Restart the engine after daemon.json changed
  flotilla.swarm.daemon_restart:
    restart_marker: /run/flotilla-docker-restart-pending
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
'''

import os
import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flotilla.swarm.plugins.module_utils.unix_engine import engine_info


def main():
    module = AnsibleModule(
        argument_spec=dict(
            service=dict(type='str', default='docker'),
            socket=dict(type='path', default='/var/run/docker.sock'),
            restart_marker=dict(type='path'),
            timeout=dict(type='int', default=60),
        ),
        supports_check_mode=True,
    )
    params = module.params
    if module.check_mode:
        module.exit_json(changed=True)
    systemctl = module.get_bin_path('systemctl', required=True)
    for argv in ([systemctl, 'daemon-reload'], [systemctl, 'enable', '--quiet', params['service']],
                 [systemctl, 'restart', params['service']]):
        rc, out, err = module.run_command(argv)
        if rc != 0:
            module.fail_json(msg='"%s" failed: %s. See "journalctl -u %s" on the host.'
                                 % (' '.join(argv[1:]), (err or out).strip(), params['service']))
    started = time.time()
    while True:
        info, error = engine_info(params['socket'], timeout=10)
        if info is not None:
            break
        if time.time() - started >= params['timeout']:
            active = module.run_command([systemctl, 'is-active', params['service']])[1].strip()
            module.fail_json(msg='The engine did not answer on %s within %d s of its restart (service %s): %s. See '
                                 '"journalctl -u %s" on the host.' % (params['socket'], params['timeout'], active or
                                                                      'unknown', error, params['service']))
        time.sleep(1)
    if params['restart_marker'] and os.path.exists(params['restart_marker']):
        os.unlink(params['restart_marker'])
    module.exit_json(changed=True, engine=info, seconds=round(time.time() - started, 1))


if __name__ == '__main__':
    main()
