# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Swarm join token parsing and validation (pure functions, no engine).

swarmkit's format (ca/config.go): SWMTKN-1-<digest>-<secret>, where <digest> is
the SHA-256 of the swarm's root CA certificate in base 36 padded to 50
characters and <secret> is 25 base-36 characters. FIPS swarms use SWMTKN-2-1-.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from collections import namedtuple

JoinToken = namedtuple('JoinToken', ['version', 'fips', 'ca_digest', 'secret'])

_TOKEN_RE = re.compile(
    r'^SWMTKN-(?P<prefix>1|2-1)-(?P<digest>[0-9a-z]{50})-(?P<secret>[0-9a-z]{25})$'
)


class TokenError(ValueError):
    """A join token that is malformed or does not belong to a swarm."""


def parse_join_token(token):
    """Split a join token into its parts; raise TokenError when malformed.

    The message never contains the token itself: it is a secret.
    """
    if not isinstance(token, str) or not token:
        raise TokenError('the join token is empty')
    match = _TOKEN_RE.match(token.strip())
    if match is None:
        if not token.startswith('SWMTKN-'):
            raise TokenError("the join token does not start with 'SWMTKN-': it is not a swarm join token")
        raise TokenError(
            'the join token is malformed: expected SWMTKN-1-<50 base-36 characters>-<25 base-36 characters> '
            '(SWMTKN-2-1-... on FIPS swarms); copy it again from "docker swarm join-token -q worker|manager"'
        )
    prefix = match.group('prefix')
    return JoinToken(
        version=1 if prefix == '1' else 2,
        fips=prefix == '2-1',
        ca_digest=match.group('digest'),
        secret=match.group('secret'),
    )


def token_role(token, join_tokens):
    """Return 'worker' or 'manager' when token is one of this swarm's join tokens, else None.

    join_tokens is the JoinTokens object of the swarm inspect: {'Worker': ..., 'Manager': ...}.
    """
    for role in ('Worker', 'Manager'):
        if join_tokens.get(role) and token.strip() == join_tokens[role]:
            return role.lower()
    return None


def check_token_for_swarm(token, join_tokens):
    """Validate token against a swarm's current join tokens.

    Returns the role the token grants. Raises TokenError with a message that
    says what is wrong (malformed, another swarm's, or a rotated token).
    """
    parsed = parse_join_token(token)
    role = token_role(token, join_tokens)
    if role is not None:
        return role
    current = [parse_join_token(t) for t in join_tokens.values() if t]
    if current and all(parsed.ca_digest != c.ca_digest for c in current):
        raise TokenError(
            "the join token belongs to another swarm: its root CA digest does not match this swarm's; "
            'take the token from a manager of the swarm you want to join'
        )
    raise TokenError(
        "the join token has this swarm's root CA but is not a current token: it was rotated; "
        'fetch the current token from a manager'
    )
