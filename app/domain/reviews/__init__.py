"""Reviews and their rules: who may see a child and their review, the caseload and its filters, regulation-33 timescales, participation codes, caseload cover, and the outcome after a review."""
