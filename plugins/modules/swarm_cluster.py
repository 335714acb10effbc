#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: swarm_cluster
short_description: Swarm-wide settings of a Docker swarm, autolock and root CA rotation
version_added: 0.1.0
description:
  - Runs against a swarm manager.
  - Turns autolock on or off. The unlock key is not returned; read it with M(flotilla.swarm.swarm_token)
    O(flotilla.swarm.swarm_token#module:unlock_key=true), whose result is censored.
  - Rotates the swarm's root CA as C(docker swarm ca --rotate) does and waits until every ready node holds a
    certificate from the new CA.
  - Every change is a read-modify-write of the complete swarm spec with its version index, so nothing else in
    the spec changes; a stale version index ("update out of sequence") is retried.
extends_documentation_fragment:
  - flotilla.swarm.engine
  - flotilla.swarm.attributes
  - flotilla.swarm.attributes.converges
  - flotilla.swarm.attributes.actiongroup_docker
options:
  autolock:
    description:
      - Whether managers lock their raft state after an engine restart until unlocked with the unlock key.
      - Unset leaves it as it is.
    type: bool
  rotate_ca:
    description:
      - Make a new root CA and reissue every node's certificate from it. The join tokens change with it.
      - Changes the swarm on every run.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait for the ready nodes to hold a certificate of the new root CA after O(rotate_ca).
      - Nodes that are down get theirs when they come back; the module names them.
    type: int
    default: 300
attributes:
  idempotent:
    support: partial
    details:
      - O(autolock) changes the swarm only when it differs; O(rotate_ca) rotates on every run.
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Turn autolock on
  flotilla.swarm.swarm_cluster:
    autolock: true

- name: Store the unlock key on the controller
  flotilla.swarm.swarm_token:
    role: none
    unlock_key: true
  register: swarm_unlock

- name: Rotate the swarm's root CA
  flotilla.swarm.swarm_cluster:
    rotate_ca: true
'''

RETURN = r'''
actions:
  description: What was changed, among V(autolock_on), V(autolock_off) and V(rotate_ca).
  returned: always
  type: list
  elements: str
autolock:
  description: Whether autolock is on after the module ran.
  returned: always
  type: bool
cluster_id:
  description: The swarm's cluster ID.
  returned: always
  type: str
nodes_down:
  description: Hostnames of nodes that were not ready when the root CA rotation finished; they get a certificate
    of the new CA when they come back.
  returned: when O(rotate_ca=true)
  type: list
  elements: str
'''

import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flotilla.swarm.plugins.module_utils.engine import (
    APIError, api_error_text, connect, engine_argument_spec, manager_swarm_state, with_version_retry)
from ansible_collections.flotilla.swarm.plugins.module_utils.cluster_spec import cluster_spec_update, nodes_behind_root_ca


def wait_for_new_root_ca(module, client, old_root):
    """Wait until the swarm has finished its rotation away from old_root and the ready nodes carry
    certificates of the new root CA; return the nodes that are down."""
    deadline = time.time() + module.params['wait_timeout']
    while True:
        swarm = client.inspect_swarm()
        lagging, down = nodes_behind_root_ca(swarm, client.nodes())
        rotated = not swarm.get('RootRotationInProgress') and (swarm.get('TLSInfo') or {}).get('TrustRoot') != old_root
        if rotated and not lagging:
            return down
        if time.time() >= deadline:
            module.fail_json(msg='The root CA rotation did not finish within %d s (nodes without a certificate of the '
                                 'new CA: %s; nodes down: %s). Check that the nodes are ready and reach a manager on '
                                 'port 2377; the rotation goes on without this module.'
                                 % (module.params['wait_timeout'], ', '.join(lagging) or 'none',
                                    ', '.join(down) or 'none'),
                             nodes_lagging=lagging, nodes_down=down)
        time.sleep(2)


def main():
    module = AnsibleModule(
        argument_spec=engine_argument_spec(
            autolock=dict(type='bool'),
            rotate_ca=dict(type='bool', default=False),
            wait_timeout=dict(type='int', default=300),
        ),
        supports_check_mode=True,
    )
    params = module.params
    client = connect(module)
    manager_swarm_state(module, client, 'swarm settings are only changed through a manager')
    result = {}
    try:
        swarm = client.inspect_swarm()
        spec, actions = cluster_spec_update(swarm['Spec'], params['autolock'], params['rotate_ca'])

        def write():
            fresh = client.inspect_swarm()
            # The complete spec as read, with its version: the engine replaces the whole spec.
            client.update_swarm(version=fresh['Version']['Index'],
                                swarm_spec=cluster_spec_update(fresh['Spec'], params['autolock'],
                                                               params['rotate_ca'])[0])

        if actions and not module.check_mode:
            with_version_retry(write)
            if params['rotate_ca']:
                result['nodes_down'] = wait_for_new_root_ca(module, client, (swarm.get('TLSInfo') or {}).get('TrustRoot'))
        elif params['rotate_ca']:
            result['nodes_down'] = nodes_behind_root_ca(swarm, client.nodes())[1]
    except APIError as exc:
        module.fail_json(msg='The engine refused: %s' % api_error_text(exc))
    module.exit_json(changed=bool(actions), actions=actions, cluster_id=swarm['ID'],
                     autolock=bool((spec.get('EncryptionConfig') or {}).get('AutoLockManagers')), **result)


if __name__ == '__main__':
    main()
