"""One error handler for the whole application: JSON under ``/api/``, a page elsewhere.

Bad input (``SearchQueryError``) becomes a 400 naming the parameter; HTTP errors
keep their status; anything unexpected is logged and answered with a plain 500
that reveals nothing of the server.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, NotFound

from kb.errors import SearchQueryError

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Ugyldig forespørsel", "Forespørselen kunne ikke leses."),
    404: ("Fant ikke siden", "Siden finnes ikke. Kanskje lenken er gammel eller skrevet feil?"),
    405: ("Ikke tillatt", "Kunnskapsbanken kan bare leses; denne metoden støttes ikke."),
    500: ("Noe gikk galt", "Det oppstod en feil hos oss. Prøv igjen om litt."),
}


class Missing(NotFound):
    """A 404 whose message (and parameter) says what was not found."""

    def __init__(self, message: str, parameter: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.parameter = parameter


def _answer(status: int, message: str, parameter: str | None = None) -> ResponseReturnValue:
    if request.path.startswith("/api/") or request.path == "/api":
        body: dict[str, object] = {"error": message, "status": status}
        if parameter is not None:
            body["parameter"] = parameter
        return jsonify(body), status
    title, _ = MESSAGES.get(status, (f"Feil {status}", message))
    return render_template("error.html", status=status, title=title, message=message,
                           parameter=parameter), status


def register(app: Flask) -> None:
    """Install the application's error handlers."""

    @app.errorhandler(SearchQueryError)
    def bad_search(error: SearchQueryError) -> ResponseReturnValue:
        return _answer(400, str(error), error.parameter)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        status = error.code or 500
        if isinstance(error, Missing):
            return _answer(status, error.message, error.parameter)
        return _answer(status, MESSAGES.get(status, (None, f"Feil {status}."))[1])

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> ResponseReturnValue:
        log.exception("unexpected error on %s", request.path)
        return _answer(500, MESSAGES[500][1])
