"""Staff accounts and the details letters show (name, phone, photo)."""
