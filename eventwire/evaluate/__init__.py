"""Evaluation harness: `make eval` scores every stage on the gold sets."""
