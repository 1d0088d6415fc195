"""Deployment pieces kept with the code: the nginx configuration in front of gunicorn."""
