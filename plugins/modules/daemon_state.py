#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: daemon_state
short_description: Read what a Docker host has, in one round trip, for the decision whether anything needs doing
version_added: 0.1.0
description:
  - Reads the engine packages' install status, the path of dockerd, whether the kernel has overlayfs, checksums of
    files, whether paths exist, the engine service's state under systemd and, through the engine's unix socket,
    C(docker info).
  - Changes nothing. The docker_daemon role runs it first and installs, configures or restarts only what
    differs; the swarm role reads the node's swarm state and IPVS with it.
  - Needs no Docker SDK - the engine is asked over its socket with the Python standard library - so it also
    answers on a host where nothing is installed yet.
extends_documentation_fragment:
  - flotilla.swarm.attributes
options:
  packages:
    description: Packages whose install status to read (C(dpkg-query)); hosts without dpkg report them all missing.
    type: list
    elements: str
    default: []
  dockerd:
    description: Candidate paths of dockerd; the first that exists is returned.
    type: list
    elements: path
    default: [/usr/bin/dockerd, /usr/sbin/dockerd]
  checksums:
    description: Files whose SHA-1 checksum to return.
    type: list
    elements: path
    default: []
  exists:
    description: Paths of any kind (such as C(/sys/module/ip_vs)) to report whether they exist.
    type: list
    elements: path
    default: []
  service:
    description: The engine's systemd service.
    type: str
    default: docker
  socket:
    description: The engine's unix socket.
    type: path
    default: /var/run/docker.sock
  require_engine:
    description: Fail when the engine does not answer, instead of returning V(null) in RV(engine).
    type: bool
    default: false
  timeout:
    description:
      - Seconds to wait for the engine's answer. A manager that lost its swarm's quorum can take long to answer
        C(docker info); 60 is the Docker client's own default.
    type: int
    default: 60
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  idempotent:
    support: full
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Read the host's engine setup
  flotilla.swarm.daemon_state:
    packages: [docker.io, python3-docker]
    checksums: [/etc/systemd/system/docker.service.d/flotilla.conf]
  register: state

- name: Read the node's swarm state and whether its kernel has IPVS
  flotilla.swarm.daemon_state:
    exists: [/sys/module/ip_vs]
    require_engine: true
  register: node

- name: Install the engine where it is missing
  ansible.builtin.apt:
    name: [docker.io, python3-docker]
  when: state.missing_packages | length > 0
'''

RETURN = r'''
missing_packages:
  description: Packages of O(packages) that are not installed.
  returned: always
  type: list
  elements: str
dockerd:
  description: The first path of O(dockerd) that exists, or an empty string.
  returned: always
  type: str
overlay:
  description: Whether C(/proc/filesystems) lists overlay.
  returned: always
  type: bool
checksums:
  description: SHA-1 of each file of O(checksums), V(null) for a file that does not exist.
  returned: always
  type: dict
exists:
  description: For each path of O(exists), whether it exists.
  returned: always
  type: dict
  sample: {/sys/module/ip_vs: true}
service:
  description: The service's C(enabled) and C(active) state (V(null) without systemctl).
  returned: always
  type: dict
  sample: {enabled: true, active: true}
engine:
  description: C(docker info) as the engine API returns it (C(GET /info)), V(null) when the engine does not answer.
  returned: always
  type: dict
engine_error:
  description: Why the engine did not answer.
  returned: when the engine did not answer
  type: str
'''

import http.client as http_client
import json
import os
import socket

from ansible.module_utils.basic import AnsibleModule


from ansible_collections.flotilla.swarm.plugins.module_utils.daemon_config import has_overlay, missing_packages


class UnixHTTPConnection(http_client.HTTPConnection):
    """HTTP over the engine's unix socket."""

    def __init__(self, path, timeout=60):
        http_client.HTTPConnection.__init__(self, 'localhost', timeout=timeout)
        self.socket_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)


def engine_info(path, timeout=60):
    """(docker info, None) or (None, why not)."""
    if not os.path.exists(path):
        return None, '%s does not exist' % path
    connection = UnixHTTPConnection(path, timeout=timeout)
    try:
        connection.request('GET', '/info')
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            return None, 'GET /info answered %s' % response.status
        return json.loads(body.decode('utf-8')), None
    except (socket.error, OSError, ValueError, http_client.HTTPException) as exc:
        return None, str(exc)
    finally:
        connection.close()


def read_file(path):
    try:
        with open(path, 'rb') as handle:
            return handle.read()
    except (IOError, OSError):
        return None


def service_state(module, name):
    systemctl = module.get_bin_path('systemctl')
    if not systemctl:
        return {'enabled': None, 'active': None}
    rc_enabled = module.run_command([systemctl, 'is-enabled', '--quiet', name])[0]
    rc_active = module.run_command([systemctl, 'is-active', '--quiet', name])[0]
    return {'enabled': rc_enabled == 0, 'active': rc_active == 0}


def main():
    module = AnsibleModule(
        argument_spec=dict(
            packages=dict(type='list', elements='str', default=[]),
            dockerd=dict(type='list', elements='path', default=['/usr/bin/dockerd', '/usr/sbin/dockerd']),
            checksums=dict(type='list', elements='path', default=[]),
            service=dict(type='str', default='docker'),
            socket=dict(type='path', default='/var/run/docker.sock'),
            exists=dict(type='list', elements='path', default=[]),
            require_engine=dict(type='bool', default=False),
            timeout=dict(type='int', default=60),
        ),
        supports_check_mode=True,
    )
    packages = module.params['packages']
    missing = list(packages)
    dpkg_query = module.get_bin_path('dpkg-query')
    if packages and dpkg_query:
        out = module.run_command([dpkg_query, '--show', '--showformat=${Package} ${db:Status-Status}\n'] + packages)[1]
        missing = missing_packages(out, packages)

    checksums = {}
    for path in module.params['checksums']:
        checksums[path] = module.sha1(path) if os.path.isfile(path) else None

    info, error = engine_info(module.params['socket'], module.params['timeout'])
    if error and module.params['require_engine']:
        module.fail_json(msg='The Docker engine does not answer on %s: %s. Start it (systemctl start docker) or check '
                             'the socket path.' % (module.params['socket'], error), engine_error=error)
    result = dict(
        changed=False,
        missing_packages=missing,
        dockerd=next((path for path in module.params['dockerd'] if os.path.exists(path)), ''),
        overlay=has_overlay((read_file('/proc/filesystems') or b'').decode('utf-8', 'replace')),
        checksums=checksums,
        exists=dict((path, os.path.exists(path)) for path in module.params['exists']),
        service=service_state(module, module.params['service']),
        engine=info,
    )
    if error:
        result['engine_error'] = error
    module.exit_json(**result)


if __name__ == '__main__':
    main()
