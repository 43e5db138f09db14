"""The shape of the code, checked: layer order, one settings reader, no rule reading a `why`, short functions."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "eventwire"


def _modules():
    for p in sorted(PKG.rglob("*.py")):
        yield p, ast.parse(p.read_text(encoding="utf-8"), filename=str(p))


def test_imports_follow_the_pipeline_layers():
    """import-linter's layers contract in pyproject.toml: a stage never imports a later one."""
    from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports
    code = lint_imports(config_filename=str(PKG.parent / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == EXIT_STATUS_SUCCESS, "an import goes against the pipeline: see the report above"


def test_only_config_reads_the_environment():
    offenders = []
    for p, tree in _modules():
        if p.name == "config.py" and p.parent == PKG:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") \
                    and isinstance(node.value, ast.Name) and node.value.id == "os":
                offenders.append(f"{p.relative_to(PKG.parent)}:{node.lineno}")
    assert not offenders, "read settings through eventwire.config.Settings: " + ", ".join(offenders)


def _mentions_why(node) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "why" or
               isinstance(n, ast.Subscript) and isinstance(n.value, ast.Attribute) and n.value.attr == "why"
               for n in ast.walk(node))


def test_no_rule_branches_on_the_wording_of_a_why():
    """`why` is for people; rules read the typed `basis` and `provenance` instead."""
    offenders = []
    for p, tree in _modules():
        if "evaluate" in p.parts:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn, ast.Eq, ast.NotEq))
                                                     for op in node.ops):
                if _mentions_why(node):
                    offenders.append(f"{p.relative_to(PKG.parent)}:{node.lineno}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("startswith", "endswith", "find", "index") and _mentions_why(node.func.value):
                offenders.append(f"{p.relative_to(PKG.parent)}:{node.lineno}")
    assert not offenders, "code branches on a why's text at " + ", ".join(offenders)


def test_functions_fit_on_a_screen():
    long = []
    for p, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name != "build_parser":
                n = node.end_lineno - node.lineno + 1
                if n > 100:
                    long.append(f"{p.relative_to(PKG.parent)}:{node.lineno} {node.name} ({n} lines)")
    assert not long, "functions over 100 lines: " + ", ".join(long)


def test_steps_are_one_ordered_list_in_their_stage_folders():
    from eventwire.pipeline import STEPS
    names = [s.__name__ for s in STEPS]
    assert names[0] == "select_entry" and "build_event" in names
    stages = {s.__module__.split(".")[1] for s in STEPS}
    assert {"events", "when", "where", "actors"} <= stages
    assert names.index("locate_step") < names.index("infer_recipients") < names.index("confidence")


@pytest.mark.parametrize("text,step", [
    ("Russian forces shelled Kharkiv on Tuesday.", "select_entry"),
    ("Japan will not accept the proposal, the foreign ministry said.", "plover_recode"),
])
def test_every_event_carries_typed_provenance(text, step):
    import eventwire
    evs = eventwire.code_text(text, published="2026-01-14")
    assert evs, text
    steps = {p["step"] for ev in evs for p in ev.provenance}
    assert step in steps, (text, steps)
    assert all(isinstance(p["reason"], str) and p["reason"] for ev in evs for p in ev.provenance)
