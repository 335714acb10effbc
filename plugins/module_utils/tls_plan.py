# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether a host's TLS files are current (pure functions, no I/O).

A certificate is current when the controller's copy was issued for the request
the role would make now (same names, usages, key parameters and CA), is not due
for renewal, and the host has byte-for-byte the controller's CA, certificate and
key with the right modes and owners. Then nothing needs issuing, installing or
restarting, and the role skips its key, request and certificate tasks.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime


def certificate_request(common_name, subject_alt_names, usages, key_type, ca_checksum):
    """What a certificate is issued for, as recorded next to it (request.json).

    A certificate without subject alternative names (the operators' client certificate)
    has no 'sans' entry.
    """
    request = dict(cn=common_name, usages=sorted(usages), key=key_type, ca=ca_checksum)
    if subject_alt_names:
        request['sans'] = sorted(subject_alt_names)
    return request


def certificate_reasons(stored_request, wanted_request, not_after, renew_days, now):
    """Why the controller's certificate must be issued again; [] when it is current.

    stored_request: the request it was issued for (None if unknown); wanted_request: the
    request the role would make now; not_after, now: datetimes (not_after None when there
    is no certificate).
    """
    if stored_request is None or not_after is None:
        return ['no certificate issued by this role yet']
    if stored_request != wanted_request:
        changed = sorted(k for k in set(stored_request) | set(wanted_request)
                         if stored_request.get(k) != wanted_request.get(k))
        return ['the request changed: %s' % ', '.join(changed)]
    if not_after - now < datetime.timedelta(days=renew_days):
        return ['due for renewal (expires %s)' % not_after.strftime('%Y-%m-%d')]
    return []


def install_reasons(installed, expected):
    """Why the host's copies must be installed again; [] when they are current.

    installed: {file name: {'checksum', 'mode', 'pw_name', 'gr_name'}}, what the host has
        (ansible.builtin.find with get_checksum).
    expected: [{'name', 'checksum', 'mode', 'owner', 'group'}], what it should have; checksum
        None when the controller has no such file yet.
    """
    reasons = []
    for want in expected:
        have = installed.get(want['name'])
        if want['checksum'] is None:
            reasons.append('%s is not in the PKI' % want['name'])
        elif have is None:
            reasons.append('%s is not on the host' % want['name'])
        elif have.get('checksum') != want['checksum']:
            reasons.append('%s on the host differs' % want['name'])
        elif (have.get('mode'), have.get('pw_name'), have.get('gr_name')) != (want['mode'], want['owner'], want['group']):
            reasons.append('%s on the host has mode %s, owner %s:%s' % (
                want['name'], have.get('mode'), have.get('pw_name'), have.get('gr_name')))
    return reasons


def host_trusts_other_ca(installed, ca_name, ca_checksum):
    """True when the host has a CA file that is not the controller's CA."""
    have = installed.get(ca_name)
    return have is not None and ca_checksum is not None and have.get('checksum') != ca_checksum


# Interfaces whose addresses are not the host's own: loopback, and Docker's bridges and veth pairs, which
# carry the same addresses on every host (docker0, docker_gwbridge, br-*) and appear when the engine or the
# swarm creates them: a certificate that named them would change between runs and on every host alike.
NOT_OWN_INTERFACES = ('lo', 'docker0', 'docker_gwbridge', 'br-', 'veth')


def _present_once(items):
    seen = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen


def server_sans(addresses, names, extra=()):
    """An engine certificate's subjectAltNames: IP: for each address, DNS: for each name (empty ones
    and repeats left out, in order), then extra as given."""
    return ['IP:' + address for address in _present_once(addresses)] + \
        ['DNS:' + name for name in _present_once(names)] + list(extra)


def host_addresses(facts):
    """The primary IPv4 addresses of the host's own interfaces, in the order of its facts' interface list."""
    addresses = []
    for name in facts.get('interfaces') or []:
        if name.startswith(NOT_OWN_INTERFACES):
            continue
        address = ((facts.get(name.replace('-', '_')) or {}).get('ipv4') or {}).get('address')
        if address and address not in addresses:
            addresses.append(address)
    return addresses
