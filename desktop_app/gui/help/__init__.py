"""The Help menu's dialogs: the first-run choice and About."""
