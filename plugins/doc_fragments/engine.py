# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  docker_host:
    description:
      - The engine to talk to, V(unix:///path) or V(tcp://host:port).
      - Falls back to E(DOCKER_HOST).
    type: str
    default: unix:///var/run/docker.sock
    aliases: [docker_url]
  tls_verify:
    description:
      - Verify the engine's certificate against O(ca_path) (tcp only).
      - Falls back to E(DOCKER_TLS_VERIFY).
    type: bool
    default: false
  ca_path:
    description:
      - CA certificate that signed the engine's certificate.
      - Falls back to C(ca.pem) in E(DOCKER_CERT_PATH).
    type: path
    aliases: [ca_cert]
  client_cert:
    description:
      - Client certificate for engines that verify their clients (C(tlsverify)).
      - Falls back to C(cert.pem) in E(DOCKER_CERT_PATH).
    type: path
    aliases: [cert_path]
  client_key:
    description:
      - Private key of O(client_cert).
      - Falls back to C(key.pem) in E(DOCKER_CERT_PATH).
    type: path
    aliases: [key_path]
  timeout:
    description: Seconds to wait for an engine API call.
    type: int
    default: 60
requirements:
  - Docker SDK for Python (C(docker), Debian's C(python3-docker)) on the host the module runs on.
notes:
  - Connects through the low-level API of the Docker SDK for Python.
'''
