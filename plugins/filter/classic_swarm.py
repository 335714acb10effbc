# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The classic_swarm role's decisions (module_utils/classic_swarm)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.flotilla.swarm.plugins.module_utils import classic_swarm
from ansible_collections.flotilla.swarm.plugins.plugin_utils.plain_values import plain as _plain


def _advertise(host):
    """A host's address for classic Swarm: classic_swarm_advertise_addr, else the engine API's, else its default route's."""
    facts = host.get('ansible_facts') or {}
    return str(host.get('classic_swarm_advertise_addr') or host.get('docker_daemon_api_addr')
               or (facts.get('default_ipv4') or {}).get('address') or '')


def classic_swarm_plan(hostvars, settings):
    """{{ hostvars | flotilla.swarm.classic_swarm_plan({'discovery': ..., 'managers': [...], 'engines': [...], ...}) }}"""
    settings = _plain(dict(settings))
    for key in ('replication', 'consul'):
        settings[key] = boolean(settings.get(key, False), strict=False)
    hosts = {}
    for name in list(settings.get('managers') or []) + list(settings.get('engines') or []):
        # No hostvars when the hosts of a play are templated for --syntax-check.
        hosts[name] = _advertise(hostvars.get(name) or {})
    return classic_swarm.plan(settings, hosts)


def classic_swarm_floor_problems(min_api_versions):
    """{{ {host: MinAPIVersion} | flotilla.swarm.classic_swarm_floor_problems }}"""
    return classic_swarm.api_floor_problems(_plain(dict(min_api_versions or {})))


def classic_swarm_engines(info):
    """{{ manager_info.json | flotilla.swarm.classic_swarm_engines }}: the manager's role and the engines it lists."""
    return classic_swarm.engines_from_info(_plain(dict(info or {})))


def classic_swarm_missing(info, plan):
    """{{ manager_info.json | flotilla.swarm.classic_swarm_missing(classic_swarm_plan) }}"""
    return classic_swarm.missing_engines(_plain(dict(info or {})), _plain(dict(plan or {})).get('engine_addresses') or {})


def classic_swarm_strays(info, plan):
    """{{ manager_info.json | flotilla.swarm.classic_swarm_strays(classic_swarm_plan) }}"""
    return classic_swarm.stray_engines(_plain(dict(info or {})), _plain(dict(plan or {})).get('engine_addresses') or {})


def classic_swarm_status(info, containers):
    """{{ manager_info.json | flotilla.swarm.classic_swarm_status(manager_containers.json) }}: the status, with its lines."""
    status = classic_swarm.cluster_status(_plain(dict(info or {})), _plain(list(containers or [])))
    status['lines'] = classic_swarm.status_lines(status)
    return status


class FilterModule(object):

    def filters(self):
        return {
            'classic_swarm_plan': classic_swarm_plan,
            'classic_swarm_floor_problems': classic_swarm_floor_problems,
            'classic_swarm_engines': classic_swarm_engines,
            'classic_swarm_missing': classic_swarm_missing,
            'classic_swarm_strays': classic_swarm_strays,
            'classic_swarm_status': classic_swarm_status,
        }
