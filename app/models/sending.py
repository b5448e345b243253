"""Where invitations were sent, and reminders about them."""
