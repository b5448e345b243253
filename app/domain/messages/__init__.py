"""Messages that leave the app: urgent alerts and their escalation, reminders, delivery (Notify, SMTP, outbox), letters, and the full addresses they link to."""
