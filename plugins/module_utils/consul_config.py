# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Consul agent configuration: what the consul role writes, and how a running cluster
moves to TLS without losing the agents' ability to talk to each other.

Consul refuses plain RPC once an agent verifies incoming connections, and an agent
without certificates refuses TLS. A cluster that runs without TLS therefore moves in
three rolling steps, each finished on every agent before the next begins (the order
HashiCorp documents for existing datacenters):

  certs     certificates loaded, TLS accepted, nothing required
  outgoing  every agent speaks TLS (servers' names verified), plain still accepted
  full      TLS required both ways; the plain HTTP API only on 127.0.0.1
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible.module_utils.compat.version import LooseVersion
from ansible.module_utils.parsing.convert_bool import boolean

TLS_STAGES = ('off', 'certs', 'outgoing', 'full')

# Consul 1.12 moved the TLS settings into a `tls` block; 1.9 renamed `ui` to `ui_config`.
TLS_BLOCK_SINCE = '1.12'
UI_CONFIG_SINCE = '1.9'


def _at_least(version, minimum):
    return LooseVersion(str(version)) >= LooseVersion(minimum)


def tls_stage_of(config):
    """Where an agent's written configuration stands, or None when there is none (a new agent)."""
    if config is None:
        return None
    tls = config.get('tls') or {}
    defaults = tls.get('defaults') or {}
    cert_file = defaults.get('cert_file', config.get('cert_file'))
    if not cert_file:
        return 'off'
    if not defaults.get('verify_outgoing', config.get('verify_outgoing', False)):
        return 'certs'
    if not defaults.get('verify_incoming', config.get('verify_incoming', False)):
        return 'outgoing'
    return 'full'


def tls_plan(current_stages, want_tls):
    """The stages to apply, in order, to a cluster whose agents stand at current_stages.

    New agents (None) do not hold the cluster back: a new cluster goes to `full` at once.
    Turning TLS off is a single step: agents that still require TLS will refuse the others
    until all of them have it off, so do that in a maintenance window.
    """
    if not want_tls:
        return ['off']
    known = [TLS_STAGES.index(stage) for stage in current_stages if stage is not None]
    lowest = min(known) if known else len(TLS_STAGES) - 1
    return list(TLS_STAGES[lowest + 1:]) or ['full']


def host_tls_stage(step, own_stage):
    """The stage an agent takes at a step of the plan: never back from where it already is."""
    if step == 'off' or own_stage is None:
        return step
    return TLS_STAGES[max(TLS_STAGES.index(step), TLS_STAGES.index(own_stage))]


def agent_config(version, datacenter, node_name, data_dir, advertise_address, server, bootstrap_expect,
                 retry_join, client_address, http_port, https_port, ui, tls_stage, tls_files, acl,
                 acl_default_policy='deny'):
    """The agent's main configuration file (its tokens and gossip key live in files of their own)."""
    # Values templated from YAML may arrive as strings.
    server, ui, acl = boolean(server, strict=False), boolean(ui, strict=False), boolean(acl, strict=False)
    config = {
        'datacenter': datacenter,
        'primary_datacenter': datacenter,
        'node_name': node_name,
        'data_dir': data_dir,
        'bind_addr': advertise_address,
        'advertise_addr': advertise_address,
        'client_addr': client_address,
        # Ports from the command line (-e) are strings; Consul takes numbers only.
        'ports': {'http': int(http_port)},
        'retry_join': [address for address in retry_join if address != advertise_address],
        'server': bool(server),
        'log_level': 'INFO',
    }
    if server:
        config['bootstrap_expect'] = int(bootstrap_expect)
        if ui:
            config.update({'ui_config': {'enabled': True}} if _at_least(version, UI_CONFIG_SINCE) else {'ui': True})

    if tls_stage not in TLS_STAGES:
        raise ValueError('unknown TLS stage %r' % (tls_stage,))
    if tls_stage != 'off':
        config['ports']['https'] = int(https_port)
        # HTTPS (client certificates required from `full` on) on loopback and the node's address.
        config['addresses'] = {'https': '127.0.0.1 %s' % advertise_address}
        if tls_stage == 'full':
            config['client_addr'] = '127.0.0.1'
        settings = {
            'ca_file': tls_files['ca_file'],
            'cert_file': tls_files['cert_file'],
            'key_file': tls_files['key_file'],
            'verify_outgoing': tls_stage in ('outgoing', 'full'),
            'verify_incoming': tls_stage == 'full',
        }
        verify_server_hostname = tls_stage in ('outgoing', 'full')
        if _at_least(version, TLS_BLOCK_SINCE):
            config['tls'] = {'defaults': settings, 'internal_rpc': {'verify_server_hostname': verify_server_hostname}}
        else:
            settings['verify_server_hostname'] = verify_server_hostname
            config.update(settings)

    if acl:
        config['acl'] = {
            'enabled': True,
            'default_policy': acl_default_policy,
            'down_policy': 'extend-cache',
            'enable_token_persistence': True,
        }
    return config


def advertise_address(inventory_address, facts):
    """The address an agent advertises: its inventory's consul_advertise_address when set, else the
    address of its default route, else its first IPv4 address ('' when the facts have none)."""
    facts = facts or {}
    return (inventory_address or (facts.get('default_ipv4') or {}).get('address')
            or (facts.get('all_ipv4_addresses') or [''])[0])


def tls_names(datacenter, server, node_name, addresses):
    """subjectAltNames of an agent's certificate: what verify_server_hostname checks
    (server.<dc>.consul), the node's own names and addresses, and loopback."""
    role_name = '%s.%s.consul' % ('server' if server else 'client', datacenter)
    names = ['DNS:' + role_name, 'DNS:localhost', 'DNS:' + node_name]
    ips = ['IP:127.0.0.1'] + ['IP:' + address for address in addresses if address]
    seen = set()
    return [san for san in names + ips if not (san in seen or seen.add(san))]


# Consul lowercases the datacenter name and then takes only these (agent/config/builder.go: dcValid).
_DATACENTER_RE = re.compile(r'^[a-z0-9_-]+$')


def datacenter_problems(name):
    """Why Consul would not take name as its datacenter, as messages (empty: it would).

    Uppercase letters are refused too: Consul lowercases the name, so the certificates' server.<dc>.consul
    would no longer match what the agents check.
    """
    if isinstance(name, str) and _DATACENTER_RE.match(name):
        return []
    return ["consul_datacenter=%r: Consul takes lowercase letters, digits, '-' and '_' only (such as dc1)" % (name,)]


def datacenter_change_problems(wanted, running, allowed=False):
    """Why moving agents to datacenter wanted is refused, as messages (empty: nothing to refuse).

    running: {node: the datacenter its consul.json names, or None when it has none yet}. Moving a running
    cluster to another datacenter re-issues every agent's certificate and restarts every agent into it;
    node identities, ACL tokens and the servers' raft data name the old one. Only with allowed.
    """
    moving = dict((node, dc) for node, dc in (running or {}).items() if dc and dc != wanted)
    if not moving or allowed:
        return []
    now = sorted(set(moving.values()))
    return ['consul_datacenter=%s, but the Consul agents on %s run in datacenter %s. Moving a running cluster to '
            'another datacenter issues every agent a new certificate and restarts every agent into it, and what '
            'names the old one (node identities, ACL tokens, the servers\' data) does not follow. Keep '
            'consul_datacenter=%s, or set consul_datacenter_change=true to move. Nothing was changed.'
            % (wanted, ', '.join(sorted(moving)), ' and '.join(now), now[0])]


INSTALL_METHODS = ('archive', 'package', 'local')


def inventory_problems(servers, group, states, datacenter, install_method, artefact, artefact_exists):
    """What is wrong with the Consul inventory before any host changes, as messages (empty: nothing).

    servers: the hosts of the servers group; states: their swarm_node_state, in the same order.
    """
    problems = []
    if not servers or len(servers) % 2 == 0:
        problems.append("Consul needs an odd number of servers (1, 3 or 5) for a quorum; the group '%s' has %d. Change "
                        "the group or set consul_servers_group." % (group, len(servers)))
    leaving = [server for server, state in zip(servers, states) if state == 'absent']
    if leaving:
        problems.append("%s: marked swarm_node_state=absent, but in the Consul servers group '%s'. Removing Consul "
                        "servers is not automated: keep these hosts, or move the servers to other hosts first "
                        "(consul_servers_group; in cluster.yml flotilla_consul_servers_group)." % (', '.join(leaving), group))
    problems += ['%s.' % problem for problem in datacenter_problems(datacenter)]
    if install_method not in INSTALL_METHODS or (install_method == 'local' and not artefact):
        problems.append("consul_install_method must be archive, package or local (with consul_local_artefact, the path "
                        "of a consul binary or .deb on the controller); got '%s'." % (install_method,))
    elif install_method == 'local' and not artefact_exists:
        problems.append('consul_local_artefact %s does not exist on the controller: put a consul binary or .deb there '
                        '(for the lab, `make artefacts` downloads it) or use consul_install_method archive or package.'
                        % (artefact,))
    return problems
