# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What module_utils/consul_plan renders against what Ansible's own filters make (controller side)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.filter.core import to_nice_json, to_uuid

from ansible_collections.flotilla.swarm.plugins.module_utils import consul_plan


def test_file_text_is_what_to_nice_json_writes():
    data = {'b': [1, {'z': True, 'a': None}], 'a': 'x', 'tls': {'defaults': {'verify_incoming': False}}}
    assert consul_plan.file_text(data) == to_nice_json(data) + '\n'


def test_accessor_ids_are_those_earlier_versions_made():
    assert consul_plan.accessor_id('registrator', 'dc1') == to_uuid('flotilla consul registrator dc1')
    assert consul_plan.accessor_id('classic swarm', 'dc1') == to_uuid('flotilla consul classic swarm dc1')
    assert consul_plan.accessor_id('agent', 'dc1', 'n1') == to_uuid('flotilla consul agent dc1 n1')
