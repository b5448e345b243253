"""Domain logic shared by views, commands and exports. No Flask views here."""
