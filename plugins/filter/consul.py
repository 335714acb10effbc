# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that give the consul role the configuration rules of module_utils/consul_config."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json

from ansible.errors import AnsibleFilterError

from ansible_collections.flotilla.swarm.plugins.module_utils import consul_config


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


class FilterModule(object):

    def filters(self):
        return {
            'consul_agent_config': consul_agent_config,
            'consul_tls_stage': consul_tls_stage,
            'consul_tls_plan': consul_tls_plan,
            'consul_host_tls_stage': consul_host_tls_stage,
            'consul_tls_names': consul_tls_names,
            'consul_datacenter_problems': consul_datacenter_problems,
        }
