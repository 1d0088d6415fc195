"""Signing editors in and out; every editing route requires a signed-in editor."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from itinerary import accounts
from web.app import get_store
from web.forms import SignInForm

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in as an editor to change programmes."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


class User(UserMixin):
    """A signed-in editor, as Flask-Login needs it."""

    def __init__(self, editor: accounts.Editor):
        self.editor = editor

    def get_id(self) -> str:
        return self.editor.username

    @property
    def username(self) -> str:
        """The editor's username."""
        return self.editor.username


@login_manager.user_loader
def _load_user(username: str) -> User | None:
    editor = accounts.get_editor(get_store(), username)
    return User(editor) if editor else None


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


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Show the sign-in form; on success go back where the editor was headed."""
    form = SignInForm()
    if form.validate_on_submit():
        editor = accounts.authenticate(get_store(), form.username.data, form.password.data)
        if editor is not None:
            login_user(User(editor))
            flash(f"Signed in as {editor.username}.", "success")
            return redirect(_safe_next(request.args.get("next")) or url_for("pages.home"))
        form.password.errors = ["Wrong username or password."]
    status = 400 if request.method == "POST" else 200
    return render_template("sign_in.html", form=form), status


@bp.post("/sign-out")
def sign_out():
    """Sign out (a POST with a CSRF token, so that a link elsewhere cannot sign anyone out)."""
    logout_user()
    flash("Signed out.", "success")
    return redirect(url_for("pages.home"))


def init_app(app: Flask) -> None:
    """Register sign-in with ``app``."""
    login_manager.init_app(app)
    app.register_blueprint(bp)

    @app.context_processor
    def _editor():
        return {"is_editor": is_editor()}
