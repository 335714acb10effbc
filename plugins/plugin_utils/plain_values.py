# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Values from templates as the plain Python values module_utils' pure functions expect (for filters)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def plain(value):
    """Ansible's lazy containers and tagged strings as plain Python values."""
    if isinstance(value, dict):
        return dict((plain(k), plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value
