# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs the swarm_token module and censors its result whenever it holds a secret."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase

SECRET_KEYS = ('join_token_worker', 'join_token_manager', 'unlock_key')


class ActionModule(ActionBase):

    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        result.update(self._execute_module(module_name='flotilla.swarm.swarm_token',
                                           module_args=self._task.args, task_vars=task_vars))
        if any(result.get(key) for key in SECRET_KEYS):
            # Same effect as no_log on the task: output hidden, registered variable intact.
            result['_ansible_no_log'] = True
        return result
