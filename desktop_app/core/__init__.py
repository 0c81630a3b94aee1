"""The domain: images, preparation, prompts, settings, the library index and the pipeline.

No Qt import anywhere below here; both the CLI and the GUI drive these modules.
"""
