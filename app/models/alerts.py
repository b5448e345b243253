"""Alerts about urgent answers, and the messages sent about them."""
