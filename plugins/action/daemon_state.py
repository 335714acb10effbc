# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Answers a daemon_state read from an earlier one (reuse) when that holds all it asks; else runs the module."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.flotilla.swarm.plugins.module_utils.host_read import narrow_read, read_params


class ActionModule(ActionBase):

    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = dict(self._task.args)
        previous = args.pop('reuse', None)
        if previous:
            answer = narrow_read(previous, read_params(args))
            if answer is not None:
                result.update(answer)
                return result
        result.update(self._execute_module(module_name='flotilla.swarm.daemon_state', module_args=args,
                                           task_vars=task_vars))
        return result
