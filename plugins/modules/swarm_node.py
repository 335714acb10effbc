#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: swarm_node
short_description: Manage a swarm node's labels, availability, role and removal
version_added: 0.1.0
description:
  - Runs against a swarm manager and changes one node of the swarm.
  - Every update is a read-modify-write of the node's complete spec with its version index, so the
    node's name and every field not asked for are kept; a stale version index is retried.
  - Demotions and removals that would lose the raft quorum are refused unless O(force=true); a change
    that leaves an even number of managers gives a warning.
  - O(state=absent) removes the node safely - drain, wait for its tasks to leave, demote a manager,
    wait until the node is down (or O(force=true)), remove - and is unchanged when the node is already gone.
extends_documentation_fragment:
  - flotilla.swarm.engine
  - flotilla.swarm.attributes
  - flotilla.swarm.attributes.converges_with_diff
  - flotilla.swarm.attributes.actiongroup_docker
options:
  node:
    description:
      - The node - its hostname, its node ID (or a unique prefix of at least 6 characters), or its spec name.
      - The node ID that the node's own engine reports (C(docker info), or RV(flotilla.swarm.swarm_membership#module:node_id))
        works even when the hostname and the swarm node name differ.
    type: str
    required: true
  state:
    description: V(present) changes the node, V(absent) removes it from the swarm.
    type: str
    choices: [present, absent]
    default: present
  labels:
    description: Node labels to set. Values may be empty strings.
    type: dict
  labels_state:
    description: V(merge) keeps labels not named in O(labels); V(replace) makes O(labels) the only labels.
    type: str
    choices: [merge, replace]
    default: merge
  labels_absent:
    description: Label keys to remove, whatever their value (an empty value included).
    type: list
    elements: str
  availability:
    description: The node's availability.
    type: str
    choices: [active, pause, drain]
  role:
    description: The node's role. Demotion is refused when it would lose quorum, unless O(force=true).
    type: str
    choices: [manager, worker]
  force:
    description:
      - Demote or remove even when quorum would be lost; remove a node that is still up.
    type: bool
    default: false
  wait:
    description:
      - After any change, wait until the node's status is V(ready) or V(down), or until it runs no more
        tasks (V(drained), useful after O(availability=drain)).
      - V(drained) also waits, within O(wait_timeout), until the swarm has started the tasks that moved off the
        node elsewhere (tasks it cannot place stay pending and are not waited for); tasks still starting then only
        give a warning.
    type: str
    choices: [ready, down, drained]
  wait_timeout:
    description: Seconds to wait for O(wait), for tasks to leave a drained node, and for a leaving node to be down.
    type: int
    default: 120
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Label a node for placement constraints, keeping its other labels
  flotilla.swarm.swarm_node:
    node: worker-1
    labels:
      storage: ssd
      zone: external

- name: Drain a node for maintenance and wait until its tasks have moved elsewhere
  flotilla.swarm.swarm_node:
    node: "{{ swarm_node_id }}"
    availability: drain
    wait: drained

- name: Remove a node safely (drain, demote, wait down, remove)
  flotilla.swarm.swarm_node:
    node: old-manager-3
    state: absent
'''

RETURN = r'''
node:
  description: The node after the module ran (empty when it was removed or never existed).
  returned: always
  type: dict
  contains:
    id:
      description: Node ID.
      type: str
      returned: success
    hostname:
      description: Hostname the node reports.
      type: str
      returned: success
    name:
      description: The spec name (often empty).
      type: str
      returned: success
    role:
      description: V(manager) or V(worker).
      type: str
      returned: success
    availability:
      description: V(active), V(pause) or V(drain).
      type: str
      returned: success
    labels:
      description: Node labels.
      type: dict
      returned: success
    engine_labels:
      description: Labels of the node's engine.
      type: dict
      returned: success
    state:
      description: Status - V(ready), V(down), V(unknown) or V(disconnected).
      type: str
      returned: success
    addr:
      description: Address of the node.
      type: str
      returned: success
    leader:
      description: Whether the node is the raft leader.
      type: bool
      returned: success
    reachability:
      description: Manager reachability.
      type: str
      returned: success
    version:
      description: Version index of the node object.
      type: int
      returned: success
actions:
  description: The steps taken, in order (for example V(drain), V(demote), V(remove)).
  returned: always
  type: list
  elements: str
'''

import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flotilla.swarm.plugins.module_utils.engine import (
    APIError, api_error_text, connect, engine_argument_spec, with_version_retry)
from ansible_collections.flotilla.swarm.plugins.module_utils.quorum import (
    manager_count_problem, removal_keeps_quorum)
from ansible_collections.flotilla.swarm.plugins.module_utils.swarm_nodes import (
    SpecError, find_node, manager_counts, merge_node_spec, node_summary, spec_diff, tasks_starting)

DOWN_STATES = ('down', 'unknown', 'disconnected')


class NodeManager(object):

    def __init__(self, module, client):
        self.module = module
        self.client = client
        self.params = module.params
        self.actions = []
        self.diff = {'before': {}, 'after': {}}

    def fail(self, msg, **extra):
        self.module.fail_json(msg=msg, actions=self.actions, **extra)

    def lookup(self, nodes=None):
        try:
            return find_node(self.client.nodes() if nodes is None else nodes, self.params['node'])
        except SpecError as exc:
            self.fail(str(exc))

    def node_id(self):
        node = self.lookup()
        if node is None:
            self.fail('Node %r is not in the swarm' % self.params['node'])
        return node['ID']

    def update(self, action, **changes):
        """Read-modify-write of the full spec; records the action when something changed."""
        node_id = self.node_id()
        current = self.client.inspect_node(node_id)
        wanted = merge_node_spec(current['Spec'], **changes)
        if wanted == current['Spec']:
            return False
        self.actions.append(action)
        diff = spec_diff(current['Spec'], wanted)
        self.diff['before'].update(diff['before'])
        self.diff['after'].update(diff['after'])
        if self.module.check_mode:
            return True

        def write():
            fresh = self.client.inspect_node(node_id)
            self.client.update_node(node_id, fresh['Version']['Index'], merge_node_spec(fresh['Spec'], **changes))
        with_version_retry(write)
        return True

    def check_manager_change(self, node, new_role_or_removal):
        """Refuse a demotion/removal that loses quorum; warn about an even manager count."""
        nodes = self.client.nodes()
        managers, reachable = manager_counts(nodes)
        is_manager = bool(node.get('ManagerStatus'))
        if new_role_or_removal == 'manager' and not is_manager:
            problem = manager_count_problem(managers + 1)
            if problem:
                self.module.warn('After promoting %s: %s' % (self.params['node'], problem))
            return
        if not is_manager:
            return
        keeps = removal_keeps_quorum(managers, reachable,
                                     target_reachable=node['ManagerStatus'].get('Reachability') == 'reachable')
        if managers == 1:
            self.fail('%s is the last manager: it cannot be demoted or removed. Promote another node first.'
                      % self.params['node'])
        if not keeps and not self.params['force']:
            self.fail('Demoting or removing %s would lose the raft quorum (%d managers, %d reachable). Bring the '
                      'unreachable managers back first, or set force=true to accept the loss.'
                      % (self.params['node'], managers, reachable))
        problem = manager_count_problem(managers - 1)
        if problem:
            self.module.warn('After demoting %s: %s' % (self.params['node'], problem))

    def wait_for(self, predicate, what):
        deadline = time.time() + self.params['wait_timeout']
        while True:
            node = self.lookup()
            if predicate(node):
                return node
            if time.time() >= deadline:
                self.fail('Timed out after %d s waiting for %s %s' % (self.params['wait_timeout'], self.params['node'], what),
                          node=node_summary(node) if node else {})
            time.sleep(2)

    def wait_for_replacements(self, service_ids):
        """Waits, within wait_timeout, until the swarm has started the moved tasks elsewhere.

        Without it, a rolling restart drains the next node while the previous node's tasks are still
        starting, and a service runs two replicas short. Tasks that cannot start in time only warn.
        """
        if not service_ids:
            return
        deadline = time.time() + self.params['wait_timeout']
        while True:
            starting = tasks_starting(self.client.tasks(filters={'desired-state': 'running'}), service_ids)
            if not starting:
                return
            if time.time() >= deadline:
                self.module.warn('%d task(s) moved off %s were still starting after %d s'
                                 % (len(starting), self.params['node'], self.params['wait_timeout']))
                return
            time.sleep(2)

    def tasks_left(self, node_id):
        return [t for t in self.client.tasks(filters={'node': node_id, 'desired-state': 'running'})
                if (t.get('Status') or {}).get('State') in ('running', 'starting', 'preparing', 'assigned', 'accepted')]

    def present(self):
        node = self.lookup()
        if node is None:
            self.fail('Node %r is not in the swarm. Join it first (flotilla.swarm.swarm_membership).' % self.params['node'])
        if self.params['role'] and self.params['role'] != node['Spec']['Role']:
            self.check_manager_change(node, self.params['role'])
        wanted = self.params['wait']
        # The services whose tasks a drain moves: the wait below also covers their new tasks elsewhere.
        moving = set(t.get('ServiceID') for t in self.tasks_left(node['ID'])) if wanted == 'drained' else set()
        try:
            self.update('update', labels=self.params['labels'], labels_state=self.params['labels_state'],
                        labels_absent=self.params['labels_absent'], availability=self.params['availability'],
                        role=self.params['role'])
        except SpecError as exc:
            self.fail(str(exc))
        if wanted and not self.module.check_mode:
            if wanted == 'drained':
                self.wait_for(lambda n: n is not None and not self.tasks_left(n['ID']), 'to have no running tasks')
                self.wait_for_replacements(moving)
            else:
                self.wait_for(lambda n: n is not None and (n['Status']['State'] == 'ready' if wanted == 'ready'
                                                           else n['Status']['State'] in DOWN_STATES),
                              'to be %s' % wanted)

    def absent(self):
        node = self.lookup()
        if node is None:
            return
        if node.get('ManagerStatus'):
            self.check_manager_change(node, 'removal')
        node_id = node['ID']
        up = node['Status']['State'] == 'ready'
        if up:
            self.update('drain', availability='drain')
            if not self.module.check_mode:
                self.wait_for(lambda n: n is None or not self.tasks_left(n['ID']), 'to have no running tasks')
        if node.get('ManagerStatus'):
            self.update('demote', role='worker')
            if not self.module.check_mode:
                self.wait_for(lambda n: n is None or not n.get('ManagerStatus'), 'to leave the raft group')
        node = self.lookup()
        if node is None:
            return
        if node['Status']['State'] not in DOWN_STATES and not self.params['force'] and not self.module.check_mode:
            node = self.wait_for(lambda n: n is None or n['Status']['State'] in DOWN_STATES,
                                 'to be down (make it leave: flotilla.swarm.swarm_membership state=absent on it, '
                                 'or set force=true)')
            if node is None:
                return
        self.actions.append('remove')
        self.diff['before']['node'] = node_id
        self.diff['after']['node'] = None
        if not self.module.check_mode:
            try:
                self.client.remove_node(node_id, force=node['Status']['State'] not in DOWN_STATES)
            except APIError as exc:
                if getattr(getattr(exc, 'response', None), 'status_code', None) != 404:
                    raise


def main():
    module = AnsibleModule(
        argument_spec=engine_argument_spec(
            node=dict(type='str', required=True),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            labels=dict(type='dict'),
            labels_state=dict(type='str', choices=['merge', 'replace'], default='merge'),
            labels_absent=dict(type='list', elements='str'),
            availability=dict(type='str', choices=['active', 'pause', 'drain']),
            role=dict(type='str', choices=['manager', 'worker']),
            force=dict(type='bool', default=False),
            wait=dict(type='str', choices=['ready', 'down', 'drained']),
            wait_timeout=dict(type='int', default=120),
        ),
        supports_check_mode=True,
    )
    client = connect(module)
    manager = NodeManager(module, client)
    try:
        if module.params['state'] == 'present':
            manager.present()
        else:
            manager.absent()
        node = manager.lookup()
    except APIError as exc:
        manager.fail('The engine refused: %s' % api_error_text(exc))
    result = dict(changed=bool(manager.actions), actions=manager.actions,
                  node=node_summary(node) if node else {})
    if module._diff:
        result['diff'] = manager.diff
    module.exit_json(**result)


if __name__ == '__main__':
    main()
