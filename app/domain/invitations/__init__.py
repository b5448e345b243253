"""Invitation links and short codes for a review's booklet, and the QR codes that carry them."""
