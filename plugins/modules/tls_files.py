#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: tls_files
short_description: Install a service's CA, certificate and key on a host in one step
version_added: 0.1.0
description:
  - Writes the three PEM files a TLS service reads (the CA it trusts, its certificate, its key) into one
    directory, each only when its content, mode or owner differs, and atomically. The directory is 0700,
    the CA and the certificate 0644, the key 0600.
  - Does what three C(ansible.builtin.copy) tasks and a C(ansible.builtin.file) task do, with one module
    run on the host instead of about ten connections.
  - Does not restart the service; the caller restarts it when the task reports a change.
extends_documentation_fragment:
  - flotilla.swarm.attributes
  - flotilla.swarm.attributes.converges
options:
  path:
    description: The directory.
    type: path
    required: true
  owner:
    description: Owner of the directory and the files.
    type: str
    default: root
  group:
    description: Group of the directory and the files.
    type: str
    default: root
  ca:
    description: The CA certificate (PEM text).
    type: str
    required: true
  certificate:
    description: The certificate (PEM text).
    type: str
    required: true
  private_key:
    description: The private key (PEM text). Never logged.
    type: str
    required: true
  names:
    description: File names in O(path).
    type: dict
    default: {}
    suboptions:
      ca:
        description: The CA's file name.
        type: str
        default: ca.pem
      certificate:
        description: The certificate's file name.
        type: str
        default: cert.pem
      private_key:
        description: The key's file name.
        type: str
        default: key.pem
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Install the engine's certificate
  flotilla.swarm.tls_files:
    path: /etc/docker/tls
    ca: "{{ lookup('ansible.builtin.file', pki_dir ~ '/ca.pem', rstrip=false) }}"
    certificate: "{{ lookup('ansible.builtin.file', pki_dir ~ '/hosts/' ~ inventory_hostname ~ '/cert.pem', rstrip=false) }}"
    private_key: "{{ lookup('ansible.builtin.file', pki_dir ~ '/hosts/' ~ inventory_hostname ~ '/key.pem', rstrip=false) }}"
    names: {ca: ca.pem, certificate: server-cert.pem, private_key: server-key.pem}
  register: engine_tls
'''

RETURN = r'''
changed_files:
  description: The file names that were written or whose mode or owner was corrected.
  returned: success
  type: list
  elements: str
'''

import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.flotilla.swarm.plugins.module_utils.files import read_bytes, write_atomically


def set_attributes(module, path, mode, owner, group, changed):
    changed = module.set_mode_if_different(path, mode, changed)
    changed = module.set_owner_if_different(path, owner, changed)
    return module.set_group_if_different(path, group, changed)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type='path', required=True),
            owner=dict(type='str', default='root'),
            group=dict(type='str', default='root'),
            ca=dict(type='str', required=True),
            certificate=dict(type='str', required=True),
            private_key=dict(type='str', required=True, no_log=True),
            names=dict(type='dict', default={}, options=dict(
                ca=dict(type='str', default='ca.pem'),
                certificate=dict(type='str', default='cert.pem'),
                private_key=dict(type='str', default='key.pem', no_log=False),
            )),
        ),
        supports_check_mode=True,
    )
    p = module.params
    directory, owner, group = p['path'], p['owner'], p['group']
    wanted = [(p['names']['ca'], p['ca'], 0o644), (p['names']['certificate'], p['certificate'], 0o644),
              (p['names']['private_key'], p['private_key'], 0o600)]

    changed_files = []
    changed = False
    if not os.path.isdir(directory):
        changed = True
        if not module.check_mode:
            os.makedirs(directory, 0o700)
    if os.path.isdir(directory):
        changed = set_attributes(module, directory, 0o700, owner, group, changed)

    for name, content, mode in wanted:
        path = os.path.join(directory, name)
        data = to_bytes(content)
        if read_bytes(path) != data:
            changed_files.append(name)
            if module.check_mode:
                continue
            write_atomically(module, path, data, mode)
        if os.path.exists(path) and set_attributes(module, path, mode, owner, group, False) \
                and name not in changed_files:
            changed_files.append(name)

    module.exit_json(changed=changed or bool(changed_files), changed_files=changed_files)


if __name__ == '__main__':
    main()
