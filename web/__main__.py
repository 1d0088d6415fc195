"""``python -m web`` runs the ``itinerary`` console script."""

from web.cli import main

main(prog_name="itinerary")
