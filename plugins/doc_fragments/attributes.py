# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
      - This assumes that the system controlled/queried by the module has not changed in a relevant way.
'''

    # The support most modules have: check mode predicts the change, a second run changes nothing, no diff.
    CONVERGES = r'''
options: {}
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  idempotent:
    support: full
'''

    # The same, with a diff of what changes.
    CONVERGES_WITH_DIFF = r'''
options: {}
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
'''

    # Modules that talk to an engine through module_utils.engine.
    ACTIONGROUP_DOCKER = r'''
options: {}
attributes:
  action_group:
    description: Use C(group/flotilla.swarm.docker) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - flotilla.swarm.docker
'''
