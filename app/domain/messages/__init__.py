"""Messages that leave the app: urgent alerts and their escalation, reminders, delivery (Notify, SMTP, outbox) and letters."""
