"""Caption runs from the window and the status bar that follows them."""
