"""The entry point's start-up: the cyclic collector paused until the rule set is loaded (licheck.cli.startup)."""

from __future__ import annotations

import gc

from licheck.cli.run import load_catalog
from licheck.cli.startup import pause_collection, resume_collection


def test_the_collector_is_paused_until_the_rule_set_is_loaded_then_start_up_is_frozen():
    frozen = gc.get_freeze_count()
    try:
        pause_collection()
        assert not gc.isenabled()
        load_catalog()
        assert gc.isenabled()  # a run over many models collects its own garbage
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_command_run_inside_another_program_leaves_its_collector_alone():
    frozen = gc.get_freeze_count()
    resume_collection()
    load_catalog()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
