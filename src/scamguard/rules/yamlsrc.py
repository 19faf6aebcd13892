"""Reading YAML while keeping where every value came from.

PyPI's YAML loaders drop positions. Here the document is composed into nodes (which carry
marks) and turned into plain values with a side table of 1-based (line, column) positions,
so that any mistake found later can name its place in the file. Loading is safe: only plain
scalars, lists and mappings are built, never Python objects; duplicate keys are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = ["Located", "YamlProblem", "load_located"]

MAX_BYTES = 4 * 1024 * 1024  # a rules file is hand-written; anything larger is a mistake
MAX_NODES = 500_000  # aliases can make a small file expand enormously ("billion laughs")


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A problem found while reading the YAML itself."""

    line: int
    column: int
    message: str


@dataclass(slots=True)
class Located:
    """Positions of the values of a loaded document, by ``id()`` of each list or dict.

    ``where(container, key)`` gives the position of ``container[key]`` (the key's position
    for mappings), ``where(container)`` the position of the container itself.
    """

    items: dict[tuple[int, object], tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple[int, object], tuple[int, int]] = field(default_factory=dict)
    nodes: dict[int, tuple[int, int]] = field(default_factory=dict)
    # keep the containers alive so that their ids stay unique while positions are looked up
    _alive: list[object] = field(default_factory=list)

    def where(self, container: object, key: object = None, *, of_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of ``container[key]`` (or of the key itself), else (1, 1)."""
        if key is None:
            return self.nodes.get(id(container), (1, 1))
        table = self.keys if of_key else self.items
        found = table.get((id(container), key))
        if found is None and of_key:
            found = self.items.get((id(container), key))
        return found or self.nodes.get(id(container), (1, 1))


# libyaml's parser when PyYAML was built with it (the wheels are): about ten times faster,
# which is most of a cold start. Both build the same nodes with the same marks.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:omap"})


class _TooLarge(Exception):
    pass


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.located = Located()
        self.problems: list[YamlProblem] = []
        self.count = 0

    def build(self, node: yaml.Node) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge
        if isinstance(node, yaml.ScalarNode):
            return self.loader.construct_object(node)
        if node.tag not in _PLAIN_TAGS:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"the tag {node.tag!r} is not allowed: rules files hold only text, numbers, lists and mappings",
                node.start_mark,
            )
        if isinstance(node, yaml.SequenceNode):
            seq: list[Any] = []
            self.located.nodes[id(seq)] = _pos(node)
            self.located._alive.append(seq)
            for i, child in enumerate(node.value):
                seq.append(self.build(child))
                self.located.items[(id(seq), i)] = _pos(child)
            return seq
        if isinstance(node, yaml.MappingNode):
            mapping: dict[Any, Any] = {}
            self.located.nodes[id(mapping)] = _pos(node)
            self.located._alive.append(mapping)
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    line, col = _pos(key_node)
                    self.problems.append(YamlProblem(line, col, "a key must be a plain word, not a list or mapping"))
                    continue
                key = self.loader.construct_object(key_node)
                if isinstance(key, (list, dict)):
                    continue
                if key in mapping:
                    line, col = _pos(key_node)
                    self.problems.append(
                        YamlProblem(
                            line, col, f"duplicate key {key!r}: the later value would silently replace the earlier one; keep one"
                        )
                    )
                    continue
                mapping[key] = self.build(value_node)
                self.located.keys[(id(mapping), key)] = _pos(key_node)
                self.located.items[(id(mapping), key)] = _pos(value_node)
            return mapping
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover - PyYAML has no other kinds


_TOO_DEEP = "the file is nested too deeply to read; a rules file needs only a few levels"


def load_located(text: str) -> tuple[Any, Located, list[YamlProblem]]:
    """Parse ``text`` as one YAML document; return the data, its positions and any problems.

    Syntax errors come back as a problem with the parser's position (the data is then None).

    >>> data, where, problems = load_located("a: 1\\nb: [x, y]\\n")
    >>> data, where.where(data, "b"), where.where(data["b"], 1), problems
    ({'a': 1, 'b': ['x', 'y']}, (2, 4), (2, 8), [])
    """
    if len(text) > MAX_BYTES:
        return (
            None,
            Located(),
            [YamlProblem(1, 1, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB; a rules file should be far smaller")],
        )
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, Located(), []
        builder = _Builder(loader)
        data = builder.build(node)
        return data, builder.located, builder.problems
    except RecursionError:
        return None, Located(), [YamlProblem(1, 1, _TOO_DEEP)]
    except _TooLarge:
        return (
            None,
            Located(),
            [YamlProblem(1, 1, f"the file expands to more than {MAX_NODES} values (through aliases?); write it out plainly")],
        )
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(str(x) for x in (e.context, e.problem) if x)
        if "nesting depth" in what:  # libyaml's own depth limit (PyYAML 6.0.3 and later)
            return None, Located(), [YamlProblem(line, col, _TOO_DEEP)]
        return None, Located(), [YamlProblem(line, col, f"not valid YAML: {what}; check indentation and quoting here")]
    except yaml.YAMLError as e:
        return None, Located(), [YamlProblem(1, 1, f"not valid YAML: {e}")]
    finally:
        loader.dispose()
