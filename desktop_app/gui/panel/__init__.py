"""The caption panel: preview, editor, history and the prompt preview."""
