#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: lxc_docker_config
short_description: Let an LXC container run Docker (AppArmor unconfined, no dropped capabilities)
version_added: 0.1.0
description:
  - Writes into an LXC container's config what Docker and swarm networking need inside it - AppArmor
    unconfined, an empty C(lxc.cap.drop), access to every device, and read-write C(/proc), C(/sys) and
    cgroup mounts - with the key names the installed LXC uses (C(lxc.aa_profile) before LXC 2.1,
    C(lxc.apparmor.profile) after; C(lxc.cgroup2.devices.allow) on a cgroup v2 host with LXC 4.0 or later).
  - "Native configs (C(key = value), C(/var/lib/lxc/NAME/config)) get one marked block at the end, after the
    C(lxc.include) lines whose values it must override. Proxmox configs (C(key: value),
    C(/etc/pve/lxc/ID.conf)) get plain lines in the main section, since Proxmox keeps comments as the description."
  - Only the file changes; restart the container when the task reports a change.
  - Security - such a container is no longer confined by AppArmor and keeps every capability; root in it is
    close to root on the host. Use it for hosts that only run Docker, as the LXC lab does.
extends_documentation_fragment:
  - flotilla.swarm.attributes
  - flotilla.swarm.attributes.converges_with_diff
options:
  name:
    description: Container name; the config is C(/var/lib/lxc/NAME/config). Required unless O(path) is given.
    type: str
  path:
    description: Config file to edit, for example C(/etc/pve/lxc/101.conf).
    type: path
  format:
    description: "V(native) (C(key = value)) or V(proxmox) (C(key: value))."
    type: str
    choices: [native, proxmox]
    default: native
  lxc_version:
    description: LXC version that reads the file; default is what C(lxc-start --version) prints.
    type: str
  cgroup:
    description: Cgroup layout of the host; V(auto) looks at C(/sys/fs/cgroup).
    type: str
    choices: [auto, v1, v2]
    default: auto
  state:
    description: V(present) writes the settings, V(absent) takes them out again.
    type: str
    choices: [present, absent]
    default: present
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Let swarm-agent-1 run Docker
  flotilla.swarm.lxc_docker_config:
    name: swarm-agent-1
  register: agent_config

- name: Restart it when its config changed
  ansible.builtin.command: lxc-stop --reboot -n swarm-agent-1
  when: agent_config.changed

- name: The same on Proxmox VE
  flotilla.swarm.lxc_docker_config:
    path: /etc/pve/lxc/101.conf
    format: proxmox
'''

RETURN = r'''
path:
  description: The config file.
  returned: success
  type: str
settings:
  description: The C([key, value]) pairs written (or taken out).
  returned: success
  type: list
  elements: list
lxc_version:
  description: The LXC version the key names were chosen for.
  returned: success
  type: str
'''

import os
import tempfile

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flotilla.swarm.plugins.module_utils.lxc_config import (
    docker_settings, parse_lxc_version, render)


def detect_lxc_version(module):
    binary = module.get_bin_path('lxc-start')
    if not binary:
        module.fail_json(msg='lxc-start not found: install LXC on this host or give lxc_version.')
    rc, out, err = module.run_command([binary, '--version'])
    if rc != 0:
        module.fail_json(msg='"lxc-start --version" failed: %s' % (err or out).strip())
    return out.strip()


def unified_cgroup_host():
    """True on a pure cgroup v2 host (/sys/fs/cgroup is cgroup2fs, not a tmpfs of v1 hierarchies)."""
    return os.path.exists('/sys/fs/cgroup/cgroup.controllers')


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='str'),
            path=dict(type='path'),
            format=dict(type='str', choices=['native', 'proxmox'], default='native'),
            lxc_version=dict(type='str'),
            cgroup=dict(type='str', choices=['auto', 'v1', 'v2'], default='auto'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
        ),
        required_one_of=[('name', 'path')],
        supports_check_mode=True,
    )
    params = module.params
    path = params['path'] or os.path.join('/var/lib/lxc', params['name'], 'config')
    if not os.path.isfile(path):
        module.fail_json(msg='LXC config %s does not exist: create the container first.' % path)

    version_text = params['lxc_version'] or detect_lxc_version(module)
    try:
        version = parse_lxc_version(version_text)
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    unified = unified_cgroup_host() if params['cgroup'] == 'auto' else params['cgroup'] == 'v2'
    settings = docker_settings(version, unified)

    with open(path) as handle:
        before = handle.read()
    after = render(before, settings, fmt=params['format'], remove=params['state'] == 'absent')
    result = dict(changed=before != after, path=path, settings=[list(pair) for pair in settings],
                  lxc_version='.'.join(str(part) for part in version))
    if result['changed']:
        if module._diff:
            result['diff'] = dict(before=before, after=after, before_header=path, after_header=path)
        if not module.check_mode:
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix='.flotilla.')
            with os.fdopen(fd, 'w') as handle:
                handle.write(after)
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
            module.atomic_move(tmp, path)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
