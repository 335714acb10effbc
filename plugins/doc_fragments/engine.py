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
  tls:
    description:
      - Talk TLS to a V(tcp://) engine without checking its certificate (see O(tls_verify)).
      - Falls back to E(DOCKER_TLS).
    type: bool
    default: false
  tls_verify:
    description:
      - Talk TLS to a V(tcp://) engine and verify its certificate against O(ca_path)
        (the system's CAs when O(ca_path) is not set).
      - Falls back to E(DOCKER_TLS_VERIFY).
      - O(validate_certs) is community.docker's name for it.
    type: bool
    default: false
    aliases: [validate_certs]
  tls_hostname:
    description:
      - The name the engine's certificate must carry, when it is not the host in O(docker_host)
        (for example an engine reached through an address its certificate does not list).
      - Falls back to E(DOCKER_TLS_HOSTNAME).
    type: str
  ca_path:
    description:
      - CA certificate that signed the engine's certificate.
      - Falls back to C(ca.pem) in E(DOCKER_CERT_PATH).
    type: path
    aliases: [ca_cert, tls_ca_cert, cacert_path]
  client_cert:
    description:
      - Client certificate for engines that verify their clients (C(tlsverify)).
      - Falls back to C(cert.pem) in E(DOCKER_CERT_PATH).
    type: path
    aliases: [cert_path, tls_client_cert]
  client_key:
    description:
      - Private key of O(client_cert).
      - Falls back to C(key.pem) in E(DOCKER_CERT_PATH).
    type: path
    aliases: [key_path, tls_client_key]
  timeout:
    description:
      - Seconds to wait for an engine API call.
      - Falls back to E(DOCKER_TIMEOUT).
    type: int
    default: 60
requirements:
  - Docker SDK for Python (C(docker), Debian's C(python3-docker)) on the host the module runs on.
notes:
  - Connects through the low-level API of the Docker SDK for Python.
  - The connection options have community.docker's names too (O(validate_certs), O(tls), O(tls_hostname),
    O(ca_path), O(client_cert), O(client_key), O(timeout), O(docker_host)) with the same meaning and
    environment fallbacks, so C(module_defaults) written for community.docker's modules fit these ones.
  - Set them once for all of this collection's engine modules with C(module_defaults) and
    C(group/flotilla.swarm.docker).
'''
