"""Itinerary scheduling: the domain, its rules, storage and iCalendar; no web framework."""
