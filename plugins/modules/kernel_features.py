#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kernel_features
short_description: Make sure the kernel features Docker and swarm networking need are there
version_added: 0.1.0
description:
  - For each feature, tells whether it is a loaded module, built into the kernel, or missing. A feature built
    into the kernel counts as present - there is nothing to load and C(modprobe) fails for it - so hosts
    without C(/lib/modules) (containers, some VMs) pass when the kernel has what is needed.
  - Loads missing features that exist as modules and lists the loaded ones in a C(modules-load.d) file so
    they load again at boot.
  - Fails, naming what is missing and what needs it, when a O(required) feature is missing; warns for the
    O(optional) ones.
extends_documentation_fragment:
  - flotilla.swarm.attributes
  - flotilla.swarm.attributes.converges
options:
  required:
    description: Features that must be there (module names).
    type: list
    elements: str
    default: [overlay]
  optional:
    description: Features whose absence only costs a function (each gets a warning saying which).
    type: list
    elements: str
    default: [br_netfilter, vxlan, nf_conntrack, ip_vs]
  load:
    description: Load missing features with C(modprobe).
    type: bool
    default: true
  persist_path:
    description: The C(modules-load.d) file listing loaded modules; empty to write none.
    type: path
    default: /etc/modules-load.d/flotilla-swarm.conf
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Kernel features for Docker and swarm
  flotilla.swarm.kernel_features:
    required: [overlay, br_netfilter]
    optional: [vxlan, nf_conntrack, ip_vs]
  register: kernel

- name: Only check, load nothing (inside a container)
  flotilla.swarm.kernel_features:
    load: false
    persist_path: ""
'''

RETURN = r'''
features:
  description: Each feature and how it is present - V(loaded), V(builtin), V(loadable) or V(missing).
  returned: success
  type: dict
  sample: {overlay: builtin, br_netfilter: loaded, ip_vs: missing}
missing_optional:
  description: Optional features that are missing.
  returned: success
  type: list
  elements: str
'''

import gzip
import os
import platform
import tempfile

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flotilla.swarm.plugins.module_utils.kernel_features import (
    FEATURES, feature_state, missing_message, modules_load_conf, parse_kernel_config,
    parse_modules_builtin, parse_proc_modules)


def read(path, opener=open):
    try:
        with opener(path, 'rt') as handle:
            return handle.read()
    except (IOError, OSError):
        return ''


def kernel_facts():
    release = platform.release()
    config = read('/proc/config.gz', gzip.open) or read('/boot/config-%s' % release)
    filesystems = set(line.split()[-1] for line in read('/proc/filesystems').splitlines() if line.strip())
    markers = set(path for _symbol, path in FEATURES.values() if path and os.path.exists(path))
    return dict(loaded=parse_proc_modules(read('/proc/modules')),
                builtin=parse_modules_builtin(read('/lib/modules/%s/modules.builtin' % release)),
                kernel_config=parse_kernel_config(config), filesystems=filesystems, existing_paths=markers)


def states_of(names):
    facts = kernel_facts()
    return dict((name, feature_state(name, **facts)) for name in names)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            required=dict(type='list', elements='str', default=['overlay']),
            optional=dict(type='list', elements='str', default=['br_netfilter', 'vxlan', 'nf_conntrack', 'ip_vs']),
            load=dict(type='bool', default=True),
            persist_path=dict(type='path', default='/etc/modules-load.d/flotilla-swarm.conf'),
        ),
        supports_check_mode=True,
    )
    params = module.params
    names = list(dict.fromkeys(params['required'] + params['optional']))
    states = states_of(names)
    changed = False
    errors = {}

    absent = [name for name in names if states[name] in ('loadable', 'missing')]
    if absent and params['load']:
        modprobe = module.get_bin_path('modprobe')
        for name in absent:
            if module.check_mode:
                changed = changed or states[name] == 'loadable'
                continue
            if not modprobe:
                errors[name] = 'modprobe is not installed (kmod package)'
                continue
            rc, out, err = module.run_command([modprobe, name])
            if rc == 0:
                changed = True
            else:
                errors[name] = (err or out).strip() or 'modprobe %s failed' % name
        if not module.check_mode:
            states = states_of(names)

    missing_required = [name for name in params['required'] if states[name] in ('loadable', 'missing')]
    if missing_required:
        module.fail_json(
            msg='; '.join(missing_message(name, errors.get(name)) for name in missing_required)
            + '. Load it on this host (on an LXC or container guest: on its host), install the kernel modules'
              ' package for %s, or use a kernel built with it.' % platform.release(),
            features=states)
    missing_optional = [name for name in params['optional'] if states[name] in ('loadable', 'missing')]
    for name in missing_optional:
        module.warn(missing_message(name, errors.get(name)))

    if params['persist_path']:
        content = modules_load_conf(states)
        if read(params['persist_path']) != content:
            changed = True
            if not module.check_mode:
                directory = os.path.dirname(params['persist_path'])
                if not os.path.isdir(directory):
                    os.makedirs(directory, 0o755)
                # Written next to the target and renamed over it: a reader (systemd-modules-load at
                # boot) never sees a half-written file.
                handle, tmp = tempfile.mkstemp(dir=directory, prefix='.%s.' % os.path.basename(params['persist_path']))
                with os.fdopen(handle, 'w') as tmp_file:
                    tmp_file.write(content)
                os.chmod(tmp, 0o644)
                module.atomic_move(tmp, params['persist_path'])
    module.exit_json(changed=changed, features=states, missing_optional=missing_optional)


if __name__ == '__main__':
    main()
