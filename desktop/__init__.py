"""Fengwang (枫网): the township comprehensive-governance centre's workstation."""

__version__ = "0.1.0"
