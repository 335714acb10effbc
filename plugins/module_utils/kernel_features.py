# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Is a kernel feature there, and how: a loaded module, built into the kernel, or missing.

A feature built into the kernel has no module to load (modprobe fails: "Module overlay not
found") yet works; only a feature with no sign of it anywhere is missing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# module name -> (kernel config symbol, a path that exists only when the feature works)
FEATURES = {
    'overlay': ('CONFIG_OVERLAY_FS', None),
    'br_netfilter': ('CONFIG_BRIDGE_NETFILTER', '/proc/sys/net/bridge/bridge-nf-call-iptables'),
    'bridge': ('CONFIG_BRIDGE', None),
    'vxlan': ('CONFIG_VXLAN', None),
    'veth': ('CONFIG_VETH', None),
    'nf_conntrack': ('CONFIG_NF_CONNTRACK', '/proc/sys/net/netfilter/nf_conntrack_max'),
    'nf_nat': ('CONFIG_NF_NAT', None),
    'ip_vs': ('CONFIG_IP_VS', '/proc/net/ip_vs'),
}

WHY = {
    'overlay': "Docker's overlay2 storage driver",
    'br_netfilter': 'iptables rules on bridged container traffic',
    'bridge': 'container networks',
    'vxlan': 'swarm overlay networks',
    'veth': 'container network interfaces',
    'nf_conntrack': 'NAT and published ports',
    'nf_nat': 'NAT and published ports',
    'ip_vs': "the swarm routing mesh (ingress load balancing); without it publish ports with mode=host",
}


def parse_kernel_config(text):
    """{'CONFIG_X': 'y' | 'm'} from /proc/config.gz or /boot/config-*."""
    found = {}
    for match in re.finditer(r'^(CONFIG_\w+)=([ym])$', text or '', re.MULTILINE):
        found[match.group(1)] = match.group(2)
    return found


def parse_proc_modules(text):
    """Names of the loaded (loadable) modules in /proc/modules."""
    return set(line.split()[0] for line in (text or '').splitlines() if line.strip())


def parse_modules_builtin(text):
    """Names in /lib/modules/$(uname -r)/modules.builtin (kernel/fs/overlayfs/overlay.ko -> overlay)."""
    names = set()
    for line in (text or '').splitlines():
        base = line.strip().rsplit('/', 1)[-1]
        if base.endswith('.ko'):
            names.add(base[:-3].replace('-', '_'))
    return names


def feature_state(name, loaded, builtin, kernel_config, filesystems, existing_paths):
    """'loaded', 'builtin', 'loadable' (a module exists but is not loaded) or 'missing'."""
    symbol, marker = FEATURES.get(name, (None, None))
    if name in loaded:
        return 'loaded'
    if name in builtin or kernel_config.get(symbol) == 'y':
        return 'builtin'
    if name == 'overlay' and 'overlay' in filesystems:
        return 'builtin'
    if marker and marker in existing_paths:
        return 'builtin'
    if kernel_config.get(symbol) == 'm':
        return 'loadable'
    return 'missing'


def modules_load_conf(states):
    """Content of /etc/modules-load.d/<file>: the features that are modules, so they load at boot."""
    names = sorted(name for name, state in states.items() if state == 'loaded')
    header = '# Kernel modules Docker and swarm networking need (written by flotilla.swarm).\n'
    return header + ''.join(name + '\n' for name in names)


def missing_message(name, detail=None):
    why = WHY.get(name, 'Docker')
    text = 'kernel feature %s is missing (needed for %s)' % (name, why)
    if detail:
        text += ': %s' % detail
    return text
