# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading and atomically replacing small files (keys, certificates) from modules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import tempfile


def read_bytes(path):
    """The file's content, or None when it cannot be read (missing)."""
    try:
        with open(path, 'rb') as handle:
            return handle.read()
    except (IOError, OSError):
        return None


def write_atomically(module, path, data, mode, dir_mode=0o700):
    """Write data to path through a temporary file in the same directory (a rename), with mode.

    Creates the directory (dir_mode) when it is missing.
    """
    directory = os.path.dirname(path)
    if not os.path.isdir(directory):
        os.makedirs(directory, dir_mode)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix='.' + os.path.basename(path) + '.')
    with os.fdopen(fd, 'wb') as handle:
        handle.write(data)
    os.chmod(tmp, mode)
    module.atomic_move(tmp, path)
    os.chmod(path, mode)  # atomic_move gives a new file the default mode
