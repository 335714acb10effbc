#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: engine_tls_check
short_description: Wait on the controller until a Docker engine answers over TLS with the client certificate
version_added: 0.1.0
description:
  - Connects from the controller to the engine API at O(host):O(port), checks the engine's certificate against
    O(ca_path) and the name O(tls_hostname), presents the client certificate, and asks for C(/_ping) - what a
    docker client with C(DOCKER_TLS_VERIFY=1) does first.
  - Tries again every O(delay) seconds until the engine answers or O(timeout) seconds have passed. A certificate the
    CA does not vouch for fails at once.
  - An action plugin that runs in the controller's own worker process, whatever the task's connection, so
    checking many engines starts no Python process for each of them.
extends_documentation_fragment:
  - flotilla.swarm.attributes
options:
  host:
    description: The address the engine API listens on.
    type: str
    required: true
  port:
    description: The engine API's TCP port.
    type: int
    default: 2376
  tls_hostname:
    description: The name the engine's certificate must carry (a DNS name or an IP address). Defaults to O(host).
    type: str
  ca_path:
    description: The CA certificate that signed the engine's certificate; the only one trusted.
    type: path
    required: true
  client_cert:
    description: The client certificate presented to the engine.
    type: path
    required: true
  client_key:
    description: The client certificate's private key.
    type: path
    required: true
  timeout:
    description: Seconds to wait in all for the engine to answer.
    type: int
    default: 60
  delay:
    description: Seconds between tries.
    type: float
    default: 2.0
attributes:
  check_mode:
    support: full
    details: Only reads; runs in check mode as in a normal run.
  diff_mode:
    support: none
  idempotent:
    support: full
  action:
    description: An action plugin of the same name runs the task on the controller.
    support: full
    details: Runs on the controller as an action plugin; the host is never contacted through its connection.
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Check the engine API over TLS from the controller
  flotilla.swarm.engine_tls_check:
    host: 192.0.2.10
    ca_path: ~/.flotilla/pki/flotilla/client/ca.pem
    client_cert: ~/.flotilla/pki/flotilla/client/cert.pem
    client_key: ~/.flotilla/pki/flotilla/client/key.pem
'''

RETURN = r'''
api_version:
  description: The engine's API version (the C(Api-Version) header of its answer).
  returned: success
  type: str
  sample: "1.45"
seconds:
  description: Seconds until the engine answered.
  returned: success
  type: float
'''
