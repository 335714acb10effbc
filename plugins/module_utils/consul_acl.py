# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the consul_acl module does to Consul's ACL policies and tokens (pure functions, no I/O).

Policies are found by name, tokens by accessor ID. A token's secret cannot be changed in Consul, so a token
whose secret is not the one asked for is deleted and made again (the role derives the secrets from the
management token: a token made by an earlier version of the role, with a secret Consul chose, is replaced once).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def policy_body(wanted, existing=None):
    body = {'Name': wanted['name'], 'Description': wanted.get('description', ''), 'Rules': wanted['rules']}
    if existing:
        body['ID'] = existing['ID']
    return body


def policy_action(existing, wanted):
    """'create', 'update' or None, for a policy as Consul returns it (None: there is none) and as asked."""
    if existing is None:
        return 'create'
    if (existing.get('Rules', ''), existing.get('Description', '')) != (wanted['rules'], wanted.get('description', '')):
        return 'update'
    return None


def token_body(wanted):
    body = {
        'AccessorID': wanted['accessor_id'],
        'Description': wanted.get('description', ''),
        'Policies': [{'Name': name} for name in wanted.get('policies') or []],
        'NodeIdentities': [{'NodeName': n['node_name'], 'Datacenter': n['datacenter']}
                           for n in wanted.get('node_identities') or []],
    }
    if wanted.get('secret_id'):
        body['SecretID'] = wanted['secret_id']
    return body


def token_action(existing, wanted):
    """'create', 'replace' (delete, then create: the secret differs), 'update' or None."""
    if existing is None:
        return 'create'
    if wanted.get('secret_id') and existing.get('SecretID') != wanted['secret_id']:
        return 'replace'
    have = (
        existing.get('Description', ''),
        sorted(p.get('Name') for p in existing.get('Policies') or []),
        sorted((n.get('NodeName'), n.get('Datacenter')) for n in existing.get('NodeIdentities') or []),
    )
    want = (
        wanted.get('description', ''),
        sorted(wanted.get('policies') or []),
        sorted((n['node_name'], n['datacenter']) for n in wanted.get('node_identities') or []),
    )
    return 'update' if have != want else None
