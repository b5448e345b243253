"""A child's drawings and voice recordings: checking what was sent, and keeping it encrypted."""
