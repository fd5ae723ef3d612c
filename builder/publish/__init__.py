"""Stages 8 and 9: every staged link checked (links.py), then the staging folder swapped
for the published site in one renameat2 exchange (swap.py)."""
