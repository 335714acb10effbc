# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The swarm's own spec: autolock and CA rotation, and the nodes still behind a new root CA
(pure functions, no engine)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy


def cluster_spec_update(spec, autolock=None, rotate_ca=False):
    """(new spec, actions): a full copy of the swarm spec with autolock and CA rotation applied.

    autolock None leaves it as it is. rotate_ca bumps CAConfig.ForceRotate, which is what
    `docker swarm ca --rotate` does: the managers make a new root CA and reissue every node's
    certificate from it.
    """
    new = copy.deepcopy(spec or {})
    actions = []
    if autolock is not None:
        if bool((new.get('EncryptionConfig') or {}).get('AutoLockManagers')) != bool(autolock):
            new['EncryptionConfig'] = dict(new.get('EncryptionConfig') or {}, AutoLockManagers=bool(autolock))
            actions.append('autolock_on' if autolock else 'autolock_off')
    if rotate_ca:
        ca_config = new.setdefault('CAConfig', {})
        ca_config['ForceRotate'] = int(ca_config.get('ForceRotate') or 0) + 1
        actions.append('rotate_ca')
    return new, actions


def nodes_behind_root_ca(swarm, nodes):
    """(lagging, down): hostnames of ready nodes whose certificate the current root CA did not issue yet,
    and of nodes that are not ready (they get theirs when they come back; until then the swarm
    keeps its root rotation in progress).
    """
    wanted = swarm.get('TLSInfo') or {}
    lagging, down = [], []
    for node in nodes:
        hostname = (node.get('Description') or {}).get('Hostname') or node.get('ID')
        if (node.get('Status') or {}).get('State') != 'ready':
            down.append(hostname)
            continue
        tls = (node.get('Description') or {}).get('TLSInfo') or {}
        if any(tls.get(key) != wanted.get(key) for key in ('TrustRoot', 'CertIssuerSubject', 'CertIssuerPublicKey')):
            lagging.append(hostname)
    return sorted(lagging), sorted(down)
