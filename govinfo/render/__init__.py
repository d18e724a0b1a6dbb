"""Renderers: turn plain data from the library into what a person or a script reads."""
