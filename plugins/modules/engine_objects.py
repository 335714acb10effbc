#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: engine_objects
short_description: List a Docker engine's containers, images, networks and volumes, with the engine API's filters
version_added: 0.1.0
description:
  - Asks the engine on its unix socket for what C(docker ps -a), C(docker image ls), C(docker network ls) and
    C(docker volume ls) list, each only when asked for and with the filters given, and returns the engine API's
    answers as they are - the lists M(community.docker.docker_host_info) returns with its C(verbose_output).
  - Changes nothing. Needs no Docker SDK - the engine is asked with the Python standard library - so it starts in
    a fraction of the time M(community.docker.docker_host_info) takes; the lab_dind role reads its Docker host
    with it on every run.
  - Reaches the local engine only (O(socket)); M(community.docker.docker_host_info) also reaches remote ones.
extends_documentation_fragment:
  - flotilla.swarm.attributes
  - flotilla.swarm.attributes.converges
options:
  socket:
    description: The engine's unix socket.
    type: path
    default: /var/run/docker.sock
  containers:
    description:
      - List the containers in every state, with these filters of the engine API (V(label), V(name), V(status),
        ...; a value or a list of values). V({}) lists them all; unset, they are not listed.
    type: dict
  images:
    description: List the images, with these filters (V(reference), V(label), V(dangling), ...).
    type: dict
  networks:
    description:
      - List the networks, with these filters (V(name), V(label), V(driver), ...). The engine's V(name) filter also
        matches names that contain the value.
    type: dict
  volumes:
    description: List the volumes, with these filters (V(name), V(label), V(dangling), ...).
    type: dict
  timeout:
    description: Seconds to wait for each of the engine's answers.
    type: int
    default: 60
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Find a lab's containers, its node image and its network
  flotilla.swarm.engine_objects:
    containers:
      label: flotilla.lab=lab
    images:
      reference: flotilla/lab-node:trixie
    networks:
      name: flotilla-lab
  register: lab_objects
'''

RETURN = r'''
containers:
  description: The containers, as the engine's C(GET /containers/json?all=1) lists them.
  returned: when O(containers) is set
  type: list
  elements: dict
  sample: [{"Id": "4f2c...", "Names": ["/lab-manager-1"], "State": "running", "Labels": {"flotilla.lab": "lab"}}]
images:
  description: The images, as C(GET /images/json) lists them.
  returned: when O(images) is set
  type: list
  elements: dict
networks:
  description: The networks, as C(GET /networks) lists them.
  returned: when O(networks) is set
  type: list
  elements: dict
volumes:
  description: The volumes, as C(GET /volumes) lists them (its C(Volumes)).
  returned: when O(volumes) is set
  type: list
  elements: dict
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flotilla.swarm.plugins.module_utils.unix_engine import DEFAULT_SOCKET, LIST_ENDPOINTS, engine_list


def main():
    module = AnsibleModule(
        argument_spec=dict(
            socket=dict(type='path', default=DEFAULT_SOCKET),
            containers=dict(type='dict'),
            images=dict(type='dict'),
            networks=dict(type='dict'),
            volumes=dict(type='dict'),
            timeout=dict(type='int', default=60),
        ),
        supports_check_mode=True,
    )
    result = dict(changed=False)
    for kind in sorted(LIST_ENDPOINTS):
        if module.params[kind] is None:
            continue
        result[kind], error = engine_list(module.params['socket'], kind, module.params[kind], module.params['timeout'])
        if error:
            module.fail_json(msg='The Docker engine on %s does not list its %s: %s. Start it (systemctl start docker) or '
                                 'check the socket path.' % (module.params['socket'], kind, error), **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
