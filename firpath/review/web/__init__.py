"""The reviewers' web app: a queue of proposed changes, one page per proposal with its evidence, and
the decision forms (approve, reject, correct) that go through the review board's rules.

`create_app(store_url, secret_key=...)` builds the Flask app; `serve(workdir)` runs it with waitress.
"""

from firpath.review.web.app import create_app
from firpath.review.web.server import SECRET_KEY_FILE, load_or_create_secret_key, serve

__all__ = ["SECRET_KEY_FILE", "create_app", "load_or_create_secret_key", "serve"]
