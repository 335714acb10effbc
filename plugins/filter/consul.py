# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that give the consul and registrator roles the rules of module_utils/consul_config and
module_utils/consul_plan; the controller's side (artefact checksums, the PKI) is read here."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json
import os

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.yaml import yaml_load

from ansible_collections.flotilla.swarm.plugins.filter.tls import file_checksum, tls_certificate_reasons, tls_install_reasons
from ansible_collections.flotilla.swarm.plugins.module_utils import consul_config, consul_plan
from ansible_collections.flotilla.swarm.plugins.module_utils.tls_plan import certificate_request
from ansible_collections.flotilla.swarm.plugins.plugin_utils.plain_values import plain as _plain


def consul_agent_config(params):
    """{{ {'version': ..., 'datacenter': ..., ...} | flotilla.swarm.consul_agent_config }}"""
    try:
        return consul_config.agent_config(**params)
    except (TypeError, ValueError) as exc:
        raise AnsibleFilterError('consul_agent_config: %s' % exc)


def consul_tls_stage(config):
    """{{ existing_config_or_none | flotilla.swarm.consul_tls_stage }}"""
    return consul_config.tls_stage_of(config)


def consul_tls_plan(current_stages, want_tls):
    """{{ stages_of_every_agent | flotilla.swarm.consul_tls_plan(consul_tls) }}"""
    return consul_config.tls_plan(current_stages, bool(want_tls))


def consul_host_tls_stage(step, own_stage):
    """{{ step | flotilla.swarm.consul_host_tls_stage(own_stage) }}"""
    return consul_config.host_tls_stage(step, own_stage)


def consul_server_addresses(servers, hostvars):
    """{{ groups[consul_servers_group] | flotilla.swarm.consul_server_addresses(hostvars) }}: the address each server
    advertises (module_utils/consul_config.advertise_address), in the group's order: the agents' retry_join."""
    addresses = []
    for name in servers or []:
        # No hostvars when the hosts of a play are templated for --syntax-check.
        host = hostvars.get(name) or {}
        addresses.append(consul_config.advertise_address(host.get('consul_advertise_address'),
                                                         _plain(host.get('ansible_facts'))))
    return addresses


def consul_tls_names(addresses, datacenter, server, node_name):
    """{{ addresses | flotilla.swarm.consul_tls_names(datacenter, is_server, node_name) }}"""
    return consul_config.tls_names(datacenter, bool(server), node_name, addresses)


def consul_datacenter_problems(slurped, datacenter, change=False):
    """{{ consul_json_slurps.results | flotilla.swarm.consul_datacenter_problems(consul_datacenter, change) }}:
    a name Consul would refuse, or a running cluster moved to another datacenter without change=true."""
    running = {}
    for result in slurped or []:
        try:
            config = json.loads(base64.b64decode(result.get('content') or '') or 'null')
        except ValueError:
            config = None  # unreadable: written again anyway
        running[str(result.get('item'))] = config.get('datacenter') if isinstance(config, dict) else None
    return (consul_config.datacenter_problems(datacenter)
            or consul_config.datacenter_change_problems(datacenter, running, bool(change)))


def _docker_tls_default(name):
    """A default of the docker_tls role, whose certificate entry point issues the agents' certificates: read from
    its defaults file, so that file stays the one home of the value."""
    path = os.path.join(os.path.dirname(__file__), '..', '..', 'roles', 'docker_tls', 'defaults', 'main.yml')
    with open(path) as handle:
        return yaml_load(handle)[name]


def _certificate_reasons(read, cert):
    """Why the agent's certificate has to be issued or installed: the docker_tls role's own rules."""
    pki, host_dir = str(cert['pki_dir']), '%s/hosts/%s' % (cert['pki_dir'], cert['host'])
    files = read.get('files') or {}
    dest = str(cert['dest'])
    wanted = ['%s/%s' % (dest, name) for name in ('ca.pem', 'consul.pem', 'consul-key.pem')]
    if [path for path in wanted if path not in ((read.get('read') or {}).get('files') or [])]:
        return ['the read does not cover the certificate']
    key_type = cert.get('key_type') or _docker_tls_default('docker_tls_key_type')
    renew_days = cert.get('renew_days') or _docker_tls_default('docker_tls_renew_days')
    request = certificate_request(cert['cn'], list(cert['sans']), list(cert['usages']), key_type,
                                  file_checksum(pki + '/ca.pem'))
    owner, group = str(cert['owner']), str(cert['group'])
    return tls_certificate_reasons(host_dir + '/consul-cert.pem', host_dir + '/consul-request.json', request, renew_days) + \
        tls_install_reasons(dict((path, files.get(path)) for path in wanted), [
            {'name': 'ca.pem', 'src': pki + '/ca.pem', 'mode': '0644', 'owner': owner, 'group': group},
            {'name': 'consul.pem', 'src': host_dir + '/consul-cert.pem', 'mode': '0644', 'owner': owner, 'group': group},
            {'name': 'consul-key.pem', 'src': host_dir + '/consul-key.pem', 'mode': '0600', 'owner': owner, 'group': group}])


def consul_file_text(data):
    """{{ data | flotilla.swarm.consul_file_text }}: a JSON file as the role writes it (and the plan compares)."""
    return consul_plan.file_text(data)


def consul_inventory_problems(servers, group, states, datacenter, install_method, artefact, artefact_exists):
    """{{ groups[servers_group] | flotilla.swarm.consul_inventory_problems(group, states, dc, method, artefact, exists) }}"""
    return consul_config.inventory_problems(list(servers or []), group, list(states or []), datacenter, install_method,
                                            artefact, bool(artefact_exists))


def consul_unit(binary, config_dir, user, group):
    """{{ consul_binary_path | flotilla.swarm.consul_unit(consul_config_dir, consul_user, consul_group) }}"""
    return consul_plan.consul_unit(binary, config_dir, user, group)


def consul_token_secret(management_token, kind, datacenter, node=None):
    """{{ management_token | flotilla.swarm.consul_token_secret('registrator', consul_datacenter) }}"""
    if not management_token:
        return ''
    return consul_plan.token_secret(str(management_token).strip(),
                                    consul_plan.accessor_id(kind, datacenter, node if kind == 'agent' else None))


def consul_acl_objects(datacenter, anonymous_rules, registrator, classic_swarm, classic_prefix, management_token, hosts):
    """{{ consul_datacenter | flotilla.swarm.consul_acl_objects(...) }}: the policies and tokens (secrets derived
    from the management token) for the consul_acl module, and the record the ACL host keeps of them."""
    token = str(management_token).strip()
    objects = consul_plan.acl_objects(datacenter, anonymous_rules, bool(registrator), bool(classic_swarm), classic_prefix)
    tokens = [dict(t) for t in objects['tokens']] + [consul_plan.agent_token(datacenter, host) for host in hosts]
    for entry in tokens:
        if entry['accessor_id'] != consul_plan.ANONYMOUS_ACCESSOR:
            entry['secret_id'] = consul_plan.token_secret(token, entry['accessor_id'])
        entry.pop('name', None)
    return {'policies': objects['policies'], 'tokens': tokens, 'record': consul_plan.acl_record(objects, token)}


def consul_plan_reasons(read, want, reads=None, nodes=None):
    """{{ read | flotilla.swarm.consul_plan_reasons(want, reads_by_host, consul_nodes) }}

    Why the consul role has to run on this host ([] when nothing): the read against what the role would write.
    want holds the role's settings (roles/consul/tasks/plan.yml), the management token among them (that task is
    no_log).
    """
    read = read if isinstance(read, dict) else {}
    install = dict(want['install'])
    install['checksum'] = file_checksum(install.pop('src', None))
    if install['method'] == 'package':
        version = consul_plan.package_version((read.get('package_versions') or {}).get(install['package']))
    else:
        version = consul_plan.installed_version(read, install['binary'])
    config = None
    if version:
        agent = dict(want['agent'], version=version, tls_stage='full' if want['tls'] else 'off')
        try:
            config = consul_plan.file_text(consul_plan.merge(consul_config.agent_config(**agent), want['extra_config']))
        except (TypeError, ValueError) as exc:
            raise AnsibleFilterError('consul_plan_reasons: %s' % exc)
    token = str(want.get('management_token') or '').strip() if want['acl'] else ''
    config_dir = str(want['config_dir'])
    host_want = {
        'install': install,
        'config_dir': config_dir,
        'paths': [config_dir + '/' + name for name in ('consul.json', 'encrypt.json', 'acl-tokens.json')]
        + [want['unit_path'], install['binary']],
        'config': config,
        'unit': consul_plan.consul_unit(install['binary'], config_dir, want['user'], want['group']),
        'unit_path': want['unit_path'],
        'key_file': consul_plan.gossip_key_file(want['encrypt_key']) if want['encrypt_key'] else None,
        'token_file': None,
        'marker': want['marker'],
        'certificate': [],
    }
    reasons = []
    if want['acl']:
        if not token:
            reasons.append('no ACL management token on this controller yet')
        else:
            host_want['token_file'] = consul_plan.agent_token_file(consul_plan.token_secret(
                token, consul_plan.accessor_id('agent', want['agent']['datacenter'], want['host'])))
    if not read.get('read'):
        return ['no read of this host']
    host_reasons = consul_plan.consul_host_reasons(read, host_want)
    if host_reasons and host_reasons[0].startswith(('no read', 'the read does not')):
        return host_reasons
    if want['tls']:
        host_reasons += _certificate_reasons(read, want['certificate'])
    reasons = host_reasons + reasons
    node_reads = [(reads or {}).get(node) for node in nodes or []] or [read]
    reasons += consul_plan.gossip_key_problems(node_reads, config_dir + '/encrypt.json',
                                               want['encrypt_key'])
    if want['acl'] and token and want['host'] == want['acl_host']:
        objects = consul_acl_objects(want['agent']['datacenter'], want['anonymous_rules'], want['registrator_token'],
                                     want['classic_swarm_token'], want['classic_swarm_prefix'], token, [])
        record_path = config_dir + '/acl-objects.digest'
        have = (read.get('checksums') or {}).get(record_path, 'unread')
        if have != consul_plan.sha1(objects['record']):
            reasons.append('the ACL policies and tokens are not known to be as asked')
    return reasons


def registrator_args(params):
    """{{ {'ip': ..., 'resync': ..., ...} | flotilla.swarm.registrator_args }}: Registrator's command line."""
    return consul_plan.registrator_args(**params)


def registrator_unit(args, docker_socket):
    """{{ registrator_args | flotilla.swarm.registrator_unit(registrator_docker_socket) }}"""
    return consul_plan.registrator_unit(args, docker_socket)


def registrator_env(token):
    """{{ registrator_consul_token | flotilla.swarm.registrator_env }}: the environment file's text."""
    return consul_plan.registrator_env(token)


def registrator_fingerprint(image, args, token):
    """{{ registrator_image | flotilla.swarm.registrator_fingerprint(registrator_args, token) }}"""
    return consul_plan.registrator_fingerprint(image, args, token)


def registrator_plan_reasons(read, want):
    """{{ registrator_host_state | flotilla.swarm.registrator_plan_reasons(want) }}: why the registrator role has
    to run on this host ([] when nothing)."""
    want = dict(want)
    want['binary_checksum'] = file_checksum(want.pop('binary_src', None))
    want['unit'] = consul_plan.registrator_unit(want['args'], want['docker_socket'])
    want['env'] = consul_plan.registrator_env(want['token'])
    want['fingerprint'] = consul_plan.registrator_fingerprint(want['image'], want['args'], want['token'])
    return consul_plan.registrator_host_reasons(read if isinstance(read, dict) else {}, want)


class FilterModule(object):

    def filters(self):
        return {
            'consul_agent_config': consul_agent_config,
            'consul_tls_stage': consul_tls_stage,
            'consul_tls_plan': consul_tls_plan,
            'consul_host_tls_stage': consul_host_tls_stage,
            'consul_tls_names': consul_tls_names,
            'consul_server_addresses': consul_server_addresses,
            'consul_datacenter_problems': consul_datacenter_problems,
            'consul_file_text': consul_file_text,
            'consul_unit': consul_unit,
            'consul_inventory_problems': consul_inventory_problems,
            'consul_token_secret': consul_token_secret,
            'consul_acl_objects': consul_acl_objects,
            'consul_plan_reasons': consul_plan_reasons,
            'registrator_args': registrator_args,
            'registrator_unit': registrator_unit,
            'registrator_env': registrator_env,
            'registrator_fingerprint': registrator_fingerprint,
            'registrator_plan_reasons': registrator_plan_reasons,
        }
