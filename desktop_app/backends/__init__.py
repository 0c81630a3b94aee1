"""Captioners behind one protocol (:mod:`.base`) and a registry of them by id."""
