# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab_dind role's decisions (module_utils/lab_plan)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.flotilla.swarm.plugins.module_utils import lab_plan
from ansible_collections.flotilla.swarm.plugins.plugin_utils.plain_values import plain as _plain

_SWITCHES = ('privileged', 'rebuild', 'recreate', 'leave_first')


def lab_dind_plan(nodes, existing, settings):
    """{{ lab_dind_nodes | flotilla.swarm.lab_dind_plan(lab_dind_existing, {'name': ..., 'image': ..., ...}) }}"""
    settings = _plain(dict(settings or {}))
    for key in _SWITCHES:
        settings[key] = boolean(settings.get(key, False), strict=False)
    return lab_plan.plan(_plain(nodes) or [], _plain(existing) or {}, settings)


def lab_dind_sysctl_raise(wanted, now):
    """{{ lab_dind_host_sysctls | flotilla.swarm.lab_dind_sysctl_raise(values_now) }}"""
    try:
        return lab_plan.sysctl_raise(_plain(dict(wanted or {})), _plain(list(now or [])))
    except (TypeError, ValueError) as e:
        raise AnsibleFilterError('lab_dind_sysctl_raise: a kernel limit is not a number: %s' % e)


def lab_dind_image_tag(engine_version='', min_api_version=''):
    """{{ lab_dind_engine_version | flotilla.swarm.lab_dind_image_tag(lab_dind_engine_min_api_version) }}"""
    return lab_plan.image_engine_tag(str(engine_version or ''), str(min_api_version or ''))


class FilterModule(object):

    def filters(self):
        return {
            'lab_dind_plan': lab_dind_plan,
            'lab_dind_sysctl_raise': lab_dind_sysctl_raise,
            'lab_dind_image_tag': lab_dind_image_tag,
        }
