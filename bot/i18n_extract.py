"""Babel extractor for Rasa domain files: response texts and button titles become msgids.

Registered as the ``rasa_domain`` extraction method in pyproject.toml and used by babel.cfg.
"""

from __future__ import annotations

import yaml


def _walk_responses(node):
    """Yield (line, text, comment) for every text and button title under ``responses:``."""
    if not isinstance(node, yaml.MappingNode):
        return
    for key, value in node.value:
        if key.value != "responses" or not isinstance(value, yaml.MappingNode):
            continue
        for name, variations in value.value:
            if not isinstance(variations, yaml.SequenceNode):
                continue
            for variation in variations.value:
                if not isinstance(variation, yaml.MappingNode):
                    continue
                for vkey, vval in variation.value:
                    if vkey.value == "text" and isinstance(vval, yaml.ScalarNode):
                        yield vval.start_mark.line + 1, vval.value, name.value
                    elif vkey.value == "buttons" and isinstance(vval, yaml.SequenceNode):
                        for button in vval.value:
                            for bkey, bval in button.value:
                                if bkey.value == "title":
                                    yield bval.start_mark.line + 1, bval.value, f"{name.value} (knop)"


def extract_rasa_domain(fileobj, keywords, comment_tags, options):
    root = yaml.compose(fileobj.read().decode("utf-8"))
    for line, text, comment in _walk_responses(root):
        yield line, None, text, [comment]
