#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: swarm_token
short_description: Read, rotate and validate swarm join tokens and the unlock key
version_added: 0.1.0
description:
  - Runs against a swarm manager.
  - Returns the worker and/or manager join token, the cluster ID, the managers to join through and the
    root CA digest the tokens carry.
  - Rotation is a read-modify-write of the complete swarm spec with its version index, so nothing else in
    the spec changes; a stale version index ("update out of sequence") is retried.
  - Whenever a token or the unlock key is returned, the whole result is censored in Ansible's output as if
    the task had C(no_log=true); the registered variable still holds the values.
extends_documentation_fragment:
  - flotilla.swarm.engine
  - flotilla.swarm.attributes
  - flotilla.swarm.attributes.converges
  - flotilla.swarm.attributes.actiongroup_docker
options:
  role:
    description: Which join tokens to return.
    type: str
    choices: [worker, manager, both, none]
    default: both
  rotate:
    description: Which join tokens to rotate before returning them.
    type: str
    choices: [none, worker, manager, both]
    default: none
  validate_token:
    description:
      - A join token to check. The module fails when it is malformed, belongs to another swarm, or was rotated,
        and returns C(validated_role) otherwise. Never logged.
    type: str
  unlock_key:
    description: Return the unlock key of an autolocked swarm.
    type: bool
    default: false
  rotate_unlock_key:
    description: Rotate the unlock key of an autolocked swarm (implies O(unlock_key)).
    type: bool
    default: false
attributes:
  idempotent:
    support: partial
    details:
      - Reading and validating tokens changes nothing; O(rotate) and O(rotate_unlock_key) change the secrets on every run.
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Read the join tokens from the first manager
  flotilla.swarm.swarm_token:
  register: swarm_tokens

- name: Rotate the worker token (the manager token and all other settings stay)
  flotilla.swarm.swarm_token:
    rotate: worker

- name: Check that a token belongs to this swarm
  flotilla.swarm.swarm_token:
    role: none
    validate_token: "{{ token_from_elsewhere }}"
'''

RETURN = r'''
join_token_worker:
  description: The worker join token.
  returned: when O(role) is V(worker) or V(both)
  type: str
join_token_manager:
  description: The manager join token.
  returned: when O(role) is V(manager) or V(both)
  type: str
cluster_id:
  description: The swarm's cluster ID.
  returned: always
  type: str
remote_addrs:
  description:
    - Addresses (C(host:port)) to pass to a join (the engine joins through the first) - the manager that
      answered, at the address it advertises now, then the other reachable managers, the leader first.
  returned: always
  type: list
  elements: str
ca_digest:
  description: The root CA digest that the swarm's current tokens carry.
  returned: always
  type: str
validated_role:
  description: The role O(validate_token) grants.
  returned: when O(validate_token) is given
  type: str
unlock_key:
  description: The unlock key; empty when the swarm is not autolocked.
  returned: when O(unlock_key) or O(rotate_unlock_key)
  type: str
rotated:
  description: What was rotated (V(worker), V(manager), V(unlock_key)).
  returned: always
  type: list
  elements: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flotilla.swarm.plugins.module_utils.engine import (
    APIError, api_error_text, connect, engine_argument_spec, manager_swarm_state, with_version_retry)
from ansible_collections.flotilla.swarm.plugins.module_utils.swarm_nodes import join_addrs
from ansible_collections.flotilla.swarm.plugins.module_utils.tokens import (
    TokenError, check_token_for_swarm, parse_join_token)


def main():
    module = AnsibleModule(
        argument_spec=engine_argument_spec(
            role=dict(type='str', choices=['worker', 'manager', 'both', 'none'], default='both'),
            rotate=dict(type='str', choices=['none', 'worker', 'manager', 'both'], default='none'),
            validate_token=dict(type='str', no_log=True),
            unlock_key=dict(type='bool', default=False, no_log=False),
            rotate_unlock_key=dict(type='bool', default=False, no_log=False),
        ),
        supports_check_mode=True,
    )
    params = module.params
    client = connect(module)
    local = manager_swarm_state(module, client, 'join tokens are only available from a manager')

    rotated = []
    if params['rotate'] in ('worker', 'both'):
        rotated.append('worker')
    if params['rotate'] in ('manager', 'both'):
        rotated.append('manager')
    if params['rotate_unlock_key']:
        rotated.append('unlock_key')

    def rotate():
        swarm = client.inspect_swarm()
        # The complete spec as read, with its version: the engine replaces the whole spec.
        client.update_swarm(
            version=swarm['Version']['Index'],
            swarm_spec=swarm['Spec'],
            rotate_worker_token='worker' in rotated,
            rotate_manager_token='manager' in rotated,
            rotate_manager_unlock_key='unlock_key' in rotated,
        )

    try:
        if rotated and not module.check_mode:
            with_version_retry(rotate)
        swarm = client.inspect_swarm()
        tokens = swarm['JoinTokens']
        result = dict(
            changed=bool(rotated),
            rotated=rotated,
            cluster_id=swarm['ID'],
            ca_digest=parse_join_token(tokens['Worker']).ca_digest,
            remote_addrs=join_addrs(client.nodes(), local.get('RemoteManagers'), local),
        )
        if params['role'] in ('worker', 'both'):
            result['join_token_worker'] = tokens['Worker']
        if params['role'] in ('manager', 'both'):
            result['join_token_manager'] = tokens['Manager']
        if params['unlock_key'] or params['rotate_unlock_key']:
            result['unlock_key'] = (client.get_unlock_key() or {}).get('UnlockKey', '')
    except APIError as exc:
        module.fail_json(msg='The engine refused: %s' % api_error_text(exc))

    if params['validate_token'] is not None:
        try:
            result['validated_role'] = check_token_for_swarm(params['validate_token'], tokens)
        except TokenError as exc:
            module.fail_json(msg='validate_token: %s' % exc, cluster_id=result['cluster_id'])
    module.exit_json(**result)


if __name__ == '__main__':
    main()
