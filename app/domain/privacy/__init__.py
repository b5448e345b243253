"""Privacy: what My Say keeps about children and staff, for how long, and how it is given back.

Owns the outbox's retention, encryption of answers, names and contact details at rest, the
council's retention rule and its purge, the subject-access export, erasure, and backup and
restore. Views and commands call these; nothing here renders a page.
"""
