# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: lxc
short_description: LXC containers of this machine as inventory hosts
version_added: 0.1.0
description:
  - Lists the containers under O(lxc_path) with C(lxc-ls), with their state and IPv4 addresses.
  - Reads the C(# flotilla.KEY = VALUE) marker lines of each container's config (the lab_lxc role writes
    C(flotilla.lab) and C(flotilla.lab.groups)), so C(compose), C(groups) and C(keyed_groups) can use them.
  - The inventory file's name must end in C(lxc.yml) or C(lxc.yaml).
  - Host variables - C(lxc_state), C(lxc_ipv4) (a list) and C(lxc_markers) (a dict of the marker lines).
extends_documentation_fragment:
  - constructed
options:
  plugin:
    description: The name of this plugin.
    type: str
    required: true
    choices: [flotilla.swarm.lxc]
  lxc_path:
    description: Where the containers live (C(lxc.lxcpath)).
    type: path
    default: /var/lib/lxc
  markers:
    description: Only containers whose marker lines hold all these keys and values, for example C(flotilla.lab) set to C(lab-lxc).
    type: dict
    default: {}
  running_only:
    description: Leave out containers that are not running.
    type: bool
    default: true
requirements:
  - C(lxc-ls) on the machine that runs Ansible (LXC's tools), and the rights to list the containers (root for
    privileged containers).
'''

EXAMPLES = r'''
# lab.lxc.yml: the lab_lxc role's containers, grouped by their flotilla.lab.groups marker.
plugin: flotilla.swarm.lxc
markers:
  flotilla.lab: lab-lxc
compose:
  ansible_host: lxc_ipv4 | first
  ansible_user: "'root'"
keyed_groups:
  - key: lxc_markers['flotilla.lab.groups'] | default('') | split(',') | select | list
    prefix: ""
    separator: ""
    leading_separator: false
'''

import os
import re
import subprocess

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Constructable

_MARKER_RE = re.compile(r'^#\s*(flotilla\.[\w.-]+)\s*=\s*(.*?)\s*$')


def parse_markers(config_text):
    """The '# flotilla.KEY = VALUE' lines of a container config, as a dict."""
    markers = {}
    for line in config_text.splitlines():
        match = _MARKER_RE.match(line)
        if match:
            markers[match.group(1)] = match.group(2)
    return markers


def parse_lxc_ls(text):
    """lxc-ls --fancy --fancy-format NAME,STATE,IPV4 output as {name: (state, [ipv4, ...])}."""
    containers = {}
    for line in text.splitlines()[1:]:  # the first line holds the column titles
        fields = line.split(None, 2)
        if len(fields) < 2:
            continue
        addresses = fields[2] if len(fields) > 2 else '-'
        ips = [ip.strip() for ip in addresses.split(',') if ip.strip() and ip.strip() != '-']
        containers[fields[0]] = (fields[1], ips)
    return containers


class InventoryModule(BaseInventoryPlugin, Constructable):

    NAME = 'flotilla.swarm.lxc'

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(('lxc.yml', 'lxc.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        lxc_path = self.get_option('lxc_path')
        wanted = self.get_option('markers') or {}
        try:
            listing = subprocess.run(['lxc-ls', '--lxcpath', lxc_path, '--fancy', '--fancy-format', 'NAME,STATE,IPV4'],
                                     check=True, capture_output=True, text=True).stdout
        except (OSError, subprocess.CalledProcessError) as exc:
            raise AnsibleParserError('flotilla.swarm.lxc: cannot list the containers in %s: %s' % (lxc_path, exc))
        strict = self.get_option('strict')
        for name, (state, ips) in sorted(parse_lxc_ls(listing).items()):
            if self.get_option('running_only') and state != 'RUNNING':
                continue
            try:
                with open(os.path.join(lxc_path, name, 'config')) as handle:
                    markers = parse_markers(handle.read())
            except (IOError, OSError):
                markers = {}
            if any(markers.get(key) != str(value) for key, value in wanted.items()):
                continue
            host_vars = {'lxc_state': state, 'lxc_ipv4': ips, 'lxc_markers': markers}
            self.inventory.add_host(name)
            for key, value in host_vars.items():
                self.inventory.set_variable(name, key, value)
            self._set_composite_vars(self.get_option('compose'), host_vars, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option('groups'), host_vars, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), host_vars, name, strict=strict)
