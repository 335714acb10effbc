# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an LXC container needs to run Docker, and how to write it into its config file.

Pure functions: the module reads the LXC version, the host's cgroup layout and the file,
these decide what the file must hold.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

BEGIN_MARKER = '# BEGIN flotilla.swarm: run Docker in this container'
END_MARKER = '# END flotilla.swarm'

# Keys that hold one value: an earlier line with the same key is overridden by ours
# (native format: the last line wins; Proxmox: we drop the other lines).
SINGLE_VALUED = ('lxc.apparmor.profile', 'lxc.aa_profile')


def parse_lxc_version(text):
    """'5.0.2' or 'lxc-start 4.0.6' -> (5, 0, 2)."""
    match = re.search(r'(\d+)\.(\d+)(?:\.(\d+))?', text or '')
    if not match:
        raise ValueError('cannot read an LXC version from %r' % (text,))
    return tuple(int(part or 0) for part in match.groups())


def apparmor_key(version):
    """LXC 2.1 renamed lxc.aa_profile to lxc.apparmor.profile (and removed the old name in 3.0)."""
    return 'lxc.apparmor.profile' if tuple(version) >= (2, 1) else 'lxc.aa_profile'


def devices_key(version, unified_cgroup):
    """The device cgroup key: lxc.cgroup2.* only exists from LXC 4.0 and only means something on a cgroup v2 host."""
    if unified_cgroup and tuple(version) >= (4, 0):
        return 'lxc.cgroup2.devices.allow'
    return 'lxc.cgroup.devices.allow'


def docker_settings(version, unified_cgroup):
    """(key, value) pairs, in order, that let Docker (and swarm networking) run inside the container.

    - AppArmor unconfined: the host's LXC profile forbids the mounts dockerd and runc make.
    - An empty cap.drop clears the capabilities the distribution's common config drops
      (sys_module, sys_time, ...): it must come after the config's lxc.include lines.
    - Every device allowed: dockerd and runc create device nodes for their own containers.
    - /proc, /sys and the cgroup tree mounted read-write: dockerd writes net sysctls and
      creates cgroups for its containers.
    """
    return [
        (apparmor_key(version), 'unconfined'),
        ('lxc.cap.drop', ''),
        (devices_key(version, unified_cgroup), 'a'),
        ('lxc.mount.auto', 'proc:rw sys:rw cgroup:rw'),
    ]


def format_line(key, value, fmt):
    separator = ':' if fmt == 'proxmox' else ' ='
    return ('%s%s %s' % (key, separator, value)).rstrip()


def parse_line(line, fmt):
    """(key, value) of a config line, or None for comments, blank lines and sections."""
    stripped = line.strip()
    if not stripped or stripped.startswith('#') or stripped.startswith('['):
        return None
    separator = ':' if fmt == 'proxmox' else '='
    if separator not in stripped:
        return None
    key, value = stripped.split(separator, 1)
    return key.strip(), value.strip()


def _split_lines(text):
    return (text or '').splitlines()


def _join(lines):
    return '\n'.join(lines) + '\n' if lines else ''


def without_block(text):
    """The native config text without our marked block."""
    kept, inside = [], False
    for line in _split_lines(text):
        if line.strip() == BEGIN_MARKER:
            inside = True
        elif inside and line.strip() == END_MARKER:
            inside = False
        elif not inside:
            kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return kept


def render_native(text, settings):
    """Native config (key = value): our settings as one marked block at the end.

    At the end because LXC reads the file in order: the last value of a single-valued key
    wins and the empty lxc.cap.drop must come after the lxc.include that sets the list.
    Lines of the user's are left where they are.
    """
    lines = without_block(text)
    if settings:
        if lines:
            lines.append('')
        lines.append(BEGIN_MARKER)
        lines.extend(format_line(key, value, 'native') for key, value in settings)
        lines.append(END_MARKER)
    return _join(lines)


def render_proxmox(text, settings, remove=False):
    """Proxmox /etc/pve/lxc/<id>.conf (key: value): our lines in the main section.

    Proxmox turns comment lines into the container's description and keeps snapshots in
    [sections] after the main one, so no markers here: lines with our single-valued keys
    and other values are replaced, missing lines are added before the first section.
    With remove=True, exactly our lines are taken out.
    """
    lines = _split_lines(text)
    first_section = next((i for i, line in enumerate(lines) if line.strip().startswith('[')), len(lines))
    main, sections = lines[:first_section], lines[first_section:]
    wanted = [format_line(key, value, 'proxmox') for key, value in settings]
    ours = dict(settings)
    kept = []
    for line in main:
        parsed = parse_line(line, 'proxmox')
        if parsed and remove and format_line(parsed[0], parsed[1], 'proxmox') in wanted:
            continue
        if parsed and not remove and parsed[0] in SINGLE_VALUED and parsed[0] in ours \
                and parsed[1] != ours[parsed[0]]:
            continue
        kept.append(line)
    if not remove:
        present = set(format_line(*parsed, fmt='proxmox') for parsed in
                      (parse_line(line, 'proxmox') for line in kept) if parsed)
        while kept and not kept[-1].strip():
            kept.pop()
        kept.extend(line for line in wanted if line not in present)
        if sections:
            kept.append('')
    return _join(kept + sections)


def render(text, settings, fmt='native', remove=False):
    """The new file text: settings written in (or taken out with remove=True)."""
    if fmt == 'proxmox':
        return render_proxmox(text, settings, remove=remove)
    if fmt != 'native':
        raise ValueError('unknown LXC config format %r (native or proxmox)' % (fmt,))
    return render_native(text, [] if remove else settings)
