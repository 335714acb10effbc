#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: swarm_status
short_description: The swarm as a manager sees it - nodes, services and where their tasks run
version_added: 0.1.0
description:
  - Runs against a swarm manager and changes nothing.
  - Returns the nodes (role, state, availability, leader, labels, engine version, the tasks placed on each),
    the services (desired and running replicas, image, published ports, the nodes their running tasks are on),
    and the same as text lines.
extends_documentation_fragment:
  - flotilla.swarm.engine
  - flotilla.swarm.attributes
  - flotilla.swarm.attributes.converges
  - flotilla.swarm.attributes.actiongroup_docker
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Read the swarm's status
  flotilla.swarm.swarm_status:
  register: status

- name: Show it
  ansible.builtin.debug:
    msg: "{{ status.lines }}"
'''

RETURN = r'''
leader:
  description: Hostname of the raft leader.
  returned: always
  type: str
nodes:
  description:
    - One entry a node, managers first; keys C(id), C(hostname), C(role), C(availability), C(state), C(addr),
      C(leader), C(reachability), C(labels), C(engine_labels), C(engine_version), C(tasks).
    - C(tasks) lists the tasks placed on the node that should run, each with C(service), C(slot) and C(state).
  returned: always
  type: list
  elements: dict
services:
  description: One entry a service; keys C(name), C(mode), C(desired), C(running), C(image), C(ports), C(nodes).
  returned: always
  type: list
  elements: dict
lines:
  description: The nodes and services as text tables.
  returned: always
  type: list
  elements: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flotilla.swarm.plugins.module_utils.engine import (
    APIError, api_error_text, connect, engine_argument_spec, manager_swarm_state)
from ansible_collections.flotilla.swarm.plugins.module_utils.swarm_status import cluster_status, status_lines


def main():
    module = AnsibleModule(argument_spec=engine_argument_spec(), supports_check_mode=True)
    client = connect(module)
    manager_swarm_state(module, client, 'only a manager lists the swarm')
    try:
        status = cluster_status(client.nodes(), client.services(), client.tasks())
    except APIError as exc:
        module.fail_json(msg='The engine refused: %s' % api_error_text(exc))
    module.exit_json(changed=False, lines=status_lines(status), **status)


if __name__ == '__main__':
    main()
