"""Readers and writers for the places a caption lives: .txt, .xmp sidecars, embedded."""
