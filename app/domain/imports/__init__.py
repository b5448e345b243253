"""Review-record imports: reading and checking a file, and writing it all or nothing."""
