"""Signing editors in and out; every editing route requires a signed-in editor.

The session cookie holds a random session token (Flask-Login's user id), which
names a row of ``editor_sessions``: signing out deletes the row, so a copy of
the cookie signs nobody in afterwards. Signing in and out also clears the rest
of the session, so the CSRF token changes with them. Failed sign-ins are
throttled (see :mod:`itinerary.throttle`); a browser that signed in to an
account before carries a signed cookie saying so, and is held back only by
its own address's failures, not by others guessing at the account.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature, URLSafeTimedSerializer

from itinerary import accounts
from itinerary.errors import EditorDisabled, TooManySignIns
from web.app import get_store
from web.domain_words import say
from web.forms import SignInForm

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = lazy_gettext("Sign in as an editor to change programmes.")
login_manager.localize_callback = str  # said when flashed, in that request's language
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


RULES_KEY = "itinerary.session_rules"
# Set on a successful sign-in, sent back only to the sign-in form: "this browser signed in as NAME before".
BROWSER_COOKIE = "itinerary_signed_in_before"
BROWSER_COOKIE_AGE = timedelta(days=180)


class User(UserMixin):
    """A signed-in editor, as Flask-Login needs it: the editor and the token of their session."""

    def __init__(self, editor: accounts.Editor, token: str):
        self.editor = editor
        self.token = token

    def get_id(self) -> str:
        return self.token

    @property
    def username(self) -> str:
        """The editor's username."""
        return self.editor.username


@login_manager.user_loader
def _load_user(token: str) -> User | None:
    editor = accounts.session_editor(get_store(), token, current_app.extensions[RULES_KEY])
    return User(editor, token) if editor else None


def is_editor() -> bool:
    """Whether the current request comes from a signed-in editor."""
    return bool(current_user.is_authenticated)


def _safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None (no open redirects, nothing that breaks a header).

    >>> _safe_next("/itineraries/x/edit"), _safe_next("//evil.example"), _safe_next("/x\\r\\nSet-Cookie: a=b")
    ('/itineraries/x/edit', None, None)
    """
    if not target or len(target) > 2000 or not target.isprintable() or not target.isascii():
        return None  # CR, LF and other controls would split or break the Location header
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def _browser_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="itinerary.signed-in-before")


def _signed_in_before(username: str) -> bool:
    """Whether this browser carries our signed note that it signed in as ``username`` before."""
    value = request.cookies.get(BROWSER_COOKIE)
    if not value:
        return False
    try:
        return _browser_signer().loads(value, max_age=int(BROWSER_COOKIE_AGE.total_seconds())) == username
    except BadSignature:
        return False


def _note_signed_in(response, username: str) -> None:
    """Give the browser our signed note that it signed in as ``username`` (sent back to the sign-in form only)."""
    response.set_cookie(
        BROWSER_COOKIE,
        _browser_signer().dumps(username),
        max_age=BROWSER_COOKIE_AGE,
        path=url_for("auth.sign_in"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


def _fresh_session() -> None:
    """Forget everything the session held, so that none of it outlives a sign-in or out; a new CSRF token."""
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    generate_csrf()


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Show the sign-in form; on success go back where the editor was headed."""
    form = SignInForm()
    if form.validate_on_submit() and (response := _submit_sign_in(form, request.args.get("next"))):
        return response
    status = 400 if request.method == "POST" else 200
    return render_template("sign_in.html", form=form), status


def _submit_sign_in(form: SignInForm, target: str | None):
    """Sign in as the valid form says: a redirect to ``target``, a refusal, or None to show the form again."""
    store, username = get_store(), form.username.data
    try:
        editor = accounts.sign_in(
            store,
            username,
            form.password.data,
            address=request.remote_addr,
            trusted=_signed_in_before(username),
        )
        token = accounts.start_session(store, editor.username) if editor is not None else None
    except TooManySignIns as refused:
        # Refused before the password was checked: say when to come back, in words and in Retry-After.
        page = render_template("sign_in.html", form=form, refused=say(refused.message))
        return page, 429, {"Retry-After": str(refused.retry_after)}
    except EditorDisabled:
        form.username.errors = [gettext("This editor account is disabled; ask an administrator.")]
        return render_template("sign_in.html", form=form), 403
    if editor is None:
        form.password.errors = [gettext("Wrong username or password.")]
        return None
    accounts.forget_expired_sessions(store, current_app.extensions[RULES_KEY])
    _fresh_session()
    login_user(User(editor, token))
    flash(gettext("Signed in as %(user)s.", user=editor.username), "success")
    response = redirect(_safe_next(target) or url_for("pages.home"))
    _note_signed_in(response, editor.username)
    return response


@bp.post("/sign-out")
def sign_out():
    """Sign out (a POST with a CSRF token, so that a link elsewhere cannot sign anyone out).

    The session ends on the server too: a copy of the cookie taken before signs nobody in.
    """
    if current_user.is_authenticated:
        accounts.end_session(get_store(), current_user.token)
    logout_user()
    _fresh_session()
    flash(gettext("Signed out."), "success")
    return redirect(url_for("pages.home"))


def init_app(app: Flask) -> None:
    """Register sign-in with ``app``."""
    login_manager.init_app(app)
    app.extensions[RULES_KEY] = accounts.SessionRules(
        idle=timedelta(minutes=app.config["SESSION_IDLE_MINUTES"]),
        lifetime=timedelta(hours=app.config["SESSION_MAX_HOURS"]),
    )
    app.register_blueprint(bp)

    @app.context_processor
    def _editor():
        return {"is_editor": is_editor()}
