"""Write each role's README.md from its meta/argument_specs.yml.

    python scripts/role_readmes.py          write them
    python scripts/role_readmes.py --check  fail when one is missing or out of date (make lint)

The argument specs are the one description of a role's interface; the README is
their readable form, so it is generated, never edited by hand.
"""
import os
import re
import sys

import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
HEADER = ('<!-- Generated from meta/argument_specs.yml by scripts/role_readmes.py: '
          'edit that file and run the script, not this one. -->')


def markup(text):
    """Ansible doc markup (O(), V(), C(), E(), RV(), I(), B(), U(), L()) as Markdown."""
    text = str(text)
    text = re.sub(r'L\(([^)]*),\s*([^)]*)\)', r'[\1](\2)', text)
    text = re.sub(r'U\(([^)]*)\)', r'<\1>', text)
    text = re.sub(r'(?:O|V|C|E|RV)\(([^)]*)\)', r'`\1`', text)
    text = re.sub(r'I\(([^)]*)\)', r'*\1*', text)
    text = re.sub(r'B\(([^)]*)\)', r'**\1**', text)
    return text


def paragraphs(value):
    if value is None:
        return []
    return [markup(item) for item in (value if isinstance(value, list) else [value])]


def cell(text):
    return text.replace('|', '\\|').replace('\n', ' ')


def default_text(option):
    if 'default' not in option:
        return 'required' if option.get('required') else ''
    value = option['default']
    if isinstance(value, str):
        return '`%s`' % value if value else '`""`'
    return '`%s`' % yaml.safe_dump(value, default_flow_style=True).strip().replace('\n...', '')


def type_text(option):
    kind = option.get('type', 'str')
    if kind == 'list' and option.get('elements'):
        kind = 'list of %s' % option['elements']
    if option.get('choices'):
        kind += ': ' + ', '.join('`%s`' % c for c in option['choices'])
    return kind


def option_rows(options, prefix=''):
    rows = []
    for name in sorted(options):
        option = options[name] or {}
        rows.append('| `%s%s` | %s | %s | %s |' % (prefix, name, cell(type_text(option)), cell(default_text(option)),
                                                   cell(' '.join(paragraphs(option.get('description'))))))
        if option.get('options'):
            rows.extend(option_rows(option['options'], prefix='%s%s.' % (prefix, name)))
    return rows


def render(role, specs):
    entry_points = specs['argument_specs']
    main = entry_points.get('main', {})
    lines = [HEADER, '', '# flotilla.swarm.%s' % role, '']
    if main.get('short_description'):
        lines += [markup(main['short_description']) + '.', '']
    lines += ['Part of the [flotilla.swarm](../../README.md) collection. Use it as `flotilla.swarm.%s`.' % role, '']
    for name in ['main'] + sorted(n for n in entry_points if n != 'main'):
        spec = entry_points[name]
        if name == 'main':
            lines += ['## Entry point `main`', '']
        else:
            lines += ['## Entry point `%s`' % name, '',
                      '`include_role: {name: flotilla.swarm.%s, tasks_from: %s}`' % (role, name), '']
            if spec.get('short_description'):
                lines += [markup(spec['short_description']) + '.', '']
        for text in paragraphs(spec.get('description')):
            lines += ['- ' + text]
        if spec.get('description'):
            lines += ['']
        options = spec.get('options') or {}
        if options:
            lines += ['| Variable | Type | Default | Description |', '|---|---|---|---|'] + option_rows(options) + ['']
        else:
            lines += ['No variables.', '']
    return '\n'.join(lines)


def main(argv):
    check = '--check' in argv
    stale = []
    roles_dir = os.path.join(ROOT, 'roles')
    for role in sorted(os.listdir(roles_dir)):
        spec_path = os.path.join(roles_dir, role, 'meta', 'argument_specs.yml')
        if not os.path.exists(spec_path):
            stale.append('%s has no meta/argument_specs.yml' % role)
            continue
        with open(spec_path) as handle:
            text = render(role, yaml.safe_load(handle))
        readme = os.path.join(roles_dir, role, 'README.md')
        current = open(readme).read() if os.path.exists(readme) else None
        if current != text:
            if check:
                stale.append('roles/%s/README.md is not what meta/argument_specs.yml says' % role)
            else:
                with open(readme, 'w') as handle:
                    handle.write(text)
                print('wrote roles/%s/README.md' % role)
    if stale:
        print('\n'.join(stale) + '\nRun scripts/role_readmes.py to write them.', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
