"""The thumbnail grid: its model, filter, delegate, thumbnail loader and commands."""
