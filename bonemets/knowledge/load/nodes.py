"""A composed YAML file: plain nodes that remember their line and column (1-based)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Node:
    line: int
    col: int


@dataclass
class Scalar(Node):
    value: str
    tag: str  # resolved YAML 1.1 tag suffix: str, bool, int, float, null, timestamp


@dataclass
class Seq(Node):
    items: list


@dataclass
class Map(Node):
    pairs: list  # [(Scalar key, Node value)]
