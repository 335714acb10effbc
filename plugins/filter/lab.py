# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab_dind role's plan for its node containers (module_utils/lab_plan)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.flotilla.swarm.plugins.module_utils.lab_plan import dind_nodes
from ansible_collections.flotilla.swarm.plugins.plugin_utils.plain_values import plain as _plain


def lab_dind_nodes(nodes, containers, image_id, fingerprints, image_rebuilt=False, recreate=False):
    """{{ lab_dind_nodes | flotilla.swarm.lab_dind_nodes(containers, image_id, fingerprints, rebuilt, recreate) }}"""
    return dind_nodes(_plain(nodes) or [], _plain(containers) or [], _plain(image_id), _plain(fingerprints) or {},
                      boolean(image_rebuilt, strict=False), boolean(recreate, strict=False))


class FilterModule(object):

    def filters(self):
        return {'lab_dind_nodes': lab_dind_nodes}
