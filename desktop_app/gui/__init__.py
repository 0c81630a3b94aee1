"""The window: Qt widgets, models and delegates that adapt the core to the screen.

Thin by rule: no domain logic here. Work leaves the GUI thread as immutable snapshots
(paths, dataclasses) and comes back as Qt signals.
"""
