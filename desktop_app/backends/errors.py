"""Typed backend failures, each with a message that says what to do about it."""

from __future__ import annotations

from desktop_app.errors import CaptionerError


class BackendError(CaptionerError):
    code = "backend-error"


class MissingApiKey(BackendError):
    code = "missing-api-key"
    stops_run = True


class ApiKeyRejected(BackendError):
    code = "api-key-rejected"
    stops_run = True


class BalanceTooLow(BackendError):
    code = "balance-too-low"
    stops_run = True


class PermissionDenied(BackendError):
    code = "permission-denied"
    stops_run = True


class ModelNotFound(BackendError):
    code = "model-not-found"
    stops_run = True


class InvalidRequest(BackendError):
    """The service refused this one request (a bad image, a bad parameter)."""

    code = "invalid-request"


class RateLimited(BackendError):
    code = "rate-limited"
    transient = True


class ServiceBusy(BackendError):
    code = "service-busy"
    transient = True


class ServiceTimeout(BackendError):
    code = "timeout"
    transient = True


class NetworkUnreachable(BackendError):
    code = "network"
    transient = True


class ProtocolViolation(BackendError):
    """The service answered something this client cannot read."""

    code = "bad-response"
    transient = True


class UnknownBackend(BackendError):
    code = "unknown-backend"
    stops_run = True
