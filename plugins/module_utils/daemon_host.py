# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether a daemon.json can work on a host, from what daemon_state read of it (pure functions).

`dockerd --validate` passes a file whose values have the right types, yet the engine fails
to start when the file asks for something the host lacks: a TCP port out of range or taken
by another program, an address the host does not have, a storage driver its kernel or
filesystem cannot back. These rules find such settings in the one read of each host, before
any host is written. What they cannot see, the docker_daemon role's canary restart catches.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket
import struct

DEFAULT_DATA_ROOT = '/var/lib/docker'

# Storage drivers of engines 20.10 to 28, with the kernel filesystem each needs in /proc/filesystems
# and the filesystem the data root must be on (None: any).
STORAGE_DRIVERS = {
    'overlay2': ('overlay', None),
    'fuse-overlayfs': ('fuse', None),
    'btrfs': ('btrfs', 'btrfs'),
    'zfs': ('zfs', 'zfs'),
    'vfs': (None, None),
}
# Drivers that engines dropped, with the first release without them.
REMOVED_STORAGE_DRIVERS = {'aufs': '24.0', 'overlay': '24.0', 'devicemapper': '25.0'}

_WILDCARDS = ('', '0.0.0.0', '::', '[::]')
_LISTEN = '0A'  # TCP_LISTEN in /proc/net/tcp


def filesystem_names(text):
    """The filesystem names /proc/filesystems lists ('nodev\\toverlay' -> 'overlay')."""
    return sorted(set(line.split()[-1] for line in (text or '').splitlines() if line.split()))


def mount_types(text):
    """{mount point: filesystem type} from /proc/self/mounts; the last mount of a point wins, as in the kernel."""
    mounts = {}
    for line in (text or '').splitlines():
        fields = line.split()
        if len(fields) >= 3:
            # The kernel writes a space in a path as \040 (and tab, newline, backslash likewise).
            point = fields[1].encode('latin-1', 'replace').decode('unicode_escape')
            mounts[point] = fields[2]
    return mounts


def filesystem_of(path, mounts):
    """The filesystem type of the mount that holds path (the longest mount point above it), or None."""
    best = None
    for point in mounts or {}:
        inside = path == point or path.startswith(point.rstrip('/') + '/')
        if inside and (best is None or len(point) > len(best)):
            best = point
    return (mounts or {}).get(best) if best is not None else None


def _hex_address(text):
    """'0100007F' -> '127.0.0.1'; 32 hex digits -> an IPv6 address (each 32-bit word in host byte order)."""
    raw = bytes(bytearray.fromhex(text))
    words = struct.unpack('<%dI' % (len(raw) // 4), raw)
    packed = struct.pack('>%dI' % len(words), *words)
    family = socket.AF_INET if len(packed) == 4 else socket.AF_INET6
    return socket.inet_ntop(family, packed)


def tcp_listeners(tables, owners=None):
    """The listening TCP sockets of /proc/net/tcp and /proc/net/tcp6 texts: [{address, port, process}].

    owners maps a socket inode (as text) to the name of the process that holds it; unknown is ''.
    """
    found = []
    for text in tables:
        for line in (text or '').splitlines()[1:]:
            fields = line.split()
            if len(fields) < 10 or fields[3] != _LISTEN:
                continue
            address, port = fields[1].split(':')
            found.append({'address': _hex_address(address), 'port': int(port, 16),
                          'process': (owners or {}).get(fields[9], '')})
    return sorted(found, key=lambda item: (item['port'], item['address']))


def _tcp_endpoints(config):
    """(address, port text) of each tcp:// entry of daemon.json's hosts."""
    endpoints = []
    for host in config.get('hosts') or []:
        if isinstance(host, str) and host.startswith('tcp://'):
            address, _sep, port = host[len('tcp://'):].rpartition(':')
            endpoints.append((address.strip('[]'), port))
    return endpoints


def _port_problem(address, port_text, listeners, engine_process):
    try:
        port = int(port_text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        return 'not a TCP port: use one from 1 to 65535 (the engine API over TLS is usually 2376)'
    for listener in listeners or []:
        if listener['port'] != port or listener['process'] == engine_process:
            continue
        if address in _WILDCARDS or listener['address'] in _WILDCARDS or listener['address'] == address:
            return 'port %d is taken by %s on %s: choose a free port' % (
                port, listener['process'] or 'another program', listener['address'])
    return None


def host_problems(config, read, addresses=None, variables=None, engine_process='dockerd'):
    """What in daemon.json (a dict) cannot work on the host that read describes, as messages.

    read: the host's daemon_state result (filesystems, mounts, listening, engine).
    addresses: the host's own IP addresses (its facts), or None to leave addresses unchecked.
    variables: the variables that set each part, to name in the messages: {'storage-driver': ..., 'data-root': ...,
    'hosts:address': ..., 'hosts:port': ...} (a tcp:// endpoint's address and port).
    """
    variables = variables or {}
    read = read or {}
    problems = []

    def problem(part, value, directive, setting, text):
        name = variables.get(part)
        where = 'daemon.json %s %s' % (directive, setting)
        problems.append('%s=%s (%s): %s' % (name, value, where, text) if name else '%s: %s' % (where, text))

    own = set(addresses or []) | set(['127.0.0.1', '::1'])
    for address, port in _tcp_endpoints(config):
        endpoint = 'tcp://%s:%s' % (address, port)
        if addresses is not None and address not in _WILDCARDS and address not in own:
            problem('hosts:address', address, 'hosts', endpoint, 'not an address of this host; it has %s' % (
                ', '.join(sorted(addresses)) or 'none'))
        port_problem = _port_problem(address, port, read.get('listening'), engine_process)
        if port_problem:
            problem('hosts:port', port, 'hosts', endpoint, port_problem)

    driver = config.get('storage-driver')
    running = (read.get('engine') or {}).get('Driver')
    if driver and driver != running:
        driver_problem = _storage_driver_problem(driver, config.get('data-root') or DEFAULT_DATA_ROOT, read)
        if driver_problem:
            problem('storage-driver', driver, 'storage-driver', driver, driver_problem)
    return problems


def _storage_driver_problem(driver, data_root, read):
    """Why the driver cannot run on the host (its kernel's filesystems, what data_root is on), or None."""
    if driver in REMOVED_STORAGE_DRIVERS:
        return 'engines from %s on no longer have it; use overlay2' % REMOVED_STORAGE_DRIVERS[driver]
    if driver not in STORAGE_DRIVERS:
        return 'not a storage driver the engine knows; use one of %s' % ', '.join(sorted(STORAGE_DRIVERS))
    have, mounts = read.get('filesystems'), read.get('mounts')
    if have is None or mounts is None:
        return None  # a read without them: the canary restart is the check
    on = filesystem_of(data_root, mounts)

    def runs(name):
        kernel_fs, root_fs = STORAGE_DRIVERS[name]
        return (kernel_fs is None or kernel_fs in have) and (root_fs is None or root_fs == on)

    if runs(driver):
        return None
    kernel_fs, root_fs = STORAGE_DRIVERS[driver]
    why = ('the kernel has no %s filesystem' % kernel_fs if kernel_fs not in have
           else '%s is on %s, not %s' % (data_root, on or 'an unknown filesystem', root_fs))
    return '%s; this host can run %s' % (why, ', '.join(name for name in sorted(STORAGE_DRIVERS) if runs(name)))
