"""Channel adapters. Each returns the provider's message id or raises GatewayError."""


class GatewayError(Exception):
    """The channel refused or failed; ``retryable`` when trying again may succeed."""

    def __init__(self, message, *, retryable=True):
        super().__init__(message)
        self.retryable = retryable
