"""Reviews and their rules: regulation-33 timescales, participation codes, caseload cover and the outcome after a review."""
