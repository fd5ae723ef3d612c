"""Reviewing changes in pull requests: GitHub annotations, content at a git revision, score diffs."""
