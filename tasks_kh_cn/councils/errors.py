"""Errors the council services raise; the API maps ``status_code`` to the HTTP answer."""


class CouncilError(Exception):
    status_code = 400

    def __init__(self, message, *, errors=None):
        super().__init__(str(message))
        self.message = str(message)
        self.errors = errors or {}


class CouncilForbidden(CouncilError):
    status_code = 403


class CouncilNotFound(CouncilError):
    status_code = 404


class CouncilConflict(CouncilError):
    status_code = 409


class InvalidBallot(CouncilError):
    status_code = 400
