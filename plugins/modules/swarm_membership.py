#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: swarm_membership
short_description: Make the local Docker engine initialise, join or leave a swarm
version_added: 0.1.0
description:
  - Runs against the engine of the node whose membership changes (usually the local socket).
  - V(present) initialises a swarm when the node is in none, and leaves a node that is already
    a member (manager or worker) as it is.
  - V(join) is idempotent only for the same swarm and role. Whether the node is already in the
    target swarm is decided by comparing the root CA digest in O(join_token) with the digest of
    the root CA certificate the node holds (a manager's through the engine API, a worker's from
    its data root when O(docker_host) is a local socket); a node in another swarm is refused unless
    O(leave_foreign=true). A worker reached through a remote O(docker_host) has no readable CA, so it
    counts as a member only when O(swarm_node_ids) lists it, and is refused otherwise. A node stuck in V(pending) or V(error) leaves and joins again.
    A locked manager is unlocked with O(unlock_key).
  - V(absent) leaves the swarm.
extends_documentation_fragment:
  - flotilla.swarm.engine
  - flotilla.swarm.attributes
  - flotilla.swarm.attributes.converges
  - flotilla.swarm.attributes.actiongroup_docker
options:
  state:
    description: What the node's membership should be.
    type: str
    choices: [present, join, absent]
    default: present
  advertise_addr:
    description: Address (or interface) other nodes reach this node at.
    type: str
  listen_addr:
    description: Address the swarm management API listens on.
    type: str
    default: 0.0.0.0:2377
  data_path_addr:
    description: Address (or interface) for data-path (VXLAN) traffic.
    type: str
  join_token:
    description: The worker or manager join token, for O(state=join). Never logged.
    type: str
  role:
    description: The role O(join_token) grants; a node already in the swarm with the other role is an error.
    type: str
    choices: [worker, manager]
    default: worker
  remote_addrs:
    description: Managers to join through (C(host:port)), for O(state=join).
    type: list
    elements: str
  reach_ports:
    description:
      - Before a join (or a leave and join), check that this host reaches these TCP ports on the first of
        O(remote_addrs) (such as V(2377) and V(7946)), for up to 30 seconds; fail before anything changes when one
        stays closed. A manager whose engine just restarted may take a few seconds to listen again.
      - Checked from where the module runs, so meant for a local O(docker_host).
    type: list
    elements: int
    default: []
  availability:
    description: Availability to join with (engine API 1.31 and later).
    type: str
    choices: [active, pause, drain]
  swarm_node_ids:
    description:
      - The node IDs the target swarm lists (from a manager). A node that believes it is an active member
        but is not listed was removed by a manager; it leaves and joins again.
      - Without it, an active member of the same swarm (same root CA) is taken at its word.
      - A listed node ID also vouches for a worker whose root CA cannot be read (remote O(docker_host)).
    type: list
    elements: str
  leave_foreign:
    description:
      - Leave another swarm the node is in before joining this one. Its tasks on this node stop.
      - With O(state=join) and no O(unlock_key), a locked node also leaves and joins again (a locked node does not
        show which swarm it is in, and a node removed while autolock was on stays locked for good).
    type: bool
    default: false
  unlock_key:
    description: Key to unlock an autolocked manager after an engine restart. Never logged.
    type: str
  force:
    description:
      - With O(state=absent), leave even when this manager's departure breaks quorum or the swarm is locked.
    type: bool
    default: false
  force_new_cluster:
    description:
      - With O(state=present), make this node a new single-manager swarm from the swarm state in its data root
        (C(docker swarm init --force-new-cluster)). Services, networks, secrets and configs are kept; the other
        managers are dropped from the raft group. For a manager of a swarm that lost its quorum, or a node whose
        C(swarm) directory was restored from a copy (without C(swarm/docker-state.json), so that the engine
        starts it as inactive instead of waiting for the old managers). Acts on every run where it is set.
      - The engine cannot do this with the state of an autolocked swarm (moby/moby#36852).
    type: bool
    default: false
  join_wait:
    description: Seconds to wait for a join that continues in the background to become active.
    type: int
    default: 60
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Initialise the swarm on the first manager
  flotilla.swarm.swarm_membership:
    state: present
    advertise_addr: "{{ ansible_facts.default_ipv4.address }}"

- name: Join as a worker, drained until it is ready
  flotilla.swarm.swarm_membership:
    state: join
    join_token: "{{ tokens.join_token_worker }}"
    role: worker
    remote_addrs: ["10.0.0.11:2377"]
    availability: drain

- name: Leave the swarm
  flotilla.swarm.swarm_membership:
    state: absent
'''

RETURN = r'''
action:
  description: What was done, V(none), V(init), V(force_new_cluster), V(join), V(rejoin), V(unlock) or V(leave).
  returned: always
  type: str
local_state:
  description: The node's swarm state after the module ran (C(inactive), C(pending), C(active), C(error), C(locked)).
  returned: always
  type: str
node_id:
  description: The node's swarm node ID.
  returned: when the node is in a swarm
  type: str
role:
  description: V(manager) or V(worker).
  returned: when the node is in a swarm
  type: str
cluster_id:
  description: The swarm's cluster ID.
  returned: on managers
  type: str
swarm:
  description: The engine's swarm section of C(docker info) after the module ran (C(LocalNodeState), C(NodeID),
    C(ControlAvailable), C(Cluster), ...). It holds no secrets.
  returned: always
  type: dict
'''

import os
import socket
import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flotilla.swarm.plugins.module_utils.engine import (
    APIError, api_error_text, connect, engine_argument_spec, local_swarm_state)
from ansible_collections.flotilla.swarm.plugins.module_utils.membership import ca_digest_from_pem, plan_join
from ansible_collections.flotilla.swarm.plugins.module_utils.tokens import TokenError, parse_join_token


def is_local_engine(docker_host):
    """Whether the engine shares this host's file system (its unix socket is here)."""
    return docker_host.startswith('unix://') or docker_host.startswith('/')


def node_ca_digest(client, docker_host, is_manager):
    """Digest of the root CA of the swarm the node is in, or None when it cannot be read.

    Managers report the CA through the API; a worker's CA is only on its disk, so it
    is read only when the engine is local: the file system here is not the node's
    when docker_host names a remote engine.
    """
    try:
        if is_manager:
            return ca_digest_from_pem((client.inspect_swarm().get('TLSInfo') or {}).get('TrustRoot') or '')
        if not is_local_engine(docker_host):
            return None
        root = client.info().get('DockerRootDir') or '/var/lib/docker'
        with open(os.path.join(root, 'swarm', 'certificates', 'swarm-root-ca.crt'), 'rb') as handle:
            return ca_digest_from_pem(handle.read())
    except (IOError, OSError, ValueError, APIError):
        return None


def describe(client):
    swarm = local_swarm_state(client)
    result = {'local_state': swarm.get('LocalNodeState', 'inactive'), 'swarm': swarm}
    if swarm.get('NodeID'):
        result['node_id'] = swarm['NodeID']
        result['role'] = 'manager' if swarm.get('ControlAvailable') else 'worker'
    if (swarm.get('Cluster') or {}).get('ID'):
        result['cluster_id'] = swarm['Cluster']['ID']
    return result


def unreachable_port(addr, ports, wait=30):
    """The first of ports that host of addr (host:port) does not accept TCP connections on within wait seconds."""
    host = addr.rsplit(':', 1)[0].strip('[]') if ':' in addr else addr
    deadline = time.time() + wait
    for port in ports:
        while True:
            try:
                socket.create_connection((host, port), timeout=2).close()
                break
            except (socket.error, OSError):
                if time.time() >= deadline:
                    return '%s:%s' % (host, port)
                time.sleep(1)
    return None


def join(client, params):
    request = {
        'ListenAddr': params['listen_addr'],
        'RemoteAddrs': params['remote_addrs'],
        'JoinToken': params['join_token'],
    }
    if params['advertise_addr']:
        request['AdvertiseAddr'] = params['advertise_addr']
    if params['data_path_addr']:
        request['DataPathAddr'] = params['data_path_addr']
    if params['availability']:
        request['Availability'] = params['availability']
    # The SDK's join_swarm has no availability; post the request as the engine API defines it.
    response = client._post_json(client._url('/swarm/join'), data=request)
    try:
        client._raise_for_status(response)
    except APIError as exc:
        # The engine gives up waiting and continues the join in the background.
        if 'continue in the background' not in api_error_text(exc):
            raise
    deadline = time.time() + params['join_wait']
    while local_swarm_state(client).get('LocalNodeState') == 'pending' and time.time() < deadline:
        time.sleep(1)


def main():
    module = AnsibleModule(
        argument_spec=engine_argument_spec(
            state=dict(type='str', choices=['present', 'join', 'absent'], default='present'),
            advertise_addr=dict(type='str'),
            listen_addr=dict(type='str', default='0.0.0.0:2377'),
            data_path_addr=dict(type='str'),
            join_token=dict(type='str', no_log=True),
            role=dict(type='str', choices=['worker', 'manager'], default='worker'),
            remote_addrs=dict(type='list', elements='str'),
            availability=dict(type='str', choices=['active', 'pause', 'drain']),
            swarm_node_ids=dict(type='list', elements='str'),
            reach_ports=dict(type='list', elements='int', default=[]),
            leave_foreign=dict(type='bool', default=False),
            unlock_key=dict(type='str', no_log=True),
            force=dict(type='bool', default=False),
            force_new_cluster=dict(type='bool', default=False),
            join_wait=dict(type='int', default=60),
        ),
        required_if=[('state', 'join', ('join_token', 'remote_addrs'))],
        supports_check_mode=True,
    )
    params = module.params
    client = connect(module)
    before = describe(client)
    state = before['local_state']
    action = 'none'

    try:
        if params['state'] == 'present' and params['force_new_cluster']:
            if state == 'locked':
                module.fail_json(msg='The node holds the state of an autolocked swarm, which the engine cannot make a new '
                                     'cluster from (moby/moby#36852). Unlock it, turn autolock off, and take the copy again.',
                                 **before)
            action = 'force_new_cluster'
            if not module.check_mode:
                client.init_swarm(advertise_addr=params['advertise_addr'], listen_addr=params['listen_addr'],
                                  data_path_addr=params['data_path_addr'], force_new_cluster=True)
        elif params['state'] == 'present':
            if state == 'inactive':
                action = 'init'
                if not module.check_mode:
                    client.init_swarm(advertise_addr=params['advertise_addr'], listen_addr=params['listen_addr'],
                                      data_path_addr=params['data_path_addr'])
            elif state == 'locked':
                action = 'unlock'
            elif state != 'active':
                module.fail_json(msg='The node is in the %s swarm state; it cannot initialise a swarm. '
                                     'Run "docker swarm leave --force" on it first.' % state, **before)

        elif params['state'] == 'join':
            try:
                token = parse_join_token(params['join_token'])
            except TokenError as exc:
                module.fail_json(msg='Invalid join_token: %s' % exc, **before)
            same_swarm = None
            if state == 'active':
                digest = node_ca_digest(client, params['docker_host'], before.get('role') == 'manager')
                same_swarm = None if digest is None else digest == token.ca_digest
            listed = None
            if params['swarm_node_ids'] and before.get('node_id'):
                listed = before['node_id'] in params['swarm_node_ids']
            action, reason = plan_join(state, before.get('role') == 'manager', same_swarm, params['role'],
                                       params['leave_foreign'], listed, unlock_key=bool(params['unlock_key']))
            if action == 'fail':
                module.fail_json(msg=reason, **before)
            if action in ('join', 'rejoin') and params['reach_ports']:
                closed = unreachable_port(params['remote_addrs'][0], params['reach_ports'])
                if closed:
                    module.fail_json(msg='This node cannot reach %s of the manager it joins through; nothing was changed. '
                                         'Open TCP 2377, TCP/UDP 7946 and UDP 4789 between all nodes, or advertise an '
                                         'address the nodes reach.' % closed, **before)
            if not module.check_mode:
                if action == 'rejoin':
                    client.leave_swarm(force=True)
                if action in ('join', 'rejoin'):
                    join(client, params)

        else:  # absent
            if state != 'inactive':
                action = 'leave'
                if not module.check_mode:
                    client.leave_swarm(force=params['force'])

        if action == 'unlock':
            if not params['unlock_key']:
                module.fail_json(msg='The node is a locked manager of an autolocked swarm: pass unlock_key '
                                     '(from flotilla.swarm.swarm_token unlock_key=true on an unlocked manager), '
                                     'or, to join, set leave_foreign to make it leave and join again.',
                                 **before)
            if not module.check_mode:
                client.unlock_swarm(params['unlock_key'])
    except APIError as exc:
        hint = ''
        if params['state'] == 'absent' and before.get('role') == 'manager' and not params['force']:
            hint = ' A manager leaves only with force=true: demote it first (flotilla.swarm.swarm_node role=worker).'
        module.fail_json(msg='The engine refused to %s: %s.%s' % (action, api_error_text(exc), hint), **before)

    after = before if module.check_mode else describe(client)
    if not module.check_mode and params['state'] != 'absent' and after['local_state'] != 'active':
        module.fail_json(msg='The node is %s after %s, not active. Check that the managers in remote_addrs are '
                             'reachable on port 2377 and that the token is current.' % (after['local_state'], action),
                         action=action, **after)
    module.exit_json(changed=action != 'none', action=action, **after)


if __name__ == '__main__':
    main()
