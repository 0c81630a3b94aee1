"""Opening folders (listing them off the GUI thread) and watching them."""
