"""The one error type a user can meet, shared by every layer.

Every failure that reaches a person (a corrupt file, a rejected API key, a full disk)
is a :class:`CaptionerError` carrying *what happened* and *what to do*. Layers raise
their own subclasses; the pipeline, the CLI and the GUI only need this base to report a
failure, decide whether to retry it and whether the rest of the run can go on.
"""

from __future__ import annotations


class CaptionerError(Exception):
    """A failure explained in words a user understands.

    ``transient`` says a later retry may succeed (network, busy service); ``stops_run``
    says every other image would fail the same way (a rejected key), so a batch run
    should stop instead of failing thousands of files one by one.
    """

    code: str = "error"
    transient: bool = False
    stops_run: bool = False

    def __init__(self, message: str, hint: str = "", *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.detail = detail

    def user_message(self) -> str:
        """The message and the advice in one sentence pair, for a status line."""
        return f"{self.message} {self.hint}".strip()

    def __str__(self) -> str:
        return self.user_message()


def describe_exception(error: BaseException) -> str:
    """A one-line description of any exception, for logs and per-file errors."""
    if isinstance(error, CaptionerError):
        return error.user_message()
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
