# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether the docker_tls role has anything to do for a host.

It reads the controller's side (checksums of the PKI files, the stored request,
the certificate's expiry: one certificate read, no key operations) and leaves
the decision to module_utils/tls_plan.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import hashlib
import json
import os
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.flotilla.swarm.plugins.module_utils import tls_plan


def file_checksum(path):
    """SHA-1 of a controller file, None when there is none."""
    if not os.path.isfile(path):
        return None
    digest = hashlib.sha1()
    with open(path, 'rb') as handle:
        digest.update(handle.read())
    return digest.hexdigest()


def _not_after(path):
    if not os.path.isfile(path):
        return None
    # Imported here, not with the module: Ansible loads every filter file of the collection in each
    # task's worker process that uses any of its filters, and cryptography.x509 is most of that time.
    try:
        from cryptography import x509
    except ImportError as exc:
        raise AnsibleFilterError('tls_certificate_reasons needs the Python cryptography library on the controller') from exc
    with open(path, 'rb') as handle:
        cert = x509.load_pem_x509_certificate(handle.read())
    if hasattr(cert, 'not_valid_after_utc'):
        return cert.not_valid_after_utc.replace(tzinfo=None)
    return cert.not_valid_after


def _stored_request(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except (IOError, OSError, ValueError):
        return None


def _installed(host_files):
    """{file name: its record} from daemon_state's files ({path: record or None}) or find's files ([record])."""
    if isinstance(host_files, Mapping):
        return dict((os.path.basename(str(path)), dict(f)) for path, f in host_files.items() if f)
    return dict((os.path.basename(str(f['path'])), dict(f)) for f in host_files or [])


def tls_certificate_reasons(cert_file, request_file, request, renew_days):
    """{{ cert_path | flotilla.swarm.tls_certificate_reasons(request_path, request, 30) }}"""
    wanted = json.loads(json.dumps(request))  # plain JSON types, as the stored copy has them
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    return tls_plan.certificate_reasons(_stored_request(str(request_file)), wanted, _not_after(str(cert_file)),
                                        int(renew_days), now)


def tls_install_reasons(host_files, files):
    """{{ found.files | flotilla.swarm.tls_install_reasons([{'name', 'src', 'mode', 'owner', 'group'}, ...]) }}"""
    expected = [dict(name=str(f['name']), checksum=file_checksum(str(f['src'])), mode=str(f['mode']),
                     owner=str(f['owner']), group=str(f['group'])) for f in files]
    return tls_plan.install_reasons(_installed(host_files), expected)


def tls_host_trusts_other_ca(host_files, ca_name, ca_file):
    """{{ found.files | flotilla.swarm.tls_host_trusts_other_ca('ca.pem', pki_dir ~ '/ca.pem') }}"""
    return tls_plan.host_trusts_other_ca(_installed(host_files), str(ca_name), file_checksum(str(ca_file)))


def tls_host_addresses(facts):
    """{{ ansible_facts | flotilla.swarm.tls_host_addresses }}: the IPv4 addresses a host certificate names."""
    if not isinstance(facts, Mapping):
        raise AnsibleFilterError('tls_host_addresses: the input must be a host\'s facts (ansible_facts)')
    return tls_plan.host_addresses(facts)


def tls_server_sans(facts, inventory_hostname, advertise_addr='', extra=None):
    """{{ ansible_facts | flotilla.swarm.tls_server_sans(inventory_hostname, advertise_addr, extra_sans) }}: the engine
    certificate's subjectAltNames - loopback, the host's own addresses and the advertised one; its names."""
    if not isinstance(facts, Mapping):
        raise AnsibleFilterError('tls_server_sans: the input must be a host\'s facts (ansible_facts)')
    addresses = ['127.0.0.1'] + tls_plan.host_addresses(facts) + [str(advertise_addr or '')]
    names = [str(inventory_hostname), str(facts.get('hostname') or ''), str(facts.get('fqdn') or ''), 'localhost']
    return tls_plan.server_sans(addresses, names, [str(san) for san in extra or []])


def tls_pki_reasons(pki_dir, client_request, renew_days):
    """{{ pki_dir | flotilla.swarm.tls_pki_reasons(client_request, renew_days) }}: why the controller's CA and
    client certificate have to be made (again); [] when both are there, the client holds this CA and its
    certificate was issued for today's request and is not due for renewal."""
    pki_dir = str(pki_dir)
    missing = [name for name in ('ca-key.pem', 'ca.pem', 'client/key.pem', 'client/ca.pem')
               if not os.path.isfile(os.path.join(pki_dir, name))]
    if missing:
        return ['missing in %s: %s' % (pki_dir, ', '.join(missing))]
    if file_checksum(os.path.join(pki_dir, 'client/ca.pem')) != file_checksum(os.path.join(pki_dir, 'ca.pem')):
        return ['the client directory holds another CA']
    return tls_certificate_reasons(os.path.join(pki_dir, 'client/cert.pem'), os.path.join(pki_dir, 'client/request.json'),
                                   client_request, renew_days)


class FilterModule(object):

    def filters(self):
        return {
            'tls_host_addresses': tls_host_addresses,
            'tls_server_sans': tls_server_sans,
            'tls_pki_reasons': tls_pki_reasons,
            'tls_certificate_reasons': tls_certificate_reasons,
            'tls_install_reasons': tls_install_reasons,
            'tls_host_trusts_other_ca': tls_host_trusts_other_ca,
        }
