"""Themes suggested for, and confirmed on, children's free-text answers."""
