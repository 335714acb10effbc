#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: tls_certificate
short_description: A key and certificate in a PKI directory, issued by its CA or as the CA itself
version_added: 0.1.0
description:
  - Makes a private key and a certificate for it in one step, on the machine the task runs on (normally the
    controller, with C(delegate_to=localhost)). Without O(ca_path) it makes a self-signed CA
    (C(CA:TRUE), path length 0); with it, a certificate issued by that CA.
  - An issued certificate is issued again when the request it was issued for (common name, subject
    alternative names, extended key usages, key type and the CA's checksum, stored next to it in
    O(request_path)) differs from this one, or when it expires within O(renew_days). The existing key is kept
    when it has the wanted type.
  - A CA that exists is kept as it is; replacing a CA is the caller's decision (remove the files first).
  - One task does what community.crypto's openssl_privatekey, openssl_csr_pipe, x509_certificate_info and
    x509_certificate do together, in one Python process; the certificates carry the same extensions.
extends_documentation_fragment:
  - flotilla.swarm.attributes
  - flotilla.swarm.attributes.converges
options:
  path:
    description: The certificate file (PEM). Written 0644.
    type: path
    required: true
  privatekey_path:
    description: The private key file (PEM, PKCS#8, unencrypted). Written 0600.
    type: path
    required: true
  request_path:
    description:
      - Where the request the certificate was issued for is recorded (JSON). Required with O(ca_path).
    type: path
  common_name:
    description: The subject's common name.
    type: str
    required: true
  subject_alt_names:
    description: Subject alternative names, V(IP:<address>) or V(DNS:<name>).
    type: list
    elements: str
    default: []
  extended_key_usages:
    description: Extended key usages of an issued certificate.
    type: list
    elements: str
    choices: [serverAuth, clientAuth]
    default: []
  key_usages:
    description: Key usages of an issued certificate (a CA gets keyCertSign and cRLSign).
    type: list
    elements: str
    choices: [digitalSignature, keyEncipherment]
    default: [digitalSignature, keyEncipherment]
  key_type:
    description: V(ECC) (P-256) or V(RSA) (4096 bits).
    type: str
    choices: [ECC, RSA]
    default: ECC
  not_after_days:
    description: Validity in days from now.
    type: int
    required: true
  renew_days:
    description: Issue an issued certificate again when it expires within this many days.
    type: int
    default: 30
  ca_path:
    description: The issuing CA's certificate. Omit it to make a self-signed CA.
    type: path
  ca_privatekey_path:
    description: The issuing CA's private key. Required with O(ca_path).
    type: path
requirements:
  - cryptography (Python library) where the task runs
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: The cluster's CA
  flotilla.swarm.tls_certificate:
    path: ~/.flotilla/pki/prod/ca.pem
    privatekey_path: ~/.flotilla/pki/prod/ca-key.pem
    common_name: flotilla.swarm CA (prod)
    not_after_days: 3650
  delegate_to: localhost
  run_once: true

- name: The engine certificate of this host
  flotilla.swarm.tls_certificate:
    path: ~/.flotilla/pki/prod/hosts/{{ inventory_hostname }}/cert.pem
    privatekey_path: ~/.flotilla/pki/prod/hosts/{{ inventory_hostname }}/key.pem
    request_path: ~/.flotilla/pki/prod/hosts/{{ inventory_hostname }}/request.json
    common_name: "{{ inventory_hostname }}"
    subject_alt_names: ["IP:{{ ansible_facts.default_ipv4.address }}", "DNS:{{ inventory_hostname }}"]
    extended_key_usages: [serverAuth]
    not_after_days: 825
    ca_path: ~/.flotilla/pki/prod/ca.pem
    ca_privatekey_path: ~/.flotilla/pki/prod/ca-key.pem
  delegate_to: localhost
'''

RETURN = r'''
reasons:
  description: Why the certificate was made or issued again; empty when it was current.
  returned: success
  type: list
  elements: str
new_key:
  description: Whether a new private key was made.
  returned: success
  type: bool
'''

import datetime
import hashlib
import json

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.flotilla.swarm.plugins.module_utils import pki, tls_plan
from ansible_collections.flotilla.swarm.plugins.module_utils.files import read_bytes, write_atomically


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type='path', required=True),
            privatekey_path=dict(type='path', required=True, no_log=False),
            request_path=dict(type='path'),
            common_name=dict(type='str', required=True),
            subject_alt_names=dict(type='list', elements='str', default=[]),
            extended_key_usages=dict(type='list', elements='str', choices=['serverAuth', 'clientAuth'], default=[]),
            key_usages=dict(type='list', elements='str', choices=['digitalSignature', 'keyEncipherment'],
                            default=['digitalSignature', 'keyEncipherment']),
            key_type=dict(type='str', choices=['ECC', 'RSA'], default='ECC'),
            not_after_days=dict(type='int', required=True),
            renew_days=dict(type='int', default=30),
            ca_path=dict(type='path'),
            ca_privatekey_path=dict(type='path', no_log=False),
        ),
        required_together=[('ca_path', 'ca_privatekey_path', 'request_path')],
        supports_check_mode=True,
    )
    if not pki.HAS_CRYPTOGRAPHY:
        module.fail_json(msg=missing_required_lib('cryptography'))
    p = module.params
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    cert_data, key_data = read_bytes(p['path']), read_bytes(p['privatekey_path'])

    if p['ca_path'] is None:
        # A CA: made once, kept afterwards.
        if cert_data is not None and key_data is None:
            module.fail_json(msg='%s exists without its key %s: put the key back, or remove both to make a new CA '
                                 '(every certificate it issued must then be issued again)'
                                 % (p['path'], p['privatekey_path']))
        reasons = [] if cert_data is not None else ['no CA yet']
        issuer_cert = issuer_key = None
    else:
        ca_data, ca_key_data = read_bytes(p['ca_path']), read_bytes(p['ca_privatekey_path'])
        if ca_data is None or ca_key_data is None:
            module.fail_json(msg='the CA %s or its key %s is missing' % (p['ca_path'], p['ca_privatekey_path']))
        wanted = tls_plan.certificate_request(p['common_name'], p['subject_alt_names'], p['extended_key_usages'],
                                              p['key_type'], hashlib.sha1(ca_data).hexdigest())
        stored = None
        try:
            stored = json.loads(read_bytes(p['request_path']) or b'null')
        except ValueError:
            pass
        expiry = pki.not_after(pki.load_certificate(cert_data)) if cert_data is not None else None
        reasons = tls_plan.certificate_reasons(stored, wanted, expiry, p['renew_days'], now)
        if key_data is None and not reasons:
            reasons = ['the key is missing']
        issuer_cert, issuer_key = pki.load_certificate(ca_data), pki.load_private_key(ca_key_data)

    key = pki.load_private_key(key_data) if key_data is not None else None
    new_key = key is None or not pki.key_matches_type(key, p['key_type'])
    result = dict(changed=bool(reasons), reasons=reasons, new_key=bool(reasons) and new_key)
    if not reasons or module.check_mode:
        module.exit_json(**result)

    if new_key:
        key = pki.new_private_key(p['key_type'])
    try:
        cert = pki.build_certificate(key, p['common_name'], p['not_after_days'], now, issuer_cert=issuer_cert,
                                     issuer_key=issuer_key, subject_alt_names=p['subject_alt_names'],
                                     extended_key_usages=p['extended_key_usages'], key_usages=p['key_usages'])
    except ValueError as exc:
        module.fail_json(msg='nothing written: %s' % exc)
    if new_key:
        write_atomically(module, p['privatekey_path'], pki.private_key_pem(key), 0o600)
    write_atomically(module, p['path'], pki.certificate_pem(cert), 0o644)
    if p['request_path']:
        write_atomically(module, p['request_path'], (json.dumps(wanted, indent=4, sort_keys=True) + '\n').encode(), 0o644)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
